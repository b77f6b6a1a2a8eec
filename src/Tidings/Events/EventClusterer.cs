using System.Globalization;
using System.Text.RegularExpressions;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Events;

/// <summary>
/// Why an article went where it went: every candidate's score, whether a rule excluded it (time, the names that keep two
/// happenings apart, or an established event's higher threshold), and the decision.
/// </summary>
public sealed record PlacementTrace(string ArticleId, IReadOnlyList<(int Event, double Score, bool Excluded)> Candidates, int Chosen, string Reason)
{
    /// <summary>Each candidate event's first article when the article was placed: what names the event for a reader.</summary>
    public IReadOnlyDictionary<int, string> FirstArticleOf { get; init; } = new Dictionary<int, string>();
}

/// <summary>
/// Online clustering of articles into events, in arrival order. Each article is scored against live events by
/// TF-IDF cosine over terms and named entities plus title similarity; time decides whether a similar event can
/// still be joined. A copy always joins its original's event. The passes of <see cref="EndBatch"/> (also run every
/// <see cref="EventClustererOptions.RetireEveryArticles"/> articles, on the events touched since) split, merge and chain
/// events into storylines; events idle past the horizon then retire to an <see cref="IEventArchive"/>.
/// </summary>
public sealed partial class EventClusterer
{
    private readonly EventClustererOptions _options;
    private readonly IEventArchive _archive;

    /// <summary>The live events by number: those retired are in the archive, those merged away nowhere.</summary>
    private readonly LiveEventTable _live;
    /// <summary>Terms by number: vectors hold numbers, which hash and compare far faster than strings.</summary>
    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);
    /// <summary>Terms by number, the strings <see cref="_termNumbers"/> holds: what compares two names written differently.</summary>
    private readonly List<string> _termText = [];
    /// <summary>Names' words, by term, as <see cref="PersonOrStreetWords"/> reads them; filled as names are compared and
    /// emptied at each sweep, so that it holds the names of the events in play, not of the stream.</summary>
    private readonly Dictionary<int, string[]?> _nameWords = [];
    private readonly List<int> _documentFrequency = [];
    /// <summary>What each term, by number, names, if it is a name of several words (see <see cref="NameKindOf"/>).</summary>
    private readonly List<NameKind> _nameKind = [];
    /// <summary>The event of each article of a live event; what a copy follows to its original's event.</summary>
    private readonly Dictionary<string, int> _eventOf = new(StringComparer.Ordinal);

    /// <summary>Live events by the terms they are indexed under (see <see cref="LiveCandidates"/>): here, or in shards.</summary>
    private IEventPostings _postings;
    private readonly IEventIndexShards? _shards;

    /// <summary>Each article's features, computed by <see cref="LookAhead"/> for its look-up keys and kept for <see cref="Add(Fingerprint, IEnumerable{string}, out string)"/>.</summary>
    private readonly Dictionary<Fingerprint, Dictionary<string, double>> _foreseen = new(ReferenceEqualityComparer.Instance);
    private DateOnly? _newest;
    private int _sinceSweep;
    private int _documents;

    /// <param name="options">How articles are scored and events kept.</param>
    /// <param name="archive">Where retired events go.</param>
    /// <param name="shards">
    /// Keeps the event-candidate index in these shards rather than in the clusterer: the events placed are the same.
    /// The caller then tells the clusterer ahead which articles come next (<see cref="LookAhead"/>), so that a window of
    /// them costs one exchange with the shards.
    /// </param>
    /// <param name="liveEvents">
    /// Keeps the live events in these shards rather than in the clusterer, which holds only those it read lately: the
    /// events placed are the same. Each <see cref="LookAhead"/> sends the shards the events changed since the last.
    /// </param>
    public EventClusterer(EventClustererOptions? options = null, IEventArchive? archive = null, IEventIndexShards? shards = null, ILiveEventShards? liveEvents = null)
    {
        _options = options ?? EventClustererOptions.Default;
        _archive = archive ?? new InMemoryEventArchive();
        _shards = shards;
        _live = new LiveEventTable(liveEvents);
        _postings = NewPostings([]);
    }

    private IEventPostings NewPostings(IEnumerable<(int Event, IReadOnlyCollection<int> Keys)> filed) =>
        _shards is null ? new LocalEventPostings(filed) : new ShardedEventPostings(_shards, filed);

    /// <summary>
    /// With the index in shards, the keys read on their own: not named by <see cref="LookAhead"/>, or a key the shard
    /// had too many events under to send that the window's own changes brought back under the cap.
    /// </summary>
    public long EventIndexMisses => (_postings as ShardedEventPostings)?.Misses ?? 0;

    /// <summary>
    /// With the index in shards, reads ahead, in one exchange, the keys these articles will look up when they are added
    /// next, in this order; the changes made since the last exchange go with it. An article's look-up keys are its
    /// strongest terms, weighed by the document frequencies it will see, which only the articles before it change:
    /// they are foreseen exactly. With live events in shards, first sends them the events changed since the last
    /// window. Without shards, nothing to do.
    /// </summary>
    public void LookAhead(IReadOnlyList<Fingerprint> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _foreseen.Clear();
        _live.Exchange();
        if (_shards is null)
            return;
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        int DocumentFrequency(string term) => (_termNumbers.TryGetValue(term, out int number) ? _documentFrequency[number] : 0) + counted.GetValueOrDefault(term);
        var keys = new HashSet<int>();
        int documents = _documents;
        foreach (var article in articles)
        {
            var features = Features(article);
            _foreseen[article] = features;
            documents++;
            foreach (string term in features.Keys)
                counted[term] = counted.GetValueOrDefault(term) + 1;
            var body = StrongestFirst([.. features.Select(kv => new Feature(kv.Key, -1, kv.Value))], documents, f => DocumentFrequency(f.Term));
            var title = StrongestFirst([.. TitleTerms(article).Select(t => new Feature(t, -1, 1.0))], documents, f => DocumentFrequency(f.Term));
            foreach (var feature in body.Take(QueryTermsPerArticle).Concat(title))
            {
                if (_termNumbers.TryGetValue(feature.Term, out int number))
                    keys.Add(number);
            }
        }
        _postings.Expect(keys, _termNumbers.Count);
    }

    /// <summary>The placements of the articles named in <see cref="EventClustererOptions.Traced"/>.</summary>
    public List<PlacementTrace> Traces { get; } = [];

    /// <summary>Events still open to new articles: what the index holds and what an article's cost depends on.</summary>
    public int LiveEvents => _live.Count;

    /// <summary>With live events in shards, those read on their own: not held when an article or a pass needed them.</summary>
    public long LiveEventReads => _live.Reads;

    /// <summary>Events retired to the archive.</summary>
    public int RetiredEvents => _archive.Count;

    /// <summary>Places an article given the copy graph of a batch: it follows its copy partners and its group's original.</summary>
    public int Add(Fingerprint article, CopyGraph copies) =>
        Add(article, copies.PartnersOf(article.Id).Append(copies.OriginOf(article.Id)));

    /// <summary>
    /// Places an article in an event and returns the event's number. <paramref name="copiedFrom"/> names the earlier
    /// articles it copies or that copy it (its copy partners and its group's original, as far as they are known when
    /// it arrives): a copy joins the earliest live event among them.
    /// </summary>
    public int Add(Fingerprint article, IEnumerable<string> copiedFrom) => Add(article, copiedFrom, out _);

    /// <summary>
    /// Places an article as <see cref="Add(Fingerprint, IEnumerable{string})"/> does; <paramref name="reason"/> says why
    /// it joined the event it did (the score that decided, or that none could), which a store keeps for a story's trace.
    /// </summary>
    public int Add(Fingerprint article, IEnumerable<string> copiedFrom, out string reason)
    {
        if (!_foreseen.Remove(article, out var raw))
        {
            // Not looked ahead: with shards, this article is its own window.
            if (_shards is not null || _live.Sharded)
                LookAhead([article]);
            if (!_foreseen.Remove(article, out raw))
                raw = Features(article);
        }
        var features = Numbered(raw);
        _documents++;
        foreach (var feature in features)
            _documentFrequency[feature.Number]++;
        var vector = new TermVector(Weigh(features));
        var titleVector = new TermVector(Weigh(Numbered(TitleTerms(article).Select(t => KeyValuePair.Create(t, 1.0)))));

        int chosen = -1;
        var scored = new List<(int Event, double Score, bool Excluded)>();
        var when = EventDate(article);
        List<string[]>? names = null;
        List<string[]> Names() => names ??= PersonAndStreetNames(vector.Keys);
        // A copy joins its original's event, unless time rules that event out or it is another happening of the same
        // kind: two transcripts sharing a publisher's disclaimer two years apart are a partial copy of each other, and
        // one paper's formulaic reports of two shootings weeks apart a rewrite, not one happening.
        var copied = copiedFrom.Where(id => id != article.Id && _eventOf.ContainsKey(id)).ToList();
        var candidates = LiveCandidates(vector, titleVector);
        _live.Prefetch(copied.Select(id => _eventOf[id]).Concat(candidates));
        var copyEvent = copied
            .Where(id => !TimeExcluded(Live(_eventOf[id]), when) && !Apart(vector, when, Live(_eventOf[id]), Names))
            .Select(id => _eventOf[id])
            .DefaultIfEmpty(-1)
            .Min();
        foreach (int number in candidates)
        {
            var ev = Live(number);
            double score = Blend(vector.Cosine(ev.Centroid), titleVector, ev.TitleCentroid, _options.TitleWeight);
            scored.Add((ev.Number, Math.Round(score, 4), TimeExcluded(ev, when) || score < Threshold(ev.Members.Count)
                || Apart(vector, when, ev, score >= Math.Min(_options.JoinThreshold, _options.ClearWinnerThreshold) ? Names : null)));
        }
        if (copyEvent >= 0)
        {
            chosen = copyEvent;
            reason = "copy of an article in this event";
        }
        else
        {
            var best = scored.Where(s => !s.Excluded).OrderByDescending(s => s.Score).ThenBy(s => s.Event).FirstOrDefault((-1, 0, false));
            double runnerUp = scored.Where(s => s.Event != best.Item1).Select(s => s.Score).DefaultIfEmpty(0).Max();
            if (best.Item1 >= 0 && best.Item2 >= _options.JoinThreshold)
            {
                chosen = best.Item1;
                reason = $"best score {best.Item2:0.###} >= join threshold {_options.JoinThreshold}";
            }
            else if (best.Item1 >= 0 && Live(best.Item1).Members.Count >= ClearWinnerMembers && IsClearWinner(best.Item2, runnerUp))
            {
                chosen = best.Item1;
                reason = $"best score {best.Item2:0.###} is {_options.ClearWinnerRatio} times any other event's ({runnerUp:0.###})";
            }
            else
            {
                reason = best.Item1 >= 0 ? $"best joinable score {best.Item2:0.###} below join threshold" : "no joinable event";
            }
        }
        if (chosen < 0)
            reason += "; new event";
        var target = chosen >= 0 ? Live(chosen) : NewEvent();
        target.Members.Add(new EventMember(article.Id, when.LowerBoundOnly ? null : when.Day));
        _firstArticle[target.Number] ??= article.Id;
        // The vector holds its terms strongest first (see Weigh), so its first terms are its strongest.
        target.MemberTerms.Add(new MemberTerms(new TermSketch(vector.Weights.Take(TermsPerMember)), new TermSketch(titleVector.Weights), vector.Norm));
        Absorb(target, vector, titleVector, when);
        if (article.RecalledDay is { } recalled)
            target.Recall(recalled);
        Index(target, vector.Keys.Take(IndexedTermsPerArticle).Concat(titleVector.Keys));
        _eventOf[article.Id] = target.Number;
        _touched.Add(target.Number);
        _changed.Add(target.Number);
        if (_options.Traced.Contains(article.Id))
            Traces.Add(new PlacementTrace(article.Id, scored, target.Number, reason)
            {
                FirstArticleOf = scored.Select(c => c.Event).Append(target.Number).Distinct().ToDictionary(e => e, e => Live(e).Members[0].Id),
            });
        if (when is { Day: { } day, LowerBoundOnly: false } && (_newest is not { } newest || day > newest))
            _newest = day;
        if (++_sinceSweep >= _options.RetireEveryArticles)
        {
            RunPasses();
            RetireIdleEvents();
            _nameWords.Clear();
            Sweeps++;
        }
        return target.Number;
    }

    /// <summary>
    /// Periodic sweeps run by this instance (not counted in its state): a writer that checkpoints the state after a
    /// sweep spares the next run repeating it.
    /// </summary>
    public int Sweeps { get; private set; }

    /// <summary>
    /// Ends a batch: splits, merges and chains the events touched since the last pass (see <see cref="RunPasses"/>).
    /// Cheap to call often; a stream calls it whenever it wants its stories up to date. With live events in shards,
    /// then sends them what changed, so that they hold every live event as it stands.
    /// </summary>
    public void EndBatch()
    {
        RunPasses();
        _live.Exchange();
    }

    /// <summary>
    /// Every event that has not been merged away, live or retired, in order of number, with its storyline and links
    /// as the passes left them.
    /// </summary>
    public IReadOnlyList<EventCluster> Events => Current(Enumerable.Range(0, _mergedInto.Count));

    /// <summary>Each member's terms the split pass compares: enough to say whether two reports share a subject.</summary>
    private const int TermsPerMember = 30;

    private EventCluster Live(int number) => _live.Get(number);

    private EventCluster NewEvent()
    {
        var ev = new EventCluster(_mergedInto.Count);
        _live.Add(ev);
        _firstArticle.Add(null);
        _mergedInto.Add(-1);
        _storylineParent.Add(ev.Number);
        return ev;
    }

    /// <summary>
    /// The live events that share one of the article's strongest terms or a title term: only those can reach the join
    /// threshold, and the index keeps an article's cost independent of how many events exist or have retired.
    /// </summary>
    private IEnumerable<int> LiveCandidates(TermVector vector, TermVector titleVector)
    {
        var hits = _hits;
        hits.Clear();
        foreach (var key in vector.Keys.Take(QueryTermsPerArticle).Concat(titleVector.Keys).Distinct())
        {
            if (_postings.EventsUnder(key, MaxEventsPerKey) is not { } events)
                continue;
            foreach (int number in events)
                hits.Add(number);
        }
        return hits.MostHits(MaxScoredEvents);
    }

    /// <summary>
    /// Hits per event of the current lookup (<see cref="LiveCandidates"/>, <see cref="Partners"/>): one counter for the
    /// clusterer, which every article and pass is looked up through on one thread, rather than a new one for each
    /// (half a gigabyte of garbage on 20,000 articles).
    /// </summary>
    private readonly HitCounter _hits = new();

    /// <summary>
    /// A term that more live events than this are indexed under is as common as a stopword among them: it points
    /// nowhere, and reading its postings would cost more than everything else.
    /// </summary>
    internal const int MaxEventsPerKey = 100;

    /// <summary>Candidates scored per article, those sharing the most lookup terms first: the event it belongs to shares many (8, 16, 32 and 64 give the same dev figures; each doubling halves the speed).</summary>
    private const int MaxScoredEvents = 8;

    private void Index(EventCluster ev, IEnumerable<int> keys)
    {
        foreach (var key in keys)
        {
            if (ev.IndexKeys.Add(key))
                _postings.Add(key, ev.Number);
        }
    }

    private void Unindex(EventCluster ev)
    {
        foreach (var key in ev.IndexKeys)
            _postings.Remove(key, ev.Number);
        ev.IndexKeys.Clear();
    }

    /// <summary>
    /// Retires the events no article can join any more (their latest article is more than
    /// <see cref="EventClustererOptions.MaxGapDays"/> older than the newest seen): they leave the index and memory for
    /// the archive, trimmed to the terms the passes read, so memory follows the live events, not the corpus.
    /// </summary>
    private void RetireIdleEvents()
    {
        _sinceSweep = 0;
        if (_newest is not { } newest)
            return;
        var idle = _live.Numbers.Where(n => _live.SpanOf(n).Last is { } last && newest.DayNumber - last.DayNumber > _options.MaxGapDays).ToList();
        _archive.Preload(idle);
        _live.Prefetch(idle);
        foreach (int number in idle)
        {
            var ev = Live(number);
            Unindex(ev);
            ev.Retired = true;
            foreach (var member in ev.Members)
                _eventOf.Remove(member.Id);
            ev.MemberTerms.Clear();
            ev.Centroid.KeepStrongest(RetainedTermsPerEvent);
            RetireSketch(ev);
            _archive.Put(ev);
            _live.Remove(number);
        }
    }

    /// <summary>
    /// Brings a retired event back from the archive, as when a live event merges with it: it is indexed again under
    /// its strongest terms (its members' own terms are gone), so articles can join it.
    /// </summary>
    private EventCluster Revive(int number)
    {
        var ev = _archive.Get(number) ?? throw new InvalidOperationException($"event {number} is not archived");
        _archive.Remove(number);
        ev.Retired = false;
        _live.Add(ev);
        foreach (var member in ev.Members)
            _eventOf[member.Id] = number;
        Index(ev, ev.Centroid.Strongest(IndexedTermsPerArticle).Concat(ev.TitleCentroid.Keys));
        ReviveSketch(ev);
        return ev;
    }

    /// <summary>Terms of an article that look up candidate events: its strongest, which name what it reports.</summary>
    private const int QueryTermsPerArticle = 30;

    /// <summary>Terms of each member under which an event is indexed.</summary>
    private const int IndexedTermsPerArticle = 30;

    /// <summary>Centroid terms a retired event keeps for the passes, which read its strongest.</summary>
    private const int RetainedTermsPerEvent = 200;

    private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is { } x && b is { } y ? (x <= y ? x : y) : a ?? b;

    private static DateOnly? Latest(DateOnly? a, DateOnly? b) => a is { } x && b is { } y ? (x >= y ? x : y) : a ?? b;

    /// <summary>The article's date for event purposes: the day of what it reports, its publication day, else the earliest day the text allows.</summary>
    private static (DateOnly? Day, bool LowerBoundOnly) EventDate(Fingerprint f) =>
        (f.EventDay ?? f.Article.Published?.Day) is { } day ? (day, false) : (f.WrittenNoEarlierThan, true);

    /// <summary>
    /// Whether an article can only report another happening than the event's: both name several specific things
    /// (victims, streets) and none of them the same, even written another way (see <see cref="NameForms"/>; on the GVA
    /// dev set, "Victoria Irene Whitehurst" and "Victoria Whitehurst", "Taleik" and "Taliek Bristel" had kept 30 reports
    /// from their shootings' events, and 6 from another's), or the article is dated more than
    /// <see cref="EventClustererOptions.SameEventDays"/> outside the event's span and shares no specific name with it.
    /// Reported days after the event's first report, the article shares a name only where it weighs in both (see
    /// <see cref="DaysApartSharedNameWeight"/>): a report of the next shooting in town that recalls the last one's
    /// victim or suspect in a sentence had joined its event. On the GVA dev set this took pairwise precision from 0.899
    /// to 0.912 (F1 0.817 to 0.820; 0.2 and 0.3 of the strongest weight gave 0.820 and 0.821).
    /// </summary>
    /// <param name="article">The article's weighted terms, strongest first.</param>
    /// <param name="when">The article's date.</param>
    /// <param name="ev">The event.</param>
    /// <param name="names">The article's names of people and streets (<see cref="PersonAndStreetNames"/>), read when
    /// first asked for, where a name written another way should count: null where the event scores too low to be joined
    /// anyway, since comparing names written differently reads every name of the event.</param>
    private bool Apart(TermVector article, (DateOnly? Day, bool LowerBoundOnly) when, EventCluster ev, Func<List<string[]>>? names)
    {
        // Both checks that read the event's names beyond the article's own run only where it could be joined (names given).
        if (names is not null && OtherCompanies(article.Keys, ev.Centroid.Keys, ev.Centroid.Weights.ContainsKey))
            return true;
        // An event none of whose reports carries a date, met by a report that does (or whose text gives a lower bound):
        // nothing says they are of one time, so their names must, and more than one (see UndatedEventSharedNames).
        bool undatedEvent = when.Day is not null && ev.First is null;
        bool daysApart = undatedEvent || (when is { Day: { } reported, LowerBoundOnly: false } && ev.First is { } began
            && Math.Abs(reported.DayNumber - began.DayNumber) > _options.SameEventDays);
        // Read at the first shared name, which few of the events an article is scored against hold.
        double articleFloor = -1, eventFloor = -1;
        bool WeighsInBoth(int term, double eventWeight)
        {
            if (articleFloor < 0)
                (articleFloor, eventFloor) = (DaysApartSharedNameWeight * article.Weights.First().Value, DaysApartSharedNameWeight * ev.Centroid.Weights.Values.Max());
            return article.Weights[term] >= articleFloor && eventWeight >= eventFloor;
        }
        int own = 0, shared = 0;
        foreach (int term in article.Keys)
        {
            if (!IsSpecificName(term))
                continue;
            own++;
            // A neighbourhood or a hospital is where many shootings happen and are treated: sharing one is no sign of
            // one happening.
            if (_nameKind[term] == NameKind.Identifying && ev.Centroid.Weights.TryGetValue(term, out double weight) && (!daysApart || WeighsInBoth(term, weight)))
                shared++;
        }
        if (shared >= (undatedEvent ? UndatedEventSharedNames : 1))
            return false;
        if (undatedEvent)
            return true;
        bool datedApart = when is { Day: { } day, LowerBoundOnly: false } && ev.First is { } first && ev.Last is { } last
            && (day.DayNumber < first.DayNumber - _options.SameEventDays || day.DayNumber > last.DayNumber + _options.SameEventDays);
        int distinct = when is { Day: not null, LowerBoundOnly: false } && ev.First is not null ? _options.DistinctNames : _options.UndatedDistinctNames;
        // A name written another way answers only the names: across days it is weaker evidence than the same words
        // ("Police Chief James Craig" speaks of every shooting in Detroit), and letting it bridge days took the GVA dev
        // set's pairwise precision from 0.873 to 0.842.
        return datedApart || (own >= distinct && NamesManySpecificThings(ev.Centroid.Keys, distinct) && !(names is not null && SharesNameInOtherWords(names(), ev.Centroid.Keys)));
    }

    /// <summary>
    /// The names weighing in both (see <see cref="DaysApartSharedNameWeight"/>) that a dated report must share with an
    /// event none of whose reports carries a date to join it. The thing both are about is one name (the product patched,
    /// "Internet Explorer"; the law amended, "Endangered Species Act"), the people and places of one happening several:
    /// on ECB+, whose 2008 reports carry no dates and whose later reports of the same kind of happening mostly do, an
    /// undated event had taken in the next one's dated reports, then, dated by them, the rest. Requiring two took its
    /// pairwise F1 from 0.873 to 0.899 (precision 0.883 to 0.974, recall 0.864 to 0.835); one name gave 0.878, and keeping
    /// out only reports with a publication date, not those dated by their text, 0.885. The GVA and Giveme5W1H sets,
    /// dated throughout, are unchanged.
    /// </summary>
    private const int UndatedEventSharedNames = 2;

    /// <summary>
    /// Whether the two name a specific person or street alike though written differently: one with a title, a middle
    /// name or a home town and the other without, or a given name or street name spelt a letter or two apart.
    /// </summary>
    private bool SharesNameInOtherWords(List<string[]> ours, IEnumerable<int> theirs)
    {
        if (ours.Count == 0)
            return false;
        foreach (int term in theirs)
        {
            if (IsSpecificName(term) && PersonOrStreetWords(term) is { } words && Distinguishes(words)
                && ours.Exists(o => NameForms.SameAllowingSpelling(o, words)))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether the word that tells this person or street from others (the surname; the street's own name) is itself
    /// rare among the reports: "Co Ltd" within "Etsu Chemical Co Ltd", "National Bank" within "Swiss National Bank" or
    /// "James Craig", Detroit's police chief, within "Police Chief James Craig" name many things, not one.
    /// </summary>
    private bool Distinguishes(string[] words)
    {
        string word = words.Length >= 2 && StreetWords.Contains(words[^1]) ? words[^2] : words[^1];
        return word.Length >= 3
            && (!_termNumbers.TryGetValue(TextTokenizer.Stem(word), out int term) || _documentFrequency[term] <= _options.SpecificNameDocuments);
    }

    /// <summary>
    /// The article's specific names of people and streets that <see cref="Distinguishes"/> them, as
    /// <see cref="NameForms.Words"/>, once for all the events it is scored against (document frequencies do not change
    /// while one article is placed).
    /// </summary>
    private List<string[]> PersonAndStreetNames(IEnumerable<int> terms) =>
        [.. terms.Where(IsSpecificName).Select(PersonOrStreetWords).OfType<string[]>().Where(Distinguishes)];

    /// <summary>
    /// The name's words (see <see cref="NameForms.Words"/>) where, cut to its <see cref="NameForms.Core"/>, it still
    /// names a person or a street rather than an area; null otherwise. Read once per name: a large event's centroid
    /// holds hundreds of names and is compared with many articles.
    /// </summary>
    private string[]? PersonOrStreetWords(int term)
    {
        if (!_nameWords.TryGetValue(term, out var words))
        {
            string name = _termText[term][1..];
            _nameWords[term] = words = NameKindOf(NamePrefix + NameForms.Core(name)) == NameKind.Identifying ? NameForms.Words(name) : null;
        }
        return words;
    }

    /// <summary>
    /// Whether both name companies by their stock-exchange listing ("Champion Products &lt;CH&gt;", "&lt;CLARY CORP&gt;",
    /// as financial wires write them) and none the same: one company's quarterly results are not another's, however
    /// alike the tables read. Reuters' 1987 wire had made one event of 2,133 results, dividends and splits.
    /// </summary>
    private bool OtherCompanies(IEnumerable<int> a, IEnumerable<int> b, Func<int, bool> bHolds)
    {
        bool ours = false;
        foreach (int term in a)
        {
            if (_nameKind[term] != NameKind.Listing)
                continue;
            if (bHolds(term))
                return false;
            ours = true;
        }
        return ours && b.Any(term => _nameKind[term] == NameKind.Listing);
    }

    /// <summary>The listings an article names: a ticker or an unlisted company's name in angle brackets, upper case.</summary>
    private static IEnumerable<string> Listings(Article article) =>
        Listing().Matches(article.Title ?? string.Empty).Concat(Listing().Matches(article.Text))
            .Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"<([A-Z][A-Z0-9.&' -]{0,40}[A-Z0-9.])>", RegexOptions.CultureInvariant)]
    private static partial Regex Listing();

    /// <summary>Prefix of a listing's feature (see <see cref="Listings"/>).</summary>
    private const char ListingPrefix = '$';

    private bool IsSpecificName(int term) => _nameKind[term] is NameKind.Identifying or NameKind.Area && _documentFrequency[term] <= _options.SpecificNameDocuments;

    /// <summary>A specific name that, shared, says two reports tell of one happening: a person or a street, not an area.</summary>
    private bool IsIdentifyingName(int term) => _nameKind[term] == NameKind.Identifying && _documentFrequency[term] <= _options.SpecificNameDocuments;

    /// <summary>
    /// Whether these terms hold <paramref name="distinct"/> specific names; it stops counting there,
    /// since a large event's centroid holds thousands of terms and is asked for every article it is scored against.
    /// </summary>
    private bool NamesManySpecificThings(IEnumerable<int> terms, int distinct) =>
        terms.Where(IsSpecificName).Take(distinct).Count() >= distinct;

    private enum NameKind : byte { None, Identifying, Area, Listing }

    /// <summary>
    /// Only a name of several words can be specific: a capitalised single word is as often a sentence's first word
    /// ("Witnesses", "You") or a city as a name, while "Julian Sims" or "Versailles Avenue" names one thing. Of those,
    /// an area or an institution ("Humboldt Park", "Stroger Hospital") is where many happenings take place, so it
    /// tells two apart but does not make them one.
    /// </summary>
    private static NameKind NameKindOf(string term)
    {
        if (term.StartsWith(ListingPrefix))
            return NameKind.Listing;
        bool official = term.StartsWith(OfficialPrefix);
        if (!(official || term.StartsWith(NamePrefix)) || !term.Contains(' ', StringComparison.Ordinal))
            return NameKind.None;
        if (official)
            return NameKind.Area;
        var words = term[1..].Split(' ');
        if (Array.Exists(words, PageFurnitureWords.Contains))
            return NameKind.None;
        if (Array.Exists(words, InstitutionWords.Contains))
            return NameKind.Area;
        string last = words[^1];
        if (StreetWords.Contains(last))
            return NameKind.Identifying;
        string first = words[0];
        // "Bureau of Investigation", "University of Houston", "Town of Wallkill": a body or a place by its kind. A company
        // ("Standard Oil Co") has many happenings (a note issued on Monday, a gas find on Wednesday, a bid a month later):
        // on Reuters' 1987 wire, counting it as an area took the pairs of coded articles in one event with a topic in
        // common from 0.685 to 0.694 and storylines' pairs across events from 0.219 to 0.241; ECB+ 0.906 to 0.905.
        return AreaWords.Contains(last) || NameFinder.IsCompanyForm(last) || AreaLeads.Contains(first) || term.Contains(" of ", StringComparison.Ordinal)
            ? NameKind.Area
            : NameKind.Identifying;
    }

    /// <summary>
    /// Last words of streets: "West Madison Street" is one street, whatever compass word it starts with. Names reach
    /// here written out (see <see cref="StreetForm"/>).
    /// </summary>
    private static readonly HashSet<string> StreetWords = new(StringComparer.Ordinal)
    {
        "street", "avenue", "road", "boulevard", "drive", "lane", "way", "place", "court", "terrace", "parkway", "highway",
        "circle", "trail",
    };

    /// <summary>The short forms of <see cref="StreetWords"/> that reports write.</summary>
    private static readonly Dictionary<string, string> StreetAbbreviations = new(StringComparer.Ordinal)
    {
        ["ave"] = "avenue", ["av"] = "avenue", ["st"] = "street", ["rd"] = "road", ["blvd"] = "boulevard", ["ln"] = "lane",
        ["pkwy"] = "parkway", ["hwy"] = "highway", ["dr"] = "drive", ["ct"] = "court", ["pl"] = "place", ["ter"] = "terrace",
        ["cir"] = "circle",
    };

    /// <summary>
    /// First words of names of parts of a city ("North Lawndale", "Downtown Houston", a police "Area North") and of
    /// cities ("San Antonio", "Fort Worth"): every happening there names them.
    /// </summary>
    private static readonly HashSet<string> AreaLeads = new(StringComparer.Ordinal)
    {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "upper", "lower", "downtown", "central",
        "area", "san", "santa", "los", "las", "fort", "saint", "port", "mount", "new",
    };

    /// <summary>Last words of names of areas and institutions, as names appear among terms (lower case).</summary>
    private static readonly HashSet<string> AreaWords = new(StringComparer.Ordinal)
    {
        "park", "side", "village", "heights", "hills", "county", "township", "valley", "beach", "gardens", "square",
        "neighborhood", "neighbourhood", "district", "borough", "city", "hospital", "center", "centre", "department",
        "office", "university", "college", "school", "church", "mall", "apartments", "houses",
        // Those who investigate and report every happening of a place: a coroner, a jail, the tip line every report ends
        // by giving, the local paper (the police, a sheriff and the news are InstitutionWords, wherever in a name).
        "coroner", "examiner", "investigation", "bureau", "agency", "jail", "prison", "patrol", "unit", "team",
        "stoppers", "stopper", "line", "hotline", "tipline", "prevention", "chronicle", "post", "times",
        "tribune", "journal", "herald", "democrat", "gazette", "press", "sun", "star",
    };

    /// <summary>
    /// Words that make a capitalised run a page's furniture, not a name: a widget's heading ("Famous Mug Shots", "News
    /// Headlines"), a share prompt ("Follow CBSDFW"), an attribution cut short ("Police Say").
    /// </summary>
    private static readonly HashSet<string> PageFurnitureWords = new(StringComparer.Ordinal)
    {
        "say", "says", "said", "follow", "headlines", "shots", "photos", "videos", "video", "gallery", "subscribe", "share",
        "click", "comments", "copyright", "rights",
    };

    /// <summary>
    /// Words anywhere in a name that make it an institution every happening of a place involves: its police and their
    /// ranks and units ("Detroit Police Chief James Craig", "HPD Homicide Division", "Police Lt"), its hospitals ("Comer
    /// Children's"), ambulances and broadcasters ("CBS San Francisco"), and the holidays many happenings fall on. Read
    /// as a victim's or a street's name, these and <see cref="PageFurnitureWords"/> had joined shootings weeks apart:
    /// on the GVA dev set they took pairwise precision from 0.912 to 0.933 (F1 0.820 to 0.827).
    /// </summary>
    private static readonly HashSet<string> InstitutionWords = new(StringComparer.Ordinal)
    {
        "police", "sheriff", "lt", "sgt", "capt", "det", "cpl", "chief", "officer", "homicide", "division", "section",
        "children", "ambulance", "fire", "rescue", "ems", "fisheries", "wildlife", "cbs", "nbc", "abc", "fox", "cnn",
        "news", "day", "eve",
    };

    /// <summary>Marks a name among an article's features, so that names and words stay apart in one vocabulary.</summary>
    private const char NamePrefix = '@';

    /// <summary>
    /// Marks the name of an official (see <see cref="NamedEntity.Official"/>): a police spokesman or a judge speaks for
    /// many happenings of a place, so that sharing one is no sign of one happening, while two different ones still tell
    /// two apart. On the GVA dev set this took pairwise precision from 0.933 to 0.955 (F1 0.827 to 0.830); dropping
    /// officials' names altogether cost ECB+, whose celebrities' judges tell two stays in rehab apart, 0.869 to 0.866.
    /// </summary>
    private const char OfficialPrefix = '^';

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
        {
            if (!CalendarTerms.Contains(term))
                features[term] = 1 + Math.Log(count);
        }
        foreach (var entity in f.Entities)
            features[(entity.Official ? OfficialPrefix : NamePrefix) + StreetForm(entity.Key)] = _options.EntityWeight * (1 + Math.Log(entity.Mentions));
        foreach (var listing in Listings(f.Article))
            features[ListingPrefix + listing] = _options.EntityWeight;
        foreach (string age in Ages(f.Article))
            features[AgePrefix + age] = _options.EntityWeight;
        return features;
    }

    private static IEnumerable<string> TitleTerms(Fingerprint f) => f.TitleTerms.Where(t => !CalendarTerms.Contains(t));

    /// <summary>
    /// Month and weekday names, as terms: they say when, which an event's span weighs, not what. As words, monthly figures
    /// and daily tables shared them ("... RISE IN FEBRUARY", "HONG KONG EXCHS NOON - APR 7" and "PARIS SUGAR CLOSING -
    /// APR 07") and chained Reuters' unrelated reports into storylines: without them, the share of a storyline's pairs
    /// across events with a Reuters topic in common rose from 0.126 to 0.276 (chance 0.187), GVA from 0.852 to 0.854.
    /// </summary>
    private static readonly HashSet<string> CalendarTerms = new(
        new[]
        {
            "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        }.Select(TextTokenizer.Stem), StringComparer.Ordinal);

    /// <summary>Marks an age among an article's features (see <see cref="Ages"/>).</summary>
    private const char AgePrefix = '#';

    /// <summary>
    /// The ages the article gives ("a 3-year-old girl", "Three-Year-Old Shot", "an 8-month-old": "3y", "8m"), figures
    /// and words alike: the who of a report that names no one yet, weighed like a name. Numbers are not terms, so that
    /// "a 3-year-old" and "a three-year-old" shared nothing. On the GVA dev set this took pairwise F1 from 0.850 to
    /// 0.854 (precision 0.946 to 0.948); weighed 1.5, 2.5 and 3 times a term, 0.851, 0.855 and 0.851.
    /// </summary>
    internal static IEnumerable<string> Ages(Article article) =>
        Age().Matches(article.Title ?? string.Empty).Concat(Age().Matches(article.Text))
            .Select(m => (Years: AgeOf(m.Groups[1].Value), Unit: char.ToLowerInvariant(m.Groups[2].Value[0])))
            .Where(a => a.Years > 0).Select(a => a.Years.ToString(CultureInfo.InvariantCulture) + a.Unit).Distinct(StringComparer.Ordinal);

    private static int AgeOf(string written) =>
        int.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out int figure) ? figure : Array.IndexOf(NumberWords, written.ToLowerInvariant()) + 1;

    private static readonly string[] NumberWords =
    [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    // The number is read behind "year-old", so that the search runs to the few places that write an age, not to every
    // word that starts with a figure or a number's letter.
    [GeneratedRegex(@"(?<=\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[- ])(year|month)[- ]old\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Age();

    /// <summary>
    /// A name with its street abbreviation written out: one report's "Cedarhurst Ave" is another's "Cedarhurst Avenue",
    /// and only the same name, shared, says two reports tell of one happening.
    /// </summary>
    private static string StreetForm(string name)
    {
        int space = name.LastIndexOf(' ');
        return space >= 0 && StreetAbbreviations.TryGetValue(name[(space + 1)..], out var full)
            ? string.Concat(name.AsSpan(0, space + 1), full)
            : name;
    }

    /// <summary>
    /// Smoothed IDF from the documents seen so far, so the clusterer can run as a stream; the strongest terms first
    /// (ties in ordinal order of the term, so runs repeat), keyed by term number.
    /// </summary>
    private Dictionary<int, double> Weigh(Feature[] features)
    {
        var weighted = StrongestFirst(features, _documents, f => _documentFrequency[f.Number]);
        var strongest = new Dictionary<int, double>(weighted.Length);
        foreach (var feature in weighted)
            strongest.Add(feature.Number, feature.Value);
        return strongest;
    }

    /// <summary>
    /// The features weighed by IDF over <paramref name="documents"/> documents, strongest first, as many as an article
    /// keeps: what <see cref="Weigh"/> keeps, and what <see cref="LookAhead"/> foresees before the terms are numbered.
    /// </summary>
    private Feature[] StrongestFirst(Feature[] features, int documents, Func<Feature, int> documentFrequency)
    {
        var weighted = new Feature[features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            var (term, number, value) = features[i];
            weighted[i] = new Feature(term, number, value * (Math.Log((1.0 + documents) / (1.0 + documentFrequency(features[i]))) + 1.0));
        }
        Array.Sort(weighted, static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Term, b.Term));
        return weighted.Length <= _options.KeywordsPerArticle ? weighted : weighted[.._options.KeywordsPerArticle];
    }

    /// <summary>A term of an article with its number and a value: the count-based weight before weighing, the weight after.</summary>
    private readonly record struct Feature(string Term, int Number, double Value);

    /// <summary>The terms with their numbers, looked up once: an article's hundreds of terms are each counted and weighed.</summary>
    private Feature[] Numbered(IEnumerable<KeyValuePair<string, double>> terms) =>
        [.. terms.Select(kv => new Feature(kv.Key, TermNumber(kv.Key), kv.Value))];

    private int TermNumber(string term)
    {
        if (!_termNumbers.TryGetValue(term, out int number))
        {
            _termNumbers[term] = number = _termNumbers.Count;
            _termText.Add(term);
            _documentFrequency.Add(0);
            _nameKind.Add(NameKindOf(term));
        }
        return number;
    }

    /// <summary>
    /// The similarity below which nothing joins an event of this many reports, beyond the thresholds that apply to all
    /// (see <see cref="EventClustererOptions.EstablishedJoinThreshold"/>); 0 for an event that is not yet established.
    /// </summary>
    private double Threshold(int members) => members >= _options.EstablishedMembers ? _options.EstablishedJoinThreshold : 0;

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
        Blend(body, titleA.Count == 0 || titleB.Count == 0 ? null : titleA.Cosine(titleB), titleWeight);

    /// <summary>The one weighing of body and title similarity that every score uses; without a title similarity the body decides alone.</summary>
    private static double Blend(double body, double? title, double titleWeight) => title is { } t ? (1 - titleWeight) * body + titleWeight * t : body;
}
