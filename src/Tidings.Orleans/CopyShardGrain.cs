using System.Diagnostics;
using Orleans.Concurrency;
using Orleans.Placement;
using Tidings.Copies;

namespace Tidings.Orleans;

/// <summary>
/// One range of a feed's copy index (see <see cref="CopyIndexShard"/>), keyed <c>feed/shard</c>. The feed's engine is
/// its one writer; a chunk of articles is one call per shard, so the index's lookups cost a round trip per chunk, not
/// per article.
/// </summary>
/// <remarks>
/// Arrays of numbers rather than the core's records, so that a chunk's keys travel in Orleans' own binary form.
/// </remarks>
public interface ICopyShardGrain : IGrainWithStringKey
{
    /// <summary>See <see cref="CopyIndexShard.LookUpAndFile"/>: per key its count, and the postings read back, key after key.</summary>
    Task<(int[] Counts, int[] Postings)> LookUpAndFile(Guid epoch, int filedBefore, int filedAfter, ulong[] keys, int[] articles, byte[] caps);

    /// <summary>See <see cref="CopyIndexShard.Collect"/>.</summary>
    [ReadOnly]
    Task<(int[] Counts, int[] Postings)> Collect(Guid epoch, int filed, ulong[] keys, int cap);

    /// <summary>See <see cref="CopyIndexShard.Rewind"/>.</summary>
    Task<bool> Rewind(int articles, Guid epoch);

    /// <summary>
    /// Writes the shard to the cluster's grain storage (the store's PostgreSQL database) if it stands where the engine
    /// expects (see <see cref="ICopyIndexShards.Save"/>).
    /// </summary>
    Task Save(Guid epoch, int filed);
}

/// <summary>What a copy shard grain keeps in grain storage: its table as <see cref="CopyIndexShard.Save"/> wrote it.</summary>
[GenerateSerializer]
public sealed class CopyShardState
{
    [Id(0)]
    public byte[]? Saved { get; set; }
}

/// <remarks>
/// Placed at random: Orleans' default prefers the calling silo, which for every shard is the feed's, and placing by
/// activation count sent all eight to one silo (the counts it compares are published every few seconds, and the
/// shards start together), so the index sat on one machine either way.
/// </remarks>
[RandomPlacement]
internal sealed class CopyShardGrain(
    [PersistentState("copy-index", TidingsClusterExtensions.GrainStorage)] IPersistentState<CopyShardState> state) : Grain, ICopyShardGrain
{
    private CopyIndexShard _shard = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Where the shard was last saved: at or after the engine's checkpoint, which the engine rewinds it to.
        _shard = CopyIndexShard.Load(state.State.Saved);
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Leaving gracefully, the shard saves where it stands, so that it comes back in step with the engine.
        if (reason.ReasonCode != DeactivationReasonCode.ApplicationError)
            await Save(_shard.Epoch, _shard.Filed);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<(int[] Counts, int[] Postings)> LookUpAndFile(Guid epoch, int filedBefore, int filedAfter, ulong[] keys, int[] articles, byte[] caps)
    {
        var answer = _shard.LookUpAndFile(new CopyKeyFilings(epoch, filedBefore, filedAfter, keys, articles, caps));
        return Task.FromResult((answer.Counts, answer.Postings));
    }

    public Task<(int[] Counts, int[] Postings)> Collect(Guid epoch, int filed, ulong[] keys, int cap)
    {
        var answer = _shard.Collect(keys, cap, new CopyIndexPosition(epoch, filed));
        return Task.FromResult((answer.Counts, answer.Postings));
    }

    public Task<bool> Rewind(int articles, Guid epoch) => Task.FromResult(_shard.Rewind(articles, epoch));

    public Task Save(Guid epoch, int filed)
    {
        _shard.CheckAt(new CopyIndexPosition(epoch, filed));
        state.State.Saved = _shard.Save();
        return state.WriteStateAsync();
    }
}

/// <summary>
/// A feed's copy index in <see cref="Count"/> shard grains, as the engine reads it: each chunk is sent to every shard
/// at once, and the engine's thread (never a grain's) waits for the answers.
/// </summary>
internal sealed class GrainCopyIndexShards(IGrainFactory grains, string feed, int count) : ICopyIndexShards
{
    private readonly CopyIndexCursor _cursor = new();
    private long _exchanges, _keys, _waited;

    public int Count => count;

    /// <summary>What the shards cost so far; read on any thread.</summary>
    public CopyIndexCost Cost => new(count, Interlocked.Read(ref _exchanges), Interlocked.Read(ref _keys), TimeSpan.FromTicks(Interlocked.Read(ref _waited)).TotalSeconds);

    private ICopyShardGrain Shard(int shard) => grains.GetGrain<ICopyShardGrain>($"{feed}/{shard}");

    public IReadOnlyList<CopyKeyAnswers> LookUpAndFile(IReadOnlyList<CopyKeyFilings> perShard)
    {
        var stamped = perShard.Select(_cursor.Stamped).ToArray();
        var answers = All(stamped.Sum(f => (long)f.Keys.Length), s => Shard(s).LookUpAndFile(stamped[s].Epoch, stamped[s].FiledBefore, stamped[s].FiledAfter, stamped[s].Keys, stamped[s].Articles, stamped[s].Caps));
        _cursor.Filed(stamped[0].FiledAfter);
        return [.. answers.Select(a => new CopyKeyAnswers(a.Counts, a.Postings))];
    }

    public IReadOnlyList<CopyKeyAnswers> Collect(IReadOnlyList<ulong[]> perShard, int cap)
    {
        var at = _cursor.At;
        return [.. All(perShard.Sum(k => (long)k.Length), s => Shard(s).Collect(at.Epoch, at.Filed, perShard[s], cap)).Select(a => new CopyKeyAnswers(a.Counts, a.Postings))];
    }

    public bool Rewind(int articles)
    {
        var at = _cursor.Rewound(articles);
        return All(0, s => Shard(s).Rewind(at.Filed, at.Epoch)).All(rewound => rewound);
    }

    public void Save()
    {
        var at = _cursor.At;
        All(0, async s =>
        {
            await Shard(s).Save(at.Epoch, at.Filed);
            return true;
        });
    }

    /// <summary>Calls every shard and waits for all of them (see <see cref="ClusterCalls.Wait"/>).</summary>
    private T[] All<T>(long keys, Func<int, Task<T>> call)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            return ClusterCalls.Wait(() => Task.WhenAll(Enumerable.Range(0, count).Select(call)));
        }
        finally
        {
            Interlocked.Increment(ref _exchanges);
            Interlocked.Add(ref _keys, keys);
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}
