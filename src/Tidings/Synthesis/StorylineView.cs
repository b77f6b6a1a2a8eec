namespace Tidings.Synthesis;

/// <summary>
/// The stories of one storyline as a store holds them, in the order their events began: at most the latest
/// <see cref="StorylineView.MaxChapters"/> of <see cref="Total"/>.
/// </summary>
/// <param name="Id">The storyline's id: the id of the story of its oldest event.</param>
/// <param name="Stories">Its stories, at most the latest <see cref="StorylineView.MaxChapters"/>, oldest first.</param>
/// <param name="Total">Its stories in all.</param>
public sealed record StorylineStories(string Id, IReadOnlyList<Story> Stories, int Total);

/// <summary>
/// One storyline as a reader follows it: each of its events' stories in the order they began, which earlier one each
/// continues or recurs, and the people, places and organisations more than one of them names (the minister who visits
/// every year, the court that hears each appeal).
/// </summary>
/// <param name="Id">The storyline's id: the id of the story of its oldest event.</param>
/// <param name="Title">The title of its first chapter shown.</param>
/// <param name="Start">The day its first chapter shown began.</param>
/// <param name="End">The day its latest chapter ended.</param>
/// <param name="Chapters">Its stories, oldest first.</param>
/// <param name="Entities">Names that more than one chapter holds, at most <see cref="MaxEntities"/>.</param>
/// <param name="Total">Stories in the storyline; <see cref="Chapters"/> holds the latest <see cref="MaxChapters"/> of them.</param>
public sealed record StorylineView(
    string Id,
    string? Title,
    DateOnly? Start,
    DateOnly? End,
    int Total,
    IReadOnlyList<StorylineChapter> Chapters,
    IReadOnlyList<StorylineEntity> Entities)
{
    /// <summary>
    /// Chapters a view shows: a storyline is a handful of events, but a feed that replays a year every year grows one by
    /// a chapter a year, and a view is read whole.
    /// </summary>
    public const int MaxChapters = 200;

    /// <summary>Recurring names a view lists, those in the most chapters first.</summary>
    public const int MaxEntities = 30;

    /// <summary>The view of a storyline's stories (see <see cref="StorylineStories"/>); a pure function of them.</summary>
    public static StorylineView Of(StorylineStories storyline)
    {
        ArgumentNullException.ThrowIfNull(storyline);
        var stories = storyline.Stories;
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < stories.Count; i++)
            position[stories[i].Id] = i;
        var chapters = new List<StorylineChapter>(stories.Count);
        for (int i = 0; i < stories.Count; i++)
        {
            var story = stories[i];
            // The nearest earlier chapter it links to: the storyline pass links an event to every earlier one like it,
            // and the latest of them is the one a reader follows back.
            var follows = story.Related
                .Where(link => link.Relation != "related" && position.TryGetValue(link.Story, out int at) && at < i)
                .OrderByDescending(link => position[link.Story])
                .FirstOrDefault();
            chapters.Add(new StorylineChapter(story.Id, story.Title, story.Start, story.End, story.Articles.Count,
                story.Articles.Select(a => a.Source).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Count(), story.Summary, follows));
        }
        var entities = stories
            .SelectMany(story => story.Entities.Select(e => (e.Name, e.Kind)).Distinct().Select(e => (e.Name, e.Kind, Story: story.Id)))
            .GroupBy(e => (Name: e.Name.ToUpperInvariant(), e.Kind))
            .Select(g => new StorylineEntity(g.First().Name, g.Key.Kind, [.. g.Select(e => e.Story).Distinct(StringComparer.Ordinal)]))
            .Where(e => e.Stories.Count > 1)
            .OrderByDescending(e => e.Stories.Count).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Kind)
            .Take(MaxEntities)
            .ToList();
        return new StorylineView(storyline.Id, stories.Count > 0 ? stories[0].Title : null,
            stories.Select(s => s.Start).Where(d => d is not null).Min(), stories.Select(s => s.End ?? s.Start).Where(d => d is not null).Max(),
            storyline.Total, chapters, entities);
    }
}

/// <summary>One event of a storyline, as its story tells it.</summary>
/// <param name="Story">The story's id.</param>
/// <param name="Title">The story's title.</param>
/// <param name="Start">The first day the story reports.</param>
/// <param name="End">The last.</param>
/// <param name="Articles">The story's articles, copies included.</param>
/// <param name="Summary">The story's summary.</param>
/// <param name="Sources">Distinct outlets among its articles.</param>
/// <param name="Follows">The latest earlier chapter shown that this one continues or recurs, or null (the first, or one joined through another).</param>
public sealed record StorylineChapter(string Story, string? Title, DateOnly? Start, DateOnly? End, int Articles, int Sources, string Summary, StoryLink? Follows);

/// <summary>A person, organisation or place that several chapters of a storyline name, with the stories that do.</summary>
public sealed record StorylineEntity(string Name, EntityKind Kind, IReadOnlyList<string> Stories);
