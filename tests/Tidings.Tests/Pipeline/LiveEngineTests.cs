using Tidings.Copies;
using System.Text.Json;
using Tidings.Events;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Tests.Pipeline;

public sealed class LiveEngineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly EngineOptions Busy = SyntheticFeed.Busy;

    private static readonly List<RawDocument> Feed = SyntheticFeed.Make(seed: 5, topics: 12, happeningsPerTopic: 2, reportsPerHappening: 6);

    private string NewStore() => Path.Combine(_folder.Path, Guid.NewGuid().ToString("n") + ".db");

    /// <summary>The stories the command line stores when it reads these pieces in runs of its own.</summary>
    private string CommandLineStories(params IEnumerable<RawDocument>[] runs)
    {
        string path = NewStore();
        foreach (var run in runs)
        {
            using var store = new SqliteStoryStore(path);
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(run));
            engine.Complete();
        }
        using var reader = new SqliteStoryStore(path);
        return JsonSerializer.Serialize(reader.LoadStories());
    }

    private static LiveEngineOptions Live(TimeSpan settle) => new() { Engine = Busy, SettleAfter = settle, StoryDelay = TimeSpan.Zero };

    [Fact]
    public async Task Submissions_arriving_together_or_apart_give_the_stories_of_the_command_line()
    {
        var pieces = new[] { Feed.Take(50).ToList(), Feed.Skip(50).Take(33).ToList(), Feed.Skip(83).ToList() };
        string expected = CommandLineStories(pieces);
        Assert.Equal(CommandLineStories(Feed), expected);

        // Together: all three queued before the first is placed, committed in one transaction.
        string together = NewStore();
        using (var store = SqliteStoryStore.Open(together, StoreAccess.Write))
        using (var live = new LiveEngine(store, Live(TimeSpan.FromSeconds(30))))
        {
            var receipts = await Task.WhenAll(pieces.Select((piece, i) => live.SubmitAsync($"piece {i}", [.. SyntheticFeed.Items(piece)])));
            Assert.Equal(Feed.Count, receipts.Sum(r => r.Stored.Count));
        }
        // Apart: each settles (the end-of-run pass, and the engine opened again from the store) before the next.
        string apart = NewStore();
        using (var store = SqliteStoryStore.Open(apart, StoreAccess.Write))
        using (var live = new LiveEngine(store, Live(TimeSpan.FromMilliseconds(20))))
        {
            for (int i = 0; i < pieces.Length; i++)
            {
                await live.SubmitAsync($"piece {i}", [.. SyntheticFeed.Items(pieces[i])]);
                while (!live.Settled)
                    await Task.Delay(10);
            }
        }
        foreach (string path in new[] { together, apart })
        {
            using var reader = new SqliteStoryStore(path);
            Assert.Equal(expected, JsonSerializer.Serialize(reader.LoadStories()));
        }
    }

    [Fact]
    public async Task A_copy_index_shard_that_lost_its_keys_fails_the_submission_and_the_engine_reopens_in_step()
    {
        var pieces = new[] { Feed.Take(50).ToList(), Feed.Skip(50).Take(33).ToList(), Feed.Skip(83).ToList() };
        string expected = CommandLineStories(pieces);
        string path = NewStore();
        var shards = new LocalCopyIndexShards(4);
        using (var store = SqliteStoryStore.Open(path, StoreAccess.Write))
        using (var live = new LiveEngine(store, Live(TimeSpan.FromMilliseconds(20)), spread: new EngineSpread(CopyIndex: shards)))
        {
            await live.SubmitAsync("piece 0", [.. SyntheticFeed.Items(pieces[0])]);
            while (!live.Settled)
                await Task.Delay(10);
            // A shard comes back empty, as from a machine lost before it saved: the next chunk finds it out of step.
            shards.Shards[2].Rewind(0, shards.Shards[2].Epoch);
            await Assert.ThrowsAsync<CopyIndexOutOfStepException>(() => live.SubmitAsync("piece 1", [.. SyntheticFeed.Items(pieces[1])]));
            // Opened again from the store: the shards rewound (or emptied and the store replayed), and the submission taken.
            var receipt = await live.SubmitAsync("piece 1 again", [.. SyntheticFeed.Items(pieces[1])]);
            Assert.Equal(pieces[1].Count, receipt.Stored.Count);
            while (!live.Settled)
                await Task.Delay(10);
            await live.SubmitAsync("piece 2", [.. SyntheticFeed.Items(pieces[2])]);
            while (!live.Settled)
                await Task.Delay(10);
        }
        using var reader = new SqliteStoryStore(path);
        Assert.Equal(expected, JsonSerializer.Serialize(reader.LoadStories()));
    }

    [Fact]
    public async Task An_event_index_shard_lost_with_its_machine_fails_the_submission_and_the_engine_fills_the_shards_again()
    {
        var pieces = new[] { Feed.Take(50).ToList(), Feed.Skip(50).Take(33).ToList(), Feed.Skip(83).ToList() };
        string expected = CommandLineStories(Feed);
        string path = NewStore();
        var shards = new LocalEventIndexShards(4);
        // No pause settles the run in between, which would open the engine again and fill the shards anyway.
        using (var store = SqliteStoryStore.Open(path, StoreAccess.Write))
        using (var live = new LiveEngine(store, Live(TimeSpan.FromMinutes(5)), spread: new EngineSpread(EventIndex: shards)))
        {
            await live.SubmitAsync("piece 0", [.. SyntheticFeed.Items(pieces[0])]);
            // A shard comes back empty, as a grain on a lost machine: the next chunk finds it out of step.
            shards.Lose(3);
            await Assert.ThrowsAsync<EventIndexOutOfStepException>(() => live.SubmitAsync("piece 1", [.. SyntheticFeed.Items(pieces[1])]));
            Assert.Equal(1, live.Failures);
            // Opened again from the store: the engine's state fills the shards again, and the submission is taken.
            var receipt = await live.SubmitAsync("piece 1 again", [.. SyntheticFeed.Items(pieces[1])]);
            Assert.Equal(pieces[1].Count, receipt.Stored.Count);
            await live.SubmitAsync("piece 2", [.. SyntheticFeed.Items(pieces[2])]);
            Assert.Equal(1, live.Failures);
            Assert.All(shards.Shards, shard => Assert.True(shard.Keys > 0));
        }
        using var reader = new SqliteStoryStore(path);
        Assert.Equal(expected, JsonSerializer.Serialize(reader.LoadStories()));
    }

    [Fact]
    public async Task A_live_event_shard_lost_with_its_machine_fails_the_submission_and_the_engine_fills_the_shards_again()
    {
        var pieces = new[] { Feed.Take(50).ToList(), Feed.Skip(50).Take(33).ToList(), Feed.Skip(83).ToList() };
        string expected = CommandLineStories(Feed);
        string path = NewStore();
        var shards = new LocalLiveEventShards(4, 6);
        using (var store = SqliteStoryStore.Open(path, StoreAccess.Write))
        using (var live = new LiveEngine(store, Live(TimeSpan.FromMinutes(5)), spread: new EngineSpread(LiveEvents: shards)))
        {
            await live.SubmitAsync("piece 0", [.. SyntheticFeed.Items(pieces[0])]);
            // A shard comes back empty, as a grain on a lost machine: the next chunk finds it out of step.
            shards.Lose(2);
            await Assert.ThrowsAsync<LiveEventsOutOfStepException>(() => live.SubmitAsync("piece 1", [.. SyntheticFeed.Items(pieces[1])]));
            Assert.Equal(1, live.Failures);
            // Opened again from the store: the engine's state fills the shards again, and the submission is taken.
            var receipt = await live.SubmitAsync("piece 1 again", [.. SyntheticFeed.Items(pieces[1])]);
            Assert.Equal(pieces[1].Count, receipt.Stored.Count);
            await live.SubmitAsync("piece 2", [.. SyntheticFeed.Items(pieces[2])]);
            Assert.Equal(1, live.Failures);
            Assert.All(shards.Shards, shard => Assert.True(shard.Count > 0));
        }
        using var reader = new SqliteStoryStore(path);
        Assert.Equal(expected, JsonSerializer.Serialize(reader.LoadStories()));
    }

    [Fact]
    public async Task A_receipt_says_what_became_of_each_record_and_updates_follow_the_commit()
    {
        string path = NewStore();
        var heard = new List<(StoryUpdate Update, bool Readable)>();
        using var store = SqliteStoryStore.Open(path, StoreAccess.Write);
        using var live = new LiveEngine(store, Live(TimeSpan.FromSeconds(30)), updates =>
        {
            // Told only once committed: a reader of the store already finds the story.
            using var reader = SqliteStoryStore.Open(path, StoreAccess.Read);
            heard.AddRange(updates.Select(u => (u, reader.FindStory(u.Story) is not null)));
        });
        var first = Feed.Take(4).ToList();
        var bad = new Rejection(new SourceLocation("request 1", 5), "not valid JSON");
        var receipt = await live.SubmitAsync("request 1", [.. SyntheticFeed.Items(first), bad]);
        Assert.Equal(first.Select(d => d.Id), receipt.Stored);
        Assert.Equal([bad], receipt.Rejected);
        Assert.Equal(0, receipt.Unchanged);
        Assert.Contains(heard, h => h.Update.Kind == StoryUpdateKind.StoryNew && h.Update.Article == first[0].Id);
        Assert.All(heard, h => Assert.True(h.Readable, $"story {h.Update.Story} not readable when announced"));

        var changed = first[1] with { Body = new PlainTextBody(((PlainTextBody)first[1].Body).Text + " A later paragraph corrects the count of the injured.") };
        var again = await live.SubmitAsync("request 2", [.. SyntheticFeed.Items([first[0], changed])]);
        Assert.Empty(again.Stored);
        Assert.Equal(1, again.Unchanged);
        Assert.Equal(1, again.Replaced);
        Assert.Equal(4, live.Stored);
        Assert.Equal(1, live.Rejected);
    }

    [Fact]
    public async Task Too_much_waiting_is_refused_rather_than_queued()
    {
        using var store = SqliteStoryStore.Open(NewStore(), StoreAccess.Write);
        using var live = new LiveEngine(store, Live(TimeSpan.FromSeconds(30)) with { MaxWaitingDocuments = 3 });
        await Assert.ThrowsAsync<LiveEngineBusyException>(() => live.SubmitAsync("big", [.. SyntheticFeed.Items(Feed.Take(4))]));
        Assert.Equal(3, (await live.SubmitAsync("small", [.. SyntheticFeed.Items(Feed.Take(3))])).Stored.Count);
        Assert.Equal(0, live.Waiting);
    }

    [Fact]
    public async Task The_stories_version_moves_only_with_a_commit_that_wrote_stories()
    {
        string path = NewStore();
        using var store = SqliteStoryStore.Open(path, StoreAccess.Write);
        // Stories written at most every two hours: the first commits store articles alone.
        using var live = new LiveEngine(store, Live(TimeSpan.FromSeconds(30)) with { StoryDelay = TimeSpan.FromHours(2) });
        await live.SubmitAsync("small 1", [.. SyntheticFeed.Items(Feed.Take(3))]);
        await live.SubmitAsync("small 2", [.. SyntheticFeed.Items(Feed.Skip(3).Take(3))]);
        Assert.Equal(2, live.Version);
        Assert.Equal(0, live.StoriesVersion);
        using (var reader = SqliteStoryStore.Open(path, StoreAccess.Read))
            Assert.Empty(reader.LoadStories());

        // More than a checkpoint's worth: the checkpoint inside the submission writes every story, and the version says so.
        await live.SubmitAsync("large", [.. SyntheticFeed.Items(Feed.Skip(6).Take(Busy.CheckpointEvery + 10))]);
        Assert.Equal(3, live.Version);
        Assert.Equal(3, live.StoriesVersion);
        using (var reader = SqliteStoryStore.Open(path, StoreAccess.Read))
            Assert.NotEmpty(reader.LoadStories());
    }
}
