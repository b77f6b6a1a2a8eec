using System.Diagnostics;
using Orleans.Placement;
using Tidings.Copies;

namespace Tidings.Orleans;

/// <summary>
/// One stored article of a feed, keyed <c>feed/article id</c>: where later articles are verified against it once the
/// feed's engine no longer keeps its words (see <see cref="ICopyVerifiers"/>). It reads its text from the store the
/// first time it is asked and keeps its words while copies keep naming it: a wire story syndicated again days later,
/// or a replayed feed, asks the same few grains again and again.
/// </summary>
public interface IArticleGrain : IGrainWithStringKey
{
    /// <summary>
    /// The verdicts on <paramref name="laterTexts"/> against this article, in their order: each as
    /// <see cref="CopyVerdictBytes"/>, or empty where the two are no copies. <paramref name="text"/> is the article's
    /// text when the store does not hold it as the engine placed it (not yet committed, or restated and not yet
    /// committed): used for this call, not kept, since the engine may fail before the store holds it.
    /// </summary>
    Task<byte[][]> Verify(string? text, string[] laterTexts);

    /// <summary>The article was stored again with a new text: its kept words are dropped, and read again when next asked.</summary>
    Task Forget();
}

/// <remarks>
/// Placed at random, so that a feed's verification spreads over the silos, and collected after two idle minutes (the
/// least Orleans allows): what it keeps, the store holds.
/// </remarks>
[RandomPlacement]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class ArticleGrain(SiloStories silo) : Grain, IArticleGrain
{
    private EarlierArticle? _kept;

    public async Task<byte[][]> Verify(string? text, string[] laterTexts)
    {
        var earlier = text is not null ? new EarlierArticle(text) : _kept ??= await Read();
        return [.. earlier.Verify(laterTexts).Select(verdict => verdict is { } v ? CopyVerdictBytes.Write(v) : [])];
    }

    public Task Forget()
    {
        _kept = null;
        return Task.CompletedTask;
    }

    private async Task<EarlierArticle> Read()
    {
        string key = this.GetPrimaryKeyString();
        string id = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var found = await silo.Articles.Read([id]);
        return found.TryGetValue(id, out var article)
            ? new EarlierArticle(article.Text)
            : throw new InvalidOperationException($"the store does not hold article '{id}' to verify a copy against");
    }
}

/// <summary>
/// The engine's side of the article grains: the pairs of one call are one call to each earlier article's grain, all at
/// once, and the engine's pool thread waits for the answers. A call the cluster failed to answer (the grain's silo
/// lost) is made again, as the story grains' are: the grain comes back on another silo and reads the store.
/// </summary>
internal sealed class GrainCopyVerifiers(IGrainFactory grains, string feed, int keptRecent) : ICopyVerifiers
{
    private long _calls, _grains, _pairs, _forgotten, _waited, _retried;

    public int KeptRecent => keptRecent;

    /// <summary>What the article grains cost so far; read on any thread.</summary>
    public VerificationCost Cost => new(keptRecent, Interlocked.Read(ref _calls), Interlocked.Read(ref _grains), Interlocked.Read(ref _pairs),
        Interlocked.Read(ref _forgotten), TimeSpan.FromTicks(Interlocked.Read(ref _waited)).TotalSeconds, Interlocked.Read(ref _retried));

    public IReadOnlyList<CopyVerdict?> Verify(IReadOnlyList<VerificationPair> pairs)
    {
        long started = Stopwatch.GetTimestamp();
        var byEarlier = pairs.Select((pair, index) => (pair, index)).GroupBy(p => p.pair.Earlier, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        try
        {
            var answers = ClusterCalls.Wait(() => Task.WhenAll(byEarlier.Select(group => ClusterCalls.Retrying(
                () => grains.GetGrain<IArticleGrain>($"{feed}/{group[0].pair.Earlier}").Verify(group[0].pair.EarlierText, [.. group.Select(p => p.pair.LaterText)]),
                () => Interlocked.Increment(ref _retried)))));
            var verdicts = new CopyVerdict?[pairs.Count];
            for (int g = 0; g < byEarlier.Count; g++)
            {
                for (int k = 0; k < byEarlier[g].Count; k++)
                    verdicts[byEarlier[g][k].index] = answers[g][k] is { Length: > 0 } bytes ? CopyVerdictBytes.Read(bytes) : null;
            }
            return verdicts;
        }
        finally
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _grains, byEarlier.Count);
            Interlocked.Add(ref _pairs, pairs.Count);
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }

    public void Forget(string id)
    {
        Interlocked.Increment(ref _forgotten);
        ClusterCalls.Wait(() => ClusterCalls.Retrying(async () =>
        {
            await grains.GetGrain<IArticleGrain>($"{feed}/{id}").Forget();
            return true;
        }, () => Interlocked.Increment(ref _retried)));
    }
}
