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
    internal Dictionary<string, double> Centroid { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, double> TitleCentroid { get; } = new(StringComparer.Ordinal);
}

/// <summary>Why an article went where it went: every candidate's score and the decision.</summary>
public sealed record PlacementTrace(string ArticleId, IReadOnlyList<(int Event, double Score, bool TimeExcluded)> Candidates, int Chosen, string Reason);

/// <summary>
/// Online clustering of articles into events, in arrival order. Each article is scored against live events by
/// TF-IDF cosine over terms and named entities plus title similarity; time decides whether a similar event can
/// still be joined. A copy always joins its original's event. An event that time keeps apart but that is as similar
/// as a joinable one starts a new event in the same storyline (`recurs`).
/// </summary>
public sealed class EventClusterer(EventClustererOptions? options = null)
{
    private readonly EventClustererOptions _options = options ?? EventClustererOptions.Default;
    private readonly List<EventCluster> _events = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _eventOf = new(StringComparer.Ordinal);
    private int _documents;

    public IReadOnlyList<EventCluster> Events => _events;
    public List<PlacementTrace> Traces { get; } = [];

    public int Add(Fingerprint article, CopyGraph copies)
    {
        var features = Features(article);
        _documents++;
        foreach (var key in features.Keys)
            _documentFrequency[key] = _documentFrequency.GetValueOrDefault(key) + 1;
        var vector = Weigh(features);
        var titleVector = Weigh(article.TitleTerms.ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal));

        int chosen = -1;
        string reason;
        var scored = new List<(int Event, double Score, bool TimeExcluded)>();
        string origin = copies.OriginOf(article.Id);
        var copyEvent = copies.PartnersOf(article.Id)
            .Append(origin)
            .Where(id => id != article.Id && _eventOf.ContainsKey(id))
            .Select(id => _eventOf[id])
            .DefaultIfEmpty(-1)
            .Min();
        var when = EventDate(article);
        foreach (var ev in _events)
        {
            double score = (1 - _options.TitleWeight) * Cosine(vector, ev.Centroid) + _options.TitleWeight * Cosine(titleVector, ev.TitleCentroid);
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
            if (best.Item1 >= 0 && best.Item2 >= _options.JoinThreshold)
            {
                chosen = best.Item1;
                reason = $"best score {best.Item2:0.###} >= join threshold {_options.JoinThreshold}";
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
            LinkNewEvent(target, scored);
        }
        target.Members.Add(article);
        Absorb(target, vector, titleVector, when);
        _eventOf[article.Id] = target.Number;
        Traces.Add(new PlacementTrace(article.Id, scored, target.Number, chosen >= 0 ? reason : reason + "; new event"));
        return target.Number;
    }

    private void LinkNewEvent(EventCluster target, List<(int Event, double Score, bool TimeExcluded)> scored)
    {
        var recurring = scored.Where(s => s.TimeExcluded && s.Score >= _options.StorylineThreshold)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Event).ToList();
        if (recurring.Count > 0)
        {
            var earlier = _events[recurring[0].Event];
            target.Storyline = earlier.Storyline;
            target.Links.Add(new EventLink(earlier.Number, "recurs"));
            earlier.Links.Add(new EventLink(target.Number, "recurs"));
        }
        foreach (var s in scored.Where(s => s.Score >= _options.RelatedThreshold && (recurring.Count == 0 || s.Event != recurring[0].Event))
                     .OrderByDescending(s => s.Score).ThenBy(s => s.Event).Take(3))
        {
            target.Links.Add(new EventLink(s.Event, "related"));
            _events[s.Event].Links.Add(new EventLink(target.Number, "related"));
        }
    }

    /// <summary>The article's date for event purposes: publication day, else the earliest day the text allows.</summary>
    private static (DateOnly? Day, bool LowerBoundOnly) EventDate(Fingerprint f) =>
        f.Article.Published is { } p ? (p.Day, false) : (f.WrittenNoEarlierThan, true);

    private bool TimeExcluded(EventCluster ev, (DateOnly? Day, bool LowerBoundOnly) when)
    {
        if (when.Day is not { } day || ev.First is not { } first || ev.Last is not { } last)
            return false;
        if (day.DayNumber - last.DayNumber > _options.MaxGapDays)
            return true;
        // An article dated well before the event began reports something else (a lower bound cannot say that).
        return !when.LowerBoundOnly && first.DayNumber - day.DayNumber > _options.MaxGapDays;
    }

    private static void Absorb(EventCluster ev, Dictionary<string, double> vector, Dictionary<string, double> titleVector, (DateOnly? Day, bool LowerBoundOnly) when)
    {
        Accumulate(ev.Centroid, vector);
        Accumulate(ev.TitleCentroid, titleVector);
        if (when.Day is { } day && !when.LowerBoundOnly)
        {
            ev.First = ev.First is { } f && f <= day ? f : day;
            ev.Last = ev.Last is { } l && l >= day ? l : day;
        }
        else if (when.Day is { } bound && ev.First is null)
        {
            (ev.First, ev.Last) = (bound, bound);
        }
    }

    /// <summary>Adds the unit-length vector, so a long article weighs no more in its event than a short one.</summary>
    private static void Accumulate(Dictionary<string, double> centroid, Dictionary<string, double> vector)
    {
        double norm = Math.Sqrt(vector.Values.Sum(v => v * v));
        if (norm == 0)
            return;
        foreach (var (k, v) in vector)
            centroid[k] = centroid.GetValueOrDefault(k) + v / norm;
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

    /// <summary>Smoothed IDF from the documents seen so far, so the clusterer can run as a stream.</summary>
    private Dictionary<string, double> Weigh(Dictionary<string, double> features)
    {
        var weighted = features
            .Select(kv => (kv.Key, Weight: kv.Value * (Math.Log((1.0 + _documents) / (1.0 + _documentFrequency.GetValueOrDefault(kv.Key))) + 1.0)))
            .OrderByDescending(x => x.Weight).ThenBy(x => x.Key, StringComparer.Ordinal)
            .Take(_options.KeywordsPerArticle);
        return weighted.ToDictionary(x => x.Key, x => x.Weight, StringComparer.Ordinal);
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
            return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        double dot = 0;
        foreach (var (k, v) in small)
        {
            if (large.TryGetValue(k, out var w))
                dot += v * w;
        }
        double na = Math.Sqrt(a.Values.Sum(v => v * v)), nb = Math.Sqrt(b.Values.Sum(v => v * v));
        return dot / (na * nb);
    }
}
