namespace Tidings.Events;

/// <summary>
/// One shard's part of an exchange with the live-event shards: the live events the clusterer changed since the last
/// exchange (each in full, as a checkpoint writes it) and those that left (retired or merged away).
/// </summary>
/// <param name="Epoch">The clusterer's opening: every exchange of one clusterer names the same.</param>
/// <param name="Before">Exchanges the shard took since that clusterer's first (which has <paramref name="Reset"/>): the shard must stand there.</param>
/// <param name="Reset">The first exchange of a clusterer: the shard empties and takes the epoch, then the writes (every live event of its part, for a clusterer read from a checkpoint).</param>
/// <param name="Written">Events written, by number.</param>
/// <param name="States">Per written event, its state (see <see cref="EventCluster.WriteLive"/>).</param>
/// <param name="Dropped">Events that are live no more.</param>
public sealed record LiveEventExchange(Guid Epoch, long Before, bool Reset, int[] Written, byte[][] States, int[] Dropped);

/// <summary>A live-event shard does not stand where the clusterer does: it was lost with its machine, or another clusterer wrote it.</summary>
public sealed class LiveEventsOutOfStepException(string message) : Exception(message);

/// <summary>
/// One part of a clusterer's live events (those whose number falls in it; see <see cref="ShardOf"/>), each held as the
/// bytes a checkpoint writes of it, with one writer: the clusterer borrows the events an article or a pass reads, and
/// sends back at the next exchange those it changed. An event's joins are so made one at a time, in the clusterer's
/// order, and the shards together hold every live event as the clusterer left it at its last exchange.
/// </summary>
/// <remarks>
/// Nothing here is saved: the engine's checkpoint holds every live event, and a clusterer that opens sends them all
/// in its first exchange. A shard that comes back empty (its machine lost) or from another clusterer is found out by
/// the next exchange or read, which names where it must stand.
/// </remarks>
public sealed class LiveEventShard
{
    private readonly Dictionary<int, byte[]> _events = [];

    /// <summary>The clusterer that last reset this shard.</summary>
    public Guid Epoch { get; private set; }

    /// <summary>Exchanges taken since that reset.</summary>
    public long Exchanges { get; private set; }

    /// <summary>Live events held.</summary>
    public int Count => _events.Count;

    /// <summary>Bytes of the events held.</summary>
    public long Bytes { get; private set; }

    /// <summary>The shard of <paramref name="count"/> that holds an event: event numbers are dense, so their remainder spreads them evenly.</summary>
    public static int ShardOf(int number, int count) => (int)((uint)number % (uint)count);

    /// <summary>
    /// Makes the exchange's writes and drops. Throws <see cref="LiveEventsOutOfStepException"/> when the exchange is
    /// not the next this shard expects (and is not a reset).
    /// </summary>
    public void Exchange(LiveEventExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.Written.Length != exchange.States.Length)
            throw new ArgumentException("written events and states must be as many", nameof(exchange));
        if (exchange.Reset)
        {
            if (exchange.Before != 0)
                throw new ArgumentException("a reset is a clusterer's first exchange", nameof(exchange));
            _events.Clear();
            (Epoch, Exchanges, Bytes) = (exchange.Epoch, 0, 0);
        }
        else
            CheckAt(exchange.Epoch, exchange.Before);
        for (int i = 0; i < exchange.Written.Length; i++)
        {
            if (_events.TryGetValue(exchange.Written[i], out var old))
                Bytes -= old.Length;
            _events[exchange.Written[i]] = exchange.States[i];
            Bytes += exchange.States[i].Length;
        }
        foreach (int number in exchange.Dropped)
        {
            if (_events.Remove(number, out var old))
                Bytes -= old.Length;
        }
        Exchanges++;
    }

    /// <summary>
    /// Reads events without changing anything, standing where <paramref name="exchanges"/> exchanges of
    /// <paramref name="epoch"/> left it. Throws <see cref="LiveEventsOutOfStepException"/> when it stands elsewhere or
    /// does not hold one of them.
    /// </summary>
    public byte[][] Read(Guid epoch, long exchanges, int[] numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        CheckAt(epoch, exchanges);
        return [.. numbers.Select(number => _events.TryGetValue(number, out var state)
            ? state
            : throw new LiveEventsOutOfStepException($"a live-event shard holds no event {number}, which the clusterer wrote to it"))];
    }

    private void CheckAt(Guid epoch, long exchanges)
    {
        if (ShardStanding.Mismatch("a live-event shard", Epoch, Exchanges, epoch, exchanges) is { } why)
            throw new LiveEventsOutOfStepException(why);
    }
}

/// <summary>
/// Where a shard kept in memory for one clusterer stands against where that clusterer expects it: the event index
/// shards and the live-event shards are found out of step alike, each with its own exception.
/// </summary>
internal static class ShardStanding
{
    /// <summary>Why a shard (<paramref name="shard"/> names its kind) that took <paramref name="heldExchanges"/> exchanges of <paramref name="heldEpoch"/> is not where <paramref name="exchanges"/> of <paramref name="epoch"/> leave it; null when it is.</summary>
    public static string? Mismatch(string shard, Guid heldEpoch, long heldExchanges, Guid epoch, long exchanges) =>
        epoch != heldEpoch
            ? heldEpoch == Guid.Empty
                ? $"{shard} holds nothing: it was lost with its machine"
                : $"{shard} was reset by another opening of the engine ({heldEpoch}, not {epoch})"
            : exchanges != heldExchanges
                ? $"{shard} took {heldExchanges:N0} exchanges, not {exchanges:N0}: it missed one, or took one twice"
                : null;
}

/// <summary>
/// A clusterer's live events kept in shards outside it (see <see cref="LiveEventShard"/>): on a cluster each shard is a
/// grain, so the live events (centroids, members, spans) spread over the machines, and the engine holds only those it
/// read lately.
/// </summary>
public interface ILiveEventShards
{
    /// <summary>How many shards the events are cut into.</summary>
    int Count { get; }

    /// <summary>
    /// The most live events the clusterer keeps between exchanges: those it read last stay, so that an event many
    /// articles join is not read again for each. More costs the engine memory; fewer, reads.
    /// </summary>
    int Held { get; }

    /// <summary>One exchange with every shard (an empty one moves a shard along), in shard order.</summary>
    void Exchange(IReadOnlyList<LiveEventExchange> perShard);

    /// <summary>
    /// Reads events from the shards, per shard those in <paramref name="perShard"/> (a shard with none is not asked),
    /// without changing anything, where <paramref name="exchanges"/> exchanges of <paramref name="epoch"/> left them:
    /// per shard, the events' states in the order asked.
    /// </summary>
    IReadOnlyList<byte[][]> Read(Guid epoch, long exchanges, IReadOnlyList<int[]> perShard);
}

/// <summary>Shards held in this process: what a cluster's grains hold, for tests and for measuring what borrowing costs.</summary>
public sealed class LocalLiveEventShards(int count, int held) : ILiveEventShards
{
    private readonly LiveEventShard[] _shards = Enumerable.Range(0, count).Select(_ => new LiveEventShard()).ToArray();

    public int Count => _shards.Length;

    public int Held => held;

    public IReadOnlyList<LiveEventShard> Shards => _shards;

    public void Exchange(IReadOnlyList<LiveEventExchange> perShard)
    {
        for (int s = 0; s < _shards.Length; s++)
            _shards[s].Exchange(perShard[s]);
    }

    public IReadOnlyList<byte[][]> Read(Guid epoch, long exchanges, IReadOnlyList<int[]> perShard) =>
        [.. _shards.Select((shard, s) => perShard[s].Length == 0 ? [] : shard.Read(epoch, exchanges, perShard[s]))];

    /// <summary>Empties a shard, as a lost machine's grain comes back.</summary>
    public void Lose(int shard) => _shards[shard] = new LiveEventShard();
}
