using Orleans.Concurrency;
using Tidings.Ingest;
using Tidings.Pipeline;

namespace Tidings.Orleans;

/// <summary>
/// The feed's engine as a grain (see <see cref="IFeedGrain"/>). Reentrant: submissions wait in the engine's queue
/// rather than in the grain's mailbox, so that those arriving together are committed together.
/// </summary>
[Reentrant]
internal sealed class FeedGrain(FeedEngines engines, ILocalSiloDetails silo) : Grain, IFeedGrain
{
    private LiveEngine? _engine;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string feed = this.GetPrimaryKeyString();
        // Opening replays what the checkpoint does not cover and may wait for the writer lock: not on the grain's turn.
        _engine = await Task.Run(() => engines.Open(feed), cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        string feed = this.GetPrimaryKeyString();
        await Task.Run(() => engines.Close(feed), CancellationToken.None);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<IngestReceipt> Submit(string input, byte[] jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var items = new DocumentReader().ReadJsonl(new MemoryStream(jsonl, writable: false), input).ToList();
        return Engine.SubmitAsync(input, items);
    }

    public Task<FeedStatus> Status() => Task.FromResult(new FeedStatus(
        silo.SiloAddress.ToString(), Engine.Stored, Engine.Waiting, Engine.Settled, Engine.Version, Engine.StoriesVersion));

    private LiveEngine Engine => _engine ?? throw new InvalidOperationException("the feed's engine is not open");
}
