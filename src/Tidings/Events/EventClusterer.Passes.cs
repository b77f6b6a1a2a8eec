namespace Tidings.Events;

/// <summary>
/// The passes over events that the online pass cannot make article by article: splitting an event whose articles
/// form two separate groups, merging events the online pass split, and chaining events into storylines. Each pass
/// reads only the events touched since the last (and the events they are compared with), so its cost follows the
/// stream, not the history.
/// </summary>
public sealed partial class EventClusterer
{
    /// <summary>Events that gained, lost or merged articles since the last pass.</summary>
    private readonly HashSet<int> _touched = [];
    /// <summary>For each event number, the event it was merged into, or -1.</summary>
    private readonly List<int> _mergedInto = [];
    /// <summary>Union-find over event numbers: a storyline is a set, named by its smallest (oldest) number.</summary>
    private readonly List<int> _storylineParent = [];
    /// <summary>Storyline links (continues or recurs), both ways; a merged-away number is read through to its event.</summary>
    private readonly StorylineLinks _linked = new();
    /// <summary>Looser `related` candidates by (earlier, later) pair, with their score; the strongest few are kept when read.</summary>
    private readonly Dictionary<(int Earlier, int Later), double> _related = [];
    /// <summary>What the passes compare, for every live event (see <see cref="EventSketch"/>).</summary>
    private readonly Dictionary<int, EventSketch> _sketches = [];
    /// <summary>
    /// Each retired event's span, which its links read. Its sketch is not kept beyond a few passes (see
    /// <see cref="_archivedSketches"/>): it is the archived event's (a retiring event keeps the terms its sketch was made
    /// of), read again when a pass pairs it, so that memory follows the live events rather than every event of the stream.
    /// </summary>
    private readonly Dictionary<int, (DateOnly? First, DateOnly? Last)> _retiredSpans = [];
    /// <summary>
    /// Retired events' sketches read from the archive, each with the last pass that paired it, kept until
    /// <see cref="ArchivedSketchPasses"/> passes have gone by without it. A pass pairs mostly the retired events that
    /// the last few paired (the same story touched again, the same predecessors): on 100,000 replayed Reuters articles,
    /// 57% of the reads were of a sketch read the pass before and 28% two to four passes before, so a store read and
    /// decoded thousands of retired events again every pass. A retired event does not change until it is revived
    /// (which drops its entry), so a kept sketch is the one the archive would give.
    /// </summary>
    private readonly Dictionary<int, (EventSketch Sketch, int Pass)> _archivedSketches = [];

    /// <summary>How many passes a retired event's sketch is kept after the last one that paired it.</summary>
    private const int ArchivedSketchPasses = 4;

    /// <summary>Passes run by this instance: the clock of <see cref="_archivedSketches"/>.</summary>
    private int _passes;
    /// <summary>Events by the keys of their sketches: the pairs a pass compares are those sharing a key.</summary>
    private readonly Dictionary<int, List<int>> _pairIndex = [];
    /// <summary>
    /// Keys once held by more than <see cref="MaxEventsPerPairKey"/> events: they pair nothing in particular, so the
    /// index stops listing them, which keeps it from growing (and its updates from slowing) with the retired events.
    /// </summary>
    private readonly HashSet<int> _saturatedPairKeys = [];

    /// <summary>
    /// An event as the passes see it: its strongest terms, its title terms, its span, how many reports it holds, and the
    /// keys the pair index files it under. A retired event stays in the pair index, so that a new event can be chained to
    /// it years later; its sketch is read from the archive when that happens.
    /// </summary>
    private sealed record EventSketch(TermSketch Body, TermSketch Title, DateOnly? First, DateOnly? Last, int Members, int[] Keys);

    /// <summary>Body terms of an event's sketch under which the pair index files it, besides its title terms.</summary>
    private const int IndexedTermsPerEvent = 30;

    /// <summary>
    /// A term that more events than this hold among their strongest pairs them with nothing in particular: the
    /// passes skip it, which keeps their pairs in proportion to the events rather than to their square.
    /// </summary>
    private const int MaxEventsPerPairKey = 64;

    private const int MergeRounds = 3;

    /// <summary>Links of the looser kind kept per event: the strongest few are what a reader follows.</summary>
    private const int MaxRelated = 3;

    /// <summary>Splits the events touched since the last pass, then compares each with its partners to merge or chain them.</summary>
    private void RunPasses()
    {
        if (_touched.Count == 0)
            return;
        _live.Prefetch(_touched);
        SplitTouched();
        foreach (int number in _touched.Where(IsLive).Order().ToList())
            RefreshSketch(number);
        CompareTouched();
        _touched.Clear();
        _passes++;
        foreach (var (number, (_, pass)) in _archivedSketches)
        {
            if (_passes - pass > ArchivedSketchPasses)
                _archivedSketches.Remove(number);
        }
    }

    private bool IsLive(int number) => _live.IsLive(number);

    private bool IsCurrent(int number) => _mergedInto[number] < 0;

    /// <summary>The event an event was merged into, through any chain of merges.</summary>
    private int Root(int number)
    {
        while (_mergedInto[number] is var into and >= 0)
            number = into;
        return number;
    }

    /// <summary>
    /// The sketch of an event's centroids as they are. A retired event's archived centroid holds exactly the terms its
    /// sketch was made of when it retired, so its sketch made again is the same.
    /// </summary>
    private static EventSketch SketchOf(EventCluster ev)
    {
        var strongest = ev.Centroid.StrongestFirst(RetainedTermsPerEvent);
        int[] keys = [.. ev.TitleCentroid.Keys.Concat(strongest.Take(IndexedTermsPerEvent).Select(kv => kv.Key)).Distinct()];
        return new EventSketch(new TermSketch(strongest), new TermSketch(ev.TitleCentroid.Weights), ev.First, ev.Last, ev.Members.Count, keys);
    }

    /// <summary>An event's sketch: a live event's as last refreshed, a retired event's from the archive.</summary>
    private EventSketch Sketch(int number)
    {
        if (_sketches.TryGetValue(number, out var sketch))
            return sketch;
        if (_archivedSketches.TryGetValue(number, out var kept))
            sketch = kept.Sketch;
        else
        {
            var archived = _archive.GetTerms(number) ?? throw new InvalidOperationException($"event {number} is neither live nor archived");
            // Its centroid holds no more terms than a sketch keeps, so they need no ranking; nor does it need keys, which
            // only a live event files.
            sketch = new EventSketch(new TermSketch(archived.Centroid), new TermSketch(archived.Title), archived.First, archived.Last, archived.Members, []);
        }
        _archivedSketches[number] = (sketch, _passes);
        return sketch;
    }

    /// <summary>A retiring event leaves its sketch to the archive; its keys stay in the pair index.</summary>
    private void RetireSketch(EventCluster ev)
    {
        _sketches.Remove(ev.Number);
        _retiredSpans[ev.Number] = (ev.First, ev.Last);
    }

    /// <summary>A revived event's sketch is its archived one, under the keys the pair index still holds.</summary>
    private void ReviveSketch(EventCluster ev)
    {
        _retiredSpans.Remove(ev.Number);
        _archivedSketches.Remove(ev.Number);
        _sketches[ev.Number] = SketchOf(ev);
    }

    private void RefreshSketch(int number)
    {
        DropSketch(number);
        var sketch = _sketches[number] = SketchOf(Live(number));
        foreach (int key in sketch.Keys)
        {
            if (_saturatedPairKeys.Contains(key))
                continue;
            if (!_pairIndex.TryGetValue(key, out var list))
                _pairIndex[key] = list = [];
            list.Add(number);
            if (list.Count > MaxEventsPerPairKey)
            {
                _pairIndex.Remove(key);
                _saturatedPairKeys.Add(key);
            }
        }
    }

    private void DropSketch(int number)
    {
        if (!_sketches.Remove(number, out var old))
            return;
        foreach (int key in old.Keys)
        {
            if (_pairIndex.TryGetValue(key, out var list) && list.Remove(number) && list.Count == 0)
                _pairIndex.Remove(key);
        }
    }

    /// <summary>
    /// The events that share the most sketch keys with this one, at most <see cref="MaxPartners"/> (ties to the older):
    /// a pair sharing one key of forty will not reach a threshold, and comparing every event that shares any key would
    /// cost thousands of cosines per event each pass.
    /// </summary>
    private IEnumerable<int> Partners(int number)
    {
        var shared = _hits;
        shared.Clear();
        foreach (int key in _sketches[number].Keys)
        {
            if (!_pairIndex.TryGetValue(key, out var list))
                continue;
            foreach (int other in list)
            {
                if (other != number)
                    shared.Add(other);
            }
        }
        return shared.MostHits(MaxPartners);
    }

    /// <summary>Events a pass compares with each touched event; 16 and 64 give the same dev figures.</summary>
    private const int MaxPartners = 32;

    /// <summary>
    /// Splits events whose articles fall into two separate groups. The members are parted in two around the event's
    /// first article and the member least like it (two-means, each member going to the closer side); when both sides
    /// hold at least <see cref="SplitMinGroup"/> articles and are less similar than the merge pass would join, or each
    /// side names someone or some street that the other does not (<see cref="ContrastingNames"/>), the side without the
    /// first article leaves as an event of its own. A partial copy, a round-up article or a thin early centroid can
    /// draw a second happening into an event, and so can one of its kind told in the same words: this undoes it.
    /// </summary>
    private void SplitTouched()
    {
        foreach (int number in _touched.Where(IsLive).Order().ToList())
        {
            var ev = Live(number);
            int size = ev.Members.Count;
            // Checked again only once an event has grown by half, so a large event is checked a few times, not every pass.
            if (size < SplitMinMembers || size > SplitMaxMembers || ev.MemberTerms.Count != size || size * 2 < ev.SplitCheckedAt * 3)
                continue;
            ev.SplitCheckedAt = size;
            var part = SeparateGroup(ev.MemberTerms, _options.TitleWeight, _options.MergeThreshold, IsPersonOrStreet);
            if (part is not null)
                SplitOff(ev, part);
        }
    }

    /// <summary>Events smaller than this are not checked: fewer articles cannot form two groups of <see cref="SplitMinGroup"/>.</summary>
    private const int SplitMinMembers = 4;

    /// <summary>Above this size an event is left whole: a few hundred reports of one thing are not two things.</summary>
    private const int SplitMaxMembers = 200;

    /// <summary>A group must have this many articles to leave: one article alone that joined weakly is left where the clear-winner rule put it.</summary>
    private const int SplitMinGroup = 2;

    private const int TwoMeansRounds = 5;

    /// <summary>
    /// The members (by index) of a second group that stands apart from the first member's, or null: two-means seeded
    /// by member 0 and the member least like it; the groups stand apart when each has at least
    /// <see cref="SplitMinGroup"/> members and their sums score below <paramref name="apart"/>, or when
    /// <see cref="ContrastingNames"/> tells them apart by the terms <paramref name="isPersonOrStreet"/> accepts.
    /// </summary>
    internal static List<int>? SeparateGroup(IReadOnlyList<MemberTerms> members, double titleWeight, double apart, Func<int, bool> isPersonOrStreet)
    {
        double Score(MemberTerms m, (TermSketch Body, TermSketch Title) side) => SketchScore(m.Body, m.Title, side.Body, side.Title, titleWeight);
        var first = Sum(members, [0]);
        int seed = Enumerable.Range(1, members.Count - 1).MinBy(i => (Score(members[i], first), i));
        var sides = (A: first, B: Sum(members, [seed]));
        var second = new List<int>();
        for (int round = 0; round < TwoMeansRounds; round++)
        {
            var next = Enumerable.Range(1, members.Count - 1).Where(i => Score(members[i], sides.B) > Score(members[i], sides.A)).ToList();
            if (next.SequenceEqual(second))
                break;
            second = next;
            sides = (Sum(members, Enumerable.Range(0, members.Count).Except(second)), Sum(members, second));
        }
        if (second.Count < SplitMinGroup || members.Count - second.Count < SplitMinGroup)
            return null;
        return SketchScore(sides.A.Body, sides.A.Title, sides.B.Body, sides.B.Title, titleWeight) < apart
            || ContrastingNames(members, second, isPersonOrStreet) ? second : null;
    }

    /// <summary>
    /// Whether each group has a name of its own: a person or street that at least <see cref="OwnNameShare"/> of its
    /// members name among their strongest terms and at most <see cref="StrayNameShare"/> of the other group's. Two
    /// happenings of one kind share their words and often a name (a champion defending his title against two
    /// challengers years apart, one team's two play-off games), so their groups score as alike as one happening's
    /// reports do, but each names its own challenger or opponent throughout, and the other only in passing. Groups of
    /// fewer than <see cref="ContrastingGroupMembers"/> are no evidence: one report's names are what it happened to cite.
    /// On ECB+ (whose topics pair two events of one kind) this took pairwise F1 from 0.831 to 0.857, and the same from
    /// 0.6 to 0.8 of the members and from groups of 2 to 4; the GVA and Giveme5W1H sets were unchanged.
    /// </summary>
    private static bool ContrastingNames(IReadOnlyList<MemberTerms> members, List<int> second, Func<int, bool> isPersonOrStreet)
    {
        var first = Enumerable.Range(0, members.Count).Except(second).ToList();
        return first.Count >= ContrastingGroupMembers && second.Count >= ContrastingGroupMembers
            && HasOwnName(members, first, second, isPersonOrStreet) && HasOwnName(members, second, first, isPersonOrStreet);
    }

    private static bool HasOwnName(IReadOnlyList<MemberTerms> members, List<int> own, List<int> other, Func<int, bool> isPersonOrStreet)
    {
        static bool Names(MemberTerms member, int term) => member.Body.Contains(term) || member.Title.Contains(term);
        var named = new Dictionary<int, int>();
        foreach (int i in own)
        {
            foreach (int term in members[i].Body.Keys.Concat(members[i].Title.Keys).Distinct())
            {
                if (isPersonOrStreet(term))
                    named[term] = named.GetValueOrDefault(term) + 1;
            }
        }
        return named.Any(kv => kv.Value >= OwnNameShare * own.Count && other.Count(i => Names(members[i], kv.Key)) <= StrayNameShare * other.Count);
    }

    /// <summary>The share of a group's members that name a person or street for it to be the group's own (see <see cref="ContrastingNames"/>).</summary>
    private const double OwnNameShare = 0.7;

    /// <summary>The share of the other group's members that may name it in passing (see <see cref="ContrastingNames"/>).</summary>
    private const double StrayNameShare = 0.2;

    /// <summary>The fewest members each group needs before its names tell it apart (see <see cref="ContrastingNames"/>).</summary>
    private const int ContrastingGroupMembers = 3;

    /// <summary>A name of a person or a street, however many reports name it: a champion named by every report of his fights is still one person.</summary>
    private bool IsPersonOrStreet(int term) => _nameKind[term] == NameKind.Identifying;

    private static (TermSketch Body, TermSketch Title) Sum(IReadOnlyList<MemberTerms> members, IEnumerable<int> which)
    {
        var (body, title) = SumVectors(members, which);
        return (new TermSketch(body.Weights), new TermSketch(title.Weights));
    }

    /// <summary>What the members added to their event's centroids, as far as their kept terms say.</summary>
    private static (TermVector Body, TermVector Title) SumVectors(IReadOnlyList<MemberTerms> members, IEnumerable<int> which)
    {
        var (body, title) = (new TermVector(), new TermVector());
        foreach (int i in which)
        {
            body.AddScaled(members[i].Body, 1 / members[i].BodyNorm);
            if (members[i].Title.Norm > 0)
                title.AddScaled(members[i].Title, 1 / members[i].Title.Norm);
        }
        return (body, title);
    }

    /// <summary>
    /// Moves the members at <paramref name="part"/> to a new event, named by its first. The old event's centroid
    /// loses what those members added of their strongest terms (their weaker terms stay: they are not kept).
    /// </summary>
    private void SplitOff(EventCluster ev, List<int> part)
    {
        var split = NewEvent();
        var moving = part.ToHashSet();
        var (partBody, partTitle) = SumVectors(ev.MemberTerms, part);
        ev.Centroid.AddScaled(partBody, -1);
        ev.TitleCentroid.AddScaled(partTitle, -1);
        split.Centroid.AddScaled(partBody, 1);
        split.TitleCentroid.AddScaled(partTitle, 1);
        var (keptMembers, keptTerms) = (new List<EventMember>(), new List<MemberTerms>());
        for (int i = 0; i < ev.Members.Count; i++)
        {
            var (members, terms) = moving.Contains(i) ? (split.Members, split.MemberTerms) : (keptMembers, keptTerms);
            members.Add(ev.Members[i]);
            terms.Add(ev.MemberTerms[i]);
        }
        ev.Members.Clear();
        ev.Members.AddRange(keptMembers);
        ev.MemberTerms.Clear();
        ev.MemberTerms.AddRange(keptTerms);
        _firstArticle[split.Number] = split.Members[0].Id;
        // The first articles of events merged in earlier name their old stories, whose ids live on as aliases: one whose
        // article moves goes with it. Left behind, it named the split's own story when that article came first in it.
        var moved = split.Members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        split.AbsorbedFirstArticles.AddRange(ev.AbsorbedFirstArticles.Where(id => moved.Contains(id) && id != split.Members[0].Id));
        ev.AbsorbedFirstArticles.RemoveAll(moved.Contains);
        foreach (var target in new[] { ev, split })
        {
            target.First = target.Members.Min(m => m.Day);
            target.Last = target.Members.Max(m => m.Day);
            target.SplitCheckedAt = target.Members.Count;
            Unindex(target);
            Index(target, target.MemberTerms.SelectMany(m => m.Body.Keys.Concat(m.Title.Keys)));
            foreach (var member in target.Members)
                _eventOf[member.Id] = target.Number;
            _touched.Add(target.Number);
            _changed.Add(target.Number);
        }
    }

    /// <summary>
    /// Compares each touched event with its partners, to merge them or else to chain them (<see cref="Chain"/>).
    /// The merge joins events that the online pass split because an article arrived before the ones that tie it
    /// to its event, or because an event's early centroid was too thin. Two events merge when their time spans lie
    /// within <see cref="EventClustererOptions.MaxGapDays"/> of each other, or one's reports name a day of the other's
    /// (<see cref="FollowsUp"/>), and their centroids are
    /// <see cref="EventClustererOptions.MergeThreshold"/> similar; the older event absorbs the newer, so its story id
    /// stays, and the newer's id is kept as an alias. A retired event that a live one merges with is revived. This
    /// also makes the events depend less on the order in which one day's articles arrive.
    /// </summary>
    private void CompareTouched()
    {
        // A merge changes the absorbing event's centroid, so a second round, over the events that absorbed, may find more.
        var work = _touched.Where(IsLive).Order().ToList();
        // The retired partners, and the first events of their storylines and the touched ones' (FoundersAlike), are read
        // from the archive in one go, if it reads the hint at all (a store's does).
        _archive.Preload(work.SelectMany(Partners).Concat(work).SelectMany(n => new[] { n, Root(FindStoryline(n)) })
            .Where(p => !IsLive(p) && !_archivedSketches.ContainsKey(p)).Distinct());
        for (int round = 0; round < MergeRounds && work.Count > 0; round++)
        {
            var absorbed = new SortedSet<int>();
            var compared = new HashSet<(int, int)>();
            foreach (int touched in work)
            {
                if (!IsCurrent(touched))
                    continue;
                foreach (int partner in Partners(touched))
                {
                    if (!IsCurrent(touched))
                        break;
                    if (!IsCurrent(partner))
                        continue;
                    var (earlier, later) = (Math.Min(touched, partner), Math.Max(touched, partner));
                    if (!compared.Add((earlier, later)))
                        continue;
                    var (a, b) = (Sketch(earlier), Sketch(later));
                    // One pair of cosines serves both decisions, weighed differently: the merge pass's and the storyline pass's.
                    double body = a.Body.Cosine(b.Body);
                    double? title = a.Title.Count == 0 || b.Title.Count == 0 ? null : a.Title.Cosine(b.Title);
                    bool withinGap = WithinGap(a, b);
                    double score = Blend(body, title, _options.TitleWeight);
                    // Apart reads every name the two hold: asked last, it is asked of the few pairs similar enough to merge.
                    bool followsUp = FollowsUp(later, earlier) || FollowsUp(earlier, later);
                    bool candidate = (withinGap || followsUp) && score >= _options.MergeThreshold;
                    bool nameInPassing = false;
                    bool recallsFirstDay = followsUp && (FollowsUp(later, earlier, firstDayOnly: true) || FollowsUp(earlier, later, firstDayOnly: true));
                    bool mergeable = candidate && !Apart(a, b, recallsFirstDay, out nameInPassing);
                    if (mergeable && score >= Threshold(Math.Max(a.Members, b.Members)))
                    {
                        Merge(_live.Find(earlier) ?? Revive(earlier), _live.Find(later) ?? Revive(later), keepSpan: !withinGap);
                        absorbed.Add(earlier);
                    }
                    else if ((mergeable || nameInPassing) && FoundersAlike(earlier, later))
                    {
                        // Close enough to have merged but for an established event's higher threshold, or naming someone
                        // the other names only in passing: its story goes on.
                        LinkStoryline(earlier, later);
                    }
                    else
                    {
                        Chain(earlier, later, Blend(body, title, _options.StorylineTitleWeight), a, b);
                    }
                }
            }
            work = [.. absorbed];
        }
    }

    /// <summary>Body and title similarity, weighed by <see cref="Blend(double, double?, double)"/>.</summary>
    private static double SketchScore(TermSketch bodyA, TermSketch titleA, TermSketch bodyB, TermSketch titleB, double titleWeight) =>
        Blend(bodyA.Cosine(bodyB), titleA.Count == 0 || titleB.Count == 0 ? null : titleA.Cosine(titleB), titleWeight);

    /// <summary>
    /// Whether a live event's reports name a day of the other event's span (give or take
    /// <see cref="EventClustererOptions.SameEventDays"/>): an arrest, a trial or a sentence months after a shooting
    /// names its day ("in connection with a shooting on February 1st") and follows it up however long after; where
    /// the day named is the other's first (<paramref name="firstDayOnly"/>), the day of the happening itself, told alike
    /// enough to merge, whatever names each gives (see <see cref="Apart(EventSketch, EventSketch, bool, out bool)"/>).
    /// </summary>
    private bool FollowsUp(int follower, int followed, bool firstDayOnly = false) =>
        _live.Find(follower) is { RecalledDays: { Count: > 0 } recalled } && Span(followed) is { First: { } first, Last: { } last }
        && recalled.Exists(day => day.DayNumber >= first.DayNumber - _options.SameEventDays
            && day.DayNumber <= (firstDayOnly ? first : last).DayNumber + _options.SameEventDays);

    private bool WithinGap(EventSketch a, EventSketch b) =>
        a.First is not { } af || a.Last is not { } al || b.First is not { } bf || b.Last is not { } bl
        || (bf.DayNumber - al.DayNumber <= _options.MaxGapDays && af.DayNumber - bl.DayNumber <= _options.MaxGapDays);

    /// <summary>
    /// The share of each undated event's strongest weight that a name they share must reach to make them one: on ECB+,
    /// whose reports have no dates, 0.3 to 0.6 give the same figures (pairwise 0.785 to 0.805), and below 0.3 names
    /// met in passing still merge two events of one kind.
    /// </summary>
    private const double UndatedSharedNameWeight = 0.5;

    /// <summary>
    /// The same for two dated events whose first reports are days apart (and for an article reported days after its
    /// event's first report, see <see cref="Apart(TermVector, ValueTuple{DateOnly?, bool}, EventCluster, Func{List{string[]}}?)"/>):
    /// a victim's name or a street that one event's reports give only in passing (a police spokesman's earlier case,
    /// the street of last month's shooting) made one event of two shootings weeks apart in one town. On the GVA dev
    /// set 0.25 took pairwise precision from 0.874 to 0.899 (F1 0.812 to 0.817; 0.3 and 0.35 gave 0.904 and 0.906 for
    /// F1 0.815 and 0.814); ECB+ 0.857 to 0.869, whose events take dates from the dated reports that join them. Events
    /// of one day need no floor: their day is evidence.
    /// </summary>
    private const double DaysApartSharedNameWeight = 0.25;

    /// <summary>
    /// Two events that began days apart, or that both name specific things, and name nothing specific in common: two
    /// happenings of one kind (see <see cref="Apart(TermVector, ValueTuple{DateOnly?, bool}, EventCluster, Func{List{string[]}}?)"/>).
    /// <paramref name="nameInPassing"/> tells that they are apart though they share a name, which one of them gives
    /// too little weight to make them one happening: one storyline, since the same person or street is in both
    /// (without the link, the Giveme5W1H storylines lost a story told over several days: 0.951 to 0.944).
    /// <paramref name="recallsFirstDay"/> tells that one's reports name the day the other began (<see cref="FollowsUp"/>):
    /// then the names need not agree, since a charge or a verdict months later names the suspect and the court where
    /// the first reports named the victim and the street ("A 3-year-old boy shot his mother in Davie", then "Pamela
    /// Gillilan is charged ... On February 2nd"). On the GVA dev set, letting the day answer for the names took pairwise
    /// recall from 0.747 to 0.772 at precision 0.949 to 0.946 (F1 0.836 to 0.850); ECB+ and Giveme5W1H unchanged. Any
    /// day of the other's span gave 0.851, but wire reports name many days: Reuters' pairs of one story that share no
    /// topic code went from 6,643 to 15,478 (first day only: 7,397).
    /// </summary>
    private bool Apart(EventSketch a, EventSketch b, bool recallsFirstDay, out bool nameInPassing)
    {
        nameInPassing = false;
        if (OtherCompanies(a.Body.Keys, b.Body.Keys, b.Body.Contains))
            return true;
        if (recallsFirstDay)
            return false;
        // Their first reports' days, not their spans: an arrest two weeks after one shooting stretches its event over the
        // day of the next shooting in town without making them one.
        bool bothDated = a.First is not null && b.First is not null;
        bool datedApart = a.First is { } af && b.First is { } bf && Math.Abs(af.DayNumber - bf.DayNumber) > _options.SameEventDays;
        // Undated, a name shared in passing (an earlier happening of the kind that a report recalls) is all two events
        // of one kind may have in common: it must weigh in both. Days apart, likewise.
        double share = !bothDated ? UndatedSharedNameWeight : datedApart ? DaysApartSharedNameWeight : 0;
        var (floorA, floorB) = (share * a.Body.MaxWeight, share * b.Body.MaxWeight);
        // One dated and the other not: as for a dated report and an undated event, it takes more than the one name both
        // are about (see UndatedEventSharedNames); on ECB+, holding them apart otherwise took pairwise F1 from 0.898 to
        // 0.900 (precision 0.976 to 0.979).
        bool oneUndated = (a.First is null) != (b.First is null);
        int needed = oneUndated ? UndatedEventSharedNames : 1;
        if (a.Body.Keys.Where(term => IsIdentifyingName(term) && a.Body.WeightOf(term) >= floorA && b.Body.WeightOf(term) is var w && w > 0 && w >= floorB).Take(needed).Count() == needed)
            return false;
        nameInPassing = share > 0 && a.Body.Keys.Any(term => IsIdentifyingName(term) && b.Body.Contains(term));
        int distinct = bothDated ? _options.DistinctNames : _options.UndatedDistinctNames;
        return datedApart || oneUndated || (NamesManySpecificThings(a.Body.Keys, distinct) && NamesManySpecificThings(b.Body.Keys, distinct));
    }

    /// <summary>
    /// Merges <paramref name="from"/> into <paramref name="into"/>. A follow-up merged across the gap
    /// (<paramref name="keepSpan"/>) leaves the span the happening's days: stretched to the trial months later, it
    /// put the next shootings in town within reach of the merge pass (on the GVA dev set pairwise precision fell from
    /// 0.867 to 0.745).
    /// </summary>
    private void Merge(EventCluster into, EventCluster from, bool keepSpan = false)
    {
        into.AbsorbedFirstArticles.Add(from.Members[0].Id);
        into.AbsorbedFirstArticles.AddRange(from.AbsorbedFirstArticles);
        bool termsComplete = into.MemberTerms.Count == into.Members.Count && from.MemberTerms.Count == from.Members.Count;
        into.Members.AddRange(from.Members);
        if (termsComplete)
            into.MemberTerms.AddRange(from.MemberTerms);
        else
            into.MemberTerms.Clear();
        foreach (var member in from.Members)
            _eventOf[member.Id] = into.Number;
        into.Centroid.AddScaled(from.Centroid, 1);
        into.TitleCentroid.AddScaled(from.TitleCentroid, 1);
        if (!keepSpan)
        {
            into.First = Earliest(into.First, from.First);
            into.Last = Latest(into.Last, from.Last);
        }
        from.RecalledDays.ForEach(into.Recall);
        var fromKeys = from.IndexKeys.ToList();
        Unindex(from);
        _live.Remove(from.Number);
        Index(into, fromKeys);
        _mergedInto[from.Number] = into.Number;
        _relatedLinks = null;
        DropSketch(from.Number);
        Union(into.Number, from.Number);
        int storyline = FindStoryline(into.Number);
        _storylineEvents[storyline] = EventsIn(storyline) - 1;
        // Their links named the merged event's story; they now name the one it joined.
        _changed.UnionWith(_linked.MoveTo(from.Number, into.Number));
        _touched.Add(into.Number);
        _changed.Add(into.Number);
        _changed.Remove(from.Number);
        _merges.Add(new EventMerge(from.Number, into.Number));
        RefreshSketch(into.Number);
    }

    /// <summary>
    /// Chains two events into one storyline when their sketches, the title terms above all, are as similar as
    /// <see cref="EventClustererOptions.StorylineThreshold"/>: the same actors do the same kind of thing, however far
    /// apart in time. A storyline keeps the number of its oldest event, so its id survives later passes. Less similar
    /// pairs become candidates for a <c>related</c> link, and so do two events about different listed companies
    /// however alike: each company's quarter or dividend is told in the same words, and chained, one storyline of
    /// Reuters' took in 4,561 of its 9,908 stories. The companies are asked last, of the few pairs similar enough.
    /// </summary>
    private void Chain(int earlier, int later, double score, EventSketch a, EventSketch b)
    {
        if (score >= _options.StorylineThreshold && !OtherCompanies(a.Body.Keys, b.Body.Keys, b.Body.Contains) && FoundersAlike(earlier, later))
        {
            LinkStoryline(earlier, later);
        }
        else if (score >= _options.RelatedThreshold)
        {
            _related[(earlier, later)] = score;
            _relatedLinks = null;
        }
    }

    /// <summary>
    /// Whether the storylines of two events about to be linked began alike too (their oldest events, at a share of the
    /// storyline threshold that rises with the storyline's size, see <see cref="FounderSimilarity"/>): each pair is
    /// alike, but a union of pairs drifts, from sugar prices to trade talks to money supply, and one storyline of
    /// Reuters' held 2,512 of its 9,908 stories, 310 with this test at half the threshold (Giveme5W1H's storylines
    /// unchanged, 0.951). Two events of one storyline, or each the first of its own, are alike as they are.
    /// </summary>
    private bool FoundersAlike(int earlier, int later)
    {
        var (x, y) = (Root(FindStoryline(earlier)), Root(FindStoryline(later)));
        if (x == y || (x == earlier && y == later))
            return true;
        var (a, b) = (Sketch(x), Sketch(y));
        return SketchScore(a.Body, a.Title, b.Body, b.Title, _options.StorylineTitleWeight)
            >= FounderSimilarity(EventsIn(x) + EventsIn(y), _options.StorylineDriftEvents) * _options.StorylineThreshold;
    }

    /// <summary>
    /// How alike two storylines' first events must be, as a share of the storyline threshold, for a storyline that would
    /// hold <paramref name="events"/> events: half for a few, rising to the whole at
    /// <see cref="EventClustererOptions.StorylineDriftEvents"/> (see there why). At half whatever the size, Reuters'
    /// largest storyline chained each country's monthly figures (money supply, reserves, retail prices: 113 events, of
    /// whose pairs across events 0.082 share a topic code, below the 0.187 of any two reports); at a fixed 0.75 or 1,
    /// Giveme5W1H lost a storyline's late reports (0.951 to 0.946).
    /// </summary>
    internal static double FounderSimilarity(int events, int driftEvents) => Math.Min(1, 0.5 * (1 + (double)events / Math.Max(1, driftEvents)));

    /// <summary>The standing events (live or retired, not merged away) of each storyline, by its number; one where missing.</summary>
    private readonly Dictionary<int, int> _storylineEvents = [];

    private int EventsIn(int storyline) => _storylineEvents.GetValueOrDefault(storyline, 1);

    /// <summary>
    /// Storyline events an event links to before it, the nearest by number (see <see cref="StorylineLinks.LinkNearest"/>).
    /// Every event of a storyline is in it all the same, and <c>GET /storylines/{id}</c> lists them all: linked each to
    /// each, a new event in a storyline of k events changed the stories of all k, whose links a store then wrote again.
    /// On 300,000 articles of the replayed Reuters stream one process wrote 4.6 million storyline links and took 665 s;
    /// with three predecessors, 1.05 million links and 440 s, the same stories and storylines.
    /// </summary>
    private const int StorylinePredecessors = 3;

    /// <summary>Makes two events one storyline, the later continuing or recurring the earlier (see <see cref="LinksOf"/>).</summary>
    /// <remarks>Their stories are marked changed only if the link is new: each pass links an established event again with
    /// the events it holds apart. A predecessor let go for a nearer one (<see cref="StorylinePredecessors"/>) is marked
    /// too; its story then differs only if the link was older than this pass.</remarks>
    private void LinkStoryline(int earlier, int later)
    {
        bool joined = Union(earlier, later);
        bool linked = _linked.LinkNearest(earlier, later, StorylinePredecessors, out int dropped);
        if (dropped >= 0)
            _changed.Add(dropped);
        if (linked)
            _links.Add(new EventChain(earlier, later));
        if (joined || linked)
        {
            _changed.Add(earlier);
            _changed.Add(later);
        }
    }

    /// <summary>Joins the two events' storylines; false when they were one already.</summary>
    private bool Union(int a, int b)
    {
        var (x, y) = (FindStoryline(a), FindStoryline(b));
        if (x == y)
            return false;
        _storylineParent[Math.Max(x, y)] = Math.Min(x, y);
        _storylineEvents[Math.Min(x, y)] = EventsIn(x) + EventsIn(y);
        _storylineEvents.Remove(Math.Max(x, y));
        _relatedLinks = null;
        _storylineRenames.Add(new StorylineRename(Math.Max(x, y), Math.Min(x, y)));
        return true;
    }

    private int FindStoryline(int number)
    {
        while (_storylineParent[number] != number)
            number = _storylineParent[number] = _storylineParent[_storylineParent[number]];
        return number;
    }

    /// <summary>
    /// An event's links as a reader sees them: storyline links (the later event <c>continues</c> the earlier when it
    /// began within <see cref="EventClustererOptions.ContinuesWithinDays"/> of the earlier's end, else it
    /// <c>recurs</c>), then the strongest <c>related</c> links to other storylines.
    /// </summary>
    private IReadOnlyList<EventLink> LinksOf(int number, ILookup<int, int> relatedLinks)
    {
        var links = new List<EventLink>();
        var seen = new HashSet<int> { number };
        foreach (int other in _linked.Of(number).Select(Root).Order())
        {
            if (!seen.Add(other))
                continue;
            var (earlier, later) = (Span(Math.Min(number, other)), Span(Math.Max(number, other)));
            string relation = earlier.Last is { } end && later.First is { } start && start.DayNumber - end.DayNumber > _options.ContinuesWithinDays ? "recurs" : "continues";
            links.Add(new EventLink(other, relation));
        }
        foreach (int other in relatedLinks[number])
        {
            if (seen.Add(other))
                links.Add(new EventLink(other, "related"));
        }
        return links.Count == 0 ? [] : links.ToArray();
    }

    private (DateOnly? First, DateOnly? Last) Span(int number) =>
        IsLive(number) ? _live.SpanOf(number) : _retiredSpans.GetValueOrDefault(number);

    /// <summary>
    /// <see cref="RelatedLinks"/> as last computed; cleared by what changes it (a related pair, a merge, a storyline
    /// joined). It reads every related pair ever found, so computing it for each commit and story write would cost in
    /// proportion to the history on every run, however few its new articles.
    /// </summary>
    private ILookup<int, int>? _relatedLinks;

    /// <summary>The strongest related pairs between different storylines, at most <see cref="MaxRelated"/> per event, both ways.</summary>
    private ILookup<int, int> RelatedLinks() => _relatedLinks ??= ComputeRelatedLinks();

    private ILookup<int, int> ComputeRelatedLinks()
    {
        var best = new Dictionary<(int, int), double>();
        foreach (var ((a, b), score) in _related)
        {
            var (x, y) = (Root(a), Root(b));
            if (x == y || FindStoryline(x) == FindStoryline(y))
                continue;
            var pair = (Math.Min(x, y), Math.Max(x, y));
            best[pair] = Math.Max(best.GetValueOrDefault(pair), score);
        }
        // Strongest first, ties by the pair: a total order, so the sort needs no stability (and no LINQ over every
        // related pair of the history, which a small run on a large store paid in full).
        var ranked = new KeyValuePair<(int, int), double>[best.Count];
        ((ICollection<KeyValuePair<(int, int), double>>)best).CopyTo(ranked, 0);
        Array.Sort(ranked, static (p, q) => q.Value.CompareTo(p.Value) is var byScore and not 0 ? byScore : p.Key.CompareTo(q.Key));
        var count = new Dictionary<int, int>();
        var kept = new List<(int, int)>();
        foreach (var ((x, y), _) in ranked)
        {
            if (count.GetValueOrDefault(x) >= MaxRelated || count.GetValueOrDefault(y) >= MaxRelated)
                continue;
            count[x] = count.GetValueOrDefault(x) + 1;
            count[y] = count.GetValueOrDefault(y) + 1;
            kept.Add((x, y));
            kept.Add((y, x));
        }
        return kept.OrderBy(p => p.Item2).ToLookup(p => p.Item1, p => p.Item2);
    }
}
