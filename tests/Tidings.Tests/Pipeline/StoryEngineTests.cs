using Tidings.Copies;
using System.Text.Json;
using Tidings.Events;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;
using Tidings.Synthesis;
using Tidings.Tests.Copies;
using Tidings.Tests.Synthesis;

namespace Tidings.Tests.Pipeline;

public sealed class StoryEngineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly EngineOptions Busy = SyntheticFeed.Busy;

    private static readonly List<RawDocument> Feed = SyntheticFeed.Make(seed: 3, topics: 14, happeningsPerTopic: 2, reportsPerHappening: 7);

    private string Stored(EngineOptions options, params IEnumerable<RawDocument>[] runs) => Stored(options, _ => EngineSpread.None, runs);

    /// <summary>
    /// The stories stored by a run for each of <paramref name="runs"/>, each run's engine keeping elsewhere what
    /// <paramref name="spread"/> says (given the store's path, which story workers read).
    /// </summary>
    private string Stored(EngineOptions options, Func<string, EngineSpread> spread, params IEnumerable<RawDocument>[] runs)
    {
        string path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("n") + ".db");
        foreach (var run in runs)
        {
            using var store = new SqliteStoryStore(path);
            var engine = StoryEngine.Open(options, store, spread: spread(path));
            engine.Run(SyntheticFeed.Items(run));
            engine.Complete();
        }
        using var reader = new SqliteStoryStore(path);
        return JsonSerializer.Serialize(reader.LoadStories());
    }

    [Fact]
    public void The_feed_makes_stories_that_recur_and_copies_that_join_their_original()
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "one.db"));
        var engine = StoryEngine.Open(Busy, store);
        engine.Run(SyntheticFeed.Items(Feed));
        var stories = engine.Complete().ToList();
        Assert.Equal(Feed.Count, stories.Sum(s => s.Articles.Count));
        Assert.InRange(stories.Count, 20, 40);   // 28 happenings, a few of which a newsroom's own wording splits
        Assert.Contains(stories, s => s.Articles.Any(a => a.CopyOf is not null));
        Assert.Contains(stories, s => s.Related.Any(l => l.Relation == "recurs"));
        Assert.True(store.RetiredEventCount > 0, "events two years old retire to the store");
    }

    [Fact]
    public void A_large_story_waits_between_checkpoints_and_is_whole_at_the_end()
    {
        // Every commit writes the changed stories; with the wait, a story of 5 articles or more only once an hour.
        var eager = Busy with { StoriesInterval = TimeSpan.Zero, CheckpointEvery = 100_000, LargeStoryArticles = 5, LargeStoryInterval = TimeSpan.Zero };
        var (eagerSizes, eagerStories) = SizesWhileRunning(eager);
        var (waitingSizes, waitingStories) = SizesWhileRunning(eager with { LargeStoryInterval = TimeSpan.FromHours(1) });
        // Mid-run, a large story stood stored smaller than it grew; the end wrote every story whole all the same.
        Assert.Contains(waitingSizes, s => s.Value >= 5 && s.Value < eagerSizes[s.Key]);
        Assert.Equal(eagerStories, waitingStories);
        Assert.Equal(Stored(Busy, Feed), waitingStories);
    }

    private (Dictionary<string, int> Sizes, string Stories) SizesWhileRunning(EngineOptions options)
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, Guid.NewGuid().ToString("n") + ".db"));
        var watcher = new StoredSizes(store);
        var engine = StoryEngine.Open(options, store, watcher);
        engine.Run(SyntheticFeed.Items(Feed));
        engine.Complete();
        return (watcher.Largest, JsonSerializer.Serialize(store.LoadStories()));
    }

    /// <summary>The largest size each story had in the store at each commit before the last.</summary>
    private sealed class StoredSizes(SqliteStoryStore store) : IEngineObserver
    {
        public Dictionary<string, int> Largest { get; } = [];

        public void Committed(EngineProgress progress)
        {
            if (progress.Stage == "done")
                return;
            foreach (var story in store.LoadStories())
                Largest[story.Id] = Math.Max(Largest.GetValueOrDefault(story.Id), story.Articles.Count);
        }
    }

    [Fact]
    public void Stopping_and_continuing_gives_the_stories_of_one_uninterrupted_run()
    {
        string whole = Stored(Busy, Feed);
        Assert.Equal(whole, Stored(Busy, Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137)));
        Assert.Equal(whole, Stored(Busy, Feed.Take(1), Feed.Skip(1)));
    }

    [Fact]
    public void Keeping_the_copy_index_in_shards_gives_the_stories_of_the_engine_that_holds_it()
    {
        string whole = Stored(Busy, Feed);
        var runs = new[] { Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137) };
        // The same shards throughout, as a cluster's grains: each run rewinds them to its checkpoint.
        var shards = new LocalCopyIndexShards(5);
        Assert.Equal(whole, Stored(Busy, _ => new(CopyIndex: shards), runs));
        Assert.All(shards.Shards, shard => Assert.True(shard.Postings > 0));
        // Fresh shards each run, as after losing them: they cannot be rewound to the checkpoint, and the store is replayed.
        Assert.Equal(whole, Stored(Busy, _ => new(CopyIndex: new LocalCopyIndexShards(3)), runs));
        // A checkpoint written with the index in the engine is not read by an engine on shards, nor the other way.
        var mixed = new Queue<ICopyIndexShards?>([null, new LocalCopyIndexShards(2), null]);
        Assert.Equal(whole, Stored(Busy, _ => new(CopyIndex: mixed.Dequeue()), runs));
    }

    [Fact]
    public void Keeping_the_event_index_in_shards_gives_the_stories_of_the_engine_that_holds_it()
    {
        string whole = Stored(Busy, Feed);
        var runs = new[] { Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137) };
        // The same shards throughout, as a cluster's grains: each run's engine fills them again from its state.
        var shards = new LocalEventIndexShards(5);
        Assert.Equal(whole, Stored(Busy, _ => new(EventIndex: shards), runs));
        Assert.All(shards.Shards, shard => Assert.True(shard.Keys > 0));
        // Fresh shards each run, and the index in the engine for one run: a checkpoint is read whichever holds the index.
        var mixed = new Queue<IEventIndexShards?>([new LocalEventIndexShards(3), null, new LocalEventIndexShards(1)]);
        Assert.Equal(whole, Stored(Busy, _ => new(EventIndex: mixed.Dequeue()), runs));
    }

    [Fact]
    public void Keeping_the_live_events_in_shards_gives_the_stories_of_the_engine_that_holds_them()
    {
        string whole = Stored(Busy, Feed);
        var runs = new[] { Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137) };
        // The same shards throughout, as a cluster's grains, and an engine that holds few live events between windows:
        // each run's engine fills the shards again from its state, and reads back the events it let go.
        var shards = new LocalLiveEventShards(5, 4);
        Assert.Equal(whole, Stored(Busy, _ => new(LiveEvents: shards), runs));
        Assert.All(shards.Shards, shard => Assert.True(shard.Count > 0));
        // Fresh shards each run, the live events in the engine for one run, and the index in shards too.
        var mixed = new Queue<ILiveEventShards?>([new LocalLiveEventShards(3, 0), null, new LocalLiveEventShards(1, 50)]);
        Assert.Equal(whole, Stored(Busy, _ => new(EventIndex: new LocalEventIndexShards(2), LiveEvents: mixed.Dequeue()), runs));
    }

    [Fact]
    public void Verifying_copies_elsewhere_gives_the_stories_of_the_engine_that_verifies_them()
    {
        string whole = Stored(Busy, Feed);
        var runs = new[] { Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137) };
        // The same verifiers throughout, as a cluster's article grains, keeping the words they read between runs; the
        // engines keep their latest two articles' words, so that nearly every pair is verified elsewhere.
        InProcessCopyVerifiers? kept = null;
        Assert.Equal(whole, Stored(Busy, path => new(Verification: kept ??= Verifiers(path, 2)), runs));
        Assert.True(kept!.Pairs > 10 && kept.Read > 0, $"{kept.Pairs} pairs verified elsewhere, {kept.Read} texts read");
        // Fresh verifiers each run, as after a silo was lost, with every other part elsewhere too.
        Assert.Equal(whole, Stored(Busy, path => new(new LocalCopyIndexShards(3), new LocalEventIndexShards(2), new InProcessStoryWorkers(path),
            new LocalLiveEventShards(2, 8), Verifiers(path, 1)), runs));
    }

    private static InProcessCopyVerifiers Verifiers(string storePath, int keptRecent) => new(id =>
    {
        using var reader = SqliteStoryStore.Open(storePath, StoreAccess.Read);
        return reader.FindArticle(id)?.Text;
    }, keptRecent);

    [Fact]
    public void Stories_synthesised_by_workers_that_keep_their_articles_are_the_stories_of_the_engine_that_builds_them()
    {
        string whole = Stored(Busy, Feed);
        var runs = new[] { Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137) };
        // The same workers throughout, as a cluster's story grains: they keep what they read between runs.
        InProcessStoryWorkers? kept = null;
        Assert.Equal(whole, Stored(Busy, path => new(Stories: kept ??= new InProcessStoryWorkers(path)), runs));
        Assert.True(kept!.Sent > 0 && kept.Read > 0, $"{kept.Sent} articles sent, {kept.Read} read");
        // Fresh workers each run, as after a silo was lost: they read every member from the store.
        Assert.Equal(whole, Stored(Busy, path => new(Stories: new InProcessStoryWorkers(path)), runs));
        // With both indexes and the live events in shards too, as on a cluster.
        Assert.Equal(whole, Stored(Busy, path => new(new LocalCopyIndexShards(3), new LocalEventIndexShards(4), new InProcessStoryWorkers(path), new LocalLiveEventShards(4, 8)), Feed));
    }

    [Fact]
    public void An_article_stored_again_with_a_new_text_is_read_again_by_a_worker_that_kept_the_old()
    {
        // The second run restates an article of a live event: the story it joined is written again, and a worker that
        // kept the first version would list the old title.
        var first = Feed.Take(80).ToList();
        var changed = first[79] with { Hints = first[79].Hints with { Title = "Corrected: " + first[79].Hints.Title } };
        string expected = Stored(Busy, first, [changed]);
        InProcessStoryWorkers? kept = null;
        Assert.Equal(expected, Stored(Busy, path => new(Stories: kept ??= new InProcessStoryWorkers(path)), first, [changed]));
        Assert.NotEqual(Stored(Busy, first), expected);   // the new text changed what the story says
    }

    [Fact]
    public void An_article_of_a_retired_event_stored_again_with_a_new_title_has_its_story_written_again()
    {
        // The feed spans years: the first of 80 articles is in an event that retired from memory long before the end.
        var first = Feed.Take(80).ToList();
        var changed = first[0] with { Hints = first[0].Hints with { Title = "Corrected: " + first[0].Hints.Title } };
        string path = Path.Combine(_folder.Path, "retired.db");
        foreach (var run in new[] { first, [changed] })
        {
            using var store = new SqliteStoryStore(path);
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(run));
            engine.Complete();
            if (run.Count == 1)
                Assert.Equal(1, engine.Restated);
            else
                Assert.True(store.RetiredEventCount > 0 && store.EventOfArticle(changed.Id) is { } number && store.RetiredEvent(number) is not null,
                    "the article's event retired");
        }
        using var reader = new SqliteStoryStore(path);
        var story = Assert.Single(reader.StoriesOfArticles([changed.Id]));
        Assert.Equal(changed.Hints.Title, story.Articles.Single(a => a.Id == changed.Id).Title);
    }

    [Theory]
    [InlineData(0)]              // every run ends by writing the state
    [InlineData(int.MaxValue)]   // only a run that swept does: the others replay every article stored since
    public void Whether_a_run_ends_with_a_checkpoint_or_leaves_its_articles_to_replay_the_stories_are_the_same(int finalCheckpointMinimum)
    {
        string whole = Stored(Busy, Feed);
        var options = Busy with { FinalCheckpointMinimum = finalCheckpointMinimum, CheckpointEvery = finalCheckpointMinimum };
        Assert.Equal(whole, Stored(options, Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137).Take(3), Feed.Skip(140)));
    }

    [Fact]
    public void A_run_whose_articles_crossed_a_sweep_ends_with_a_checkpoint_covering_them()
    {
        // Only the sweep can make a checkpoint here: 30 articles stay below the sweep every 40, and are left to replay.
        var options = Busy with { FinalCheckpointMinimum = int.MaxValue, CheckpointEvery = int.MaxValue };
        string path = Path.Combine(_folder.Path, "swept.db");
        foreach (var (run, covered) in new[] { (Feed.Take(30), (long?)null), (Feed.Skip(30).Take(20), 50L) })
        {
            using var store = new SqliteStoryStore(path);
            var engine = StoryEngine.Open(options, store);
            engine.Run(SyntheticFeed.Items(run));
            engine.Complete();
            // The second run replayed the first's 30 and swept at the 40th: its end wrote a state that covers all 50.
            var checkpoint = store.LoadCheckpoint();
            using (checkpoint?.State)
                Assert.Equal(covered, checkpoint?.CoveredSeq);
        }
        Assert.Equal(Stored(Busy, Feed.Take(50)), Stored(options, Feed.Take(30), Feed.Skip(30).Take(20)));
    }

    [Fact]
    public void A_redo_list_naming_an_event_the_state_has_not_made_yet_does_not_stop_the_next_run()
    {
        // A run whose end pass split an event off after an older checkpoint leaves its number on the redo list; the next
        // run reads the older state, where no event has that number yet.
        string path = Path.Combine(_folder.Path, "ahead.db");
        using (var store = new SqliteStoryStore(path))
        {
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(Feed.Take(60)));
            engine.Complete();
            store.Commit(new StoreCommit { AfterCheckpoint = StoryChanges.None, Redo = [100_000] });
        }
        using (var store = new SqliteStoryStore(path))
        {
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(Feed.Skip(60)));
            Assert.NotEmpty(engine.Complete().ToList());
        }
        using var reader = new SqliteStoryStore(path);
        Assert.Equal(Stored(Busy, Feed), JsonSerializer.Serialize(reader.LoadStories()));
    }

    /// <summary>
    /// Small commits and frequent sweeps, so that events whose stories one commit wrote can merge in a later one: the
    /// merged-away story's row must go. On the replayed Reuters stream 304 of 100,000 articles were left in two stories.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 5)]
    [InlineData(5, 3, 20)]
    [InlineData(8, 2, 8)]
    public void Every_stored_article_is_in_one_stored_story(int seed, int commitEvery, int sweepEvery)
    {
        var feed = SyntheticFeed.Make(seed: seed, topics: 14, happeningsPerTopic: 2, reportsPerHappening: 7);
        var options = Busy with { CommitEvery = commitEvery, StoriesInterval = TimeSpan.Zero, Clustering = EventClustererOptions.Default with { RetireEveryArticles = sweepEvery } };
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "one-story.db"));
        var engine = StoryEngine.Open(options, store);
        engine.Run(SyntheticFeed.Items(feed));
        engine.Complete();
        var storiesOf = store.LoadStories().SelectMany(s => s.Articles.Select(a => (a.Id, Story: s.Id))).ToLookup(p => p.Id, p => p.Story);
        Assert.Equal(feed.Count, storiesOf.Count);
        Assert.All(storiesOf, article => Assert.Single(article));
    }

    /// <summary>
    /// An alias is the id of a story merged into this one: it never names a story that stands on its own. A split after a
    /// merge left the merged-in first article's id behind as an alias while that article headed its own story again (28
    /// stories of Reuters' 6,053).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    public void No_alias_names_a_story_that_stands(int seed)
    {
        var feed = SyntheticFeed.Make(seed: seed, topics: 20, happeningsPerTopic: 3, reportsPerHappening: 6);
        var engine = StoryEngine.Open(Busy with { Clustering = EventClustererOptions.Default with { RetireEveryArticles = 15 } });
        engine.Run(SyntheticFeed.Items(feed));
        var stories = engine.Complete().ToList();
        var ids = stories.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(stories, story => Assert.DoesNotContain(story.Aliases, ids.Contains));
    }

    [Fact]
    public void Input_already_stored_changes_nothing()
    {
        string whole = Stored(Busy, Feed);
        Assert.Equal(whole, Stored(Busy, Feed, Feed.Take(50)));
    }

    [Fact]
    public void A_run_that_dies_after_a_commit_loses_nothing_it_acknowledged_and_the_rerun_matches()
    {
        string whole = Stored(Busy, Feed);
        string path = Path.Combine(_folder.Path, "killed.db");
        using (var store = new SqliteStoryStore(path))
        {
            // Runs part of the feed and stops without completing: the batches committed so far stay, the rest is lost.
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(Feed.Take(133)));
        }
        using (var store = new SqliteStoryStore(path))
        {
            int kept = store.LoadArticles().Count;
            Assert.InRange(kept, 100, 133);
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(Feed));
            engine.Complete();
            Assert.Equal(Feed.Count - kept, engine.Accepted);
            Assert.Equal(kept, engine.UnchangedStored);
        }
        using var reader = new SqliteStoryStore(path);
        Assert.Equal(whole, JsonSerializer.Serialize(reader.LoadStories()));
    }

    [Fact]
    public void Without_a_store_the_engine_holds_the_same_events()
    {
        var engine = StoryEngine.Open(Busy);
        engine.Run(SyntheticFeed.Items(Feed));
        var inMemory = engine.Complete();
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "compare.db"));
        var stored = StoryEngine.Open(Busy, store);
        stored.Run(SyntheticFeed.Items(Feed));
        var fromStore = stored.Complete();
        Assert.Equal(inMemory.Select(s => string.Join(",", s.Articles.Select(a => a.Id))), fromStore.Select(s => string.Join(",", s.Articles.Select(a => a.Id))));
    }
}
