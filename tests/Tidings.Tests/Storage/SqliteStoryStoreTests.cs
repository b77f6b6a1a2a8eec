using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Tests.Storage;

public sealed class SqliteStoryStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Article Article(string id) => new()
    {
        Id = id,
        Origin = new SourceLocation(id + ".txt"),
        Title = "Title " + id,
        Published = new PublicationDate(new DateOnly(2024, 5, 14), new TimeOnly(10, 5), TimeSpan.FromHours(1)),
        Paragraphs = ["First paragraph.", "Second paragraph."],
        Boilerplate = [new RemovedLine("Subscribe now", "call to action")],
    };

    private static Story Story(string id, string article) =>
        new Story(id, id, "A story", new DateOnly(2024, 5, 14), new DateOnly(2024, 5, 16),
            [new StoryArticle(article, null, "Title " + article, null, null)], []) { Aliases = ["s0"] } with
        {
            Entities = [new StoryEntity("Ada Lovelace", EntityKind.Person, [], [], [article], new Dictionary<string, int> { [article] = 2 }, [])],
            Facts = [new StoryFact("Ada met Charles.", [article], 1, false, [])],
        };

    [Fact]
    public void Articles_and_stories_round_trip()
    {
        string path = Path.Combine(_folder.Path, "store.db");
        using (var store = new SqliteStoryStore(path))
        {
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("a"), Article("b")],
                Stories = new StoryChanges([(0, Story("s1", "a"))], [], []),
            });
        }
        using (var reopened = new SqliteStoryStore(path))
        {
            var articles = reopened.LoadArticles();
            Assert.Equal(["a", "b"], articles.Select(a => a.Id));
            Assert.Equal(Article("a").Published, articles[0].Published);
            Assert.Equal(Article("a").Paragraphs, articles[0].Paragraphs);
            Assert.Equal("A story", reopened.FindStory("s1")?.Title);
            Assert.Equal("s1", reopened.FindStory("s0")?.Id);
            Assert.Null(reopened.FindStory("s9"));
            Assert.Single(reopened.LoadStories());
            Assert.Null(reopened.LoadCheckpoint());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 20)]
    [InlineData(2_621_441)]
    public void A_checkpoint_state_of_any_size_reads_back_as_written(int length)
    {
        string path = Path.Combine(_folder.Path, $"state-{length}.db");
        var state = new byte[length];
        new Random(length).NextBytes(state);
        using (var store = new SqliteStoryStore(path))
        {
            store.Commit(new StoreCommit { NewArticles = [Article("a")], Checkpoint = stream => stream.Write(state) });
            store.Commit(new StoreCommit { NewArticles = [Article("b")], Checkpoint = stream => stream.Write(state) });
        }
        using var reopened = new SqliteStoryStore(path);
        Assert.Equal(state, ReadState(reopened));
        Assert.Equal(2, reopened.LoadCheckpoint()?.CoveredSeq);
    }

    private static byte[] ReadState(SqliteStoryStore store)
    {
        var checkpoint = store.LoadCheckpoint();
        Assert.NotNull(checkpoint);
        using var read = new MemoryStream();
        checkpoint.State.CopyTo(read);
        return read.ToArray();
    }

    private static long StoredChunkBytes(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(sum(length(bytes)), 0) FROM engine_chunks";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void A_checkpoint_writes_only_the_chunks_the_one_before_lacked_and_keeps_only_those_it_lists()
    {
        string path = Path.Combine(_folder.Path, "chunks.db");
        var first = new byte[3_000_000];
        new Random(7).NextBytes(first);
        // The second state differs in a few places, as a large store's does after a hundred more articles.
        var second = (byte[])first.Clone();
        foreach (int at in new[] { 10, 1_500_000, 2_999_990 })
            second[at] ^= 0xff;
        var third = new byte[500_000];
        new Random(8).NextBytes(third);
        using var store = new SqliteStoryStore(path);
        long written = 0;
        void Checkpoint(byte[] state) => store.Commit(new StoreCommit
        {
            NewArticles = [Article($"a{written++}")],
            Checkpoint = stream => stream.Write(state),
        });
        Checkpoint(first);
        Checkpoint(second);
        Assert.Equal(second, ReadState(store));
        // Three chunks of about 10 KiB each changed; the rest of the second state is the first's.
        Assert.InRange(StoredChunkBytes(path), second.Length, second.Length + 6 * ContentChunker.MaxBytes);
        Checkpoint(third);
        Assert.Equal(third, ReadState(store));
        Assert.Equal(third.Length, StoredChunkBytes(path));
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
    public void A_merged_story_is_removed_and_found_under_its_alias_and_a_renamed_storyline_follows()
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "store.db"));
        store.Commit(new StoreCommit { NewArticles = [Article("a"), Article("b")], Stories = new StoryChanges([(0, Story("s1", "a")), (1, Story("s0", "b"))], [], []) });
        store.Commit(new StoreCommit { Stories = new StoryChanges([(0, Story("s1", "a"))], [(1, "s0")], []) });
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], [("s1", "s9")]) });
        Assert.Equal(["s1"], store.LoadStories().Select(s => s.Id));
        Assert.Equal("s1", store.FindStory("s0")?.Id);
        Assert.Equal("s9", store.FindStory("s1")?.Storyline);
    }

    [Fact]
    public void A_relinked_story_gets_its_new_storyline_and_links_and_keeps_what_it_says()
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "store.db"));
        store.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = new StoryChanges([(0, Story("s1", "a") with { Related = [new StoryLink("s7", "related")] })], [], []) });
        var relink = new StoryRelink(0, "s1", "s0", [new StoryLink("s0", "recurs")], new StorySignature(1, 2));
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], []) { Relinked = [relink] } });
        var read = store.FindStory("s1");
        Assert.NotNull(read);
        Assert.Equal("s0", read.Storyline);
        Assert.Equal(["s0 recurs"], read.Related.Select(l => $"{l.Story} {l.Relation}"));
        Assert.Equal("Ada met Charles.", Assert.Single(read.Facts).Text);
        Assert.Equal(new StorySignature(1, 2), store.StorySignatures(["s1"])["s1"]);
        Assert.Equal(["s1"], store.StoriesNaming("ada lovelace").Select(s => s.Id));
        Assert.Equal("s1", store.StoryOfArticle("a")?.Id);
    }

    [Fact]
    public void A_relink_of_a_story_without_a_stored_row_is_refused_and_nothing_of_its_batch_is_stored_then_or_later()
    {
        string path = Path.Combine(_folder.Path, "store.db");
        var relink = new StoryRelink(0, "s1", "s1", [], new StorySignature(1, 2));
        using (var store = SqliteStoryStore.Open(path, StoreAccess.Write))
        {
            var error = Assert.Throws<StoreException>(() => store.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = new StoryChanges([], [], []) { Relinked = [relink] } }));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("'s1'", error.Message, StringComparison.Ordinal);
            // The writer goes on, and its next batch does not carry what the refused one wrote.
            store.Commit(new StoreCommit { NewArticles = [Article("b")] });
        }
        using var reopened = SqliteStoryStore.Open(path, StoreAccess.Read);
        Assert.Equal(["b"], reopened.LoadArticles().Select(a => a.Id));
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
