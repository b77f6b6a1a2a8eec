using System.Collections.Concurrent;
using Orleans.Concurrency;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Orleans;

/// <summary>
/// The feed's engine as a grain (see <see cref="IFeedGrain"/>). Reentrant: submissions wait in the engine's queue
/// rather than in the grain's mailbox, so that those arriving together are committed together.
/// </summary>
[Reentrant]
internal sealed class FeedGrain(FeedEngines engines, ILocalSiloDetails silo, IGrainFactory grains) : Grain, IFeedGrain
{
    private readonly ConcurrentDictionary<IFeedObserver, DateTime> _observers = new();
    private LiveEngine? _engine;
    private DateTimeOffset _opened;

    /// <summary>An observer not heard from for this long is forgotten (it subscribes again every few seconds while it lives).</summary>
    private static readonly TimeSpan ObserverLease = TimeSpan.FromSeconds(30);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string feed = this.GetPrimaryKeyString();
        // Opening replays what the checkpoint does not cover and may wait for the writer lock: not on the grain's turn.
        var opening = Task.Run(() => engines.Open(feed, Announce, grains), CancellationToken.None);
        try
        {
            _engine = await opening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Orleans gave up on this activation: the engine, once open, is closed rather than left holding the lock.
            _ = opening.ContinueWith(t => engines.Close(feed, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
        _opened = DateTimeOffset.UtcNow;
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        string feed = this.GetPrimaryKeyString();
        if (_engine is { } engine)
            await Task.Run(() => engines.Close(feed, engine), CancellationToken.None);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<FeedReceipt> Submit(string input, byte[] jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        try
        {
            var receipt = await Engine.SubmitAsync(input, jsonl);
            return new FeedReceipt(receipt, Current());
        }
        catch (StoreException)
        {
            // A store that failed keeps failing on this connection (a restarted database, a network cut): the next
            // activation opens it again, from the checkpoint.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<FeedStatus> Status() => Task.FromResult(Current());

    public Task Subscribe(IFeedObserver observer)
    {
        _observers[observer] = DateTime.UtcNow;
        return Task.CompletedTask;
    }

    /// <summary>Tells the observers of a commit; called on the engine's thread, after the commit.</summary>
    private void Announce(IReadOnlyList<StoryUpdate> updates)
    {
        if (_engine is null)
            return;   // still opening: no one has been told of it yet
        var status = Current();
        foreach (var (observer, heard) in _observers)
        {
            if (DateTime.UtcNow - heard > ObserverLease)
                _observers.TryRemove(observer, out _);
            else
                _ = observer.Committed(status, updates);
        }
    }

    private FeedStatus Current()
    {
        var engine = Engine;
        return new FeedStatus(silo.SiloAddress.ToString(), _opened, engine.Stored, engine.Waiting, engine.Settled, engine.Version, engine.StoriesVersion, engine.Fault,
            engines.CopyIndexCost(this.GetPrimaryKeyString()), engines.StoryWorkCost(this.GetPrimaryKeyString()), engine.Failures,
            engines.EventIndexCost(this.GetPrimaryKeyString()), engines.LiveEventCost(this.GetPrimaryKeyString()), engines.VerificationCost(this.GetPrimaryKeyString()));
    }

    private LiveEngine Engine => _engine ?? throw new InvalidOperationException("the feed's engine is not open");
}
