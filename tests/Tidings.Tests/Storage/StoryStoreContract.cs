using System.Diagnostics;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Synthesis;
using Xunit.Abstractions;

namespace Tidings.Tests.Storage;

/// <summary>
/// What every <see cref="IStoryStore"/> does, whatever holds it: each store's test class derives from this one and
/// says how to open a fresh store of its kind, so the SQLite file and the PostgreSQL database answer the same questions
/// the same way. A test's store is its own: nothing another test wrote is in it.
/// </summary>
public abstract class StoryStoreContract(ITestOutputHelper output)
{
    /// <summary>This test's store opened as its one writer, created when missing; <paramref name="waiting"/> is called when another writer holds it.</summary>
    protected abstract IStoryStore OpenWriter(Action? waiting = null);

    /// <summary>This test's store opened to read.</summary>
    protected abstract IStoryReader OpenReader();

    /// <summary>This test's store opened to read, with the engine's questions too (what a reader of the checkpoint asks).</summary>
    protected abstract IStoryStore OpenReadingStore();

    /// <summary>How the store's errors name it (its path, or its server and database).</summary>
    protected abstract string StoreName { get; }

    /// <summary>The bytes of the engine state's chunks the store holds.</summary>
    protected abstract long StoredChunkBytes();

    /// <summary>The store's link rows (a table for its SQL users; nothing here reads it), as "story other relation" in order, "; " between.</summary>
    protected abstract string StoredLinks();

    protected static Article Article(string id, string? text = null, string? title = null) => new()
    {
        Id = id,
        Origin = new SourceLocation(id + ".txt"),
        Title = title ?? "Title " + id,
        Source = "Courier",
        Published = new PublicationDate(new DateOnly(2024, 5, 14), new TimeOnly(10, 5), TimeSpan.FromHours(1)),
        Paragraphs = text is null ? ["First paragraph.", "Second paragraph."] : [text],
        Boilerplate = [new RemovedLine("Subscribe now", "call to action")],
    };

    protected static Story Story(string id, params string[] articles) =>
        new Story(id, id, "A story", new DateOnly(2024, 5, 14), new DateOnly(2024, 5, 16),
            [.. articles.Select(a => new StoryArticle(a, "Courier", "Title " + a, null, null))], []) { Aliases = ["s0"] } with
        {
            Summary = "Ada met Charles.",
            Entities = [new StoryEntity("Ada Lovelace", EntityKind.Person, [], [], [.. articles], articles.ToDictionary(a => a, _ => 2), [])],
            Facts = [new StoryFact("Ada met Charles.", [.. articles], 1, false, [])],
            Timeline = [new TimelineEntry(new DateOnly(2024, 5, 14), "Ada met Charles.", [.. articles], [])],
        };

    private static StoryChanges Written(params (int Event, Story Story)[] stories) => new(stories, [], []);

    private static List<Article> ReadAll(IStoryStore store) => [.. store.ArticlesAfter(0)];

    [Fact]
    public void Articles_and_stories_round_trip()
    {
        using (var store = OpenWriter())
        {
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("a"), Article("b")],
                Stories = Written((0, Story("s1", "a"))),
            });
        }
        using var reopened = OpenWriter();
        var articles = ReadAll(reopened);
        Assert.Equal(["a", "b"], articles.Select(a => a.Id));
        Assert.Equal(Article("a").Published, articles[0].Published);
        Assert.Equal(Article("a").Paragraphs, articles[0].Paragraphs);
        Assert.Equal(["b"], reopened.ArticlesAfter(1).Select(a => a.Id));
        Assert.Equal("A story", reopened.FindStory("s1")?.Title);
        Assert.Equal("s1", reopened.FindStory("s0")?.Id);
        Assert.Null(reopened.FindStory("s9"));
        Assert.Equal(TidingsJsonOf(Story("s1", "a")), TidingsJsonOf(Assert.Single(reopened.LoadStories())));
        Assert.Null(reopened.LoadCheckpoint());
        Assert.Equal("Title b", reopened.FindArticle("b")?.Title);
        Assert.Null(reopened.FindArticle("z"));
        Assert.Equal(["a", "b"], reopened.FindArticles(["b", "a", "z"]).Keys.Order(StringComparer.Ordinal));
    }

    private static string TidingsJsonOf(Story story) =>
        System.Text.Json.JsonSerializer.Serialize(story, TidingsJson.Options.Describe<Story>());

    [Fact]
    public void Text_that_a_database_column_refuses_round_trips_in_the_json()
    {
        // A NUL, which the JSON keeps whatever the store's columns can hold, and half a surrogate pair, which the JSON
        // writer makes a replacement character; neither may fail the commit.
        string odd = "before\0after \ud800 lone", kept = "before\0after \ufffd lone";
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("odd", odd, title: odd)],
            Stories = Written((0, Story("s1", "odd") with { Title = odd, Summary = odd })),
        });
        Assert.Equal(kept, store.FindArticle("odd")?.Text);
        Assert.Equal(kept, store.FindStory("s1")?.Title);
        Assert.Single(store.ListStories(new StoryQuery { Text = "after lone" }).Stories);
    }

    [Fact]
    public void A_replaced_article_keeps_its_place_and_is_found_by_its_new_words()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("a", "Harbour flood.")], Stories = Written((0, Story("s1", "a"))) });
        store.Commit(new StoreCommit { ReplacedArticles = [Article("a", "Harbour fire.")] });
        Assert.Equal(["a"], ReadAll(store).Select(a => a.Id));
        Assert.Equal("Harbour fire.", store.FindArticle("a")?.Text);
        Assert.Single(store.ListStories(new StoryQuery { Text = "fire" }).Stories);
        Assert.Empty(store.ListStories(new StoryQuery { Text = "flood" }).Stories);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 20)]
    [InlineData(2_621_441)]
    public void A_checkpoint_state_of_any_size_reads_back_as_written(int length)
    {
        var state = new byte[length];
        new Random(length).NextBytes(state);
        using (var store = OpenWriter())
        {
            store.Commit(new StoreCommit { NewArticles = [Article("a")], Checkpoint = stream => stream.Write(state) });
            store.Commit(new StoreCommit { NewArticles = [Article("b")], Checkpoint = stream => stream.Write(state) });
        }
        using var reopened = OpenWriter();
        Assert.Equal(state, ReadState(reopened));
        Assert.Equal(2, reopened.LoadCheckpoint()?.CoveredSeq);
    }

    private static byte[] ReadState(IStoryStore store)
    {
        var checkpoint = store.LoadCheckpoint();
        Assert.NotNull(checkpoint);
        using var read = new MemoryStream();
        using (checkpoint.State)
            checkpoint.State.CopyTo(read);
        return read.ToArray();
    }

    [Fact]
    public void A_checkpoint_writes_only_the_chunks_the_one_before_lacked_and_keeps_only_those_it_lists()
    {
        var first = new byte[3_000_000];
        new Random(7).NextBytes(first);
        // The second state differs in a few places, as a large store's does after a hundred more articles.
        var second = (byte[])first.Clone();
        foreach (int at in new[] { 10, 1_500_000, 2_999_990 })
            second[at] ^= 0xff;
        var third = new byte[500_000];
        new Random(8).NextBytes(third);
        using var store = OpenWriter();
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
        Assert.InRange(StoredChunkBytes(), second.Length, second.Length + 6 * ContentChunker.MaxBytes);
        Checkpoint(third);
        Assert.Equal(third, ReadState(store));
        Assert.Equal(third.Length, StoredChunkBytes());
    }

    [Fact]
    public void A_checkpoint_keeps_its_retired_events_and_redo_list_and_an_end_pass_adds_the_events_it_rewrote()
    {
        using (var store = OpenWriter())
        {
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("a"), Article("b")],
                Stories = Written((0, Story("s1", "a")), (1, Story("s2", "b") with { Aliases = [] })),
                Checkpoint = stream => stream.Write([1, 2, 3]),
                RetiredPut = [(4, [4, 4]), (5, [5]), (6, [6])],
                Redo = [9],
            });
            store.Commit(new StoreCommit
            {
                Checkpoint = stream => stream.Write([7]),
                RetiredRemoved = [5],
                RetiredPut = [(4, [4, 4, 4])],
                Redo = [8],
            });
            // Without a checkpoint, retirements and the redo list stay as the last checkpoint left them.
            store.Commit(new StoreCommit { NewArticles = [Article("c")], RetiredPut = [(7, [7])], Redo = [1] });
        }
        using (var store = OpenWriter())
        {
            Assert.Equal(2, store.RetiredEventCount);
            Assert.Equal([4, 4, 4], store.RetiredEvent(4));
            Assert.Null(store.RetiredEvent(5));
            Assert.Null(store.RetiredEvent(7));
            // Read together, as a pass reads a storyline's predecessors: the same bytes, and nothing for what is not held.
            var together = store.RetiredEvents([4, 5, 6, 7, 40]);
            Assert.Equal([4, 6], together.Keys.Order());
            Assert.Equal([4, 4, 4], together[4]);
            Assert.Equal([6], together[6]);
            Assert.Empty(store.RetiredEvents([]));
            var checkpoint = store.LoadCheckpoint();
            Assert.NotNull(checkpoint);
            checkpoint.State.Dispose();
            Assert.Equal(2, checkpoint.CoveredSeq);
            Assert.Equal([8], checkpoint.Redo);
            Assert.Equal(["c"], store.ArticlesAfter(checkpoint.CoveredSeq).Select(a => a.Id));
            // The end-of-run pass rewrites, relinks, removes and renames beyond the state: each event it touched is redone.
            store.Commit(new StoreCommit
            {
                AfterCheckpoint = new StoryChanges([(3, Story("s1", "a", "c"))], [(1, "s2")], [("s1", "s7")]),
                Redo = [2],
            });
        }
        using var reader = OpenReadingStore();
        var after = reader.LoadCheckpoint();
        Assert.NotNull(after);
        after.State.Dispose();
        Assert.Equal([0, 1, 2, 3], after.Redo);
        Assert.Equal(["s1"], reader.LoadStories().Select(s => s.Id));
        Assert.Equal(["a", "c"], reader.LoadStories().Single().Articles.Select(a => a.Id));
    }

    [Fact]
    public void A_merged_story_is_removed_and_found_under_its_alias_and_a_renamed_storyline_follows()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("a"), Article("b")], Stories = Written((0, Story("s1", "a")), (1, Story("s0", "b"))) });
        store.Commit(new StoreCommit { Stories = new StoryChanges([(0, Story("s1", "a"))], [(1, "s0")], []) });
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], [("s1", "s9")]) });
        Assert.Equal(["s1"], store.LoadStories().Select(s => s.Id));
        Assert.Equal("s1", store.FindStory("s0")?.Id);
        Assert.Equal("s9", store.FindStory("s1")?.Storyline);
    }

    [Fact]
    public void Renames_in_one_commit_apply_in_order()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b"), Article("c")],
            Stories = Written((0, Story("s1", "a") with { Aliases = [] }), (1, Story("s2", "b") with { Aliases = [] }), (2, Story("s3", "c") with { Aliases = [] })),
        });
        // s1 joins s2's storyline, which then joins s3's; s3's stories then move to s1 (a storyline named again after a merge).
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], [("s1", "s2"), ("s2", "s3"), ("s3", "s1")]) });
        Assert.Equal(["s1 s1", "s2 s1", "s3 s1"], store.LoadStories().OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id} {s.Storyline}"));
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], [("s2", "s9"), ("s1", "s4")]) });
        Assert.Equal(["s1 s4", "s2 s4", "s3 s4"], store.LoadStories().OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id} {s.Storyline}"));
    }

    [Fact]
    public void A_storyline_renamed_in_the_commit_that_rewrites_some_of_its_stories_moves_them_all()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b"), Article("c"), Article("d")],
            Stories = Written(
                (0, Story("s1", "a") with { Aliases = [] }), (1, Story("s2", "b") with { Aliases = [], Storyline = "s1" }),
                (2, Story("s3", "c") with { Aliases = [], Storyline = "s1" }), (3, Story("s4", "d") with { Aliases = [], Storyline = "s1" })),
        });
        // s1's storyline joins s0's: s1 is written again, s2 relinked, s3 removed, and s4 only renamed.
        store.Commit(new StoreCommit
        {
            Stories = new StoryChanges([(0, Story("s1", "a") with { Aliases = [], Storyline = "s0" })], [(2, "s3")], [("s1", "s0")])
            {
                Relinked = [new StoryRelink(1, "s2", "s0", [], new StorySignature(1, 2))],
            },
        });
        Assert.Equal(["s1 s0", "s2 s0", "s4 s0"], store.LoadStories().OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id} {s.Storyline}"));
    }

    [Fact]
    public void A_story_written_twice_in_one_commit_is_stored_as_last_written_and_takes_the_alias_from_another()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b"), Article("c")],
            Stories = Written(
                (0, Story("s1", "a") with { Aliases = ["x"] }),
                (1, Story("s2", "b") with { Aliases = ["x", "s1"] }),
                (0, Story("s1", "a", "c") with { Aliases = ["y"] })),
        });
        Assert.Equal(["s1", "s2"], store.LoadStories().Select(s => s.Id));
        Assert.Equal(["a", "c"], store.FindStory("s1")?.Articles.Select(a => a.Id));
        Assert.Equal("s2", store.FindStory("x")?.Id);
        Assert.Equal("s1", store.FindStory("y")?.Id);
        Assert.Equal("s1", store.FindStory("s1")?.Id);
        Assert.Equal(["s1", "s2"], store.StoriesOfArticles(["c", "b"]).Select(s => s.Id));
    }

    [Fact]
    public void A_relinked_story_gets_its_new_storyline_and_links_and_keeps_what_it_says()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = Written((0, Story("s1", "a") with { Related = [new StoryLink("s7", "related")] })) });
        var relink = new StoryRelink(0, "s1", "s0", [new StoryLink("s0", "recurs")], new StorySignature(1, 2));
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], []) { Relinked = [relink] } });
        var read = store.FindStory("s1");
        Assert.NotNull(read);
        Assert.Equal("s0", read.Storyline);
        Assert.Equal(["s0 recurs"], read.Related.Select(l => $"{l.Story} {l.Relation}"));
        Assert.Equal("s1 s0 recurs", StoredLinks());
        Assert.Equal("Ada met Charles.", Assert.Single(read.Facts).Text);
        Assert.Equal(new StorySignature(1, 2), store.StorySignatures(["s1"])["s1"]);
        Assert.Equal(["s1"], store.ListStories(new StoryQuery { Entity = "ada lovelace" }).Stories.Select(s => s.Id));
        Assert.Equal(["s1"], store.StoriesOfArticles(["a"]).Select(s => s.Id));
        // Relinked again, only what changed is written: a relation changed, a link added, one left alone.
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], []) { Relinked = [relink with { Related = [new("s0", "continues"), new("s5", "recurs")] }] } });
        Assert.Equal("s1 s0 continues; s1 s5 recurs", StoredLinks());
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], []) { Relinked = [relink with { Related = [new("s5", "recurs")] }] } });
        Assert.Equal("s1 s5 recurs", StoredLinks());
        Assert.Equal(["s5 recurs"], store.FindStory("s1")!.Related.Select(l => $"{l.Story} {l.Relation}"));
    }

    [Fact]
    public void A_storyline_is_found_by_any_id_of_its_stories_and_its_version_moves_only_with_its_stories()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b"), Article("c")],
            Stories = Written(
                (0, Story("s1", "a") with { Aliases = [] }),
                (1, Story("s2", "b") with { Storyline = "s1", Aliases = ["old"], Related = [new StoryLink("s1", "recurs")] }),
                (2, Story("s3", "c") with { Aliases = [] })),
        });
        using var reader = OpenReader();
        var line = reader.FindStoryline("s2");
        Assert.NotNull(line);
        Assert.Equal(("s1", 2), (line.Id, line.Total));
        Assert.Equal(["s1", "s2"], line.Stories.Select(s => s.Id));
        Assert.Equal(["s1 recurs"], line.Stories[1].Related.Select(l => $"{l.Story} {l.Relation}"));
        Assert.Equal("s1", reader.FindStoryline("old")?.Id);
        Assert.Equal(["s2"], reader.FindStoryline("s1", max: 1)?.Stories.Select(s => s.Id));
        Assert.Null(reader.FindStoryline("s9"));

        long? version = reader.StorylineVersion("s1");
        Assert.NotNull(version);
        store.Commit(new StoreCommit { Stories = Written((2, Story("s3", "c") with { Aliases = [] })) });
        Assert.Equal(version, reader.StorylineVersion("s1"));
        // Written again with the same signature (an article told again in new words): a new version all the same.
        store.Commit(new StoreCommit { Stories = Written((1, Story("s2", "b") with { Storyline = "s1", Aliases = ["old"], Summary = "Ada met Charles again." })) with { Signatures = new Dictionary<string, StorySignature> { ["s2"] = new(2, 2) } } });
        long? rewritten = reader.StorylineVersion("s1");
        Assert.NotEqual(version, rewritten);
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], []) { Relinked = [new StoryRelink(1, "s2", "s1", [new StoryLink("s1", "continues")], new StorySignature(2, 5))] } });
        long? relinked = reader.StorylineVersion("s1");
        Assert.NotEqual(rewritten, relinked);
        // A storyline joining another: both change, the one renamed away to that of no story.
        store.Commit(new StoreCommit { Stories = new StoryChanges([], [], [("s3", "s1")]) });
        Assert.NotEqual(relinked, reader.StorylineVersion("s1"));
        Assert.Equal(["s1", "s2", "s3"], reader.FindStoryline("s3")?.Stories.Select(s => s.Id));
        Assert.Equal(StorylineVersions.Of([]), reader.StorylineVersion("s3"));
    }

    [Fact]
    public void Signatures_are_kept_for_the_stories_written_with_one()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b")],
            Stories = Written((0, Story("s1", "a")), (1, Story("s2", "b") with { Aliases = [] })) with
            {
                Signatures = new Dictionary<string, StorySignature> { ["s1"] = new(-5, long.MaxValue) },
            },
        });
        var signatures = store.StorySignatures(["s1", "s2", "s3"]);
        Assert.Equal(["s1"], signatures.Keys);
        Assert.Equal(new StorySignature(-5, long.MaxValue), signatures["s1"]);
    }

    [Fact]
    public void A_relink_of_a_story_without_a_stored_row_is_refused_and_nothing_of_its_batch_is_stored_then_or_later()
    {
        var relink = new StoryRelink(0, "s1", "s1", [], new StorySignature(1, 2));
        using (var store = OpenWriter())
        {
            var error = Assert.Throws<StoreException>(() => store.Commit(new StoreCommit
            {
                NewArticles = [Article("a")],
                Relations = [Copy("a", "b")],
                Stories = new StoryChanges([], [], []) { Relinked = [relink] },
            }));
            Assert.Contains(StoreName, error.Message, StringComparison.Ordinal);
            Assert.Contains("'s1'", error.Message, StringComparison.Ordinal);
            // The writer goes on, and its next batch does not carry what the refused one wrote.
            store.Commit(new StoreCommit { NewArticles = [Article("b")] });
        }
        using var reopened = OpenReadingStore();
        Assert.Equal(["b"], ReadAll(reopened).Select(a => a.Id));
        Assert.Equal(new StoreCounts(1, 0, 0), reopened.Counts());
    }

    [Fact]
    public void A_failure_inside_a_commit_rolls_the_whole_batch_back()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = Written((0, Story("s1", "a"))) });
        Assert.ThrowsAny<Exception>(() => store.Commit(new StoreCommit
        {
            NewArticles = [Article("b")],
            Checkpoint = stream => stream.Write([1, 2, 3]),
            RetiredPut = [(1, [1])],
            Stories = new StoryChanges(Failing(), [(0, "s1")], []),
        }));
        Assert.Equal(["a"], ReadAll(store).Select(a => a.Id));
        Assert.Equal(["s1"], store.LoadStories().Select(s => s.Id));
        Assert.Null(store.LoadCheckpoint());
        Assert.Equal(0, store.RetiredEventCount);

        static IEnumerable<(int, Story)> Failing()
        {
            yield return (1, Story("s2", "b"));
            throw new InvalidOperationException("synthesis failed");
        }
    }

    [Fact]
    public void Stories_of_articles_come_in_the_order_their_events_began()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles = [Article("a"), Article("b"), Article("c"), Article("d")],
            Stories = Written((7, Story("late", "a") with { Aliases = [] }), (2, Story("early", "b", "c") with { Aliases = [] }), (4, Story("middle", "d") with { Aliases = [] })),
        });
        Assert.Equal(["early", "middle", "late"], store.StoriesOfArticles(["a", "b", "c", "d", "z"]).Select(s => s.Id));
        Assert.Equal(["early", "late"], store.LoadStories(["late", "early", "none"]).Select(s => s.Id));
        Assert.Equal(["early", "middle", "late"], store.LoadStories().Select(s => s.Id));
        // The event an article's story was written for, which outlives the event in memory.
        Assert.Equal([7, 2, 2, 4, null], new[] { "a", "b", "c", "d", "z" }.Select(store.EventOfArticle));
    }

    private static CopyRelation Copy(string original, string copy, double score = 0.97) =>
        new(original, copy, CopyKind.Duplicate, original, score, []);

    [Fact]
    public void A_trace_tells_why_each_article_joined_and_which_it_copies_and_counts_say_what_is_stored()
    {
        using (var store = OpenWriter())
        {
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("a"), Article("b"), Article("c")],
                Relations = [Copy("a", "b"), Copy("a", "c", 0.5) with { Kind = CopyKind.Rewrite }],
                Placements = new Dictionary<string, string> { ["a"] = "began a new event", ["b"] = "joined at 0.81" },
                Stories = Written((0, Story("s1", "a", "b")), (1, Story("s2", "c") with { Aliases = [] })),
            });
        }
        using var reader = OpenReader();
        Assert.Equal(new StoreCounts(3, 2, 2), reader.Counts());
        var trace = reader.TraceStory("s0");   // by its alias
        Assert.NotNull(trace);
        Assert.Equal("s1", trace.Story);
        Assert.Equal(["s0"], trace.Aliases);
        Assert.Equal(["a", "b"], trace.Articles.Select(a => a.Id));
        Assert.Equal(["began a new event", "joined at 0.81"], trace.Articles.Select(a => a.Placement));
        Assert.Equal("Courier", trace.Articles[0].Source);
        Assert.Equal(["b duplicate a 0.97", "c rewrite a 0.5"], trace.Articles[0].Copies.Select(Describe));
        Assert.Equal(["a duplicate a 0.97"], trace.Articles[1].Copies.Select(Describe));
        var other = reader.TraceStory("s2");
        Assert.NotNull(other);
        Assert.Null(Assert.Single(other.Articles).Placement);
        Assert.Null(reader.TraceStory("nowhere"));
        Assert.Equal("s1", reader.FindStory("s0")?.Id);
        Assert.Equal("Title c", reader.FindArticle("c")?.Title);

        static string Describe(CopyTrace c) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Other} {c.Relation} {c.Original} {c.Score}");
    }

    [Fact]
    public void An_empty_store_counts_nothing_and_lists_nothing()
    {
        using (var store = OpenWriter())
            Assert.Equal(new StoreCounts(0, 0, 0), store.Counts());
        using var reader = OpenReader();
        var listing = reader.ListStories(new StoryQuery());
        Assert.Empty(listing.Stories);
        Assert.Equal(0, listing.Total);
    }

    /// <summary>Three stories: one of May 2024 about a harbour flood naming Ada Lovelace, one of January 2023 with three articles, one undated with two.</summary>
    private void WriteThreeStories()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit
        {
            NewArticles =
            [
                Article("a1", "The harbour flooded after the storm.", "Harbour flood in Marrowby"),
                Article("b1", "Babbage shows his engine.", "Engine shown"), Article("b2", "The engine computes tables."), Article("b3", "Tables, again."),
                Article("c1", "An undated note from Zürich."), Article("c2", "Another undated note."),
            ],
            Stories = Written(
                (0, Story("may", "a1") with { Summary = "Flood.", Aliases = [] }),
                (1, Story("jan", "b1", "b2", "b3") with
                {
                    Start = new DateOnly(2023, 1, 1), End = new DateOnly(2023, 1, 2), Aliases = [],
                    Entities = [new StoryEntity("Charles Babbage", EntityKind.Person, [], [], ["b1"], new Dictionary<string, int> { ["b1"] = 1 }, [])],
                }),
                (2, Story("undated", "c1", "c2") with { Start = null, End = null, Aliases = [], Entities = [] })),
        });
    }

    private List<string> Listed(StoryQuery query)
    {
        using var reader = OpenReader();
        return [.. reader.ListStories(query).Stories.Select(s => s.Id)];
    }

    [Fact]
    public void A_listing_keeps_the_stories_whose_days_overlap_the_range_and_leaves_undated_ones_out()
    {
        WriteThreeStories();
        Assert.Equal(["may"], Listed(new StoryQuery { Since = new DateOnly(2024, 1, 1) }));
        Assert.Equal(["may"], Listed(new StoryQuery { Since = new DateOnly(2024, 5, 16) }));
        Assert.Empty(Listed(new StoryQuery { Since = new DateOnly(2024, 5, 17) }));
        Assert.Equal(["jan"], Listed(new StoryQuery { Until = new DateOnly(2023, 6, 1) }));
        Assert.Equal(["may", "jan"], Listed(new StoryQuery { Since = new DateOnly(2023, 1, 2), Until = new DateOnly(2024, 5, 14) }));
        Assert.Equal(["may", "jan", "undated"], Listed(new StoryQuery()));
    }

    [Fact]
    public void A_listing_finds_stories_by_all_of_a_readers_words_and_reads_operators_as_words()
    {
        WriteThreeStories();
        Assert.Equal(["may"], Listed(new StoryQuery { Text = "harbour" }));
        Assert.Equal(["may"], Listed(new StoryQuery { Text = "HARBOUR Flood" }));   // the title's words count too
        Assert.Equal(["may"], Listed(new StoryQuery { Text = "\"harbour\" & storm*" }));
        Assert.Empty(Listed(new StoryQuery { Text = "harbour engine" }));
        Assert.Empty(Listed(new StoryQuery { Text = "harbour OR engine" }));
        Assert.Equal(["jan"], Listed(new StoryQuery { Text = "tables" }));
        Assert.Empty(Listed(new StoryQuery { Text = "harb" }));
        Assert.Empty(Listed(new StoryQuery { Text = "!!! ***" }));
        Assert.Equal(["undated"], Listed(new StoryQuery { Text = "undated note" }));
        Assert.Equal(["undated"], Listed(new StoryQuery { Text = "ZÜRICH" }));
    }

    [Fact]
    public void A_listing_finds_stories_by_an_entity_in_any_case_and_combines_filters()
    {
        WriteThreeStories();
        Assert.Equal(["may"], Listed(new StoryQuery { Entity = "ADA lovelace" }));
        Assert.Equal(["jan"], Listed(new StoryQuery { Entity = " charles babbage " }));
        Assert.Empty(Listed(new StoryQuery { Entity = "Ada" }));
        Assert.Empty(Listed(new StoryQuery { Entity = "Ada Lovelace", Since = new DateOnly(2025, 1, 1) }));
        Assert.Equal(["jan"], Listed(new StoryQuery { Entity = "Charles Babbage", Text = "engine", Until = new DateOnly(2023, 1, 1) }));
    }

    [Fact]
    public void A_listing_pages_in_either_order_and_counts_every_match()
    {
        WriteThreeStories();
        using var reader = OpenReader();
        var first = reader.ListStories(new StoryQuery { PageSize = 2 });
        Assert.Equal(["may", "jan"], first.Stories.Select(s => s.Id));
        Assert.Equal(3, first.Total);
        var second = reader.ListStories(new StoryQuery { PageSize = 2, Page = 2 });
        Assert.Equal(["undated"], second.Stories.Select(s => s.Id));
        Assert.Equal((3, 2, 2), (second.Total, second.Page, second.PageSize));
        Assert.Empty(reader.ListStories(new StoryQuery { PageSize = 2, Page = 3 }).Stories);
        // Out of range pages and sizes are brought into range.
        var clamped = reader.ListStories(new StoryQuery { PageSize = 1000, Page = 0 });
        Assert.Equal((1, StoryQuery.MaxPageSize, 3), (clamped.Page, clamped.PageSize, clamped.Stories.Count));
        // Most active: every article is among the most recent, so the most articles first, then size.
        var active = reader.ListStories(new StoryQuery { Order = StoryOrder.MostActive });
        Assert.Equal(["jan", "undated", "may"], active.Stories.Select(s => s.Id));
        Assert.Equal([3, 2, 1], active.Stories.Select(s => s.Recent));
        var may = active.Stories[2];
        Assert.Equal(("may", "A story", "Flood.", 1), (may.Storyline, may.Title, may.Summary, may.Articles));
        Assert.Equal((new DateOnly(2024, 5, 14), new DateOnly(2024, 5, 16)), (may.Start, may.End));
        Assert.Equal((null, null), (active.Stories[1].Start, active.Stories[1].End));
        Assert.All(active.Stories, s => Assert.Equal(StoryActivity.State.New, s.Activity));
    }

    [Fact]
    public void A_listing_tells_new_growing_and_fading_stories_apart_by_when_their_articles_were_stored()
    {
        using (var store = OpenWriter())
        {
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("old"), Article("grow1")],
                Stories = Written((0, Story("fading", "old") with { Aliases = [] }), (1, Story("growing", "grow1") with { Aliases = [] })),
            });
            store.Commit(new StoreCommit { NewArticles = [.. Enumerable.Range(0, StoryActivity.Window).Select(i => Article($"filler{i}", "Filler."))] });
            store.Commit(new StoreCommit
            {
                NewArticles = [Article("grow2"), Article("fresh")],
                Stories = Written((1, Story("growing", "grow1", "grow2") with { Aliases = [] }), (2, Story("new", "fresh") with { Aliases = [] })),
            });
        }
        using var reader = OpenReader();
        var listing = reader.ListStories(new StoryQuery { Order = StoryOrder.MostActive });
        Assert.Equal(["growing 1 Growing", "new 1 New", "fading 0 Fading"], listing.Stories.Select(s => $"{s.Id} {s.Recent} {s.Activity}"));
        Assert.Equal(StoryActivity.Window + 4, reader.Counts().Articles);
    }

    [Fact]
    public void A_reader_sees_what_the_writer_committed_and_nothing_it_is_still_writing()
    {
        using var writer = OpenWriter();
        writer.Commit(new StoreCommit { NewArticles = [Article("a")], Stories = Written((0, Story("s1", "a"))) });
        using var reader = OpenReader();
        Assert.Equal(1, reader.Counts().Stories);
        int seenMidway = -1;
        writer.Commit(new StoreCommit
        {
            NewArticles = [Article("b")],
            Stories = new StoryChanges(WrittenWhileReading(), [], []),
        });
        Assert.Equal(1, seenMidway);
        Assert.Equal(new StoreCounts(2, 2, 0), reader.Counts());

        IEnumerable<(int, Story)> WrittenWhileReading()
        {
            // The writer's batch is half stored: the reader still sees the store as the last commit left it.
            seenMidway = (int)reader.Counts().Articles;
            yield return (1, Story("s2", "b") with { Aliases = [] });
        }
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_first_and_then_reads_what_it_stored()
    {
        var first = OpenWriter();
        using var waited = new ManualResetEventSlim();
        Task<IStoryStore> second;
        try
        {
            first.Commit(new StoreCommit { NewArticles = [Article("a")] });
            second = Task.Run(() => OpenWriter(waited.Set));
            Assert.True(waited.Wait(TimeSpan.FromSeconds(20)), "the second writer says it waits");
            Assert.False(second.IsCompleted);
            first.Commit(new StoreCommit { NewArticles = [Article("b")] });
        }
        finally
        {
            first.Dispose();
        }
        using var store = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["a", "b"], ReadAll(store).Select(a => a.Id));
        store.Commit(new StoreCommit { NewArticles = [Article("c")] });
        Assert.Equal(3, store.Counts().Articles);
    }

    [Fact]
    public void A_reader_cannot_commit()
    {
        using (var writer = OpenWriter())
            writer.Commit(new StoreCommit { NewArticles = [Article("a")] });
        using var reader = OpenReadingStore();
        var error = Assert.Throws<StoreException>(() => reader.Commit(new StoreCommit { NewArticles = [Article("b")] }));
        Assert.Contains(StoreName, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, reader.Counts().Articles);
    }

    [Fact]
    public void A_store_never_written_cannot_be_opened_to_read()
    {
        var error = Assert.Throws<StoreException>(() => OpenReader().Dispose());
        Assert.Contains(StoreName, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A commit as large as the engine makes by default (<see cref="Tidings.Pipeline.EngineOptions.CommitEvery"/>): 2,000 articles of a few kilobytes, their copies and 400 stories.</summary>
    [Fact]
    public void A_commit_of_two_thousand_articles_takes_well_under_a_second()
    {
        var random = new Random(5);
        string[] vocabulary = [.. Enumerable.Range(0, 5000).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        string Text() => string.Join(' ', Enumerable.Range(0, 500).Select(_ => vocabulary[random.Next(vocabulary.Length)])) + ".";
        var articles = Enumerable.Range(0, 2000).Select(i => Article($"n{i}", Text(), $"Headline {i}")).ToList();
        var stories = Enumerable.Range(0, 400).Select(s => (s, Story($"story{s}", [.. Enumerable.Range(0, 5).Select(i => $"n{s * 5 + i}")]) with { Aliases = [$"alias{s}"] })).ToArray();
        var commit = new StoreCommit
        {
            NewArticles = articles,
            Relations = [.. Enumerable.Range(0, 400).Select(s => Copy($"n{s * 5}", $"n{s * 5 + 1}"))],
            Placements = articles.ToDictionary(a => a.Id, _ => "joined at 0.5"),
            Stories = new StoryChanges(stories, [], []),
        };
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("warm")] });   // opened, prepared and warm, as a running engine's store is
        var clock = Stopwatch.StartNew();
        store.Commit(commit);
        clock.Stop();
        output.WriteLine($"{GetType().Name}: a commit of 2,000 articles and 400 stories took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(2001, store.Counts().Articles);
        Assert.Equal(["story7"], store.StoriesOfArticles(["n37"]).Select(s => s.Id));
        // Generous, for a loaded test machine: a commit this size takes a few hundred milliseconds on either store.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
