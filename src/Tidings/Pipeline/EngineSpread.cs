using Tidings.Copies;
using Tidings.Events;
using Tidings.Synthesis;

namespace Tidings.Pipeline;

/// <summary>
/// The parts of an engine's state and work kept outside its process (on a cluster, in grains), each optional: the
/// stories are the same wherever they are kept.
/// </summary>
/// <param name="CopyIndex">
/// The copy index, in shards rewound to the engine's checkpoint (or emptied) when it opens. They must be the same shards,
/// of the same count, for every run on a store; a checkpoint written with the index in the engine (or in shards) is not
/// read by an engine that keeps it elsewhere, which replays the store instead.
/// </param>
/// <param name="EventIndex">The event-candidate index, in shards that each opening of the engine fills again from its state (see <see cref="EventIndexShard"/>).</param>
/// <param name="Stories">Synthesises the stories of a store's engine (see <see cref="IStoryWorkers"/>).</param>
/// <param name="LiveEvents">The live events, in shards that each opening of the engine fills again from its state (see <see cref="LiveEventShard"/>).</param>
/// <param name="Verification">
/// Verifies a store's engine's new articles against earlier ones whose words its copy detector no longer keeps (see
/// <see cref="ICopyVerifiers"/>); they read the earlier texts from the same store.
/// </param>
public sealed record EngineSpread(ICopyIndexShards? CopyIndex = null, IEventIndexShards? EventIndex = null, IStoryWorkers? Stories = null, ILiveEventShards? LiveEvents = null,
    ICopyVerifiers? Verification = null)
{
    /// <summary>Everything in the engine.</summary>
    public static EngineSpread None { get; } = new();
}
