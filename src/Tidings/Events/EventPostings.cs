namespace Tidings.Events;

/// <summary>
/// The event-candidate index as the clusterer reads and writes it: live events by the keys (term numbers) they are
/// indexed under. The clusterer files an event under a key only once and removes it only from keys it was filed under.
/// </summary>
internal interface IEventPostings
{
    /// <summary>Files an event under a key it is not yet filed under.</summary>
    void Add(int key, int ev);

    /// <summary>Removes an event from a key it is filed under.</summary>
    void Remove(int key, int ev);

    /// <summary>The events filed under the key; null when there are none or more than <paramref name="max"/>, since such a key points nowhere.</summary>
    IReadOnlyCollection<int>? EventsUnder(int key, int max);

    /// <summary>
    /// The keys the next articles will look up, known ahead (see <see cref="EventClusterer.LookAhead"/>), with how many
    /// terms are numbered so far: a key numbered later has no events but those filed from now on.
    /// </summary>
    void Expect(IReadOnlyCollection<int> keys, int numberedTerms);
}

/// <summary>The index in the clusterer's memory.</summary>
internal sealed class LocalEventPostings : IEventPostings
{
    /// <summary>Sets, since a retiring event leaves lists that can hold thousands.</summary>
    private readonly Dictionary<int, HashSet<int>> _postings = [];

    /// <summary>
    /// Files every event under its keys at once, each key's set made at its final size: grown one event at a time, the
    /// sets' rehashing was a third of reading a large store's state.
    /// </summary>
    public LocalEventPostings(IEnumerable<(int Event, IReadOnlyCollection<int> Keys)> filed)
    {
        var all = filed.ToList();
        var sizes = new Dictionary<int, int>();
        foreach (var (_, keys) in all)
        {
            foreach (int key in keys)
                sizes[key] = sizes.GetValueOrDefault(key) + 1;
        }
        _postings.EnsureCapacity(sizes.Count);
        foreach (var (key, size) in sizes)
            _postings[key] = new HashSet<int>(size);
        foreach (var (ev, keys) in all)
        {
            foreach (int key in keys)
                _postings[key].Add(ev);
        }
    }

    public void Add(int key, int ev)
    {
        if (!_postings.TryGetValue(key, out var events))
            _postings[key] = events = [];
        events.Add(ev);
    }

    public void Remove(int key, int ev)
    {
        if (_postings.TryGetValue(key, out var events) && events.Remove(ev) && events.Count == 0)
            _postings.Remove(key);
    }

    public IReadOnlyCollection<int>? EventsUnder(int key, int max) => Filed(key) is { } events && events.Count <= max ? events : null;

    /// <summary>Keys with at least one event.</summary>
    public int Keys => _postings.Count;

    /// <summary>Every event filed under the key, however many; null for none.</summary>
    public IReadOnlyCollection<int>? Filed(int key) => _postings.GetValueOrDefault(key);

    public void Expect(IReadOnlyCollection<int> keys, int numberedTerms)
    {
    }
}

/// <summary>
/// The index in shards (see <see cref="IEventIndexShards"/>), read a window at a time: each exchange sends the changes
/// made since the last and reads the keys the window's articles will look up; inside the window, those keys' events
/// are kept here with the clusterer's changes made to them, so that every lookup answers what the index in memory
/// would. A key not read ahead (a guess that missed) is read from its shard and brought up to date from the changes
/// not yet sent: slower, never different.
/// </summary>
internal sealed class ShardedEventPostings(IEventIndexShards shards) : IEventPostings
{
    /// <summary>A key's events as the window sees them: its count, and the events themselves unless the shard had more than it sends.</summary>
    private sealed class KeyView(int count, HashSet<int>? events)
    {
        public int Count { get; private set; } = count;
        public HashSet<int>? Events { get; } = events;

        /// <summary>A change as the shards take it: an event filed, or its complement for one removed.</summary>
        public void Apply(int change)
        {
            if (change >= 0)
            {
                Count++;
                Events?.Add(change);
            }
            else
            {
                Count--;
                Events?.Remove(~change);
            }
        }
    }

    /// <summary>
    /// Events sent back per key. Above <see cref="EventClusterer.MaxEventsPerKey"/> a key is not looked up, but the
    /// window's own changes can bring it back under: a little more is sent so that that rarely needs a read of its own.
    /// </summary>
    private const int SentPerKey = 2 * EventClusterer.MaxEventsPerKey;

    private readonly Guid _epoch = Guid.NewGuid();
    private long _exchanges;
    private bool _reset = true;
    private int _newFrom;
    private readonly Dictionary<int, KeyView> _window = [];
    private readonly List<(int Key, int Event)> _changes = [];

    /// <summary>Keys read outside an exchange: not named by the look-ahead, or brought back under the cap by the window's own changes.</summary>
    public long Misses { get; private set; }

    /// <summary>Files every event under its keys, sent with the first exchange, which resets the shards.</summary>
    public ShardedEventPostings(IEventIndexShards shards, IEnumerable<(int Event, IReadOnlyCollection<int> Keys)> filed) : this(shards)
    {
        foreach (var (ev, keys) in filed)
        {
            foreach (int key in keys)
                _changes.Add((key, ev));
        }
    }

    public void Add(int key, int ev) => Change(key, ev);

    public void Remove(int key, int ev) => Change(key, ~ev);

    private void Change(int key, int change)
    {
        _changes.Add((key, change));
        View(key, readIfMissing: false)?.Apply(change);
    }

    public IReadOnlyCollection<int>? EventsUnder(int key, int max)
    {
        var view = View(key, readIfMissing: true)!;
        if (view.Count == 0 || view.Count > max)
            return null;
        if (view.Events is null)
        {
            // The shard had more than it sends; the window's changes brought the key under: it is read again in full.
            _window.Remove(key);
            view = View(key, readIfMissing: true)!;
        }
        return view.Events;
    }

    public void Expect(IReadOnlyCollection<int> keys, int numberedTerms)
    {
        var perShard = Enumerable.Range(0, shards.Count).Select(_ => (Keys: new List<int>(), Events: new List<int>(), Read: new List<int>())).ToArray();
        foreach (var (key, ev) in _changes)
        {
            var part = perShard[EventIndexShard.ShardOf(key, shards.Count)];
            part.Keys.Add(key);
            part.Events.Add(ev);
        }
        foreach (int key in keys.Where(k => k < numberedTerms).Distinct())
            perShard[EventIndexShard.ShardOf(key, shards.Count)].Read.Add(key);
        var answers = shards.Exchange([.. perShard.Select(p => new EventIndexExchange(_epoch, _exchanges, _reset, [.. p.Keys], [.. p.Events], [.. p.Read], SentPerKey))]);
        if (answers.Count != shards.Count)
            throw new EventIndexOutOfStepException($"the event index answered with {answers.Count} shards, not {shards.Count}");
        _exchanges++;
        _reset = false;
        _changes.Clear();
        _window.Clear();
        _newFrom = numberedTerms;
        for (int s = 0; s < answers.Count; s++)
            Take(perShard[s].Read, answers[s], SentPerKey);
    }

    /// <summary>
    /// The window's view of a key: kept; new since the exchange (so holding only the window's changes, made as they
    /// came); or, when asked to, read from its shard (nothing before the first exchange, which resets the shards) and
    /// brought up to date with the changes not yet sent.
    /// </summary>
    private KeyView? View(int key, bool readIfMissing)
    {
        if (_window.TryGetValue(key, out var view))
            return view;
        if (key >= _newFrom && !_reset)
            return _window[key] = new KeyView(0, []);
        if (!readIfMissing)
            return null;
        if (_reset)
            _window[key] = new KeyView(0, []);
        else
        {
            Misses++;
            Take([key], shards.Read(EventIndexShard.ShardOf(key, shards.Count), _epoch, _exchanges, [key], int.MaxValue), int.MaxValue);
        }
        view = _window[key];
        foreach (var (_, change) in _changes.Where(c => c.Key == key))
            view.Apply(change);
        return view;
    }

    private void Take(IReadOnlyList<int> keys, EventKeyAnswers answer, int cap)
    {
        if (answer.Counts.Length != keys.Count)
            throw new EventIndexOutOfStepException($"an event index shard answered {answer.Counts.Length:N0} keys, not the {keys.Count:N0} read");
        int at = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            int count = answer.Counts[i];
            HashSet<int>? events = null;
            if (count <= cap)
            {
                if (at + count > answer.Events.Length)
                    throw new EventIndexOutOfStepException("an event index shard answered fewer events than its counts say");
                events = new HashSet<int>(count);
                for (int e = 0; e < count; e++)
                    events.Add(answer.Events[at++]);
            }
            _window[keys[i]] = new KeyView(count, events);
        }
        if (at != answer.Events.Length)
            throw new EventIndexOutOfStepException("an event index shard answered more events than its counts say");
    }
}
