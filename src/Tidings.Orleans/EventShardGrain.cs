using System.Diagnostics;
using Orleans.Concurrency;
using Orleans.Placement;
using Tidings.Events;

namespace Tidings.Orleans;

/// <summary>
/// One part of a feed's event-candidate index (see <see cref="EventIndexShard"/>), keyed <c>feed/shard</c>. The feed's
/// engine is its one writer; a window of articles is one call per shard, carrying the changes since the last.
/// </summary>
public interface IEventShardGrain : IGrainWithStringKey
{
    /// <summary>See <see cref="EventIndexShard.Exchange"/>: per key read its count, and the events read back, key after key.</summary>
    Task<(int[] Counts, int[] Events)> Exchange(Guid epoch, long before, bool reset, int[] changedKeys, int[] changedEvents, int[] readKeys, int cap);

    /// <summary>See <see cref="EventIndexShard.Read"/>.</summary>
    [ReadOnly]
    Task<(int[] Counts, int[] Events)> Read(Guid epoch, long exchanges, int[] keys, int cap);
}

/// <remarks>
/// Kept in memory only, and never collected while its silo lives: the engine's state holds every live event's keys, so
/// a shard lost with its silo (or stopped with it) comes back empty, the engine's next exchange finds it out of step,
/// and the engine opens again from its checkpoint, filling every shard. Placed at random, as the copy shards are.
/// </remarks>
[RandomPlacement]
[KeepAlive]
internal sealed class EventShardGrain : Grain, IEventShardGrain
{
    private readonly EventIndexShard _shard = new();

    public Task<(int[] Counts, int[] Events)> Exchange(Guid epoch, long before, bool reset, int[] changedKeys, int[] changedEvents, int[] readKeys, int cap)
    {
        var answer = _shard.Exchange(new EventIndexExchange(epoch, before, reset, changedKeys, changedEvents, readKeys, cap));
        return Task.FromResult((answer.Counts, answer.Events));
    }

    public Task<(int[] Counts, int[] Events)> Read(Guid epoch, long exchanges, int[] keys, int cap)
    {
        var answer = _shard.Read(epoch, exchanges, keys, cap);
        return Task.FromResult((answer.Counts, answer.Events));
    }
}

/// <summary>
/// A feed's event-candidate index in <see cref="Count"/> shard grains, as the engine reads it: each window is sent to
/// every shard at once, and the engine's thread (never a grain's) waits for the answers.
/// </summary>
internal sealed class GrainEventIndexShards(IGrainFactory grains, string feed, int count) : IEventIndexShards
{
    private long _exchanges, _changes, _keys, _reads, _waited;

    public int Count => count;

    /// <summary>What the shards cost so far; read on any thread.</summary>
    public EventIndexCost Cost => new(count, Interlocked.Read(ref _exchanges), Interlocked.Read(ref _changes), Interlocked.Read(ref _keys),
        Interlocked.Read(ref _reads), TimeSpan.FromTicks(Interlocked.Read(ref _waited)).TotalSeconds);

    private IEventShardGrain Shard(int shard) => grains.GetGrain<IEventShardGrain>($"{feed}/{shard}");

    public IReadOnlyList<EventKeyAnswers> Exchange(IReadOnlyList<EventIndexExchange> perShard)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            var answers = ClusterCalls.Wait(() => Task.WhenAll(Enumerable.Range(0, count).Select(s =>
            {
                var x = perShard[s];
                return Shard(s).Exchange(x.Epoch, x.Before, x.Reset, x.ChangedKeys, x.ChangedEvents, x.ReadKeys, x.Cap);
            })));
            return [.. answers.Select(a => new EventKeyAnswers(a.Counts, a.Events))];
        }
        finally
        {
            Interlocked.Increment(ref _exchanges);
            Interlocked.Add(ref _changes, perShard.Sum(x => (long)x.ChangedKeys.Length));
            Interlocked.Add(ref _keys, perShard.Sum(x => (long)x.ReadKeys.Length));
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }

    public EventKeyAnswers Read(int shard, Guid epoch, long exchanges, int[] keys, int cap)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            var (counts, events) = ClusterCalls.Wait(() => Shard(shard).Read(epoch, exchanges, keys, cap));
            return new EventKeyAnswers(counts, events);
        }
        finally
        {
            Interlocked.Increment(ref _reads);
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}
