using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>
/// The questions a reader of a live store asks: a page of stories, one story (by any id it ever had), one article, and
/// why a story holds what it holds. A service answers them from several readers at once while one writer commits;
/// each store's reader sees only committed batches.
/// </summary>
public interface IStoryReader : IDisposable
{
    /// <summary>A page of stories matching <paramref name="query"/>, with how many match in all.</summary>
    StoryListing ListStories(StoryQuery query);

    /// <summary>The story with this id, or the story another was merged into under this id (see <see cref="Story.Aliases"/>).</summary>
    Story? FindStory(string id);

    Article? FindArticle(string id);

    /// <summary>The stored articles with these ids, by id.</summary>
    Dictionary<string, Article> FindArticles(IReadOnlyCollection<string> ids);

    /// <summary>Why each of a story's articles joined it and why each copy is a copy; null when there is no such story.</summary>
    StoryTrace? TraceStory(string id);

    /// <summary>Articles, stories and copy relations stored.</summary>
    StoreCounts Counts();

    /// <summary>
    /// The stories of the storyline <paramref name="id"/> names (its own id, or the id any of its stories has or had),
    /// in the order their events began, at most the latest <paramref name="max"/>; null when no story has the id.
    /// </summary>
    StorylineStories? FindStoryline(string id, int max = StorylineView.MaxChapters);

    /// <summary>
    /// A number that changes whenever a story of the storyline is written or relinked, or joins or leaves it (see
    /// <see cref="StorylineVersions"/>): what tells a cached view of it that it still holds. Null when one of its stories
    /// was written by an earlier Tidings, which did not tell one write from the next, so that no cache can trust it.
    /// </summary>
    long? StorylineVersion(string storyline);
}

/// <summary>How both stores number a storyline's state (see <see cref="IStoryReader.StorylineVersion"/>).</summary>
public static class StorylineVersions
{
    /// <summary>
    /// Hashes each story's id with what its store tells each write of its row by, in ordinal order of ids: a story
    /// written again or relinked gets a new one, and one that joins or leaves the storyline (a chain, a merge) adds or
    /// takes a row. Null when a row has none.
    /// </summary>
    public static long? Of(IEnumerable<(string Id, long? Written)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hash = new System.IO.Hashing.XxHash64();
        Span<byte> number = stackalloc byte[8];
        foreach (var (id, written) in rows.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            if (written is not { } w)
                return null;
            hash.Append(System.Text.Encoding.UTF8.GetBytes(id + "\n"));
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(number, w);
            hash.Append(number);
        }
        return (long)hash.GetCurrentHashAsUInt64();
    }
}

/// <summary>The order of a story listing.</summary>
public enum StoryOrder
{
    /// <summary>By the day of the story's latest report, latest first.</summary>
    Newest,

    /// <summary>By how many of the most recently stored articles joined the story, then by size.</summary>
    MostActive,
}

/// <summary>
/// Which stories a listing holds. <see cref="Since"/> and <see cref="Until"/> keep the stories whose span overlaps the
/// days given (an undated story matches no day range); <see cref="Text"/> is words that one of the story's articles
/// holds (plain words, not a query language: a reader's quotes and operators are only words); <see cref="Entity"/> is
/// a name the story's entities carry, in any case.
/// </summary>
public sealed record StoryQuery
{
    public const int MaxPageSize = 100;

    public DateOnly? Since { get; init; }

    public DateOnly? Until { get; init; }

    public string? Text { get; init; }

    public string? Entity { get; init; }

    public StoryOrder Order { get; init; } = StoryOrder.Newest;

    /// <summary>The page, from 1.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>The words of <see cref="Text"/> a store searches for: letters and digits, lower case, at most eight.</summary>
    public IReadOnlyList<string> Words()
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        foreach (char c in (Text ?? string.Empty) + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0 && words.Count < 8 && !words.Contains(word.ToString()))
                words.Add(word.ToString());
            word.Clear();
        }
        return words;
    }
}

/// <summary>A page of a listing: <see cref="Total"/> stories match in all.</summary>
public sealed record StoryListing(IReadOnlyList<StorySummary> Stories, long Total, int Page, int PageSize);

/// <summary>
/// A story as a listing shows it. <see cref="Recent"/> counts its articles among the store's
/// <see cref="StoryActivity.Window"/> most recently stored; <see cref="Activity"/> reads it.
/// </summary>
public sealed record StorySummary(
    string Id,
    string Storyline,
    string? Title,
    DateOnly? Start,
    DateOnly? End,
    int Articles,
    string Summary,
    int Recent,
    StoryActivity.State Activity);

/// <summary>Whether a story is new, growing or fading, read from when its articles were stored, not from their dates: a feed replaying last year is as live as today's.</summary>
public static class StoryActivity
{
    /// <summary>
    /// The most recently stored articles a story's activity is read from: about the last hour of a busy newsroom's feed.
    /// A story none of whose articles are among them is fading; one whose first article is, is new.
    /// </summary>
    public const int Window = 1000;

    public enum State
    {
        New,
        Growing,
        Fading,
    }

    /// <summary>The state of a story whose articles were stored at sequence numbers <paramref name="first"/> to <paramref name="last"/>, in a store whose latest is <paramref name="latest"/>.</summary>
    public static State Of(long first, long last, long latest) =>
        first > latest - Window ? State.New : last > latest - Window ? State.Growing : State.Fading;
}

/// <summary>Why each article of a story is there.</summary>
public sealed record StoryTrace(string Story, IReadOnlyList<string> Aliases, IReadOnlyList<ArticleTrace> Articles)
{
    /// <summary>
    /// The trace of <paramref name="story"/> from what a store read: each article's placement, and the copy relations
    /// that name any of its articles (each shown from both sides, once per other article, in id order).
    /// </summary>
    public static StoryTrace Of(Synthesis.Story story, IReadOnlyDictionary<string, string?> placements, IEnumerable<CopyRelationRow> relations)
    {
        var copies = story.Articles.Select(a => a.Id).Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => new List<CopyTrace>(), StringComparer.Ordinal);
        foreach (var (a, b, kind, original, score) in relations)
        {
            copies.GetValueOrDefault(a)?.Add(new CopyTrace(b, kind, original, score));
            copies.GetValueOrDefault(b)?.Add(new CopyTrace(a, kind, original, score));
        }
        var articles = story.Articles
            .Select(a => new ArticleTrace(a.Id, a.Source, a.Title, placements.GetValueOrDefault(a.Id),
                [.. copies[a.Id].DistinctBy(c => c.Other).OrderBy(c => c.Other, StringComparer.Ordinal)]))
            .ToList();
        return new StoryTrace(story.Id, story.Aliases, articles);
    }
}

/// <summary>A stored copy relation as a store reads it back: the pair, the kind, the original, the score.</summary>
public readonly record struct CopyRelationRow(string A, string B, string Kind, string Original, double Score);

/// <summary>
/// One article of a story: <see cref="Placement"/> is what the event clusterer said when the article arrived (the
/// score that joined it, or that it began a new event; a story that later absorbed others keeps its articles' words);
/// <see cref="Copies"/> are its copy relations, each naming the original.
/// </summary>
public sealed record ArticleTrace(string Id, string? Source, string? Title, string? Placement, IReadOnlyList<CopyTrace> Copies);

/// <summary>A copy relation as a trace shows it: the other article, the kind, which of the two is the original, and the score that decided it.</summary>
public sealed record CopyTrace(string Other, string Relation, string Original, double Score);

public sealed record StoreCounts(long Articles, long Stories, long Copies);
