using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Orleans;

/// <summary>
/// The engines of the feeds active on this silo, each with the store it writes. They belong to the silo rather than to
/// a grain activation so that the silo stopping closes them: gracefully, each stores what was submitted and ends its
/// run; killed, each store's connection is dropped at once, as a dead process's are, which frees the store's writer
/// lock for the silo the feed moves to (inside one test process, a killed silo's objects live on).
/// </summary>
/// <remarks>
/// With <c>copyIndexShards</c> (<c>eventIndexShards</c>, <c>liveEvents.Shards</c>) above 0, each engine keeps its copy
/// index (its event-candidate index, its live events) in that many shard grains; with <c>storyGrains</c>, it has its
/// stories synthesised by story grains; with <c>keptWords</c>, it keeps that many latest articles' words and has copies
/// of older articles verified by their article grains.
/// </remarks>
internal sealed class FeedEngines(IStoreProvider provider, LiveEngineOptions options, int copyIndexShards, int eventIndexShards, bool storyGrains,
    (int Shards, int Held) liveEvents, int? keptWords) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, (LiveEngine Engine, IStoryStore Store, GrainCopyIndexShards? Shards, GrainEventIndexShards? Events,
        GrainStoryWorkers? Stories, GrainLiveEventShards? LiveEvents, GrainCopyVerifiers? Verifiers)> _open = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the feed's engine on the store: its checkpoint loaded and what it does not cover replayed, after waiting for
    /// the store's writer lock while an engine elsewhere still holds it; <paramref name="published"/> hears each
    /// committed change; <paramref name="grains"/> reaches the feed's index shards and story grains. Throws <see cref="StoreException"/>.
    /// </summary>
    public LiveEngine Open(string feed, Action<IReadOnlyList<StoryUpdate>> published, IGrainFactory grains)
    {
        // One activation per silo at a time: an engine still registered belongs to an activation Orleans gave up on
        // (one whose opening outlasted its activation timeout), and would hold the writer lock this one waits for.
        Close(feed);
        var store = provider.OpenWriter();
        var shards = copyIndexShards > 0 ? new GrainCopyIndexShards(grains, feed, copyIndexShards) : null;
        var events = eventIndexShards > 0 ? new GrainEventIndexShards(grains, feed, eventIndexShards) : null;
        var stories = storyGrains ? new GrainStoryWorkers(grains, feed) : null;
        var live = liveEvents.Shards > 0 ? new GrainLiveEventShards(grains, feed, liveEvents.Shards, liveEvents.Held) : null;
        var verifiers = keptWords is { } kept ? new GrainCopyVerifiers(grains, feed, kept) : null;
        LiveEngine engine;
        try
        {
            engine = new LiveEngine(store, options, published, new EngineSpread(shards, events, stories, live, verifiers));
        }
        catch
        {
            store.Dispose();
            throw;
        }
        if (!_open.TryAdd(feed, (engine, store, shards, events, stories, live, verifiers)))
        {
            engine.Dispose();
            store.Dispose();
            throw new InvalidOperationException($"feed {feed} is already open on this silo");
        }
        return engine;
    }

    /// <summary>What the feed's copy index shards cost its engine since it opened; null when it holds its index itself.</summary>
    public CopyIndexCost? CopyIndexCost(string feed) => _open.TryGetValue(feed, out var open) ? open.Shards?.Cost : null;

    /// <summary>What the feed's event index shards cost its engine since it opened; null when it holds its index itself.</summary>
    public EventIndexCost? EventIndexCost(string feed) => _open.TryGetValue(feed, out var open) ? open.Events?.Cost : null;

    /// <summary>What the feed's live-event shards cost its engine since it opened; null when it holds its live events itself.</summary>
    public LiveEventCost? LiveEventCost(string feed) => _open.TryGetValue(feed, out var open) ? open.LiveEvents?.Cost : null;

    /// <summary>What the feed's article grains cost its engine since it opened; null when it verifies every copy itself.</summary>
    public VerificationCost? VerificationCost(string feed) => _open.TryGetValue(feed, out var open) ? open.Verifiers?.Cost : null;

    /// <summary>What the feed's story grains cost its engine since it opened; null when it synthesises stories itself.</summary>
    public StoryWorkCost? StoryWorkCost(string feed) => _open.TryGetValue(feed, out var open) ? open.Stories?.Cost : null;

    /// <summary>Stores what was submitted, ends the run and closes the store; with <paramref name="only"/>, only if that engine is still the feed's.</summary>
    public void Close(string feed, LiveEngine? only = null)
    {
        if (!_open.TryGetValue(feed, out var open) || only is not null && !ReferenceEquals(open.Engine, only) || !_open.TryRemove(KeyValuePair.Create(feed, open)))
            return;
        try
        {
            open.Engine.Dispose();
        }
        finally
        {
            open.Store.Dispose();
        }
    }

    /// <summary>Drops every store's connection without a word to the engines: what they had not committed is lost, as in a crash, and was not acknowledged.</summary>
    private void Abandon()
    {
        foreach (string feed in _open.Keys)
        {
            if (_open.TryRemove(feed, out var open))
            {
                try
                {
                    open.Store.Dispose();
                }
                catch (Exception)
                {
                    // the connection was already gone, or the engine's thread was using it: a crash, as meant
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The silo stops. Killed (the token already cancelled), the stores are dropped at once. Gracefully, nothing is
    /// done here: this service stops before Orleans' own (it is registered after it), and the feed's grain, still
    /// active then, closes its engine as Orleans deactivates it; what is left is closed when the silo's services are
    /// disposed.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            Abandon();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (string feed in _open.Keys)
            Close(feed);
    }
}
