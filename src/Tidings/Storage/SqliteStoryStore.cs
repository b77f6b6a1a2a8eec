using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>How a store is opened: to read what it holds, or as its one writer.</summary>
public enum StoreAccess
{
    Read,

    /// <summary>
    /// The one writer: a run reads every stored article, analyses them with its own and replaces the stories, so two
    /// writers at once would each replace the other's stories (a lost update). A writer therefore holds the store's lock
    /// (<see cref="StoreWriterLock"/>) from opening to closing; a second writer waits for it, then reads what the first
    /// one stored.
    /// Readers are never blocked (WAL journal).
    /// </summary>
    Write,
}

/// <summary>The embedded default store: one SQLite file, WAL journal, each save one transaction.</summary>
public sealed partial class SqliteStoryStore : IStoryStore
{
    /// <summary>How long a writer waits for another writer of the same store. A run holds the store for as long as it
    /// reads and analyses its inputs, which on a large corpus takes minutes; waiting longer than this means something
    /// is stuck, and the user is told so.</summary>
    public static readonly TimeSpan WriterWait = TimeSpan.FromMinutes(30);

    /// <remarks>
    /// Stories are rows with their parts in tables (articles, aliases, links, facts, entities, timeline), indexed for the
    /// questions a reader asks: stories since a date, stories naming an entity, the story of an article, a word in a
    /// text (<c>article_text</c>, FTS5). Each story row also keeps the whole story as JSON, which is what a reader is
    /// shown. The <c>engine</c> table holds the stream's checkpoint (see <see cref="Pipeline.StoryEngine"/>).
    /// </remarks>
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            json TEXT NOT NULL,
            source TEXT, title TEXT, published TEXT, language TEXT, url TEXT, story TEXT);
        CREATE TABLE IF NOT EXISTS stories (
            id TEXT PRIMARY KEY,
            storyline TEXT NOT NULL,
            json TEXT NOT NULL,
            event INTEGER, title TEXT, start TEXT, end TEXT, size INTEGER, signature INTEGER, related TEXT);
        CREATE TABLE IF NOT EXISTS copies (
            a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, original TEXT NOT NULL, score REAL NOT NULL,
            PRIMARY KEY (a, b));
        CREATE INDEX IF NOT EXISTS copies_b ON copies (b);
        CREATE TABLE IF NOT EXISTS story_aliases (alias TEXT PRIMARY KEY, story TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS story_aliases_story ON story_aliases (story);
        CREATE TABLE IF NOT EXISTS story_links (story TEXT NOT NULL, other TEXT NOT NULL, relation TEXT NOT NULL, PRIMARY KEY (story, other));
        CREATE TABLE IF NOT EXISTS facts (
            story TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, origins INTEGER NOT NULL,
            corroborated INTEGER NOT NULL, sources TEXT NOT NULL, PRIMARY KEY (story, position));
        CREATE TABLE IF NOT EXISTS entities (
            story TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, origins INTEGER NOT NULL, PRIMARY KEY (story, name));
        CREATE INDEX IF NOT EXISTS entities_name ON entities (name COLLATE NOCASE);
        CREATE TABLE IF NOT EXISTS timeline (story TEXT NOT NULL, position INTEGER NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (story, position));
        CREATE INDEX IF NOT EXISTS timeline_date ON timeline (date);
        CREATE VIRTUAL TABLE IF NOT EXISTS article_text USING fts5 (id UNINDEXED, title, text);
        CREATE TABLE IF NOT EXISTS retired_events (number INTEGER PRIMARY KEY, event BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS engine (key TEXT PRIMARY KEY, value BLOB);
        CREATE TABLE IF NOT EXISTS engine_state (part INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS engine_chunks (hash INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
        """;

    /// <summary>Indexes on the columns a store written before the streaming engine gains (see <see cref="Upgrade"/>).</summary>
    private const string ColumnIndexes = """
        CREATE INDEX IF NOT EXISTS stories_event ON stories (event);
        CREATE INDEX IF NOT EXISTS stories_storyline ON stories (storyline);
        CREATE INDEX IF NOT EXISTS stories_span ON stories (start, end);
        CREATE INDEX IF NOT EXISTS stories_newest ON stories (end DESC, event DESC, id, start, size);
        CREATE INDEX IF NOT EXISTS stories_active ON stories (size DESC, event DESC, id, start, end);
        CREATE INDEX IF NOT EXISTS articles_recent ON articles (seq, story);
        CREATE INDEX IF NOT EXISTS articles_story ON articles (story);
        CREATE INDEX IF NOT EXISTS articles_published ON articles (published)
        """;

    /// <summary>Columns of the first two tables that a store written before the streaming engine lacks.</summary>
    private static readonly (string Table, string Column, string Type)[] EngineColumns =
    [
        ("articles", "source", "TEXT"), ("articles", "title", "TEXT"), ("articles", "published", "TEXT"),
        ("articles", "language", "TEXT"), ("articles", "url", "TEXT"), ("articles", "story", "TEXT"),
        ("stories", "event", "INTEGER"), ("stories", "title", "TEXT"), ("stories", "start", "TEXT"),
        ("stories", "end", "TEXT"), ("stories", "size", "INTEGER"), ("stories", "signature", "INTEGER"),
        ("stories", "link_signature", "INTEGER"),
    ];

    /// <summary>
    /// Columns a store written before them lacks and gains without losing its stories: a story row without
    /// <c>related</c> keeps its links in its JSON, where earlier stores wrote them; one without <c>written</c> has no
    /// storyline version (see <see cref="StorylineVersion"/>).
    /// </summary>
    private static readonly (string Table, string Column, string Type)[] AddedColumns =
        [("stories", "related", "TEXT"), ("stories", "summary", "TEXT"), ("articles", "placement", "TEXT"), ("stories", "written", "INTEGER")];

    private static readonly string[] Tables = ["articles", "stories"];

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private SqliteTransaction? _writer;
    private SqliteTransaction? _saving;

    private readonly StoreWriterLock? _writerLock;

    private SqliteStoryStore(SqliteConnection connection, string path, bool writable, StoreWriterLock? writerLock = null)
    {
        _connection = connection;
        _path = path;
        _writerLock = writerLock;
        Guard(() => Upgrade(writable), "preparing the store");
    }

    /// <summary>A store opened for writing, created when missing; kept for tests and tools that own the file alone.</summary>
    public SqliteStoryStore(string path) : this(SqliteFile.Open(path, Schema, Tables), path, writable: true)
    {
    }

    /// <summary>
    /// Opens and checks a store before any input is read. <paramref name="waiting"/> is called once when a writer has
    /// to wait for another one. Throws <see cref="StoreException"/> naming the path and the reason.
    /// </summary>
    public static SqliteStoryStore Open(string path, StoreAccess access, Action? waiting = null)
    {
        bool writer = access == StoreAccess.Write;
        var connection = SqliteFile.Open(path, Schema, Tables, writable: writer);
        StoreWriterLock? writerLock = null;
        SqliteStoryStore store;
        try
        {
            // Taken before the store is upgraded: two writers checking for missing columns at once would both add them.
            if (writer)
                writerLock = StoreWriterLock.Acquire(path, WriterWait, waiting);
            store = new SqliteStoryStore(connection, path, writer, writerLock);
        }
        catch
        {
            writerLock?.Dispose();
            connection.Dispose();
            throw;
        }
        try
        {
            if (writer)
                store.BeginWriting(waiting);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Gives a store written before the streaming engine its tables and columns. Its stories are dropped: with no
    /// checkpoint, the engine replays the stored articles and writes them again.
    /// </summary>
    private bool Upgrade(bool writable)
    {
        var missing = EngineColumns.Where(c => !HasColumn(c.Table, c.Column)).ToList();
        var added = AddedColumns.Where(c => !HasColumn(c.Table, c.Column)).ToList();
        if ((missing.Count > 0 || added.Count > 0) && !writable)
            throw new StoreException(_path, "written by an earlier Tidings; run `tidings run --db` on it once to bring it up to date");
        if (!writable)
            return false;
        using var tx = _connection.BeginTransaction();
        foreach (var (table, column, type) in missing.Concat(added))
            Execute(tx, $"ALTER TABLE {table} ADD COLUMN \"{column}\" {type}");
        foreach (var statement in ColumnIndexes.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            Execute(tx, statement);
        if (missing.Count > 0)
        {
            Execute(tx, "DELETE FROM stories");
            Execute(tx, "DELETE FROM engine");
            Execute(tx, "DELETE FROM engine_state");
            Execute(tx, "DELETE FROM engine_chunks");
            Execute(tx, "DELETE FROM retired_events");
        }
        tx.Commit();
        return missing.Count > 0;
    }

    private bool HasColumn(string table, string column) =>
        Scalar<long>(null, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $c", ("$c", column)) > 0;

    private void BeginWriting(Action? waiting)
    {
        _connection.DefaultTimeout = 0;
        try
        {
            _writer = _connection.BeginTransaction(deferred: false);
            return;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            waiting?.Invoke();
        }
        _connection.DefaultTimeout = (int)WriterWait.TotalSeconds;
        Guard(() => _writer = _connection.BeginTransaction(deferred: false), "waiting for another writer");
    }

    public EngineCheckpoint? LoadCheckpoint() => Guard(() =>
    {
        using var cmd = Command("SELECT key, value FROM engine");
        using var reader = cmd.ExecuteReader();
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read())
            values[reader.GetString(0)] = (byte[])reader[1];
        if (!values.TryGetValue("covered", out var covered))
            return null;
        // The state is a list of chunks by hash; a store written before keeps it in fixed parts, or before that whole under 'state'.
        Stream? state;
        if (values.TryGetValue(StateChunksKey, out var chunks))
            state = new StatePartReader(this, "engine_chunks", MemoryMarshal.Cast<byte, long>(chunks).ToArray());
        else if (Column<long>(null, "SELECT part FROM engine_state ORDER BY part") is { Count: > 0 } parts)
            state = new StatePartReader(this, "engine_state", [.. parts]);
        else
            state = values.TryGetValue("state", out var whole) ? new MemoryStream(whole, writable: false) : null;
        if (state is null)
            return null;
        var redo = values.GetValueOrDefault("redo") ?? [];
        return new EngineCheckpoint(state, BitConverter.ToInt64(covered),
            [.. Enumerable.Range(0, redo.Length / sizeof(int)).Select(i => BitConverter.ToInt32(redo, i * sizeof(int)))]);
    }, "reading the engine's checkpoint");

    /// <summary>The stored articles after <paramref name="seq"/>, in the order they were stored: what a checkpoint does not yet cover.</summary>
    public IEnumerable<Article> ArticlesAfter(long seq)
    {
        using var cmd = Command("SELECT json FROM articles WHERE seq > $seq ORDER BY seq", null, ("$seq", seq));
        using var reader = Guard(() => cmd.ExecuteReader(), "reading articles");
        while (Guard(reader.Read, "reading articles"))
            yield return Deserialize<Article>(reader.GetString(0));
    }

    /// <summary>Every stored article, in the order they were first stored.</summary>
    public IReadOnlyList<Article> LoadArticles() => [.. ArticlesAfter(0)];

    public Article? FindArticle(string id) => Guard(() =>
    {
        using var cmd = Command("SELECT json FROM articles WHERE id = $id", null, ("$id", id));
        return cmd.ExecuteScalar() is string json ? Deserialize<Article>(json) : null;
    }, "reading an article");

    /// <summary>The stored articles with these ids, by id; ids not stored are left out.</summary>
    public Dictionary<string, Article> FindArticles(IReadOnlyCollection<string> ids) => Guard(() =>
    {
        var found = new Dictionary<string, Article>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            var (list, values) = InList(chunk);
            using var cmd = Command($"SELECT json FROM articles WHERE id IN ({list})", null, values);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var article = Deserialize<Article>(reader.GetString(0));
                found[article.Id] = article;
            }
        }
        return found;
    }, "reading articles");

    /// <summary>A retired event as the last checkpoint left it, in the layout the engine wrote it in.</summary>
    public byte[]? RetiredEvent(int number) => Guard(() =>
    {
        // Prepared once: the passes read thousands of retired events in a run.
        _retiredEventQuery ??= Command("SELECT event FROM retired_events WHERE number = $n", null, ("$n", 0));
        _retiredEventQuery.Transaction = _saving ?? _writer;
        _retiredEventQuery.Parameters[0].Value = number;
        return _retiredEventQuery.ExecuteScalar() as byte[];
    }, "reading a retired event");

    private SqliteCommand? _retiredEventQuery;

    public int RetiredEventCount => Guard(() => Scalar<int>(null, "SELECT count(*) FROM retired_events"), "counting retired events");

    public int? EventOfArticle(string articleId) => Guard(() =>
    {
        using var cmd = Command("SELECT s.event FROM articles a JOIN stories s ON s.id = a.story WHERE a.id = $id", null, ("$id", articleId));
        return cmd.ExecuteScalar() is long number ? (int)number : (int?)null;
    }, "finding an article's event");

    /// <summary>
    /// Stores one batch of the stream in one transaction: its new and replaced articles, copy relations, the stories
    /// they changed, and (with a checkpoint) the engine's state and retired events. Either all of it lands or none.
    /// </summary>
    public void Commit(StoreCommit commit) => Guard(() =>
    {
        var tx = _writer ?? _connection.BeginTransaction(deferred: false);
        // The changed stories are built as they are written, and read their articles through this store meanwhile.
        _saving = tx;
        try
        {
            InsertArticles(commit, tx);
            InsertRelations(commit.Relations, tx);
            var redo = new List<int>();
            if (commit.Checkpoint is { } checkpoint)
            {
                foreach (int number in commit.RetiredRemoved)
                    Execute(tx, "DELETE FROM retired_events WHERE number = $n", ("$n", number));
                foreach (var (number, bytes) in commit.RetiredPut)
                    Execute(tx, "INSERT OR REPLACE INTO retired_events (number, event) VALUES ($n, $e)", ("$n", number), ("$e", bytes));
                Execute(tx, "DELETE FROM engine_state");
                Execute(tx, "DELETE FROM engine WHERE key = 'state'");
                using (var chunks = new StateChunkWriter(this, tx))
                    checkpoint(chunks);
                Execute(tx, "INSERT OR REPLACE INTO engine (key, value) VALUES ('covered', $v)",
                    ("$v", BitConverter.GetBytes(Scalar<long>(tx, "SELECT coalesce(max(seq), 0) FROM articles"))));
            }
            WriteStories(commit.Stories, tx, redo: null);
            if (commit.AfterCheckpoint is { } after)
                WriteStories(after, tx, redo);
            if (commit.AfterCheckpoint is not null || commit.Checkpoint is not null)
            {
                redo.AddRange(commit.Redo);
                Execute(tx, "INSERT OR REPLACE INTO engine (key, value) VALUES ('redo', $v)",
                    ("$v", redo.Distinct().Order().SelectMany(BitConverter.GetBytes).ToArray()));
            }
            tx.Commit();
        }
        finally
        {
            _saving = null;
            // A batch that failed is rolled back as its transaction is disposed: the writer's next transaction would
            // otherwise carry what it wrote into the next commit.
            tx.Dispose();
            if (_writer is not null)
                _writer = _connection.BeginTransaction(deferred: false);   // still the one writer until disposed
        }
        return 0;
    }, "saving (nothing of this batch was stored)");

    private void InsertArticles(StoreCommit commit, SqliteTransaction tx)
    {
        foreach (var (article, replace) in commit.NewArticles.Select(a => (a, false)).Concat(commit.ReplacedArticles.Select(a => (a, true))))
        {
            (string, object?)[] columns =
            [
                ("$id", article.Id), ("$source", article.Source), ("$title", article.Title), ("$published", article.Published?.ToString()),
                ("$language", article.Language), ("$url", article.Url), ("$json", JsonSerializer.Serialize(article, TidingsJson.Options.Describe<Article>())),
            ];
            if (replace)
            {
                Execute(tx, "UPDATE articles SET source = $source, title = $title, published = $published, language = $language, url = $url, json = $json WHERE id = $id", columns);
                Execute(tx, "DELETE FROM article_text WHERE id = $id", ("$id", article.Id));
            }
            else
            {
                Execute(tx, "INSERT INTO articles (id, source, title, published, language, url, json, placement) VALUES ($id, $source, $title, $published, $language, $url, $json, $placement)",
                    [.. columns, ("$placement", commit.Placements.GetValueOrDefault(article.Id))]);
            }
            Execute(tx, "INSERT INTO article_text (id, title, text) VALUES ($id, $title, $text)", ("$id", article.Id), ("$title", article.Title), ("$text", article.Text));
        }
    }

    private void InsertRelations(IReadOnlyList<CopyRelation> relations, SqliteTransaction tx)
    {
        foreach (var r in relations)
        {
            Execute(tx, "INSERT OR REPLACE INTO copies (a, b, kind, original, score) VALUES ($a, $b, $kind, $original, $score)",
                ("$a", r.A), ("$b", r.B), ("$kind", CopyRelation.KindName(r.Kind)), ("$original", r.Original), ("$score", r.Score));
        }
    }

    /// <summary>Renames storylines, then writes changed stories and removes merged ones; with <paramref name="redo"/>, notes every event whose row it touched.</summary>
    private void WriteStories(StoryChanges changes, SqliteTransaction tx, List<int>? redo)
    {
        foreach (var (from, to) in changes.Renames)
        {
            if (redo is not null)
                redo.AddRange(Column<long>(tx, "SELECT event FROM stories WHERE storyline = $s AND event IS NOT NULL", ("$s", from)).Select(n => (int)n));
            Execute(tx, "UPDATE stories SET storyline = $to WHERE storyline = $from", ("$to", to), ("$from", from));
        }
        foreach (var (number, id) in changes.Removed)
        {
            redo?.Add(number);
            DeleteStory(id, tx);
        }
        foreach (var relink in changes.Relinked)
        {
            redo?.Add(relink.Event);
            Relink(relink, tx);
        }
        foreach (var (number, story) in changes.Written)
        {
            redo?.Add(number);
            StorySignature? signature = changes.Signatures.TryGetValue(story.Id, out var known) ? known : null;
            DeleteStory(story.Id, tx);
            // The links are a column of their own, out of the JSON, so that a relink rewrites them alone.
            Execute(tx, "INSERT INTO stories (id, event, storyline, title, start, end, size, signature, link_signature, related, summary, json, written) VALUES ($id, $event, $storyline, $title, $start, $end, $size, $signature, $links, $related, $summary, $json, random())",
                ("$id", story.Id), ("$summary", story.Summary), ("$event", number), ("$signature", signature?.Content), ("$links", signature?.Links), ("$storyline", story.Storyline), ("$title", story.Title), ("$start", Day(story.Start)),
                ("$end", Day(story.End)), ("$size", story.Articles.Count), ("$related", JsonSerializer.Serialize(story.Related, TidingsJson.Options.Describe<IReadOnlyList<StoryLink>>())),
                ("$json", JsonSerializer.Serialize(story with { Related = [] }, TidingsJson.Options.Describe<Story>())));
            foreach (var alias in story.Aliases)
                Execute(tx, "INSERT OR REPLACE INTO story_aliases (alias, story) VALUES ($a, $s)", ("$a", alias), ("$s", story.Id));
            InsertLinks(story.Id, story.Related, tx);
            for (int i = 0; i < story.Facts.Count; i++)
            {
                var fact = story.Facts[i];
                Execute(tx, "INSERT INTO facts (story, position, text, origins, corroborated, sources) VALUES ($s, $p, $t, $o, $c, $src)",
                    ("$s", story.Id), ("$p", i), ("$t", fact.Text), ("$o", fact.Origins), ("$c", fact.Corroborated ? 1 : 0), ("$src", string.Join(' ', fact.Sources)));
            }
            foreach (var entity in story.Entities.DistinctBy(e => e.Name))
            {
                Execute(tx, "INSERT INTO entities (story, name, kind, origins) VALUES ($s, $n, $k, $o)",
                    ("$s", story.Id), ("$n", entity.Name), ("$k", entity.Kind.ToString().ToLowerInvariant()), ("$o", entity.MentionsByOrigin.Count));
            }
            for (int i = 0; i < story.Timeline.Count; i++)
            {
                Execute(tx, "INSERT INTO timeline (story, position, date, text) VALUES ($s, $p, $d, $t)",
                    ("$s", story.Id), ("$p", i), ("$d", Day(story.Timeline[i].Date)), ("$t", story.Timeline[i].Text));
            }
            foreach (var article in story.Articles)
                Execute(tx, "UPDATE articles SET story = $s WHERE id = $id", ("$s", story.Id), ("$id", article.Id));
        }
    }

    /// <summary>
    /// Writes a story whose stored row says what it says (the same articles, originals and aliases) with its new
    /// storyline and links: its JSON, facts, entities, timeline and articles' rows stay. A new event in a long storyline
    /// changes the links of every story in it, and rewriting each of them whole cost a replayed 60,000-article stream
    /// 6% of its time; reading and writing its JSON again cost a run of 10 articles on a 100,000-article store a
    /// quarter of its time when a story of 2,000 articles was among them.
    /// </summary>
    private void Relink(StoryRelink relink, SqliteTransaction tx)
    {
        if (Execute(tx, "UPDATE stories SET event = $event, storyline = $storyline, signature = $signature, link_signature = $links, related = $related, written = random() WHERE id = $id",
            ("$id", relink.Id), ("$event", relink.Event), ("$storyline", relink.Storyline), ("$signature", relink.Signature.Content),
            ("$links", relink.Signature.Links), ("$related", JsonSerializer.Serialize(relink.Related, TidingsJson.Options.Describe<IReadOnlyList<StoryLink>>()))) == 0)
            throw new StoreException(_path, $"story '{relink.Id}' has no stored row to relink");
        // Only the links that changed are written: a story in a storyline of k events holds k - 1 links, and each new
        // event relinks all k, so writing every link again grew with the square of the storyline.
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT other, relation FROM story_links WHERE story = $s", tx, ("$s", relink.Id)))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                stored[reader.GetString(0)] = reader.GetString(1);
        }
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in relink.Related)
            wanted[link.Story] = link.Relation;
        foreach (string gone in stored.Keys.Where(other => !wanted.ContainsKey(other)))
            Execute(tx, "DELETE FROM story_links WHERE story = $s AND other = $o", ("$s", relink.Id), ("$o", gone));
        InsertLinks(relink.Id, relink.Related.Where(link => stored.GetValueOrDefault(link.Story) != link.Relation), tx);
    }

    private void InsertLinks(string story, IEnumerable<StoryLink> links, SqliteTransaction tx)
    {
        foreach (var link in links)
            Execute(tx, "INSERT OR REPLACE INTO story_links (story, other, relation) VALUES ($s, $o, $r)", ("$s", story), ("$o", link.Story), ("$r", link.Relation));
    }

    private void DeleteStory(string id, SqliteTransaction tx)
    {
        foreach (var table in new[] { "facts", "entities", "timeline", "story_links" })
            Execute(tx, $"DELETE FROM {table} WHERE story = $s", ("$s", id));
        Execute(tx, "DELETE FROM story_aliases WHERE story = $s OR alias = $s", ("$s", id));
        Execute(tx, "DELETE FROM stories WHERE id = $s", ("$s", id));
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    private int Execute(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return cmd.ExecuteNonQuery();
    }

    private T Scalar<T>(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<T> Column<T>(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
            list.Add((T)Convert.ChangeType(reader.GetValue(0), typeof(T), System.Globalization.CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>Every story, in the order its event began.</summary>
    public IReadOnlyList<Story> LoadStories() => QueryStories("SELECT storyline, json, related FROM stories ORDER BY event");

    /// <summary>The stories with these ids, in the order their events began.</summary>
    public IReadOnlyList<Story> LoadStories(IReadOnlyCollection<string> ids) =>
        [.. ids.Chunk(500).Select(InList).SelectMany(chunk => QueryNumberedStories(
            $"SELECT storyline, json, related, coalesce(event, -1) FROM stories WHERE id IN ({chunk.List})", chunk.Values)).OrderBy(s => s.Event).Select(s => s.Story)];

    /// <summary>The signatures the stories with these ids were written with (see <see cref="StoryChanges.Signatures"/>); a story without one is left out.</summary>
    public Dictionary<string, StorySignature> StorySignatures(IReadOnlyCollection<string> ids) => Guard(() =>
    {
        var found = new Dictionary<string, StorySignature>(StringComparer.Ordinal);
        foreach (var (list, values) in ids.Chunk(500).Select(InList))
        {
            using var cmd = Command($"SELECT id, signature, link_signature FROM stories WHERE signature IS NOT NULL AND link_signature IS NOT NULL AND id IN ({list})", null, values);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                found[reader.GetString(0)] = new StorySignature(reader.GetInt64(1), reader.GetInt64(2));
        }
        return found;
    }, "reading story signatures");

    /// <summary>
    /// The stories these articles belong to, in the order their events began, read a few at a time as they are
    /// enumerated: a run over a large stream prints stories that together would not fit in memory.
    /// </summary>
    public IEnumerable<Story> StoriesOfArticles(IReadOnlyCollection<string> articleIds)
    {
        var ordered = Guard(() =>
        {
            var stories = articleIds.Chunk(500).Select(InList)
                .SelectMany(chunk => Column<string>(null, $"SELECT DISTINCT story FROM articles WHERE story IS NOT NULL AND id IN ({chunk.List})", chunk.Values))
                .ToHashSet(StringComparer.Ordinal);
            var numbered = new List<(string Id, long Event)>(stories.Count);
            foreach (var (list, values) in stories.Chunk(500).Select(InList))
            {
                using var cmd = Command($"SELECT id, coalesce(event, -1) FROM stories WHERE id IN ({list})", null, values);
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                    numbered.Add((reader.GetString(0), reader.GetInt64(1)));
            }
            return numbered.OrderBy(s => s.Event).Select(s => s.Id).ToList();
        }, "reading stories");
        // Consecutive runs of the event order, each sorted by event again as it is read, keep the whole order.
        foreach (var chunk in ordered.Chunk(StoriesReadAtOnce))
        {
            foreach (var story in LoadStories(chunk))
                yield return story;
        }
    }

    private const int StoriesReadAtOnce = 200;

    /// <summary>Stories that end on or after <paramref name="day"/>.</summary>
    public IReadOnlyList<Story> StoriesSince(DateOnly day) =>
        QueryStories("SELECT storyline, json, related FROM stories WHERE end >= $d ORDER BY event", ("$d", Day(day)));

    /// <summary>Stories that name an entity (by its name, any case).</summary>
    public IReadOnlyList<Story> StoriesNaming(string entity) =>
        QueryStories("SELECT s.storyline, s.json, s.related FROM stories s WHERE s.id IN (SELECT story FROM entities WHERE name = $n COLLATE NOCASE) ORDER BY s.event", ("$n", entity));

    /// <summary>Stories with an article whose title or text matches an FTS5 query.</summary>
    public IReadOnlyList<Story> Search(string query) =>
        QueryStories("SELECT s.storyline, s.json, s.related FROM stories s WHERE s.id IN (SELECT a.story FROM article_text t JOIN articles a ON a.id = t.id WHERE article_text MATCH $q) ORDER BY s.event", ("$q", query));

    /// <summary>The story an article belongs to, or null.</summary>
    public Story? StoryOfArticle(string articleId) =>
        QueryStories("SELECT s.storyline, s.json, s.related FROM stories s JOIN articles a ON a.story = s.id WHERE a.id = $id", ("$id", articleId)).FirstOrDefault();

    /// <summary>The story with this id, or the story another was merged into under this id (see <see cref="Story.Aliases"/>).</summary>
    public Story? FindStory(string id) =>
        QueryStories(
            "SELECT storyline, json, related FROM stories WHERE id = $id " +
            "UNION ALL SELECT s.storyline, s.json, s.related FROM stories s JOIN story_aliases a ON a.story = s.id WHERE a.alias = $id LIMIT 1",
            ("$id", id)).FirstOrDefault();

    private List<Story> QueryStories(string sql, params (string Name, object? Value)[] parameters) =>
        [.. QueryNumberedStories(sql, parameters).Select(s => s.Story)];

    /// <summary>Stories (storyline, JSON and links selected first) with their event numbers (when the query selects them fourth), which order them as their events began.</summary>
    private List<(Story Story, long Event)> QueryNumberedStories(string sql, params (string Name, object? Value)[] parameters) => Guard(() =>
    {
        using var cmd = Command(sql, null, parameters);
        using var reader = cmd.ExecuteReader();
        var list = new List<(Story, long)>();
        // The storyline and the links are columns: chaining renames a storyline in place, and a relink rewrites the links
        // alone, without writing the stories again. A row written before the links had their column keeps them in its JSON.
        while (reader.Read())
        {
            var story = Deserialize<Story>(reader.GetString(1)) with { Storyline = reader.GetString(0) };
            if (!reader.IsDBNull(2))
                story = story with { Related = Deserialize<List<StoryLink>>(reader.GetString(2)) };
            list.Add((story, reader.FieldCount > 3 ? reader.GetInt64(3) : 0));
        }
        return list;
    }, "reading stories");

    public void Dispose()
    {
        _retiredEventQuery?.Dispose();
        _writer?.Dispose();
        _connection.Dispose();
        _writerLock?.Dispose();   // last: the next writer may start once this one's connection is closed
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx ?? _saving ?? _writer;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    /// <summary>An <c>IN (...)</c> list of parameters for some ids (SQLite takes a few hundred per statement, hence the callers' chunks).</summary>
    private static (string List, (string Name, object? Value)[] Values) InList(string[] ids) =>
        (string.Join(", ", ids.Select((_, i) => "$i" + i)), [.. ids.Select((id, i) => ("$i" + i, (object?)id))]);

    private T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, TidingsJson.Options.Describe<T>()) ?? throw new StoreException(_path, $"a stored {typeof(T).Name.ToLowerInvariant()} is null");

    /// <summary>The key in <c>engine</c> of the state's chunk hashes, in order (see <see cref="StateChunkWriter"/>).</summary>
    private const string StateChunksKey = "state-chunks";

    /// <summary>
    /// Writes a checkpoint's state as chunks cut by content (<see cref="ContentChunker"/>), each stored once by its hash
    /// in <c>engine_chunks</c>, with the list of hashes under <see cref="StateChunksKey"/>. Only the chunks the last
    /// checkpoint lacked are written, and those no longer listed are removed: two checkpoints of a large store 100
    /// articles apart differ in about a tenth of their bytes, and writing the whole 33 MB state again cost a 10-article
    /// run about 0.3 s of CPU, most of it SQLite's and the kernel's. Chunks are told apart by a 64-bit hash: among the
    /// few thousand of a state, a collision is about as likely as a disk returning the wrong sector unnoticed.
    /// </summary>
    private sealed class StateChunkWriter : Stream
    {
        private readonly SqliteStoryStore _store;
        private readonly SqliteTransaction _tx;
        private readonly ContentChunker _chunker;
        private readonly HashSet<long> _stored;
        private readonly List<long> _sequence = [];

        public StateChunkWriter(SqliteStoryStore store, SqliteTransaction tx)
        {
            (_store, _tx) = (store, tx);
            _stored = [.. store.Column<long>(tx, "SELECT hash FROM engine_chunks")];
            _chunker = new ContentChunker(Store);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => _chunker.Write(buffer);

        private void Store(ReadOnlySpan<byte> chunk)
        {
            long hash = unchecked((long)System.IO.Hashing.XxHash64.HashToUInt64(chunk));
            _sequence.Add(hash);
            if (_stored.Add(hash))
                _store.Execute(_tx, "INSERT INTO engine_chunks (hash, bytes) VALUES ($h, $b)", ("$h", hash), ("$b", chunk.ToArray()));
        }

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunker.Complete();
                // The list's presence is what makes a checkpoint, even of an empty state.
                _store.Execute(_tx, $"INSERT OR REPLACE INTO engine (key, value) VALUES ('{StateChunksKey}', $v)", ("$v", MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_sequence)).ToArray()));
                foreach (long unlisted in _stored.Except(_sequence))
                    _store.Execute(_tx, "DELETE FROM engine_chunks WHERE hash = $h", ("$h", unlisted));
            }
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads the checkpoint's state back from the rows of <paramref name="table"/> it lists (chunks, or the fixed
    /// parts of a store written before them), one at a time, each into the same buffer by incremental blob I/O. The
    /// driver's <c>GetBytes</c> would first copy each row's blob into a new array: for the megabyte parts, garbage on
    /// the large-object heap whose spent budget made every run on a large store pay a full collection for each part.
    /// </summary>
    private sealed class StatePartReader(SqliteStoryStore store, string table, long[] parts) : Ingest.ForwardOnlyStream
    {
        private byte[] _part = new byte[ContentChunker.MaxBytes];
        private int _length, _read, _next;

        public override int Read(Span<byte> buffer)
        {
            if (_read == _length && _next < parts.Length)
            {
                _length = store.Guard(() =>
                {
                    using var blob = new SqliteBlob(store._connection, table, "bytes", parts[_next++], readOnly: true);
                    int length = checked((int)blob.Length);
                    if (length > _part.Length)
                        _part = new byte[length];
                    blob.ReadExactly(_part, 0, length);
                    return length;
                }, "reading the engine's checkpoint");
                _read = 0;
            }
            int n = Math.Min(buffer.Length, _length - _read);
            _part.AsSpan(_read, n).CopyTo(buffer);
            _read += n;
            return n;
        }
    }

    /// <summary>Turns the driver's and the serializer's failures into one that names the store and what was being done.</summary>
    private T Guard<T>(Func<T> action, string doing)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new StoreException(_path, $"{SqliteFile.Describe(e)}, while {doing}", e);
        }
        catch (JsonException e)
        {
            throw new StoreException(_path, $"a stored record cannot be read ({e.Message}), while {doing}", e);
        }
    }
}

/// <summary>
/// The engine's state as the last checkpoint wrote it (read from the store part by part as the stream is read; the
/// reader disposes it), the last article sequence number it covers, and the events to write again.
/// </summary>
public sealed record EngineCheckpoint(Stream State, long CoveredSeq, IReadOnlyList<int> Redo);

/// <summary>Stories to write (by event number), stories merged away, and storylines renamed (old story id to new).</summary>
/// <param name="Written">
/// The changed stories, which a writer may build while the store writes them (see <see cref="Pipeline.StoryEngine"/>):
/// enumerated once, inside <see cref="IStoryStore.Commit"/>, where the articles they read are already stored.
/// </param>
/// <param name="Removed">Stories merged into others, by event number and story id.</param>
/// <param name="Renames">Storylines renamed, from the old story id to the new.</param>
public sealed record StoryChanges(
    IEnumerable<(int Event, Story Story)> Written,
    IReadOnlyList<(int Event, string Id)> Removed,
    IReadOnlyList<(string From, string To)> Renames)
{
    /// <summary>
    /// Per written story, hashes of what its row was built from besides its articles' texts; a writer that finds the
    /// same signature stored need not write the story again.
    /// </summary>
    public IReadOnlyDictionary<string, StorySignature> Signatures { get; init; } = new Dictionary<string, StorySignature>();

    /// <summary>
    /// Stories whose stored rows say what they say (the same articles, originals and aliases, none restated): only their
    /// storyline and links changed, so only those are written, and the stories are neither read nor built.
    /// </summary>
    public IReadOnlyList<StoryRelink> Relinked { get; init; } = [];

    public static StoryChanges None { get; } = new([], [], []);

    /// <summary>
    /// <see cref="Renames"/> as one step: each storyline a rename reaches, and the storyline its stories have once every
    /// rename is applied in order (a storyline renamed away and back maps to itself). A store can then rename in one
    /// statement rather than one a rename: a stream of recurring stories renames storylines all the time (191,559
    /// statements over 300,000 replayed Reuters articles).
    /// </summary>
    public IReadOnlyDictionary<string, string> FinalRenames()
    {
        var final = new Dictionary<string, string>(StringComparer.Ordinal);
        // The storylines reached so far, each with the renamed ones that now stand under it.
        var under = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in Renames)
        {
            if (from == to)
                continue;
            var moving = under.Remove(from, out var reached) ? reached : [];
            // Stories still under their first storyline move too, unless an earlier rename already moved that one away.
            if (!final.ContainsKey(from))
                moving.Add(from);
            if (moving.Count == 0)
                continue;
            foreach (string storyline in moving)
                final[storyline] = to;
            if (under.TryGetValue(to, out var already))
                already.AddRange(moving);
            else
                under[to] = moving;
        }
        return final;
    }
}

/// <summary>A stored story's new storyline and links, with the signature it is written with (see <see cref="StoryChanges.Relinked"/>).</summary>
public sealed record StoryRelink(int Event, string Id, string Storyline, IReadOnlyList<StoryLink> Related, StorySignature Signature);

/// <summary>
/// What a story's row was built from besides its articles' texts, as two hashes: <see cref="Content"/> (its id, its
/// articles and their originals, its aliases), from which its synthesis follows, and <see cref="Links"/> (its
/// storyline and links to other stories), which a new event in its storyline changes without changing what it says.
/// </summary>
public readonly record struct StorySignature(long Content, long Links);

/// <summary>
/// One batch of a stream, stored in one transaction. <see cref="Checkpoint"/> carries the engine's state as of the
/// batch's last article, with the retired events it expects; <see cref="AfterCheckpoint"/> the stories an end-of-run
/// pass changed beyond that state, which the next run writes again from its own.
/// </summary>
public sealed record StoreCommit
{
    public IReadOnlyList<Article> NewArticles { get; init; } = [];
    public IReadOnlyList<Article> ReplacedArticles { get; init; } = [];
    public IReadOnlyList<CopyRelation> Relations { get; init; } = [];

    /// <summary>Why each new article joined its event, by article id (see <see cref="ArticleTrace.Placement"/>).</summary>
    public IReadOnlyDictionary<string, string> Placements { get; init; } = new Dictionary<string, string>();

    public StoryChanges Stories { get; init; } = StoryChanges.None;
    /// <summary>
    /// Writes the engine's state, once, inside the commit: the state goes into the store in parts as it is written,
    /// never whole in memory (it grows with the copy index, tens of megabytes on a large store).
    /// </summary>
    public Action<Stream>? Checkpoint { get; init; }
    public IReadOnlyList<(int Number, byte[] Event)> RetiredPut { get; init; } = [];
    public IReadOnlyList<int> RetiredRemoved { get; init; } = [];
    public StoryChanges? AfterCheckpoint { get; init; }

    /// <summary>
    /// Events whose stored stories the checkpoint's state would build otherwise, beside those an <see cref="AfterCheckpoint"/>
    /// rewrites: the next run writes them again from its state. With a checkpoint or an end-of-run pass, the redo list
    /// becomes exactly these (and the rewritten ones).
    /// </summary>
    public IReadOnlyList<int> Redo { get; init; } = [];
}
