namespace Tidings.Events;

/// <summary>
/// Where retired events go: out of memory, into a store, from which a pass can read them (to compare them with a
/// live event) or take them back (to revive them when a live event merges with one).
/// </summary>
public interface IEventArchive
{
    /// <summary>Stores a retired event, replacing any earlier copy under its number.</summary>
    void Put(EventCluster retired);

    /// <summary>The retired event with this number, or null.</summary>
    EventCluster? Get(int number);

    /// <summary>What a pass compares of the retired event with this number, or null; an archive of bytes reads it without building the event.</summary>
    ArchivedTerms? GetTerms(int number) => Get(number) is { } retired ? ArchivedTerms.Of(retired) : null;

    /// <summary>
    /// What a story is built from of the retired event with this number (members, span, absorbed events), or null; an
    /// archive of bytes reads it without building the centroids. The event it returns is for reading only: its
    /// centroids are empty, so it must never be archived or revived.
    /// </summary>
    EventCluster? GetListing(int number) => Get(number);

    /// <summary>Removes the event from the archive, as when it is revived or merged away.</summary>
    void Remove(int number);

    /// <summary>
    /// Says which retired events are about to be read, among <paramref name="numbers"/> (enumerated only by an archive
    /// that uses the hint), or put: an archive in a store reads them in one round trip rather than one each (and learns
    /// which it holds, which putting one asks to keep its count). A storyline that recurs k times makes each new
    /// event's story and pass read its k retired predecessors, so one at a time, the round trips grew with the stream.
    /// </summary>
    void Preload(IEnumerable<int> numbers)
    {
    }

    /// <summary>Every retired event, in order of number.</summary>
    IEnumerable<EventCluster> All();

    int Count { get; }
}

/// <summary>
/// The default archive, for one batch in one process: it keeps retired events in memory, trimmed to their sketch and
/// member ids. A long-running stream uses a store-backed archive instead (see <c>SqliteEventArchive</c>).
/// </summary>
public sealed class InMemoryEventArchive : IEventArchive
{
    private readonly SortedDictionary<int, EventCluster> _events = [];

    public void Put(EventCluster retired) => _events[retired.Number] = retired;

    public EventCluster? Get(int number) => _events.GetValueOrDefault(number);

    public void Remove(int number) => _events.Remove(number);

    public IEnumerable<EventCluster> All() => _events.Values;

    public int Count => _events.Count;
}
