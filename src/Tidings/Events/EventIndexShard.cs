namespace Tidings.Events;

/// <summary>
/// One shard's part of an exchange with the event-candidate index: the changes the clusterer made since the last one,
/// in the order it made them, then the keys it will look up next.
/// </summary>
/// <param name="Epoch">The clusterer's opening: every exchange of one clusterer names the same.</param>
/// <param name="Before">Exchanges the shard took since that clusterer's first (which has <paramref name="Reset"/>): the shard must stand there.</param>
/// <param name="Reset">The first exchange of a clusterer: the shard empties, takes the epoch, then the changes (every live event's keys, for a clusterer read from a checkpoint).</param>
/// <param name="ChangedKeys">Keys filed under or left, in order.</param>
/// <param name="ChangedEvents">Per changed key, the event filed under it, or its complement (<c>~event</c>) for an event that left it.</param>
/// <param name="ReadKeys">Keys whose events are read back once the changes are made.</param>
/// <param name="Cap">The most events read back per key: a key with more answers its count alone.</param>
public sealed record EventIndexExchange(Guid Epoch, long Before, bool Reset, int[] ChangedKeys, int[] ChangedEvents, int[] ReadKeys, int Cap);

/// <summary>A shard's answer, per key in the order read: how many live events are filed under it, and those events when no more than the cap.</summary>
/// <param name="Counts">Per key, the events filed under it.</param>
/// <param name="Events">The events read back, key after key: all of a key's when its count is at most the cap, none otherwise.</param>
public sealed record EventKeyAnswers(int[] Counts, int[] Events);

/// <summary>A shard of the event-candidate index does not stand where the clusterer does: it was lost with its machine, or another clusterer wrote it.</summary>
public sealed class EventIndexOutOfStepException(string message) : Exception(message);

/// <summary>
/// One part of the event-candidate index (live events by the terms and names they are indexed under; see
/// <see cref="ShardOf"/>), with one writer. The clusterer's own changes reach it in order, once per exchange, so the
/// shards together always hold what the clusterer's index held at the last exchange.
/// </summary>
/// <remarks>
/// Unlike the copy index, nothing here needs saving with the engine's checkpoint: the clusterer's state holds every live
/// event's keys, and a clusterer that opens sends them all in its first exchange. A shard that comes back empty (its
/// machine lost) or from another clusterer is found out by the next exchange, which names where it must stand.
/// </remarks>
public sealed class EventIndexShard
{
    private LocalEventPostings _postings = new([]);

    /// <summary>The clusterer that last reset this shard.</summary>
    public Guid Epoch { get; private set; }

    /// <summary>Exchanges taken since that reset.</summary>
    public long Exchanges { get; private set; }

    /// <summary>Keys with at least one live event.</summary>
    public int Keys => _postings.Keys;

    /// <summary>The shard of <paramref name="count"/> that holds a key: term numbers are dense, so their remainder spreads them evenly.</summary>
    public static int ShardOf(int key, int count) => (int)((uint)key % (uint)count);

    /// <summary>
    /// Makes the exchange's changes in order, then reads its keys. Throws <see cref="EventIndexOutOfStepException"/>
    /// when the exchange is not the next this shard expects (and is not a reset).
    /// </summary>
    public EventKeyAnswers Exchange(EventIndexExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.ChangedKeys.Length != exchange.ChangedEvents.Length)
            throw new ArgumentException("changed keys and events must be as many", nameof(exchange));
        if (exchange.Reset)
        {
            if (exchange.Before != 0)
                throw new ArgumentException("a reset is a clusterer's first exchange", nameof(exchange));
            _postings = new([]);
            (Epoch, Exchanges) = (exchange.Epoch, 0);
        }
        else
            CheckAt(exchange.Epoch, exchange.Before);
        for (int i = 0; i < exchange.ChangedKeys.Length; i++)
        {
            int key = exchange.ChangedKeys[i], ev = exchange.ChangedEvents[i];
            if (ev >= 0)
                _postings.Add(key, ev);
            else
                _postings.Remove(key, ~ev);
        }
        Exchanges++;
        return Answer(exchange.ReadKeys, exchange.Cap);
    }

    /// <summary>Reads keys without changing anything, standing where <paramref name="exchanges"/> exchanges of <paramref name="epoch"/> left it.</summary>
    public EventKeyAnswers Read(Guid epoch, long exchanges, int[] keys, int cap)
    {
        ArgumentNullException.ThrowIfNull(keys);
        CheckAt(epoch, exchanges);
        return Answer(keys, cap);
    }

    private EventKeyAnswers Answer(int[] keys, int cap)
    {
        var counts = new int[keys.Length];
        var events = new List<int>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (_postings.Filed(keys[i]) is not { } filed)
                continue;
            counts[i] = filed.Count;
            if (filed.Count <= cap)
                events.AddRange(filed);
        }
        return new EventKeyAnswers(counts, [.. events]);
    }

    /// <summary>Throws <see cref="EventIndexOutOfStepException"/> unless the shard stands where the clusterer expects.</summary>
    public void CheckAt(Guid epoch, long exchanges)
    {
        if (ShardStanding.Mismatch("an event index shard", Epoch, Exchanges, epoch, exchanges) is { } why)
            throw new EventIndexOutOfStepException(why);
    }
}

/// <summary>
/// The event-candidate index kept in shards outside the clusterer (see <see cref="EventIndexShard"/>): on a cluster,
/// each shard is a grain, so the index spreads over the machines and each part still has one writer.
/// </summary>
public interface IEventIndexShards
{
    /// <summary>How many shards the keys are cut into.</summary>
    int Count { get; }

    /// <summary>One exchange with every shard (an empty one moves a shard along): answers in shard order.</summary>
    IReadOnlyList<EventKeyAnswers> Exchange(IReadOnlyList<EventIndexExchange> perShard);

    /// <summary>Reads one shard's keys without changing anything, where <paramref name="exchanges"/> exchanges of <paramref name="epoch"/> left it.</summary>
    EventKeyAnswers Read(int shard, Guid epoch, long exchanges, int[] keys, int cap);
}

/// <summary>Shards held in this process: what a cluster's grains hold, for tests and for measuring a shard's cost.</summary>
public sealed class LocalEventIndexShards(int count) : IEventIndexShards
{
    private readonly EventIndexShard[] _shards = Enumerable.Range(0, count).Select(_ => new EventIndexShard()).ToArray();

    public int Count => _shards.Length;

    public IReadOnlyList<EventIndexShard> Shards => _shards;

    public IReadOnlyList<EventKeyAnswers> Exchange(IReadOnlyList<EventIndexExchange> perShard) =>
        [.. _shards.Select((shard, i) => shard.Exchange(perShard[i]))];

    public EventKeyAnswers Read(int shard, Guid epoch, long exchanges, int[] keys, int cap) => _shards[shard].Read(epoch, exchanges, keys, cap);

    /// <summary>Empties a shard, as a lost machine's grain comes back.</summary>
    public void Lose(int shard) => _shards[shard] = new EventIndexShard();
}
