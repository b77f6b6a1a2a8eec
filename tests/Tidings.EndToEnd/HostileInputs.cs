namespace Tidings.EndToEnd;

/// <summary>
/// The hostile-input tests assert issue 14's time limit on the whole process, so they run alone, after the other end-to-end
/// tests, rather than beside them on CI's two cores, where a neighbour's start-up would be counted against them.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class HostileInputs
{
    public const string Collection = "hostile inputs";
}
