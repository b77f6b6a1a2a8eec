namespace Tidings.Events;

/// <summary>The clusterer's thresholds. Defaults were chosen with <c>tidings eval clusters</c> on the Giveme5W1H dev set (see README).</summary>
public sealed record EventClustererOptions
{
    /// <summary>Similarity at or above which an article joins an event. Lower merges distinct events (precision first).</summary>
    public double JoinThreshold { get; init; } = 0.15;

    /// <summary>
    /// Reports from which an event is established: its reports' shared words define it, and whatever joins it, an article
    /// or a merged event, must reach <see cref="EstablishedJoinThreshold"/>; what reaches only the join threshold starts
    /// an event of its own that continues its storyline. On ECB+, whose topics each hold two happenings of one kind (two
    /// heavyweight title defences of one boxer, two running backs put on injured reserve by one team), 15 keeps the second
    /// happening's reports out of the first's event once it holds 15 (pairwise 0.809 to 0.831 at 0.35-0.45); 10 gave
    /// more (0.847 at 0.35) but cost GVA 0.005, 20 nothing, since ECB+'s events rarely reach it.
    /// </summary>
    public int EstablishedMembers { get; init; } = 15;

    /// <summary>
    /// Similarity an article or an event needs to join an established event (see <see cref="EstablishedMembers"/>). The
    /// reports of one happening stay this close to what they share however many they are, while an event that the join
    /// threshold alone let grow became a topic: on Reuters' 1987 wire, events of hundreds of reports on Japan's economy,
    /// USDA notices or eurobond issues over two months, whose reports shared no topic code in 139,511 of their 230,952
    /// coded pairs (18,947 of 50,602 with this rule). ECB+ gives the same figure from 0.35 to 0.45, GVA and Giveme5W1H
    /// the same from 0.25 to 0.45; the wire's real happenings chose 0.45 over 0.4: the Ecuador earthquake that halted its
    /// oil exports stays one event (34 of its 38 reports name Ecuador), not part of one on Latin American debt.
    /// </summary>
    public double EstablishedJoinThreshold { get; init; } = 0.45;

    /// <summary>Similarity of two events' centroids at which the merge pass joins them (when their spans are close enough in time).</summary>
    public double MergeThreshold { get; init; } = 0.15;

    /// <summary>Below the join threshold, a similarity at least this high still joins an event that stands out (see <see cref="ClearWinnerRatio"/>).</summary>
    public double ClearWinnerThreshold { get; init; } = 0.08;

    /// <summary>How many times any other event's similarity the best must reach to stand out.</summary>
    public double ClearWinnerRatio { get; init; } = 3;

    /// <summary>
    /// Similarity of two events' centroids at which they are one storyline: the same happening followed up, or the
    /// same actors doing the same kind of thing again.
    /// </summary>
    public double StorylineThreshold { get; init; } = 0.3;

    /// <summary>
    /// Weight of title terms in the storyline similarity: headlines name the actors and the kind of happening, while
    /// the bodies of two launches years apart differ in every detail.
    /// </summary>
    public double StorylineTitleWeight { get; init; } = 0.7;

    /// <summary>
    /// The storyline size at which its first event must be as alike to the other storyline's first event as any linked
    /// pair must be; a storyline of a few events asks half that. Every link is a pair alike, but the longer a chain of
    /// pairs, the further it can drift from where it began. Reuters' share of pairs across a storyline's events with a
    /// topic code in common (<c>eval storylines</c>), 0.260 at half whatever the size: 40 gave 0.299, 20 0.315 and 10
    /// 0.330 with Giveme5W1H's storylines unchanged (0.951 pairwise); at 5 these lost late reports (0.940), so 20
    /// keeps a margin.
    /// </summary>
    public int StorylineDriftEvents { get; init; } = 20;

    /// <summary>A later event of a storyline that begins within this many days of the earlier one's end continues it; later, it recurs.</summary>
    public int ContinuesWithinDays { get; init; } = 60;

    /// <summary>Similarity for a looser `related` link between live events.</summary>
    public double RelatedThreshold { get; init; } = 0.15;

    /// <summary>
    /// An article dated more than this many days after an event's latest article starts a new event: news about one
    /// happening comes within weeks, while the same visit two years later is another event. On the dev set 25-28 days
    /// score best; 21 leaves a month-later follow-up apart, 30 lets a second Apple story join the first.
    /// </summary>
    public int MaxGapDays { get; init; } = 28;

    /// <summary>
    /// Days around an event's span within which a report of the same kind may belong to it on shared words alone.
    /// Further apart, two reports are one event only if they name something rare in common (see
    /// <see cref="SpecificNameDocuments"/>): the same city's next shooting shares every word but the victims, the
    /// street and the day, while the arrest two weeks after a shooting names its victim or its street. One day
    /// allows for a report dated the day after, or written across midnight; on the GVA dev set 3 days gave pairwise
    /// F1 0.562, 1 day 0.627, 0 days 0.602 (the Giveme5W1H storylines 0.954, 0.953, 0.953).
    /// </summary>
    public int SameEventDays { get; init; } = 1;

    /// <summary>
    /// A name of several words found in at most this many articles so far is specific (a victim, a street); a city,
    /// a police force or a minister that many reports name is not. 5-25 were measured: 10 keeps the Giveme5W1H
    /// figures and lets the Gun Violence Archive set tell most shootings apart.
    /// </summary>
    public int SpecificNameDocuments { get; init; } = 10;

    /// <summary>
    /// Specific names each side must name before naming none in common makes an article and an event two
    /// happenings, whatever their dates: two celebrities entering rehab, two shootings on two streets. Fewer (2-5)
    /// split more shootings apart but also split follow-ups of one political story that name new people. Once
    /// officials' names and institutions no longer counted as a person's (see <see cref="Fingerprints.NamedEntity.Official"/>),
    /// 8 rather than 6 took the GVA dev set's pairwise F1 from 0.830 to 0.836 (precision 0.955 to 0.949) and ECB+ from
    /// 0.869 to 0.873; 9 cost Giveme5W1H 0.951 to 0.930.
    /// </summary>
    public int DistinctNames { get; init; } = 8;

    /// <summary>
    /// <see cref="DistinctNames"/> for an article or event with no date of its own: days cannot tell its happening from
    /// another of the same kind, so its names must, sooner. On ECB+ (undated) 6 gave pairwise F1 0.752, 4 gave 0.777;
    /// the dated sets do not use it.
    /// </summary>
    public int UndatedDistinctNames { get; init; } = 4;

    /// <summary>Weight of title-term similarity in the score; the rest is body TF-IDF cosine (entities included).</summary>
    public double TitleWeight { get; init; } = 0.3;

    /// <summary>Named entities count this many times a plain term in the vector: a shared name is stronger evidence than a shared word.</summary>
    public double EntityWeight { get; init; } = 2.0;

    /// <summary>
    /// A cap on the terms that describe one article, which bounds the cost of scoring. Smaller caps (20-50) were
    /// measured on the dev set and lost recall: the tail of an article's terms is still evidence.
    /// </summary>
    public int KeywordsPerArticle { get; init; } = 400;

    /// <summary>
    /// Articles between two sweeps, each of which runs the split, merge and storyline passes over the events touched
    /// since the last and then retires idle events: often enough to keep the live index small, rarely enough that the
    /// passes cost a fraction of the stream (2,000 measured no faster on the events benchmark).
    /// </summary>
    public int RetireEveryArticles { get; init; } = 1000;

    /// <summary>Articles whose placement is recorded (every candidate's score and the decision), for <c>eval clusters --trace</c>.</summary>
    public IReadOnlySet<string> Traced { get; init; } = new HashSet<string>();

    public static EventClustererOptions Default { get; } = new();
}
