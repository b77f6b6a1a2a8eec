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

    /// <remarks>
    /// One statement, so one round trip and a consistent snapshot without a transaction around it: five statements in a
    /// repeatable-read transaction, each a round trip to a server process sharing the cores with the engine's commits,
    /// held 50 polling readers' p99 at 87 ms. The page's ids come first (newest first walks the (end_day, event) index and
    /// stops at the page; most active first counts the recent articles once, from the newest articles alone), then only
    /// the page's rows and article spans are read.
    /// </remarks>
    public StoryListing ListStories(StoryQuery query) => Guard(() =>
    {
        var (where, parameters) = Filter(query);
        int size = Math.Clamp(query.PageSize, 1, StoryQuery.MaxPageSize);
        int page = Math.Max(1, query.Page);
        string ordered = query.Order == StoryOrder.MostActive
            ? $"""
              SELECT s.id, row_number() OVER (ORDER BY coalesce(r.n, 0) DESC, s.size DESC NULLS LAST, s.event DESC NULLS LAST) AS ord
              FROM stories s LEFT JOIN recent r ON r.story = s.id
              WHERE {where} ORDER BY coalesce(r.n, 0) DESC, s.size DESC NULLS LAST, s.event DESC NULLS LAST LIMIT @limit OFFSET @offset
              """
            : $"""
              SELECT s.id, row_number() OVER (ORDER BY s.end_day DESC NULLS LAST, s.event DESC NULLS LAST) AS ord
              FROM stories s WHERE {where} ORDER BY s.end_day DESC NULLS LAST, s.event DESC NULLS LAST LIMIT @limit OFFSET @offset
              """;
        string recent = query.Order == StoryOrder.MostActive
            ? "recent AS MATERIALIZED (SELECT story, count(*) AS n FROM articles, latest WHERE seq > latest.m - @window AND story IS NOT NULL GROUP BY story),"
            : string.Empty;
        string sql = $"""
            WITH latest AS MATERIALIZED (SELECT coalesce(max(seq), 0) AS m FROM articles),
            {recent}
            page AS MATERIALIZED ({ordered}),
            spans AS (SELECT a.story, min(a.seq) AS first, max(a.seq) AS last, count(*) FILTER (WHERE a.seq > latest.m - @window) AS n
                      FROM articles a, latest WHERE a.story IN (SELECT id FROM page) GROUP BY a.story)
            SELECT latest.m, (SELECT count(*) FROM stories s WHERE {where}), s.id, s.storyline, s.title, s.start_day, s.end_day,
                   coalesce(s.size, 0), coalesce(s.summary, ''), coalesce(sp.first, 0), coalesce(sp.last, 0), coalesce(sp.n, 0)
            FROM latest LEFT JOIN (page p JOIN stories s ON s.id = p.id LEFT JOIN spans sp ON sp.story = p.id) ON TRUE
            ORDER BY p.ord
            """;
        long latest = 0, total = 0;
        var stories = new List<StorySummary>();
        using (var cmd = Command(sql, [.. parameters, ("window", (long)StoryActivity.Window), ("limit", size), ("offset", (long)(page - 1) * size)]))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                (latest, total) = (reader.GetInt64(0), reader.GetInt64(1));
                if (reader.IsDBNull(2))
                    continue;   // an empty page: the one row carries the counts alone
                stories.Add(new StorySummary(reader.GetString(2), reader.GetString(3), Text(reader, 4), Day(reader, 5), Day(reader, 6), reader.GetInt32(7),
                    reader.GetString(8), (int)reader.GetInt64(11), StoryActivity.Of(reader.GetInt64(9), reader.GetInt64(10), latest)));
            }
        }
        return new StoryListing(stories, total, page, size);
    }, "listing stories");

    public StoryTrace? TraceStory(string id) => Guard(() => Consistently(() =>
    {
        if (FindStory(id) is not { } story)
            return null;
        string[] ids = [.. story.Articles.Select(a => a.Id)];
        var placements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var relations = new List<CopyRelationRow>();
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
                relations.Add(new CopyRelationRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4)));
        }
        return StoryTrace.Of(story, placements, relations);
    }), "tracing a story");

    public StorylineStories? FindStoryline(string id, int max = StorylineView.MaxChapters) => Guard(() => Consistently(() =>
    {
        string? storyline = Column<string>(
            """
            SELECT storyline FROM (
                SELECT s.storyline, 0 AS rank FROM stories s WHERE s.id = @id
                UNION ALL SELECT s.storyline, 1 FROM stories s JOIN story_aliases a ON a.story = s.id WHERE a.alias = @id) found
            ORDER BY rank LIMIT 1
            """, ("id", id)).FirstOrDefault();
        if (storyline is null)
            return null;
        long total = Scalar<long>("SELECT count(*) FROM stories WHERE storyline = @s", ("s", storyline));
        var latest = QueryStories($"SELECT {StoryColumns} FROM stories s WHERE s.storyline = @s ORDER BY s.event DESC NULLS LAST LIMIT @max",
            ("s", storyline), ("max", Math.Max(0, max)));
        latest.Reverse();
        return new StorylineStories(storyline, latest, (int)total);
    }), "reading a storyline");

    /// <remarks>
    /// A row's <c>xmin</c>, the transaction that last wrote it, tells each write of a story (whole, or relinked) from
    /// the last: the story's signature would not do, since an article told again with new words leaves its story's
    /// members, and so its signature, as they were.
    /// </remarks>
    public long? StorylineVersion(string storyline) => Guard(() =>
    {
        using var cmd = Command("SELECT id, xmin::text::bigint FROM stories WHERE storyline = @s", ("s", storyline));
        using var reader = cmd.ExecuteReader();
        var rows = new List<(string, long?)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return StorylineVersions.Of(rows);
    }, "reading a storyline's version");

    public StoreCounts Counts() => Guard(() => Consistently(() => new StoreCounts(
        // The writer numbers articles without gaps and never deletes one, so the last number is their count.
        LatestSeq(),
        Scalar<long>("SELECT count(*) FROM stories"),
        Scalar<long>("SELECT count(*) FROM copies"))), "counting");

    private long LatestSeq() => Scalar<long>("SELECT coalesce(max(seq), 0) FROM articles");

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
