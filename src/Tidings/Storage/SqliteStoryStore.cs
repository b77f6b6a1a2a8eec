using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>The embedded default store: one SQLite file, WAL journal, each save one transaction.</summary>
public sealed class SqliteStoryStore : IStoryStore
{
    private readonly SqliteConnection _connection;

    public SqliteStoryStore(string path)
    {
        _connection = SqliteFile.Open(path, """
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
            """);
    }

    public IReadOnlyList<Article> LoadArticles()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT json FROM articles ORDER BY seq";
        using var reader = cmd.ExecuteReader();
        var list = new List<Article>();
        while (reader.Read())
            list.Add(JsonSerializer.Deserialize<Article>(reader.GetString(0), TidingsJson.Options)!);
        return list;
    }

    public int Save(IReadOnlyList<Article> articles, IReadOnlyList<Story> stories)
    {
        using var tx = _connection.BeginTransaction();
        int added = 0;
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO articles (id, json) VALUES ($id, $json) ON CONFLICT(id) DO NOTHING";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            foreach (var article in articles)
            {
                id.Value = article.Id;
                json.Value = JsonSerializer.Serialize(article, TidingsJson.Options);
                added += insert.ExecuteNonQuery();
            }
        }
        using (var clear = _connection.CreateCommand())
        {
            clear.Transaction = tx;
            clear.CommandText = "DELETE FROM stories";
            clear.ExecuteNonQuery();
        }
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO stories (id, storyline, json) VALUES ($id, $storyline, $json)";
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
        return added;
    }

    public IReadOnlyList<Story> LoadStories()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT json FROM stories ORDER BY rowid";
        using var reader = cmd.ExecuteReader();
        var list = new List<Story>();
        while (reader.Read())
            list.Add(JsonSerializer.Deserialize<Story>(reader.GetString(0), TidingsJson.Options)!);
        return list;
    }

    /// <summary>The story with this id, or the story another was merged into under this id (see <see cref="Story.Aliases"/>).</summary>
    public Story? FindStory(string id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText =
            "SELECT json FROM stories WHERE id = $id " +
            "UNION ALL SELECT json FROM stories WHERE EXISTS (SELECT 1 FROM json_each(stories.json, '$.aliases') WHERE value = $id) " +
            "LIMIT 1";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteScalar() is string json ? JsonSerializer.Deserialize<Story>(json, TidingsJson.Options) : null;
    }

    public void Dispose() => _connection.Dispose();
}
