using Orleans.Concurrency;
using Tidings.Pipeline;

namespace Tidings.Orleans;

/// <summary>
/// A feed's ingest on the cluster: the one place its articles are placed into events, so that each piece of the
/// engine's state has one writer. Orleans keeps one activation of it across the cluster; when its silo dies it is
/// activated on another, which opens the engine again from the store's checkpoint (the store's writer lock keeps a
/// silo that is only presumed dead from writing beside it).
/// </summary>
/// <remarks>The key names the feed; one feed writes one store (see <see cref="TidingsClusterExtensions"/>).</remarks>
public interface IFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores <paramref name="jsonl"/> (the command line's records, one JSON object a line, named by
    /// <paramref name="input"/> in rejections; see <see cref="Ingest.SubmittedRecords"/>) and answers once they are
    /// committed, with what became of each record. Submitting the same records again is harmless: ingest is idempotent by id.
    /// </summary>
    /// <remarks>
    /// Orleans' thirty-second response timeout stands: a call to a silo that died after taking it is answered by
    /// nothing else until the cluster declares the silo dead, and <see cref="ClusterFeed"/> tries again on a timeout.
    /// A submission queued behind a long end-of-run pass may so be submitted twice, which ingest by id makes harmless.
    /// </remarks>
    Task<FeedReceipt> Submit(string input, byte[] jsonl);

    /// <summary>Where the feed stands: what a client waits on before it reads stories that a <c>tidings run</c> would give.</summary>
    Task<FeedStatus> Status();

    /// <summary>
    /// Tells <paramref name="observer"/> of each committed change from now on, while this activation lives: an observer
    /// subscribes again every few seconds, as a feed that moved to another silo has forgotten it.
    /// </summary>
    Task Subscribe(IFeedObserver observer);
}

/// <summary>A client that hears of a feed's committed changes (see <see cref="IFeedGrain.Subscribe"/>).</summary>
public interface IFeedObserver : IGrainObserver
{
    /// <summary>A transaction that changed stories was committed.</summary>
    [OneWay]
    Task Committed(FeedStatus status, IReadOnlyList<StoryUpdate> updates);
}

/// <summary>What became of a submission, and the feed just after it was committed.</summary>
public sealed record FeedReceipt(IngestReceipt Receipt, FeedStatus After);

/// <summary>A feed's engine as a client sees it (see <see cref="LiveEngine"/>).</summary>
/// <param name="Silo">The silo the feed's engine runs on.</param>
/// <param name="Opened">When the engine was opened there: its versions count from then.</param>
/// <param name="Stored">Articles stored since the engine opened.</param>
/// <param name="Waiting">Documents submitted and not yet placed.</param>
/// <param name="Settled">Everything submitted is stored and the end-of-run pass has run since (see <see cref="LiveEngine.Settled"/>).</param>
/// <param name="Version">Transactions committed since the engine opened (see <see cref="LiveEngine.Version"/>).</param>
/// <param name="StoriesVersion">The version that last wrote stories (see <see cref="LiveEngine.StoriesVersion"/>).</param>
/// <param name="Fault">Why the engine cannot take input, or null.</param>
/// <param name="CopyIndex">What the copy index shards cost the engine since it opened, or null when it holds its index itself.</param>
/// <param name="StoryWork">What the story grains cost the engine since it opened, or null when it synthesises stories itself.</param>
/// <param name="Failures">Transactions that failed since the engine opened here (see <see cref="LiveEngine.Failures"/>).</param>
/// <param name="EventIndex">What the event index shards cost the engine since it opened, or null when it holds its index itself.</param>
/// <param name="LiveEvents">What the live-event shards cost the engine since it opened, or null when it holds its live events itself.</param>
/// <param name="Verification">What the article grains cost the engine since it opened, or null when it verifies every copy itself.</param>
public sealed record FeedStatus(string Silo, DateTimeOffset Opened, long Stored, long Waiting, bool Settled, long Version, long StoriesVersion, string? Fault,
    CopyIndexCost? CopyIndex = null, StoryWorkCost? StoryWork = null, long Failures = 0, EventIndexCost? EventIndex = null, LiveEventCost? LiveEvents = null,
    VerificationCost? Verification = null);

/// <summary>The engine's calls to article grains (see <see cref="IArticleGrain"/>).</summary>
/// <param name="KeptRecent">The latest articles whose words the engine keeps and verifies against itself.</param>
/// <param name="Calls">Rounds of calls: a chunk's pairs known ahead, or an article's pairs found as it was placed.</param>
/// <param name="Grains">Calls to article grains, one for each earlier article of a round.</param>
/// <param name="Pairs">Pairs verified in the grains.</param>
/// <param name="Forgotten">Articles restated, whose grains were told to drop what they kept.</param>
/// <param name="Seconds">Time the engine's thread waited for the grains' answers.</param>
/// <param name="Retried">Calls made again because the cluster failed to answer them (a silo lost).</param>
public sealed record VerificationCost(int KeptRecent, long Calls, long Grains, long Pairs, long Forgotten, double Seconds, long Retried);

/// <summary>The engine's exchanges with its live-event shards (see <see cref="ILiveEventShardGrain"/>).</summary>
/// <param name="Shards">Shard grains the live events are cut into.</param>
/// <param name="Held">The most live events the engine keeps between windows (see <see cref="Events.ILiveEventShards.Held"/>).</param>
/// <param name="Exchanges">Rounds of calls, one to every shard each: a window's changed events sent.</param>
/// <param name="Written">Events sent, each in full.</param>
/// <param name="Bytes">Bytes of the events sent.</param>
/// <param name="Reads">Rounds of reads: an article's or a pass's events that the engine did not hold.</param>
/// <param name="EventsRead">Events read back.</param>
/// <param name="Seconds">Time the engine's thread waited for the shards' answers.</param>
public sealed record LiveEventCost(int Shards, int Held, long Exchanges, long Written, long Bytes, long Reads, long EventsRead, double Seconds);

/// <summary>The engine's exchanges with its event index shards (see <see cref="IEventShardGrain"/>).</summary>
/// <param name="Shards">Shard grains the index is cut into.</param>
/// <param name="Exchanges">Rounds of calls, one to every shard each: a window of articles read ahead, with the changes since the last.</param>
/// <param name="Changes">Events filed under keys or removed from them, sent to the shards.</param>
/// <param name="Keys">Keys read ahead.</param>
/// <param name="Reads">Keys read on their own: not foreseen by their window, or brought back under the cap by its own changes after the shard had more events under them than it sends.</param>
/// <param name="Seconds">Time the engine's thread waited for the shards' answers.</param>
public sealed record EventIndexCost(int Shards, long Exchanges, long Changes, long Keys, long Reads, double Seconds);

/// <summary>The engine's exchanges with its copy index shards (see <see cref="ICopyShardGrain"/>): the measure of what sharding the index costs.</summary>
/// <param name="Shards">Shard grains the index is cut into.</param>
/// <param name="Exchanges">Rounds of calls, one call to every shard each: a chunk filed ahead, a read of common sentences, a rewind or a save.</param>
/// <param name="Keys">Keys sent to the shards.</param>
/// <param name="Seconds">Time the engine's thread waited for the shards' answers.</param>
public sealed record CopyIndexCost(int Shards, long Exchanges, long Keys, double Seconds);

/// <summary>The engine's calls to story grains (see <see cref="IStoryGrain"/>): the measure of what synthesising elsewhere costs.</summary>
/// <param name="Batches">Batches of stories sent, one call to each story's grain each, all at once.</param>
/// <param name="Stories">Stories built by their grains.</param>
/// <param name="Articles">Articles sent with them (those not stored yet); the grains read the others from the store, or keep them.</param>
/// <param name="Seconds">Time from sending each batch to its last answer, which the engine's writing of the batch before overlaps.</param>
/// <param name="Retried">Calls tried again after the cluster failed to answer them (a story grain's silo lost).</param>
public sealed record StoryWorkCost(long Batches, long Stories, long Articles, double Seconds, long Retried);
