using System.Globalization;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>The questions a service asks of a live store (see <see cref="IStoryReader"/>).</summary>
public sealed partial class SqliteStoryStore
{
    public StoryListing ListStories(StoryQuery query) => Guard(() =>
    {
        var (where, parameters) = Filter(query);
        long total = Scalar<long>(null, $"SELECT count(*) FROM stories s WHERE {where}", parameters);
        long latest = LatestSeq();
        int size = Math.Clamp(query.PageSize, 1, StoryQuery.MaxPageSize);
        int page = Math.Max(1, query.Page);
        // The page's ids first, from indexes that hold every column a filter or an order reads (a story row holds its
        // whole JSON: ordering 2,500 stories by reading their rows took 13 ms), then the page's rows. Most active first
        // needs each story's count of recent articles, made once from the newest articles alone (MATERIALIZED: joined
        // as a subquery, SQLite counted again for every story).
        string sql = query.Order == StoryOrder.MostActive
            ? $"""
              WITH recent AS MATERIALIZED (SELECT story, count(*) AS n FROM articles INDEXED BY articles_recent WHERE seq > $floor GROUP BY story)
              SELECT s.id FROM stories s LEFT JOIN recent r ON r.story = s.id
              WHERE {where} ORDER BY coalesce(r.n, 0) DESC, s.size DESC, s.event DESC LIMIT $limit OFFSET $offset
              """
            : $"SELECT s.id FROM stories s WHERE {where} ORDER BY s.end DESC, s.event DESC LIMIT $limit OFFSET $offset";
        var ids = Column<string>(null, sql, [.. parameters, ("$floor", latest - StoryActivity.Window), ("$limit", size), ("$offset", (long)(page - 1) * size)]);
        var rows = new Dictionary<string, (string Storyline, string? Title, string? Start, string? End, int Size, string Summary)>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            var (list, values) = InList([.. ids]);
            using var cmd = Command($"SELECT id, storyline, title, start, end, coalesce(size, 0), coalesce(summary, '') FROM stories WHERE id IN ({list})", null, values);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                rows[reader.GetString(0)] = (reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.GetInt32(5), reader.GetString(6));
        }
        var spans = ArticleSpans([.. rows.Keys], latest - StoryActivity.Window);
        var stories = ids.Where(rows.ContainsKey).Select(id =>
        {
            var r = rows[id];
            var (first, last, recent) = spans.GetValueOrDefault(id);
            return new StorySummary(id, r.Storyline, r.Title, ParseDay(r.Start), ParseDay(r.End), r.Size, r.Summary, recent,
                StoryActivity.Of(first, last, latest));
        }).ToList();
        return new StoryListing(stories, total, page, size);
    }, "listing stories");

    public StoryTrace? TraceStory(string id) => Guard(() =>
    {
        if (FindStory(id) is not { } story)
            return null;
        var ids = story.Articles.Select(a => a.Id).ToList();
        var placements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var relations = new List<CopyRelationRow>();
        foreach (var (list, values) in ids.Chunk(500).Select(InList))
        {
            using (var cmd = Command($"SELECT id, placement FROM articles WHERE id IN ({list})", null, values))
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                    placements[reader.GetString(0)] = Text(reader, 1);
            }
            using (var cmd = Command($"SELECT a, b, kind, original, score FROM copies WHERE a IN ({list}) UNION SELECT a, b, kind, original, score FROM copies WHERE b IN ({list})", null, values))
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                    relations.Add(new CopyRelationRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDouble(4)));
            }
        }
        return StoryTrace.Of(story, placements, relations);
    }, "tracing a story");

    public StorylineStories? FindStoryline(string id, int max = StorylineView.MaxChapters) => Guard(() =>
    {
        string? storyline = Column<string>(null,
            "SELECT storyline FROM stories WHERE id = $id UNION ALL SELECT s.storyline FROM stories s JOIN story_aliases a ON a.story = s.id WHERE a.alias = $id LIMIT 1",
            ("$id", id)).FirstOrDefault();
        if (storyline is null)
            return null;
        long total = Scalar<long>(null, "SELECT count(*) FROM stories WHERE storyline = $s", ("$s", storyline));
        var latest = QueryNumberedStories("SELECT storyline, json, related, coalesce(event, -1) FROM stories WHERE storyline = $s ORDER BY event DESC LIMIT $max",
            ("$s", storyline), ("$max", Math.Max(0, max)));
        return new StorylineStories(storyline, [.. latest.OrderBy(s => s.Event).Select(s => s.Story)], (int)total);
    }, "reading a storyline");

    /// <remarks>
    /// Each write of a story row (whole, or relinked) draws its <c>written</c> number at random: the story's signature
    /// would not do, since an article told again with new words leaves its story's members, and so its signature, as
    /// they were.
    /// </remarks>
    public long? StorylineVersion(string storyline) => Guard(() =>
    {
        using var cmd = Command("SELECT id, written FROM stories WHERE storyline = $s", null, ("$s", storyline));
        using var reader = cmd.ExecuteReader();
        var rows = new List<(string, long?)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        return StorylineVersions.Of(rows);
    }, "reading a storyline's version");

    public StoreCounts Counts() => Guard(() => new StoreCounts(
        // Articles are never deleted, so the last sequence number is their count, read from the index's end.
        LatestSeq(),
        Scalar<long>(null, "SELECT count(*) FROM stories"),
        Scalar<long>(null, "SELECT count(*) FROM copies")), "counting");

    private long LatestSeq() => Scalar<long>(null, "SELECT coalesce(max(seq), 0) FROM articles");

    /// <summary>
    /// The first and last sequence numbers of each story's articles, which say whether it is new, growing or fading, and
    /// how many came after <paramref name="floor"/>.
    /// </summary>
    private Dictionary<string, (long First, long Last, int Recent)> ArticleSpans(IReadOnlyCollection<string> stories, long floor)
    {
        var spans = new Dictionary<string, (long, long, int)>(StringComparer.Ordinal);
        foreach (var (list, values) in stories.Chunk(500).Select(InList))
        {
            using var cmd = Command($"SELECT story, min(seq), max(seq), sum(seq > $floor) FROM articles WHERE story IN ({list}) GROUP BY story", null, [.. values, ("$floor", floor)]);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                spans[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3));
        }
        return spans;
    }

    /// <summary>The WHERE clause of a listing (over <c>stories s</c>) and its parameters.</summary>
    private static (string Where, (string Name, object? Value)[] Parameters) Filter(StoryQuery query)
    {
        var where = new List<string> { "1 = 1" };
        var parameters = new List<(string, object?)>();
        if (query.Since is { } since)
        {
            where.Add("s.end >= $since");
            parameters.Add(("$since", Day(since)));
        }
        if (query.Until is { } until)
        {
            where.Add("s.start <= $until");
            parameters.Add(("$until", Day(until)));
        }
        if (!string.IsNullOrWhiteSpace(query.Entity))
        {
            where.Add("s.id IN (SELECT story FROM entities WHERE name = $entity COLLATE NOCASE)");
            parameters.Add(("$entity", query.Entity.Trim()));
        }
        var words = query.Words();
        if (words.Count > 0)
        {
            // Each word quoted: FTS5 reads a reader's words as words, never as its query syntax (NEAR, AND, a column name).
            where.Add("s.id IN (SELECT a.story FROM article_text t JOIN articles a ON a.id = t.id WHERE article_text MATCH $words)");
            parameters.Add(("$words", string.Join(' ', words.Select(w => "\"" + w + "\""))));
        }
        else if (!string.IsNullOrWhiteSpace(query.Text))
        {
            where.Add("0 = 1");   // only punctuation: no story holds no word
        }
        return (string.Join(" AND ", where), [.. parameters]);
    }

    private static string? Text(Microsoft.Data.Sqlite.SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateOnly? ParseDay(string? day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
