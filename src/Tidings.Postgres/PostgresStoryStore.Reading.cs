using Npgsql;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Postgres;

/// <summary>Stories as the engine and a service read them (see <see cref="IStoryReader"/>).</summary>
public sealed partial class PostgresStoryStore
{
    /// <summary>The columns a story is read from: storyline and links are columns of their own (see <see cref="SqliteStoryStore"/>).</summary>
    private const string StoryColumns = "s.storyline, s.json, s.related, coalesce(s.event, -1)";

    /// <summary>Every story, in the order its event began.</summary>
    public IReadOnlyList<Story> LoadStories() =>
        QueryStories($"SELECT {StoryColumns} FROM stories s ORDER BY s.event NULLS FIRST");

    /// <summary>The stories with these ids, in the order their events began.</summary>
    public IReadOnlyList<Story> LoadStories(IReadOnlyCollection<string> ids) =>
        QueryStories($"SELECT {StoryColumns} FROM stories s WHERE s.id = ANY(@ids) ORDER BY s.event NULLS FIRST", ("ids", ids.ToArray()));

    private const int StoriesReadAtOnce = 200;

    /// <summary>
    /// The stories these articles belong to, in the order their events began, read a few at a time as they are
    /// enumerated: a run over a large stream prints stories that together would not fit in memory.
    /// </summary>
    public IEnumerable<Story> StoriesOfArticles(IReadOnlyCollection<string> articleIds)
    {
        var ordered = Guard(() => Column<string>(
            """
            SELECT s.id FROM stories s
            WHERE s.id IN (SELECT a.story FROM articles a WHERE a.story IS NOT NULL AND a.id = ANY(@ids))
            ORDER BY coalesce(s.event, -1)
            """,
            ("ids", articleIds.ToArray())), "reading stories");
        foreach (var chunk in ordered.Chunk(StoriesReadAtOnce))
        {
            foreach (var story in LoadStories(chunk))
                yield return story;
        }
    }

    /// <summary>The story with this id, or the story another was merged into under this id (see <see cref="Story.Aliases"/>).</summary>
    public Story? FindStory(string id) =>
        QueryStories(
            $"""
            SELECT {StoryColumns}, 0 AS rank FROM stories s WHERE s.id = @id
            UNION ALL SELECT {StoryColumns}, 1 FROM stories s JOIN story_aliases a ON a.story = s.id WHERE a.alias = @id
            ORDER BY rank LIMIT 1
            """,
            ("id", id)).FirstOrDefault();

    private List<Story> QueryStories(string sql, params (string Name, object? Value)[] parameters) => Guard(() =>
    {
        using var cmd = Command(sql, parameters);
        using var reader = cmd.ExecuteReader();
        var list = new List<Story>();
        while (reader.Read())
        {
            var story = Deserialize<Story>(reader.GetString(1)) with { Storyline = reader.GetString(0) };
            if (!reader.IsDBNull(2))
                story = story with { Related = Deserialize<List<StoryLink>>(reader.GetString(2)) };
            list.Add(story);
        }
        return list;
    }, "reading stories");

    public StoryListing ListStories(StoryQuery query) => Guard(() => Consistently(() =>
    {
        var (where, parameters) = Filter(query);
        long total = Scalar<long>($"SELECT count(*) FROM stories s WHERE {where}", parameters);
        long latest = LatestSeq();
        long floor = latest - StoryActivity.Window;
        int size = Math.Clamp(query.PageSize, 1, StoryQuery.MaxPageSize);
        int page = Math.Max(1, query.Page);
        // The page's ids first (newest first walks the (end_day, event) index and stops at the page; most active first
        // counts the recent articles once, from the newest articles alone), then the page's rows: sorting every story's
        // row, summary and all, was most of a listing's time under load.
        string sql = query.Order == StoryOrder.MostActive
            ? $"""
              WITH recent AS MATERIALIZED (SELECT story, count(*) AS n FROM articles WHERE seq > @floor AND story IS NOT NULL GROUP BY story)
              SELECT s.id FROM stories s LEFT JOIN recent r ON r.story = s.id
              WHERE {where} ORDER BY coalesce(r.n, 0) DESC, s.size DESC NULLS LAST, s.event DESC NULLS LAST LIMIT @limit OFFSET @offset
              """
            : $"SELECT s.id FROM stories s WHERE {where} ORDER BY s.end_day DESC NULLS LAST, s.event DESC NULLS LAST LIMIT @limit OFFSET @offset";
        var ids = new List<string>();
        using (var cmd = Command(sql, [.. parameters, ("floor", floor), ("limit", size), ("offset", (long)(page - 1) * size)]))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                ids.Add(reader.GetString(0));
        }
        var rows = new Dictionary<string, (string Storyline, string? Title, DateOnly? Start, DateOnly? End, int Size, string Summary)>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT id, storyline, title, start_day, end_day, coalesce(size, 0), coalesce(summary, '') FROM stories WHERE id = ANY(@ids)", ("ids", ids.ToArray())))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                rows[reader.GetString(0)] = (reader.GetString(1), Text(reader, 2), Day(reader, 3), Day(reader, 4), reader.GetInt32(5), reader.GetString(6));
        }
        var spans = ArticleSpans([.. rows.Keys], floor);
        var stories = ids.Where(rows.ContainsKey).Select(id =>
        {
            var r = rows[id];
            var (first, last, recent) = spans.GetValueOrDefault(id);
            return new StorySummary(id, r.Storyline, r.Title, r.Start, r.End, r.Size, r.Summary, recent, StoryActivity.Of(first, last, latest));
        }).ToList();
        return new StoryListing(stories, total, page, size);
    }), "listing stories");

    public StoryTrace? TraceStory(string id) => Guard(() => Consistently(() =>
    {
        if (FindStory(id) is not { } story)
            return null;
        string[] ids = [.. story.Articles.Select(a => a.Id)];
        var placements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var copies = ids.Distinct(StringComparer.Ordinal).ToDictionary(a => a, _ => new List<CopyTrace>(), StringComparer.Ordinal);
        using (var cmd = Command("SELECT id, placement FROM articles WHERE id = ANY(@ids)", ("ids", ids)))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                placements[reader.GetString(0)] = Text(reader, 1);
        }
        using (var cmd = Command(
            "SELECT a, b, kind, original, score FROM copies WHERE a = ANY(@ids) UNION SELECT a, b, kind, original, score FROM copies WHERE b = ANY(@ids)",
            ("ids", ids)))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                string a = reader.GetString(0), b = reader.GetString(1), kind = reader.GetString(2), original = reader.GetString(3);
                double score = reader.GetDouble(4);
                copies.GetValueOrDefault(a)?.Add(new CopyTrace(b, kind, original, score));
                copies.GetValueOrDefault(b)?.Add(new CopyTrace(a, kind, original, score));
            }
        }
        var articles = story.Articles
            .Select(a => new ArticleTrace(a.Id, a.Source, a.Title, placements.GetValueOrDefault(a.Id),
                [.. copies[a.Id].DistinctBy(c => c.Other).OrderBy(c => c.Other, StringComparer.Ordinal)]))
            .ToList();
        return new StoryTrace(story.Id, story.Aliases, articles);
    }), "tracing a story");

    public StoreCounts Counts() => Guard(() => Consistently(() => new StoreCounts(
        // The writer numbers articles without gaps and never deletes one, so the last number is their count.
        LatestSeq(),
        Scalar<long>("SELECT count(*) FROM stories"),
        Scalar<long>("SELECT count(*) FROM copies"))), "counting");

    private long LatestSeq() => Scalar<long>("SELECT coalesce(max(seq), 0) FROM articles");

    /// <summary>The first and last sequence numbers of each story's articles, which say whether it is new, growing or fading.</summary>
    private Dictionary<string, (long First, long Last, int Recent)> ArticleSpans(string[] stories, long floor)
    {
        var spans = new Dictionary<string, (long, long, int)>(StringComparer.Ordinal);
        using var cmd = Command("SELECT story, min(seq), max(seq), count(*) FILTER (WHERE seq > @floor) FROM articles WHERE story = ANY(@stories) GROUP BY story",
            ("stories", stories), ("floor", floor));
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            spans[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), (int)reader.GetInt64(3));
        return spans;
    }

    /// <summary>The WHERE clause of a listing (over <c>stories s</c>) and its parameters.</summary>
    private static (string Where, (string Name, object? Value)[] Parameters) Filter(StoryQuery query)
    {
        var where = new List<string> { "TRUE" };
        var parameters = new List<(string, object?)>();
        if (query.Since is { } since)
        {
            where.Add("s.end_day >= @since");
            parameters.Add(("since", since));
        }
        if (query.Until is { } until)
        {
            where.Add("s.start_day <= @until");
            parameters.Add(("until", until));
        }
        if (!string.IsNullOrWhiteSpace(query.Entity))
        {
            where.Add("s.id IN (SELECT story FROM entities WHERE lower(name) = lower(@entity))");
            parameters.Add(("entity", StoredText(query.Entity.Trim())));
        }
        var words = query.Words();
        if (words.Any(w => w.Length > LongestSearchedWord))
        {
            where.Add("FALSE");   // no article's words are indexed that long
        }
        else if (words.Count > 0)
        {
            // Every word, as the lexeme it is indexed as (see SearchWords): a query of quoted lexemes joined by AND.
            // The words are letters and digits alone, so a reader's quotes, operators and prefixes never reach it as
            // query syntax; the server's parser is not asked either, as it did not cut the articles' words.
            where.Add("s.id IN (SELECT a.story FROM article_texts t JOIN articles a ON a.seq = t.seq WHERE t.search @@ @words::tsquery)");
            parameters.Add(("words", string.Join(" & ", words.Select(w => "'" + w + "'"))));
        }
        else if (!string.IsNullOrWhiteSpace(query.Text))
        {
            where.Add("FALSE");   // only punctuation: no story holds no word
        }
        return (string.Join(" AND ", where), [.. parameters]);
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateOnly? Day(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateOnly>(column);
}
