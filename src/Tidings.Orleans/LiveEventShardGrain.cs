using System.Diagnostics;
using Orleans.Concurrency;
using Orleans.Placement;
using Tidings.Events;

namespace Tidings.Orleans;

/// <summary>
/// One part of a feed's live events (see <see cref="LiveEventShard"/>): each event's centroid, members and span, keyed
/// <c>feed/shard</c>. The feed's engine is its one writer, and the events it changed in a window of articles reach the
/// shard in one call, so an event's joins are made one at a time, in the engine's order.
/// </summary>
public interface ILiveEventShardGrain : IGrainWithStringKey
{
    /// <summary>See <see cref="LiveEventShard.Exchange"/>.</summary>
    Task Exchange(Guid epoch, long before, bool reset, int[] written, byte[][] states, int[] dropped);

    /// <summary>See <see cref="LiveEventShard.Read"/>.</summary>
    [ReadOnly]
    Task<byte[][]> Read(Guid epoch, long exchanges, int[] numbers);

    /// <summary>The events held and their bytes: what the shard costs its silo.</summary>
    [ReadOnly]
    Task<(int Events, long Bytes)> Size();
}

/// <remarks>
/// Kept in memory only, and never collected while its silo lives: the engine's checkpoint holds every live event, so a
/// shard lost with its silo (or stopped with it) comes back empty, the engine's next exchange or read finds it out of
/// step, and the engine opens again from its checkpoint, filling every shard. Placed at random, as the index shards are.
/// </remarks>
[RandomPlacement]
[KeepAlive]
internal sealed class LiveEventShardGrain : Grain, ILiveEventShardGrain
{
    private readonly LiveEventShard _shard = new();

    public Task Exchange(Guid epoch, long before, bool reset, int[] written, byte[][] states, int[] dropped)
    {
        _shard.Exchange(new LiveEventExchange(epoch, before, reset, written, states, dropped));
        return Task.CompletedTask;
    }

    public Task<byte[][]> Read(Guid epoch, long exchanges, int[] numbers) => Task.FromResult(_shard.Read(epoch, exchanges, numbers));

    public Task<(int Events, long Bytes)> Size() => Task.FromResult((_shard.Count, _shard.Bytes));
}

/// <summary>
/// A feed's live events in <see cref="Count"/> shard grains, as the engine reads them: each window's changes are sent
/// to every shard at once, and the engine's thread (never a grain's) waits for the answers.
/// </summary>
internal sealed class GrainLiveEventShards(IGrainFactory grains, string feed, int count, int held) : ILiveEventShards
{
    private long _exchanges, _written, _bytes, _reads, _read, _waited;

    public int Count => count;

    public int Held => held;

    /// <summary>What the shards cost so far; read on any thread.</summary>
    public LiveEventCost Cost => new(count, held, Interlocked.Read(ref _exchanges), Interlocked.Read(ref _written), Interlocked.Read(ref _bytes),
        Interlocked.Read(ref _reads), Interlocked.Read(ref _read), TimeSpan.FromTicks(Interlocked.Read(ref _waited)).TotalSeconds);

    private ILiveEventShardGrain Shard(int shard) => grains.GetGrain<ILiveEventShardGrain>($"{feed}/{shard}");

    public void Exchange(IReadOnlyList<LiveEventExchange> perShard)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            ClusterCalls.Wait(() => Task.WhenAll(Enumerable.Range(0, count).Select(s =>
            {
                var x = perShard[s];
                return Shard(s).Exchange(x.Epoch, x.Before, x.Reset, x.Written, x.States, x.Dropped);
            })));
        }
        finally
        {
            Interlocked.Increment(ref _exchanges);
            Interlocked.Add(ref _written, perShard.Sum(x => (long)x.Written.Length));
            Interlocked.Add(ref _bytes, perShard.Sum(x => x.States.Sum(s => (long)s.Length)));
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }

    public IReadOnlyList<byte[][]> Read(Guid epoch, long exchanges, IReadOnlyList<int[]> perShard)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            return ClusterCalls.Wait(() => Task.WhenAll(Enumerable.Range(0, count).Select(s =>
                perShard[s].Length == 0 ? Task.FromResult<byte[][]>([]) : Shard(s).Read(epoch, exchanges, perShard[s]))));
        }
        finally
        {
            Interlocked.Increment(ref _reads);
            Interlocked.Add(ref _read, perShard.Sum(x => (long)x.Length));
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}
