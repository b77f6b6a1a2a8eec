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
    /// <summary>Changes since the last checkpoint: an event retired (its latest form) or revived (null).</summary>
    private readonly Dictionary<int, EventCluster?> _pending = [];
    private int _count = store.RetiredEventCount;

    public int Count => _count;

    public void Put(EventCluster retired)
    {
        if (!Holds(retired.Number))
            _count++;
        _pending[retired.Number] = retired;
    }

    public EventCluster? Get(int number) => _pending.TryGetValue(number, out var pending) ? pending : store.RetiredEvent(number);

    public void Remove(int number)
    {
        if (Holds(number))
            _count--;
        _pending[number] = null;
    }

    public IEnumerable<EventCluster> All() =>
        throw new NotSupportedException("an engine's archive is read event by event");

    private bool Holds(int number) => _pending.TryGetValue(number, out var pending) ? pending is not null : store.RetiredEvent(number) is not null;

    /// <summary>The changes to write with a checkpoint, which then become the store's.</summary>
    public (List<(int Number, byte[] Event)> Put, List<int> Removed) TakePending()
    {
        var put = _pending.Where(p => p.Value is not null).Select(p => (p.Key, p.Value!.ToRetiredBytes())).ToList();
        var removed = _pending.Where(p => p.Value is null).Select(p => p.Key).ToList();
        _pending.Clear();
        return (put, removed);
    }
}
