namespace Tidings.Synthesis;

/// <summary>
/// What sentences mean, as vectors. Two sentences that share three or more words can state different things ("the
/// boy fell into the exhibit's moat" and "they were evacuated from the exhibit after the boy fell"), which shared
/// words cannot tell apart and a sentence encoder can. Optional: an encoder's model is a heavy dependency, so
/// implementations live in plugins (<c>Tidings.Meaning</c>), and without one facts are grouped by words alone.
/// </summary>
public interface ISentenceMeaning
{
    /// <summary>One vector per sentence, in order. Called once per story, with every sentence that words alone would
    /// join to another; called from several threads at once when stories are built side by side.</summary>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> sentences);

    /// <summary>The cosine from which two sentences state one thing for this encoder: below it, two newsrooms'
    /// sentences are about one thing but say different things of it, and neither corroborates the other.</summary>
    double SameStatement { get; }
}
