using Tidings.Copies;
using Tidings.Events;
using Tidings.Pipeline;

namespace Tidings.Orleans;

/// <summary>
/// A client's side of a feed on the cluster: submissions go again when the silo running the feed's engine is lost
/// before it answered (ingest is idempotent by id, so a submission stored before the loss is counted as unchanged the
/// second time), until <see cref="RetryFor"/> has passed.
/// </summary>
public sealed class ClusterFeed(IGrainFactory grains, string feed = ClusterFeed.DefaultFeed)
{
    /// <summary>The feed a cluster's store belongs to unless named otherwise.</summary>
    public const string DefaultFeed = "default";

    /// <summary>
    /// How long a submission is tried again: the cluster needs some seconds to declare a silo dead and the engine some
    /// more to open again on another (its checkpoint loaded, what it does not cover replayed).
    /// </summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    private IFeedGrain Grain => grains.GetGrain<IFeedGrain>(feed);

    /// <summary>
    /// Submits the records (see <see cref="IFeedGrain.Submit"/>) and answers once they are stored. Throws
    /// <see cref="LiveEngineBusyException"/> at once when the engine has too much waiting, and the last failure when the
    /// cluster did not take them within <see cref="RetryFor"/>.
    /// </summary>
    public async Task<FeedReceipt> SubmitAsync(string input, byte[] jsonl, CancellationToken cancel = default)
    {
        var giveUp = DateTime.UtcNow + RetryFor;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await Grain.Submit(input, jsonl).WaitAsync(cancel);
            }
            catch (Exception e) when (Transient(e) && !cancel.IsCancellationRequested && DateTime.UtcNow < giveUp)
            {
                // The silo was lost, or the engine is opening on another (an activation that outlasted the call's
                // timeout is cancelled): tried again, a little later each time.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 << Math.Min(attempt, 5))), cancel);
            }
        }
    }

    /// <summary>
    /// A failure of the cluster rather than of the submission: the silo was lost or is stopping, the feed's engine
    /// is opening on another, or an index or live-event shard came back from a lost silo behind the engine (which then
    /// opens again from its checkpoint). A busy engine, a record refused and a failed store are answers, given at once.
    /// </summary>
    private static bool Transient(Exception e) =>
        e is OrleansException or TimeoutException or ObjectDisposedException or OperationCanceledException or CopyIndexOutOfStepException
            or EventIndexOutOfStepException or LiveEventsOutOfStepException;

    /// <summary>Tells <paramref name="observer"/> of the feed's commits (see <see cref="IFeedGrain.Subscribe"/>).</summary>
    public Task SubscribeAsync(IFeedObserver observer) => Grain.Subscribe(observer);

    /// <summary>Where the feed stands (see <see cref="IFeedGrain.Status"/>); activates its engine if it is not running.</summary>
    public Task<FeedStatus> StatusAsync() => Grain.Status();

    /// <summary>Waits until everything submitted is stored and the end-of-run pass has run (see <see cref="FeedStatus.Settled"/>).</summary>
    public async Task WaitSettledAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await StatusAsync().WaitAsync(cancel)).Settled)
                    return;
            }
            catch (Exception) when (!cancel.IsCancellationRequested && DateTime.UtcNow < giveUp)
            {
                // the engine is opening again elsewhere
            }
            if (DateTime.UtcNow >= giveUp)
                throw new TimeoutException($"feed {feed} did not settle within {timeout.TotalSeconds:0} s");
            await Task.Delay(100, cancel);
        }
    }
}
