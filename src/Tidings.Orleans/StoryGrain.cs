using System.Diagnostics;
using System.Text.Json;
using Orleans.Placement;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Orleans;

/// <summary>
/// One story of a feed, keyed <c>feed/story id</c>: where what it says is synthesised, on whichever silo it was placed,
/// and kept until its event is touched again (see <see cref="StoryWorkbench"/>). The feed's engine asks it when the
/// story's members change; the story it answers is written to the store by the engine, with its place among the others.
/// </summary>
/// <remarks>
/// Articles and the story travel as the store's JSON (<see cref="TidingsJson"/>), which is how the store keeps them:
/// the story the engine writes is byte for byte the one it would have built itself.
/// </remarks>
public interface IStoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// See <see cref="IStoryWorkers.Build"/> and <see cref="StoryRequest"/>: <paramref name="unstored"/> holds each
    /// article as JSON; the answer is the story as JSON.
    /// </summary>
    Task<byte[]> Build(long content, string[] members, string[] origins, byte[][] unstored, bool restated);
}

/// <remarks>
/// Placed at random, so that a feed's stories spread over the silos (Orleans' default prefers the caller's silo, which
/// is always the feed's). Collected after two idle minutes, the least Orleans allows beside its one-minute collection
/// round: it keeps its members' articles and its story, which a story no longer growing does not need at hand, and a
/// feed taking hundreds of articles a second touches tens of thousands of stories in five minutes (with five, one silo
/// held 2.4 GB at 100,000 articles).
/// </remarks>
[RandomPlacement]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class StoryGrain(SiloStories silo) : Grain, IStoryGrain
{
    private StoryWorkbench? _workbench;

    public async Task<byte[]> Build(long content, string[] members, string[] origins, byte[][] unstored, bool restated)
    {
        string key = this.GetPrimaryKeyString();
        var request = new StoryRequest(key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..], content, members, origins,
            [.. unstored.Select(json => JsonSerializer.Deserialize(json, TidingsJson.Options.Describe<Article>())!)], restated);
        _workbench ??= new StoryWorkbench(silo.Meaning);
        var story = await _workbench.BuildAsync(request, silo.Articles.Read);
        return JsonSerializer.SerializeToUtf8Bytes(story, TidingsJson.Options.Describe<Story>());
    }
}

/// <summary>
/// What a silo's story, storyline and article grains read with: the store's articles, in reads shared by the grains asking at
/// once, and the engine's sentence meaning, if any.
/// </summary>
internal sealed class SiloStories : IDisposable
{
    public SiloStories(IStoreProvider provider, ISentenceMeaning? meaning)
    {
        Readers = new StoreReaderPool(provider);
        Articles = new CoalescedArticleReads(ids => Readers.Read(reader => reader.FindArticles(ids)));
        Meaning = meaning;
    }

    /// <summary>The store's readers, for what is read on its own (a storyline's stories).</summary>
    public StoreReaderPool Readers { get; }

    public CoalescedArticleReads Articles { get; }

    public ISentenceMeaning? Meaning { get; }

    public void Dispose() => Readers.Dispose();
}

/// <summary>
/// The engine's side of the story grains: a batch of stories is one call to each story's grain, all at once, and the
/// engine's pool thread (never a grain's) waits for the answers. A call the cluster failed to answer (the grain's silo
/// lost) is made again: the grain comes back on another silo and reads the store, and the engine's commit goes on
/// rather than failing, which would reopen the engine and replay what its checkpoint does not cover.
/// </summary>
internal sealed class GrainStoryWorkers(IGrainFactory grains, string feed) : IStoryWorkers
{
    private long _batches, _stories, _sent, _waited, _retried;

    /// <summary>What the story grains cost so far; read on any thread.</summary>
    public StoryWorkCost Cost => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _stories), Interlocked.Read(ref _sent),
        TimeSpan.FromTicks(Interlocked.Read(ref _waited)).TotalSeconds, Interlocked.Read(ref _retried));

    public IReadOnlyList<Story> Build(IReadOnlyList<StoryRequest> requests)
    {
        long started = Stopwatch.GetTimestamp();
        var calls = requests.Select(r => (r.Id, r.Content, Members: r.Members.ToArray(), Origins: r.Origins.ToArray(),
            Unstored: r.Unstored.Select(a => JsonSerializer.SerializeToUtf8Bytes(a, TidingsJson.Options.Describe<Article>())).ToArray(), r.Restated)).ToList();
        try
        {
            var answers = ClusterCalls.Wait(() => Task.WhenAll(calls.Select(c => ClusterCalls.Retrying(
                () => grains.GetGrain<IStoryGrain>($"{feed}/{c.Id}").Build(c.Content, c.Members, c.Origins, c.Unstored, c.Restated),
                () => Interlocked.Increment(ref _retried)))));
            return [.. answers.Select(json => JsonSerializer.Deserialize(json, TidingsJson.Options.Describe<Story>())!)];
        }
        finally
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _stories, requests.Count);
            Interlocked.Add(ref _sent, calls.Sum(c => (long)c.Unstored.Length));
            Interlocked.Add(ref _waited, Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}

/// <summary>Calls from the engine's side to grains.</summary>
internal static class ClusterCalls
{
    /// <summary>
    /// Starts <paramref name="calls"/> on the thread pool, outside the caller's context, and waits for them. The engine
    /// runs on a scheduler limited to its cores (whose thread waits here), and it may be opening inside the feed grain's
    /// activation: neither is where the calls' own work may queue.
    /// </summary>
    public static T Wait<T>(Func<Task<T>> calls)
    {
        Task<T> all;
        using (ExecutionContext.SuppressFlow())
            all = Task.Run(calls);
        return all.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Wait{T}"/>
    public static void Wait(Func<Task> calls) => Wait(async () =>
    {
        await calls();
        return true;
    });

    /// <summary>How long a call to a grain that keeps nothing the store does not is tried: long enough to outlast a lost silo's declaration as dead, after which its grains move.</summary>
    private static readonly TimeSpan TryFor = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Makes <paramref name="call"/> again, after a growing pause, while the cluster fails to answer it (the grain's silo
    /// lost) and <see cref="TryFor"/> has not passed; <paramref name="retried"/> hears of each new try.
    /// </summary>
    public static async Task<T> Retrying<T>(Func<Task<T>> call, Action retried)
    {
        long started = Stopwatch.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && Stopwatch.GetElapsedTime(started) < TryFor)
            {
                retried();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(8000, 250 << Math.Min(attempt, 6))));
            }
        }
    }
}
