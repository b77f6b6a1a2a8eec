using Tidings.Storage;
using Xunit.Abstractions;

namespace Tidings.Tests.Storage;

/// <summary>The store contract on the SQLite file, and what only the file does: read what earlier versions wrote, answer its own queries.</summary>
public sealed class SqliteStoryStoreTests(ITestOutputHelper output) : StoryStoreContract(output), IDisposable
{
    private readonly TempFolder _folder = new();

    private string StorePath => Path.Combine(_folder.Path, "store.db");

    public void Dispose() => _folder.Dispose();

    protected override IStoryStore OpenWriter(Action? waiting = null) => SqliteStoryStore.Open(StorePath, StoreAccess.Write, waiting);

    protected override IStoryReader OpenReader() => SqliteStoryStore.Open(StorePath, StoreAccess.Read);

    protected override IStoryStore OpenReadingStore() => SqliteStoryStore.Open(StorePath, StoreAccess.Read);

    protected override string StoreName => StorePath;

    protected override long StoredChunkBytes()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(sum(length(bytes)), 0) FROM engine_chunks";
        return (long)cmd.ExecuteScalar()!;
    }

    protected override string StoredLinks()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT story, other, relation FROM story_links ORDER BY story, other";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
        return string.Join("; ", rows);
    }

    [Fact]
    public void A_checkpoint_kept_whole_by_an_earlier_version_is_still_read()
    {
        string path = Path.Combine(_folder.Path, "whole.db");
        using (var store = new SqliteStoryStore(path))
            store.Commit(new StoreCommit { NewArticles = [Article("a")] });
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO engine (key, value) VALUES ('state', $s), ('covered', $c)";
            cmd.Parameters.AddWithValue("$s", new byte[] { 1, 2, 3 });
            cmd.Parameters.AddWithValue("$c", BitConverter.GetBytes(1L));
            cmd.ExecuteNonQuery();
        }
        using var reopened = new SqliteStoryStore(path);
        var checkpoint = reopened.LoadCheckpoint();
        Assert.NotNull(checkpoint);
        using var read = new MemoryStream();
        checkpoint.State.CopyTo(read);
        Assert.Equal([1, 2, 3], read.ToArray());
    }

    [Fact]
    public void The_schema_answers_a_readers_questions_in_one_query_each()
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "store.db"));
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b")],
            Stories = new StoryChanges([(0, Story("s1", "a")), (1, Story("s2", "b") with { Start = new DateOnly(2023, 1, 1), End = new DateOnly(2023, 1, 2), Entities = [] })], [], []),
        });
        Assert.Equal(["s1"], store.StoriesSince(new DateOnly(2024, 1, 1)).Select(s => s.Id));
        Assert.Equal(["s1"], store.StoriesNaming("ada lovelace").Select(s => s.Id));
        Assert.Equal("s2", store.StoryOfArticle("b")?.Id);
        Assert.Equal(["s1", "s2"], store.Search("paragraph").Select(s => s.Id));
        Assert.Empty(store.Search("nowhere"));
    }

    [Fact]
    public void A_store_whose_stories_keep_their_links_in_their_json_gains_the_links_column_and_keeps_its_stories()
    {
        string path = Path.Combine(_folder.Path, "earlier.db");
        using (var store = new SqliteStoryStore(path))
            store.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = new StoryChanges([(0, Story("s1", "a"))], [], []) });
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // As an earlier Tidings wrote it: the links inside the story's JSON, no column for them.
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE stories SET json = json_set(json, '$.related', json('[{\"story\":\"s7\",\"relation\":\"recurs\"}]')); ALTER TABLE stories DROP COLUMN related";
            cmd.ExecuteNonQuery();
        }
        Assert.Throws<StoreException>(() => SqliteStoryStore.Open(path, StoreAccess.Read).Dispose());
        using var reopened = SqliteStoryStore.Open(path, StoreAccess.Write);
        var read = reopened.FindStory("s1");
        Assert.NotNull(read);
        Assert.Equal(["s7 recurs"], read.Related.Select(l => $"{l.Story} {l.Relation}"));
        Assert.Equal("Ada met Charles.", Assert.Single(read.Facts).Text);
    }
}
