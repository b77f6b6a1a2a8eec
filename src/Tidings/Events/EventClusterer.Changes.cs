namespace Tidings.Events;

/// <summary>A merge the passes made: the later event's articles now belong to the earlier one.</summary>
public readonly record struct EventMerge(int From, int Into);

/// <summary>A storyline link the passes made between two events (see <see cref="EventClusterer.Events"/> for its relation).</summary>
public readonly record struct EventChain(int Earlier, int Later);

/// <summary>A storyline that took another's name when the two were chained: the younger name gives way to the older.</summary>
public readonly record struct StorylineRename(int From, int To);

/// <summary>
/// What changed since the last <see cref="EventClusterer.TakeChanges"/>: the events whose story must be written again
/// (read them with <see cref="EventClusterer.Current"/>; one merged away has no story any more, its id lives on as an
/// alias), the merges and storyline chains the passes made, and the storylines renamed by a chain. A stream writes only
/// these, so the cost of keeping stories up to date follows what arrived, not what is stored.
/// </summary>
public sealed record EventChanges(
    IReadOnlyList<int> Changed,
    IReadOnlyList<EventMerge> Merges,
    IReadOnlyList<EventChain> Chains,
    IReadOnlyList<StorylineRename> Renames);

public sealed partial class EventClusterer
{
    /// <summary>Events whose story changed since the last <see cref="TakeChanges"/>: joined, split, merged into or linked.</summary>
    private readonly HashSet<int> _changed = [];
    private readonly List<EventMerge> _merges = [];
    private readonly List<EventChain> _links = [];
    private readonly List<StorylineRename> _storylineRenames = [];

    /// <summary>Each event's first article, which names its story; kept for every event ever made, live, retired or merged.</summary>
    private readonly List<string?> _firstArticle = [];

    /// <summary>The related links as last taken, so that a new strong pair that displaces a weaker link elsewhere marks that event too.</summary>
    private Dictionary<int, int[]> _takenRelated = [];

    /// <summary>The article that names an event's story: its first, whatever has happened to the event since.</summary>
    public string FirstArticleOf(int number) =>
        _firstArticle[number] ?? throw new InvalidOperationException($"event {number} has no article");

    /// <summary>Whether the passes merged or chained events since the last <see cref="TakeChanges"/>: what a listener for merges and links waits for.</summary>
    public bool HasPassResults => _merges.Count > 0 || _links.Count > 0;

    /// <summary>The event an event was merged into, through any chain of merges; the event itself when it was not.</summary>
    public int CurrentEventOf(int number) => Root(number);

    /// <summary>
    /// Takes what changed since the last call. <paramref name="runPasses"/> first splits, merges and chains the events
    /// touched since the last pass and sends live-event shards what changed (as <see cref="EndBatch"/> does); a writer
    /// that checkpoints its state between sweeps takes changes without running them, so that a continued run passes at
    /// the same articles as one uninterrupted run.
    /// </summary>
    public EventChanges TakeChanges(bool runPasses)
    {
        if (runPasses)
            EndBatch();
        var related = RelatedLinks();
        var nowRelated = related.ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var (number, others) in nowRelated)
        {
            if (!_takenRelated.TryGetValue(number, out var before) || !before.SequenceEqual(others))
                _changed.Add(number);
        }
        foreach (var number in _takenRelated.Keys)
        {
            if (!nowRelated.ContainsKey(number) && IsCurrent(number))
                _changed.Add(number);
        }
        _takenRelated = nowRelated;
        // A link a later one of the same passes let go (see StorylinePredecessors) was never seen; links name the
        // events that absorbed merged ones.
        var changes = new EventChanges([.. _changed.Order()], [.. _merges],
            [.. _links.Where(l => _linked.Has(CurrentEventOf(l.Earlier), CurrentEventOf(l.Later)))], [.. _storylineRenames]);
        _changed.Clear();
        _merges.Clear();
        _links.Clear();
        _storylineRenames.Clear();
        return changes;
    }

    /// <summary>
    /// Whether an event of this number was made: a number a later state gave out (an event an end-of-run pass split off
    /// after the checkpoint this state was read from) is not one of this state's until its articles make it again.
    /// </summary>
    public bool Knows(int number) => number >= 0 && number < _mergedInto.Count;

    /// <summary>Whether an event still stands on its own (it was not merged into another).</summary>
    public bool IsStanding(int number) => IsCurrent(number);

    /// <summary>
    /// The standing events among <paramref name="numbers"/>, live or retired, with storyline and links as they are now:
    /// what their stories are built from. A retired one comes without its centroids (see
    /// <see cref="IEventArchive.GetListing"/>): a checkpoint writes thousands of stories, and their retired events'
    /// centroids held meanwhile were 200 MB of a 200,000-article stream's heap.
    /// </summary>
    public IReadOnlyList<EventCluster> Current(IEnumerable<int> numbers)
    {
        var related = RelatedLinks();
        var list = new List<EventCluster>();
        var current = numbers.Where(IsCurrent).Distinct().Order().ToList();
        _archive.Preload(current.Where(number => !_live.IsLive(number)));
        _live.Prefetch(current);
        foreach (int number in current)
        {
            var ev = _live.Find(number) ?? _archive.GetListing(number) ?? throw new InvalidOperationException($"event {number} is neither live nor archived");
            ev.Storyline = FindStoryline(number);
            ev.Links = LinksOf(number, related);
            list.Add(ev);
        }
        return list;
    }

    /// <summary>The live event an article belongs to, or null when its event has retired.</summary>
    public int? LiveEventOf(string articleId) => _eventOf.TryGetValue(articleId, out int number) ? number : null;
}
