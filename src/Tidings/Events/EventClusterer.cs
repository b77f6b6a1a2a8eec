using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Events;

/// <summary>A typed link between two events.</summary>
public sealed record EventLink(int Event, string Relation);

/// <summary>One real-world event as built so far.</summary>
public sealed class EventCluster
{
    internal EventCluster(int number) => Number = number;

    public int Number { get; }
    public List<Fingerprint> Members { get; } = [];
    public int Storyline { get; internal set; }
    public List<EventLink> Links { get; } = [];
    public DateOnly? First { get; internal set; }
    public DateOnly? Last { get; internal set; }

    /// <summary>The event this one was merged into by <see cref="EventClusterer.MergeSplitEvents"/>; it then has no members.</summary>
    public int? MergedInto { get; internal set; }

    /// <summary>The first articles of the events merged into this one, which named them: their story ids live on as aliases.</summary>
    public List<string> AbsorbedFirstArticles { get; } = [];

    /// <summary>Whether the event has left the live index: no article can join it any more (see <see cref="EventClusterer"/>).</summary>
    public bool Retired { get; internal set; }

    internal HashSet<int> IndexKeys { get; } = [];

    internal TermVector Centroid { get; } = new();
    internal TermVector TitleCentroid { get; } = new();
}

/// <summary>Why an article went where it went: every candidate's score and the decision.</summary>
public sealed record PlacementTrace(string ArticleId, IReadOnlyList<(int Event, double Score, bool TimeExcluded)> Candidates, int Chosen, string Reason)
{
    /// <summary>Each candidate event's first article when the article was placed: what names the event for a reader.</summary>
    public IReadOnlyDictionary<int, string> FirstArticleOf { get; init; } = new Dictionary<int, string>();
}

/// <summary>
/// Online clustering of articles into events, in arrival order. Each article is scored against live events by
/// TF-IDF cosine over terms and named entities plus title similarity; time decides whether a similar event can
/// still be joined. A copy always joins its original's event. <see cref="LinkStorylines"/> then chains events that
/// continue or repeat one another into storylines.
/// </summary>
public sealed class EventClusterer(EventClustererOptions? options = null)
{
    private readonly EventClustererOptions _options = options ?? EventClustererOptions.Default;
    private readonly List<EventCluster> _events = [];
    /// <summary>Terms by number: vectors hold numbers, which hash and compare far faster than strings.</summary>
    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);
    private readonly List<int> _documentFrequency = [];
    private readonly Dictionary<string, int> _eventOf = new(StringComparer.Ordinal);

    /// <summary>Live events by the terms they are indexed under (see <see cref="LiveCandidates"/>).</summary>
    private readonly Dictionary<int, List<int>> _postings = [];
    private readonly HashSet<int> _liveEvents = [];
    private DateOnly? _newest;
    private int _sinceSweep;
    private int _documents;

    public IReadOnlyList<EventCluster> Events => _events;
    /// <summary>The placements of the articles named in <see cref="EventClustererOptions.Traced"/>.</summary>
    public List<PlacementTrace> Traces { get; } = [];

    /// <summary>Events still open to new articles: what the index holds and what an article's cost depends on.</summary>
    public int LiveEvents => _liveEvents.Count;

    public int Add(Fingerprint article, CopyGraph copies)
    {
        var features = Features(article);
        _documents++;
        foreach (var key in features.Keys)
            _documentFrequency[TermNumber(key)]++;
        var vector = new TermVector(Weigh(features));
        var titleVector = new TermVector(Weigh(article.TitleTerms.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal)));

        int chosen = -1;
        string reason;
        var scored = new List<(int Event, double Score, bool TimeExcluded)>();
        string origin = copies.OriginOf(article.Id);
        var when = EventDate(article);
        // A copy joins its original's event, unless time rules that event out: two transcripts sharing a publisher's
        // disclaimer two years apart are a partial copy of each other, not one happening.
        var copyEvent = copies.PartnersOf(article.Id)
            .Append(origin)
            .Where(id => id != article.Id && _eventOf.ContainsKey(id) && !TimeExcluded(_events[_eventOf[id]], when))
            .Select(id => _eventOf[id])
            .DefaultIfEmpty(-1)
            .Min();
        foreach (int number in LiveCandidates(vector, titleVector))
        {
            var ev = _events[number];
            double score = Blend(vector.Cosine(ev.Centroid), titleVector, ev.TitleCentroid, _options.TitleWeight);
            scored.Add((ev.Number, Math.Round(score, 4), TimeExcluded(ev, when)));
        }
        if (copyEvent >= 0)
        {
            chosen = copyEvent;
            reason = "copy of an article in this event";
        }
        else
        {
            var best = scored.Where(s => !s.TimeExcluded).OrderByDescending(s => s.Score).ThenBy(s => s.Event).FirstOrDefault((-1, 0, false));
            double runnerUp = scored.Where(s => s.Event != best.Item1).Select(s => s.Score).DefaultIfEmpty(0).Max();
            if (best.Item1 >= 0 && best.Item2 >= _options.JoinThreshold)
            {
                chosen = best.Item1;
                reason = $"best score {best.Item2:0.###} >= join threshold {_options.JoinThreshold}";
            }
            else if (best.Item1 >= 0 && _events[best.Item1].Members.Count >= ClearWinnerMembers && IsClearWinner(best.Item2, runnerUp))
            {
                chosen = best.Item1;
                reason = $"best score {best.Item2:0.###} is {_options.ClearWinnerRatio} times any other event's ({runnerUp:0.###})";
            }
            else
            {
                reason = best.Item1 >= 0 ? $"best joinable score {best.Item2:0.###} below join threshold" : "no joinable event";
            }
        }
        EventCluster target;
        if (chosen >= 0)
        {
            target = _events[chosen];
        }
        else
        {
            target = new EventCluster(_events.Count);
            target.Storyline = target.Number;
            _events.Add(target);
            _liveEvents.Add(target.Number);
        }
        target.Members.Add(article);
        Absorb(target, vector, titleVector, when);
        Index(target, vector.Keys.Take(IndexedTermsPerArticle).Concat(titleVector.Keys));
        _eventOf[article.Id] = target.Number;
        if (_options.Traced.Contains(article.Id))
            Traces.Add(new PlacementTrace(article.Id, scored, target.Number, chosen >= 0 ? reason : reason + "; new event")
            {
                FirstArticleOf = scored.Select(c => c.Event).Append(target.Number).Distinct().ToDictionary(e => e, e => _events[e].Members[0].Id),
            });
        if (when is { Day: { } day, LowerBoundOnly: false } && (_newest is not { } newest || day > newest))
            _newest = day;
        if (++_sinceSweep >= _options.RetireEveryArticles)
            RetireIdleEvents();
        return target.Number;
    }

    /// <summary>
    /// The live events that share one of the article's strongest terms or a title term: only those can reach the join
    /// threshold, and the index keeps an article's cost independent of how many events exist or have retired.
    /// </summary>
    private IEnumerable<int> LiveCandidates(TermVector vector, TermVector titleVector)
    {
        var hits = new Dictionary<int, int>();
        foreach (var key in vector.Keys.Take(QueryTermsPerArticle).Concat(titleVector.Keys).Distinct())
        {
            if (!_postings.TryGetValue(key, out var events) || events.Count > MaxEventsPerKey)
                continue;
            foreach (int number in events)
                hits[number] = hits.GetValueOrDefault(number) + 1;
        }
        // The best few by hits (ties to the older event), chosen in one pass: sorting every event that shares a
        // common term would cost more than scoring the chosen ones.
        var best = new List<(int Hits, int Event)>(MaxScoredEvents + 1);
        foreach (var (number, count) in hits)
        {
            if (best.Count == MaxScoredEvents && !Better((count, number), best[^1]))
                continue;
            int at = best.Count;
            while (at > 0 && Better((count, number), best[at - 1]))
                at--;
            best.Insert(at, (count, number));
            if (best.Count > MaxScoredEvents)
                best.RemoveAt(best.Count - 1);
        }
        return best.Select(b => b.Event);

        static bool Better((int Hits, int Event) x, (int Hits, int Event) y) => x.Hits > y.Hits || (x.Hits == y.Hits && x.Event < y.Event);
    }

    /// <summary>
    /// A term that more live events than this are indexed under is as common as a stopword among them: it points
    /// nowhere, and reading its postings would cost more than everything else.
    /// </summary>
    private const int MaxEventsPerKey = 100;

    /// <summary>Candidates scored per article, those sharing the most lookup terms first: the event it belongs to shares many (32 and 64 gave the same dev figures at half and a third of the speed).</summary>
    private const int MaxScoredEvents = 16;

    private void Index(EventCluster ev, IEnumerable<int> keys)
    {
        foreach (var key in keys)
        {
            if (!ev.IndexKeys.Add(key))
                continue;
            if (!_postings.TryGetValue(key, out var events))
                _postings[key] = events = [];
            events.Add(ev.Number);
        }
    }

    private void Unindex(EventCluster ev)
    {
        foreach (var key in ev.IndexKeys)
        {
            if (_postings.TryGetValue(key, out var events) && events.Remove(ev.Number) && events.Count == 0)
                _postings.Remove(key);
        }
        ev.IndexKeys.Clear();
    }

    /// <summary>
    /// Retires the events no article can join any more (their latest article is more than
    /// <see cref="EventClustererOptions.MaxGapDays"/> older than the newest seen): they leave the index, and their
    /// centroids keep only the terms the storyline pass reads, so memory follows the live events, not the corpus.
    /// </summary>
    private void RetireIdleEvents()
    {
        _sinceSweep = 0;
        if (_newest is not { } newest)
            return;
        foreach (int number in _liveEvents.ToList())
        {
            var ev = _events[number];
            if (ev.Last is not { } last || newest.DayNumber - last.DayNumber <= _options.MaxGapDays)
                continue;
            Unindex(ev);
            ev.Retired = true;
            _liveEvents.Remove(number);
            ev.Centroid.KeepStrongest(RetainedTermsPerEvent);
        }
    }

    /// <summary>Terms of an article that look up candidate events: its strongest, which name what it reports.</summary>
    private const int QueryTermsPerArticle = 30;

    /// <summary>Terms of each member under which an event is indexed.</summary>
    private const int IndexedTermsPerArticle = 30;

    /// <summary>Centroid terms a retired event keeps for the storyline pass, which reads its strongest.</summary>
    private const int RetainedTermsPerEvent = 200;

    /// <summary>
    /// The merge pass, run at the end of a batch (or periodically): joins events that the online pass split because an
    /// article arrived before the ones that tie it to its event, or because an event's early centroid was too thin.
    /// Two events merge when their time spans lie within <see cref="EventClustererOptions.MaxGapDays"/> of each other
    /// and their centroids are <see cref="EventClustererOptions.MergeThreshold"/> similar; the older event absorbs the newer, so its
    /// story id stays, and the newer's id is kept as an alias. This also makes the events depend less on the order in
    /// which one day's articles arrive.
    /// </summary>
    public void MergeSplitEvents()
    {
        // A merge changes the absorbing event's centroid, so a second round may find more; rounds stop when one finds
        // none, or after a few (each reads every candidate pair).
        for (int round = 0; round < MergeRounds; round++)
        {
            bool merged = false;
            var sketches = new Dictionary<int, TermVector>();
            foreach (var (earlier, later) in CandidatePairs().ToList())
            {
                var (a, b) = (Root(earlier), Root(later));
                if (a == b || !WithinGap(a, b))
                    continue;
                double score = Blend(Sketch(sketches, a).Cosine(Sketch(sketches, b)), a.TitleCentroid, b.TitleCentroid, _options.TitleWeight);
                if (score < _options.MergeThreshold)
                    continue;
                if (a.Number < b.Number)
                    Merge(a, b);
                else
                    Merge(b, a);
                sketches.Remove(a.Number);
                sketches.Remove(b.Number);
                merged = true;
            }
            if (!merged)
                break;
        }
    }

    private const int MergeRounds = 3;

    /// <summary>
    /// An event's strongest terms, which is what the passes compare: a large event's centroid holds thousands of terms,
    /// and the weak tail moves a cosine little but would make each comparison cost as much as the event is long.
    /// </summary>
    private static TermVector Sketch(Dictionary<int, TermVector> sketches, EventCluster ev)
    {
        if (!sketches.TryGetValue(ev.Number, out var sketch))
            sketches[ev.Number] = sketch = ev.Centroid.Count <= RetainedTermsPerEvent ? ev.Centroid : ev.Centroid.StrongestVector(RetainedTermsPerEvent);
        return sketch;
    }

    /// <summary>The live event an event was merged into, through any chain of merges.</summary>
    private EventCluster Root(int number)
    {
        var ev = _events[number];
        while (ev.MergedInto is { } into)
            ev = _events[into];
        return ev;
    }

    private bool WithinGap(EventCluster a, EventCluster b) =>
        a.First is not { } af || a.Last is not { } al || b.First is not { } bf || b.Last is not { } bl
        || (bf.DayNumber - al.DayNumber <= _options.MaxGapDays && af.DayNumber - bl.DayNumber <= _options.MaxGapDays);

    private void Merge(EventCluster into, EventCluster from)
    {
        into.AbsorbedFirstArticles.Add(from.Members[0].Id);
        into.AbsorbedFirstArticles.AddRange(from.AbsorbedFirstArticles);
        foreach (var member in from.Members)
        {
            into.Members.Add(member);
            _eventOf[member.Id] = into.Number;
        }
        into.Centroid.AddScaled(from.Centroid, 1);
        into.TitleCentroid.AddScaled(from.TitleCentroid, 1);
        into.First = Earliest(into.First, from.First);
        into.Last = Latest(into.Last, from.Last);
        // The merged event is as open as the more open of the two: a live newer event revives a retired older one.
        var fromKeys = from.IndexKeys.ToList();
        Unindex(from);
        _liveEvents.Remove(from.Number);
        if (!from.Retired)
        {
            into.Retired = false;
            _liveEvents.Add(into.Number);
            Index(into, fromKeys);
        }
        from.Members.Clear();
        from.Centroid.Clear();
        from.TitleCentroid.Clear();
        from.AbsorbedFirstArticles.Clear();
        from.MergedInto = into.Number;
    }

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is { } x && b is { } y ? (x <= y ? x : y) : a ?? b;

    private static DateOnly? Latest(DateOnly? a, DateOnly? b) => a is { } x && b is { } y ? (x >= y ? x : y) : a ?? b;

    /// <summary>
    /// Chains events into storylines, as a pass over the events built so far (run it at the end of a batch, or
    /// periodically): two events whose centroids, the title terms above all, are as similar as
    /// <see cref="EventClustererOptions.StorylineThreshold"/> say the same actors do the same kind of thing, however
    /// far apart in time. A storyline keeps the number of its oldest event, so its id survives later passes. The later
    /// event <c>continues</c> the earlier when it began within <see cref="EventClustererOptions.ContinuesWithinDays"/>
    /// of the earlier's end, else it <c>recurs</c>; less similar events are <c>related</c>.
    /// </summary>
    public void LinkStorylines()
    {
        var parent = Enumerable.Range(0, _events.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var ev in _events)
            ev.Links.Clear();
        var sketches = new Dictionary<int, TermVector>();
        var pairs = CandidatePairs()
            .Select(p => (p.Earlier, p.Later, Score: Blend(Sketch(sketches, _events[p.Earlier]).Cosine(Sketch(sketches, _events[p.Later])), _events[p.Earlier].TitleCentroid, _events[p.Later].TitleCentroid, _options.StorylineTitleWeight)))
            .ToList();
        var related = new List<(int Earlier, int Later, double Score)>();
        foreach (var (earlier, later, score) in pairs)
        {
            var (a, b) = (_events[earlier], _events[later]);
            if (score >= _options.StorylineThreshold)
            {
                var (x, y) = (Find(earlier), Find(later));
                parent[Math.Max(x, y)] = Math.Min(x, y);
                string relation = a.Last is { } end && b.First is { } start && start.DayNumber - end.DayNumber > _options.ContinuesWithinDays ? "recurs" : "continues";
                a.Links.Add(new EventLink(later, relation));
                b.Links.Add(new EventLink(earlier, relation));
            }
            else if (score >= _options.RelatedThreshold)
            {
                related.Add((earlier, later, score));
            }
        }
        foreach (var ev in _events)
            ev.Storyline = Find(ev.Number);
        foreach (var (earlier, later, _) in related.Where(r => Find(r.Earlier) != Find(r.Later)).OrderByDescending(r => r.Score).ThenBy(r => r.Earlier).ThenBy(r => r.Later))
        {
            if (_events[later].Links.Count(l => l.Relation == "related") >= MaxRelated || _events[earlier].Links.Count(l => l.Relation == "related") >= MaxRelated)
                continue;
            _events[earlier].Links.Add(new EventLink(later, "related"));
            _events[later].Links.Add(new EventLink(earlier, "related"));
        }
    }

    /// <summary>Links of the looser kind kept per event: the strongest few are what a reader follows.</summary>
    private const int MaxRelated = 3;

    /// <summary>
    /// Pairs of events (earlier, later) that share a title term or one of their strongest body terms: only those can
    /// reach the related threshold, and looking them up in an index keeps the pass from comparing every pair.
    /// </summary>
    private IEnumerable<(int Earlier, int Later)> CandidatePairs()
    {
        var live = _events.Where(e => e.MergedInto is null).ToList();
        var keysOf = live.ToDictionary(e => e.Number, e => e.TitleCentroid.Keys.Concat(e.Centroid.Strongest(IndexedTermsPerEvent)).Distinct().ToList());
        var byKey = new Dictionary<int, List<int>>();
        foreach (var ev in live)
        {
            foreach (var key in keysOf[ev.Number])
            {
                if (!byKey.TryGetValue(key, out var list))
                    byKey[key] = list = [];
                list.Add(ev.Number);
            }
        }
        foreach (var ev in live)
        {
            var seen = new HashSet<int>();
            foreach (var key in keysOf[ev.Number])
            {
                var list = byKey[key];
                if (list.Count > MaxEventsPerPairKey)
                    continue;
                foreach (int earlier in list)
                {
                    if (earlier >= ev.Number)
                        break;
                    if (seen.Add(earlier))
                        yield return (earlier, ev.Number);
                }
            }
        }
    }

    /// <summary>
    /// A term that more events than this hold among their strongest pairs them with nothing in particular: the
    /// passes skip it, which keeps their pairs in proportion to the events rather than to their square.
    /// </summary>
    private const int MaxEventsPerPairKey = 64;

    /// <summary>Body terms of an event's centroid that the storyline pass indexes, besides its title terms.</summary>
    private const int IndexedTermsPerEvent = 30;

    /// <summary>The article's date for event purposes: the day of what it reports, else the earliest day the text allows.</summary>
    private static (DateOnly? Day, bool LowerBoundOnly) EventDate(Fingerprint f) =>
        f.EventDay is { } day ? (day, false) : (f.WrittenNoEarlierThan, true);

    private bool TimeExcluded(EventCluster ev, (DateOnly? Day, bool LowerBoundOnly) when)
    {
        if (when.Day is not { } day || ev.First is not { } first || ev.Last is not { } last)
            return false;
        if (day.DayNumber - last.DayNumber > _options.MaxGapDays)
            return true;
        // An article dated well before the event began reports something else (a lower bound cannot say that).
        return !when.LowerBoundOnly && first.DayNumber - day.DayNumber > _options.MaxGapDays;
    }

    private static void Absorb(EventCluster ev, TermVector vector, TermVector titleVector, (DateOnly? Day, bool LowerBoundOnly) when)
    {
        ev.Centroid.AddUnit(vector);
        ev.TitleCentroid.AddUnit(titleVector);
        if (when.Day is { } day && !when.LowerBoundOnly)
            (ev.First, ev.Last) = (Earliest(ev.First, day), Latest(ev.Last, day));
        else if (when.Day is { } bound && ev.First is null)
            (ev.First, ev.Last) = (bound, bound);
    }

    private Dictionary<string, double> Features(Fingerprint f)
    {
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (term, count) in f.Terms)
            features[term] = 1 + Math.Log(count);
        foreach (var entity in f.Entities)
            features["@" + entity.Key] = _options.EntityWeight * (1 + Math.Log(entity.Mentions));
        return features;
    }

    /// <summary>
    /// Smoothed IDF from the documents seen so far, so the clusterer can run as a stream; the strongest terms first
    /// (ties in ordinal order of the term, so runs repeat), keyed by term number.
    /// </summary>
    private Dictionary<int, double> Weigh(Dictionary<string, double> features)
    {
        var weighted = features
            .Select(kv => (kv.Key, Number: TermNumber(kv.Key), kv.Value))
            .Select(x => (x.Key, x.Number, Weight: x.Value * (Math.Log((1.0 + _documents) / (1.0 + _documentFrequency[x.Number])) + 1.0)))
            .OrderByDescending(x => x.Weight).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Take(_options.KeywordsPerArticle);
        return weighted.ToDictionary(x => x.Number, x => x.Weight);
    }

    private int TermNumber(string term)
    {
        if (!_termNumbers.TryGetValue(term, out int number))
        {
            _termNumbers[term] = number = _termNumbers.Count;
            _documentFrequency.Add(0);
        }
        return number;
    }

    /// <summary>
    /// A weak similarity still says which event an article belongs to when it stands out: a short report shares few
    /// terms with anything, but several times more with its own event than with any other. Only an event that
    /// <see cref="ClearWinnerMembers"/> reports already define counts: one article's terms are too thin a centroid
    /// for a weak match with them to mean much.
    /// </summary>
    private bool IsClearWinner(double best, double runnerUp) =>
        best >= _options.ClearWinnerThreshold && best >= _options.ClearWinnerRatio * runnerUp;

    private const int ClearWinnerMembers = 2;

    /// <summary>Body and title similarity, weighed; without a title on either side the body decides alone, since a missing headline is no evidence against.</summary>
    private static double Blend(double body, TermVector titleA, TermVector titleB, double titleWeight) =>
        titleA.Count == 0 || titleB.Count == 0 ? body : (1 - titleWeight) * body + titleWeight * titleA.Cosine(titleB);
}
