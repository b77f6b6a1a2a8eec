namespace Tidings.Events;

/// <summary>
/// A clusterer's live events by number. Without shards it holds them all. With shards (see <see cref="LiveEventShard"/>)
/// it holds those read since the last exchange and the latest others up to <see cref="ILiveEventShards.Held"/>, reads
/// the rest from their shards when an article or a pass needs them, and at each exchange sends back those that changed.
/// </summary>
/// <remarks>
/// An event changed is found by its stamp (<see cref="EventCluster.ChangeStamp"/>): every event read or added since the
/// last exchange is stamped again and compared with the stamp of what its shard holds. Marking each change where it is
/// made would tie every pass to this table, and one change missed would place later articles against an event the
/// shards hold out of date.
/// </remarks>
internal sealed class LiveEventTable(ILiveEventShards? shards)
{
    private readonly HashSet<int> _live = [];
    private readonly Dictionary<int, EventCluster> _held = [];

    /// <summary>Per event its shard holds, the stamp of the state it holds.</summary>
    private readonly Dictionary<int, int> _shardHolds = [];

    /// <summary>The spans of live events not held: what retiring and the passes read of every live event.</summary>
    private readonly Dictionary<int, (DateOnly? First, DateOnly? Last)> _spans = [];

    /// <summary>Events read or added since the last exchange: only these can have changed.</summary>
    private readonly HashSet<int> _used = [];

    /// <summary>Per event held, the last exchange before it was used: those used longest ago are let go first.</summary>
    private readonly Dictionary<int, long> _usedBefore = [];

    /// <summary>Events its shard holds that are live no more.</summary>
    private readonly HashSet<int> _dropped = [];

    private readonly Guid _epoch = Guid.NewGuid();
    private long _exchanges;

    /// <summary>Whether the events are kept in shards.</summary>
    public bool Sharded => shards is not null;

    public int Count => _live.Count;

    public IEnumerable<int> Numbers => _live;

    /// <summary>Events read from their shards between exchanges: not held when an article or a pass needed them.</summary>
    public long Reads { get; private set; }

    public bool IsLive(int number) => _live.Contains(number);

    /// <summary>The live event of this number, read from its shard if it is not held; null when it is not live.</summary>
    public EventCluster? Find(int number)
    {
        if (!_held.TryGetValue(number, out var ev))
        {
            if (!_live.Contains(number))
                return null;
            Fetch([number]);
            ev = _held[number];
        }
        Use(number);
        return ev;
    }

    public EventCluster Get(int number) => Find(number) ?? throw new InvalidOperationException($"event {number} is not live");

    /// <summary>A live event's span, without reading it from its shard.</summary>
    public (DateOnly? First, DateOnly? Last) SpanOf(int number) =>
        _held.TryGetValue(number, out var ev) ? (ev.First, ev.Last) : _spans[number];

    /// <summary>Reads the live events among <paramref name="numbers"/> that are not held, in one call per shard: what an article or a pass reads next.</summary>
    public void Prefetch(IEnumerable<int> numbers)
    {
        if (shards is null)
            return;
        var missing = numbers.Where(n => _live.Contains(n) && !_held.ContainsKey(n)).Distinct().ToList();
        if (missing.Count > 0)
            Fetch(missing);
    }

    /// <summary>A new event, or one revived from the archive.</summary>
    public void Add(EventCluster ev)
    {
        _live.Add(ev.Number);
        _held[ev.Number] = ev;
        _spans.Remove(ev.Number);
        _dropped.Remove(ev.Number);
        Use(ev.Number);
    }

    private void Use(int number)
    {
        if (shards is null)
            return;
        _used.Add(number);
        _usedBefore[number] = _exchanges;
    }

    /// <summary>An event retired or merged away.</summary>
    public void Remove(int number)
    {
        _live.Remove(number);
        _held.Remove(number);
        _spans.Remove(number);
        _used.Remove(number);
        _usedBefore.Remove(number);
        if (_shardHolds.Remove(number))
            _dropped.Add(number);
    }

    /// <summary>
    /// Sends the shards the events changed since the last exchange and drops those that left, then holds no more than
    /// <see cref="ILiveEventShards.Held"/>: those used longest ago go. The first exchange resets the shards (see
    /// <see cref="LiveEventExchange.Reset"/>). Without shards, nothing to do.
    /// </summary>
    public void Exchange()
    {
        if (shards is null)
            return;
        var written = Enumerable.Range(0, shards.Count).Select(_ => new List<(int Number, byte[] State)>()).ToArray();
        using var buffer = new MemoryStream();
        foreach (int number in _used.Order())
        {
            var ev = _held[number];
            int stamp = ev.ChangeStamp();
            if (_shardHolds.TryGetValue(number, out int held) && held == stamp)
                continue;
            _shardHolds[number] = stamp;
            buffer.SetLength(0);
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                ev.WriteLive(writer);
            written[LiveEventShard.ShardOf(number, shards.Count)].Add((number, buffer.ToArray()));
        }
        var dropped = Enumerable.Range(0, shards.Count).Select(_ => new List<int>()).ToArray();
        foreach (int number in _dropped)
            dropped[LiveEventShard.ShardOf(number, shards.Count)].Add(number);
        shards.Exchange([.. Enumerable.Range(0, shards.Count).Select(s => new LiveEventExchange(
            _epoch, _exchanges, _exchanges == 0, [.. written[s].Select(w => w.Number)], [.. written[s].Select(w => w.State)], [.. dropped[s]]))]);
        _exchanges++;
        _dropped.Clear();
        // Every event held is now as its shard holds it: any may go.
        foreach (int number in _held.Keys.OrderBy(n => _usedBefore[n]).Take(_held.Count - shards.Held).ToList())
        {
            var ev = _held[number];
            _spans[number] = (ev.First, ev.Last);
            _held.Remove(number);
            _usedBefore.Remove(number);
        }
        _used.Clear();
    }

    /// <summary>
    /// Writes, for each event number below <paramref name="count"/>, whether it is live and each live one in full (as
    /// <see cref="EventCluster.WriteLive"/> does), then what <paramref name="after"/> writes of it. Those not held are
    /// written as their shards hold them (they have not changed since), without holding them.
    /// </summary>
    public void WriteEach(BinaryWriter writer, int count, Action<int> after)
    {
        var states = new Dictionary<int, byte[]>();
        if (shards is not null)
        {
            foreach (var (number, state) in ReadFromShards([.. _live.Where(n => !_held.ContainsKey(n))]))
                states[number] = state;
        }
        for (int number = 0; number < count; number++)
        {
            writer.Write(_live.Contains(number));
            if (_held.TryGetValue(number, out var ev))
                ev.WriteLive(writer);
            else if (states.TryGetValue(number, out var state))
                writer.Write(state);
            after(number);
        }
    }

    private void Fetch(IReadOnlyCollection<int> numbers)
    {
        foreach (var (number, state) in ReadFromShards(numbers))
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            var ev = _held[number] = EventCluster.ReadLive(reader);
            _shardHolds[number] = ev.ChangeStamp();
            _spans.Remove(number);
            _usedBefore[number] = _exchanges;
        }
        Reads += numbers.Count;
    }

    private IEnumerable<(int Number, byte[] State)> ReadFromShards(IReadOnlyCollection<int> numbers)
    {
        if (numbers.Count == 0)
            yield break;
        if (shards is null || _exchanges == 0)
            throw new InvalidOperationException("live events are read from shards only after they were sent there");
        var perShard = Enumerable.Range(0, shards.Count).Select(_ => new List<int>()).ToArray();
        foreach (int number in numbers)
            perShard[LiveEventShard.ShardOf(number, shards.Count)].Add(number);
        var asked = perShard.Select(list => list.ToArray()).ToArray();
        var answers = shards.Read(_epoch, _exchanges, asked);
        for (int s = 0; s < asked.Length; s++)
        {
            if (answers[s].Length != asked[s].Length)
                throw new LiveEventsOutOfStepException($"a live-event shard answered {answers[s].Length:N0} events, not the {asked[s].Length:N0} read");
            for (int i = 0; i < asked[s].Length; i++)
                yield return (asked[s][i], answers[s][i]);
        }
    }
}
