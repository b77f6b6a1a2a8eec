using Tidings.Events;
using Tidings.Storage;

namespace Tidings.Pipeline;

/// <summary>
/// Retired events for an engine with a store: what retires or revives between checkpoints is held here and written
/// with the next checkpoint, so the store's retired events always match the state its checkpoint describes, however
/// the run ends. Between checkpoints, reads see the pending changes first, then the store.
/// </summary>
internal sealed class PendingEventArchive(IStoryStore store) : IEventArchive
{
    /// <summary>
    /// Changes since the last checkpoint: an event retired (its latest form, as the store will hold it) or revived
    /// (null). Bytes, not events: a checkpoint interval retires thousands, and an event object holds several times more.
    /// </summary>
    private readonly Dictionary<int, byte[]?> _pending = [];
    private int _count = store.RetiredEventCount;

    /// <summary>
    /// Retired events read ahead from the store (see <see cref="Preload"/>), null where it holds none, until the next
    /// read ahead. An event put or removed leaves it: the store's copy changes only through those, so what is left is
    /// what the store holds.
    /// </summary>
    private readonly Dictionary<int, byte[]?> _loaded = [];

    public int Count => _count;

    public void Put(EventCluster retired)
    {
        if (!Holds(retired.Number))
            _count++;
        _loaded.Remove(retired.Number);
        _pending[retired.Number] = retired.ToRetiredBytes();
    }

    public EventCluster? Get(int number) => Bytes(number) is { } bytes ? EventCluster.FromRetiredBytes(bytes) : null;

    public ArchivedTerms? GetTerms(int number) => Bytes(number) is { } bytes ? EventCluster.TermsFromRetiredBytes(bytes) : null;

    public EventCluster? GetListing(int number) => Bytes(number) is { } bytes ? EventCluster.ListingFromRetiredBytes(bytes) : null;

    private byte[]? Bytes(int number) =>
        _pending.TryGetValue(number, out var pending) ? pending : _loaded.TryGetValue(number, out var loaded) ? loaded : store.RetiredEvent(number);

    public void Preload(IEnumerable<int> numbers)
    {
        _loaded.Clear();
        var wanted = numbers.Where(n => !_pending.ContainsKey(n)).ToHashSet();
        if (wanted.Count == 0)
            return;
        foreach (int number in wanted)
            _loaded[number] = null;
        foreach (var (number, bytes) in store.RetiredEvents(wanted))
            _loaded[number] = bytes;
    }

    public void Remove(int number)
    {
        if (Holds(number))
            _count--;
        _loaded.Remove(number);
        _pending[number] = null;
    }

    public IEnumerable<EventCluster> All() =>
        throw new NotSupportedException("an engine's archive is read event by event");

    private bool Holds(int number) => Bytes(number) is not null;

    /// <summary>
    /// The changes to write with a checkpoint. They stay pending (and readable) until <see cref="Written"/> says the
    /// store has them: the end-of-run pass reads retired events between the checkpoint and its commit.
    /// </summary>
    public PendingRetirements Snapshot() => new(new Dictionary<int, byte[]?>(_pending));

    /// <summary>Forgets the changes the store now has; any made since the snapshot stay pending.</summary>
    public void Written(PendingRetirements written)
    {
        foreach (var (number, ev) in written.Changes)
        {
            if (_pending.TryGetValue(number, out var now) && ReferenceEquals(now, ev))
                _pending.Remove(number);
        }
    }
}

/// <summary>Retirements (an event's latest form) and revivals (null) as of a checkpoint.</summary>
internal sealed record PendingRetirements(IReadOnlyDictionary<int, byte[]?> Changes)
{
    public static PendingRetirements None { get; } = new(new Dictionary<int, byte[]?>());

    public List<(int Number, byte[] Event)> Put => [.. Changes.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!))];

    public List<int> Removed => [.. Changes.Where(p => p.Value is null).Select(p => p.Key)];
}
