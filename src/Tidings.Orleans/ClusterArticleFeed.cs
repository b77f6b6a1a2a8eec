using System.Text.Json;
using Tidings.Pipeline;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Orleans;

/// <summary>
/// A cluster's feed as the HTTP server's <see cref="IArticleFeed"/> (<c>tidings serve --cluster</c>): writes go to the
/// feed grain, reads stay with the server, which reads the store the feed writes. The server's answers age with the
/// versions this hears of: in each receipt, in the commits the feed tells its observers of, and by asking every
/// quarter of a second.
/// </summary>
/// <remarks>
/// The feed's engine counts its versions from when it opened, and opens again on another silo when its silo dies, so
/// the versions given to the server are this client's own: one more for every new state of the feed it hears of.
/// </remarks>
public sealed class ClusterArticleFeed : IArticleFeed, IFeedObserver, IStorylineViews
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SubscribeEvery = TimeSpan.FromSeconds(5);

    private readonly IClusterClient _client;
    private readonly ClusterFeed _feed;
    private readonly string _feedName;
    private readonly Action<IReadOnlyList<StoryUpdate>> _published;
    private readonly IFeedObserver _reference;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _asking = Task.CompletedTask;
    private FeedStatus _last;
    private long _version, _storiesVersion;
    private string? _unreachable;

    private ClusterArticleFeed(IClusterClient client, ClusterFeed feed, string feedName, Action<IReadOnlyList<StoryUpdate>> published, FeedStatus first)
    {
        (_client, _feed, _feedName, _published, _last) = (client, feed, feedName, published, first);
        _reference = client.CreateObjectReference<IFeedObserver>(this);
    }

    /// <summary>
    /// Reaches the feed (its engine opened, so the store is ready for readers) and subscribes to its commits;
    /// <paramref name="published"/> hears the story changes of each.
    /// </summary>
    public static async Task<ClusterArticleFeed> OpenAsync(IClusterClient client, Action<IReadOnlyList<StoryUpdate>> published, string feed = ClusterFeed.DefaultFeed)
    {
        var clusterFeed = new ClusterFeed(client, feed);
        var status = await clusterFeed.StatusAsync();
        var opened = new ClusterArticleFeed(client, clusterFeed, feed, published, status);
        try
        {
            await clusterFeed.SubscribeAsync(opened._reference);
        }
        catch
        {
            client.DeleteObjectReference<IFeedObserver>(opened._reference);
            throw;
        }
        opened._asking = Task.Run(opened.Ask);
        return opened;
    }

    public async Task<IngestReceipt> SubmitAsync(string input, byte[] jsonl)
    {
        FeedReceipt receipt;
        try
        {
            receipt = await _feed.SubmitAsync(input, jsonl);
        }
        catch (StoreException e)
        {
            // Orleans carries an exception's type and message, not its properties: the reason is its message again.
            throw new StoreException("the cluster's feed", e.Message, e);
        }
        Observe(receipt.After);
        return receipt.Receipt;
    }

    /// <summary>
    /// A storyline's view from its grain (see <see cref="IStorylineGrain"/>), once the store has said which storyline
    /// <paramref name="id"/> names. Fails with <see cref="StoreException"/> when the cluster does not answer, which the
    /// server answers as it answers a store that failed.
    /// </summary>
    public StorylineView? Find(IStoryReader reader, string id)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.FindStoryline(id, max: 0) is not { } storyline)
            return null;
        StorylineAnswer answer;
        try
        {
            answer = _client.GetGrain<IStorylineGrain>($"{_feedName}/{storyline.Id}").View().WaitAsync(StorylineTimeout).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            throw new StoreException("the cluster's storyline grains", $"storyline {storyline.Id} was not answered: {e.Message}", e);
        }
        return answer.Json is { } json ? JsonSerializer.Deserialize(json, TidingsJson.Options.Describe<StorylineView>()) : null;
    }

    private static readonly TimeSpan StorylineTimeout = TimeSpan.FromSeconds(30);

    public long Version => Interlocked.Read(ref _version);

    public long StoriesVersion => Interlocked.Read(ref _storiesVersion);

    public bool Settled => _last.Settled;

    public long Stored => _last.Stored;

    public long Waiting => _last.Waiting;

    public string? Fault => _unreachable ?? _last.Fault;

    Task IFeedObserver.Committed(FeedStatus status, IReadOnlyList<StoryUpdate> updates)
    {
        Observe(status);
        _published(updates);
        return Task.CompletedTask;
    }

    /// <summary>Takes a newer state of the feed: a later version of the same engine, or an engine opened since.</summary>
    private void Observe(FeedStatus status)
    {
        lock (_lock)
        {
            var last = _last;
            // Another engine (another silo, or the same opened again) is news, whichever clock stamped it: ordering
            // engines by their silos' clocks could ignore the new one for good. Late news of the old one then counts
            // once more, which only makes answers older than they are.
            bool moved = status.Silo != last.Silo || status.Opened != last.Opened;
            if (!moved && status.Version < last.Version)
                return;   // older news
            _last = status;   // the same version may come settled, or with less waiting
            if (!moved && status.Version == last.Version)
                return;
            long version = Interlocked.Increment(ref _version);
            if (moved || status.StoriesVersion != last.StoriesVersion)
                Interlocked.Exchange(ref _storiesVersion, version);
        }
    }

    private async Task Ask()
    {
        var subscribed = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(AskEvery, _stop.Token);
                Observe(await _feed.StatusAsync().WaitAsync(_stop.Token));
                if (DateTime.UtcNow - subscribed > SubscribeEvery)
                {
                    await _feed.SubscribeAsync(_reference);
                    subscribed = DateTime.UtcNow;
                }
                _unreachable = null;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _unreachable = "the cluster's feed does not answer: " + e.Message;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _asking.Wait();
        }
        catch (AggregateException)
        {
            // it stopped
        }
        _client.DeleteObjectReference<IFeedObserver>(_reference);
        _stop.Dispose();
    }
}
