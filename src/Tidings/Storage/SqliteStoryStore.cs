using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>How a store is opened: to read what it holds, or as its one writer.</summary>
public enum StoreAccess
{
    Read,

    /// <summary>
    /// The one writer: a run reads every stored article, analyses them with its own and replaces the stories, so two
    /// writers at once would each replace the other's stories (a lost update). A writer therefore holds SQLite's write
    /// lock from opening to its last save; a second writer waits for it, then reads what the first one stored.
    /// Readers are never blocked (WAL journal).
    /// </summary>
    Write,
}

/// <summary>The embedded default store: one SQLite file, WAL journal, each save one transaction.</summary>
public sealed class SqliteStoryStore : IStoryStore
{
    /// <summary>How long a writer waits for another writer of the same store. A run holds the store for as long as it
    /// reads and analyses its inputs, which on a large corpus takes minutes; waiting longer than this means something
    /// is stuck, and the user is told so.</summary>
    public static readonly TimeSpan WriterWait = TimeSpan.FromMinutes(30);

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        CREATE TABLE IF NOT EXISTS articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS stories (
            id TEXT PRIMARY KEY,
            storyline TEXT NOT NULL,
            json TEXT NOT NULL);
        """;

    private static readonly string[] Tables = ["articles", "stories"];

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private SqliteTransaction? _writer;

    private SqliteStoryStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        _path = path;
    }

    /// <summary>A store opened for writing, created when missing; kept for tests and tools that own the file alone.</summary>
    public SqliteStoryStore(string path) : this(SqliteFile.Open(path, Schema, Tables), path)
    {
    }

    /// <summary>
    /// Opens and checks a store before any input is read. <paramref name="waiting"/> is called once when a writer has
    /// to wait for another one. Throws <see cref="StoreException"/> naming the path and the reason.
    /// </summary>
    public static SqliteStoryStore Open(string path, StoreAccess access, Action? waiting = null)
    {
        var store = new SqliteStoryStore(SqliteFile.Open(path, Schema, Tables, writable: access == StoreAccess.Write), path);
        try
        {
            if (access == StoreAccess.Write)
                store.BeginWriting(waiting);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

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

    public IReadOnlyList<Article> LoadArticles() => Guard(() =>
    {
        using var cmd = Command("SELECT json FROM articles ORDER BY seq");
        using var reader = cmd.ExecuteReader();
        var list = new List<Article>();
        while (reader.Read())
            list.Add(Deserialize<Article>(reader.GetString(0)));
        return list;
    }, "reading articles");

    /// <summary>
    /// Stores new articles, replaces stored ones whose content changed (same id, new version), and replaces the stories,
    /// in one transaction. Returns how many articles were new.
    /// </summary>
    public int Save(IReadOnlyList<Article> articles, IReadOnlyList<Story> stories) => Guard(() =>
    {
        var tx = _writer ?? _connection.BeginTransaction(deferred: false);
        int added = 0;
        using (var insert = Command("INSERT INTO articles (id, json) VALUES ($id, $json) ON CONFLICT(id) DO NOTHING", tx))
        using (var update = Command("UPDATE articles SET json = $json WHERE id = $id AND json <> $json", tx))
        {
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            var updatedId = update.Parameters.Add("$id", SqliteType.Text);
            var updatedJson = update.Parameters.Add("$json", SqliteType.Text);
            foreach (var article in articles)
            {
                id.Value = updatedId.Value = article.Id;
                json.Value = updatedJson.Value = JsonSerializer.Serialize(article, TidingsJson.Options);
                if (insert.ExecuteNonQuery() == 1)
                    added++;
                else
                    update.ExecuteNonQuery();   // a new version keeps its place in the order, so its story keeps its id
            }
        }
        using (var clear = Command("DELETE FROM stories", tx))
            clear.ExecuteNonQuery();
        using (var insert = Command("INSERT INTO stories (id, storyline, json) VALUES ($id, $storyline, $json)", tx))
        {
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var storyline = insert.Parameters.Add("$storyline", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            foreach (var story in stories)
            {
                id.Value = story.Id;
                storyline.Value = story.Storyline;
                json.Value = JsonSerializer.Serialize(story, TidingsJson.Options);
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
        tx.Dispose();
        if (_writer is not null)
            _writer = _connection.BeginTransaction(deferred: false);   // still the one writer until disposed
        return added;
    }, "saving (nothing of this run was stored)");

    public IReadOnlyList<Story> LoadStories() => Guard(() =>
    {
        using var cmd = Command("SELECT json FROM stories ORDER BY rowid");
        using var reader = cmd.ExecuteReader();
        var list = new List<Story>();
        while (reader.Read())
            list.Add(Deserialize<Story>(reader.GetString(0)));
        return list;
    }, "reading stories");

    /// <summary>The story with this id, or the story another was merged into under this id (see <see cref="Story.Aliases"/>).</summary>
    public Story? FindStory(string id) => Guard(() =>
    {
        using var cmd = Command(
            "SELECT json FROM stories WHERE id = $id " +
            "UNION ALL SELECT json FROM stories WHERE EXISTS (SELECT 1 FROM json_each(stories.json, '$.aliases') WHERE value = $id) " +
            "LIMIT 1");
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteScalar() is string json ? Deserialize<Story>(json) : null;
    }, "reading a story");

    public void Dispose()
    {
        _writer?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx ?? _writer;
        return cmd;
    }

    private T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, TidingsJson.Options) ?? throw new StoreException(_path, $"a stored {typeof(T).Name.ToLowerInvariant()} is null");

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
