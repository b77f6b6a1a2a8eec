using CsCheck;
using Tidings.Events;
using static Tidings.Tests.Events.EventIndexShardTests;

namespace Tidings.Tests.Events;

public sealed class LiveEventShardTests
{
    [Fact]
    public void A_clusterer_whose_live_events_are_in_shards_places_every_article_as_one_that_holds_them()
    {
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 9], Gen.Int[0, 30], Gen.Int[1, 40]).Sample((seed, count, held, window) =>
        {
            var (prints, copies) = FeedOf(seed);
            string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
            var shards = new LocalLiveEventShards(count, held);
            var spread = new EventClusterer(Sweeping, liveEvents: shards);
            bool same = whole == Placed(spread, prints.Chunk(window), copies, w => w);
            // After the next exchange the shards hold every live event; the clusterer read back those it had let go.
            spread.LookAhead([]);
            return same && shards.Shards.Sum(s => s.Count) == spread.LiveEvents && (held > 0 || spread.LiveEventReads > 0);
        }, iter: 20);
    }

    [Fact]
    public void Live_events_and_the_index_both_in_shards_place_every_article_alike_with_or_without_looking_ahead()
    {
        var (prints, copies) = FeedOf(3);
        string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
        var both = new EventClusterer(Sweeping, shards: new LocalEventIndexShards(3), liveEvents: new LocalLiveEventShards(4, 5));
        Assert.Equal(whole, Placed(both, prints.Chunk(7), copies, w => w));
        // Not looked ahead: each article is its own window, and sends what the one before it changed.
        var none = new LocalLiveEventShards(2, 0);
        var unannounced = new EventClusterer(Sweeping, liveEvents: none);
        Assert.Equal(whole, Placed(unannounced, [prints], copies, _ => null));
        Assert.True(unannounced.LiveEventReads > 0);
    }

    [Fact]
    public void A_clusterer_read_from_its_state_fills_fresh_shards_and_goes_on_as_the_one_that_wrote_it()
    {
        var (prints, copies) = FeedOf(2);
        string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
        var archive = new InMemoryEventArchive();
        // The writer holds few of its live events itself: its state reads the others from its shards.
        var first = new EventClusterer(Sweeping, archive, liveEvents: new LocalLiveEventShards(3, 2));
        var placed = new List<int>();
        foreach (var window in prints.Take(31).Chunk(4))
        {
            first.LookAhead(window);
            placed.AddRange(window.Select(f => first.Add(f, copies)));
        }
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
            first.WriteState(writer);
        state.Position = 0;
        var shards = new LocalLiveEventShards(4, 3);
        var read = EventClusterer.ReadState(new BinaryReader(state), Sweeping, archive, liveEvents: shards)!;
        string rest = Placed(read, prints.Skip(31).Chunk(5), copies, w => w);
        Assert.Equal(whole, string.Join(",", placed) + "," + rest);
        read.LookAhead([]);
        Assert.Equal(read.LiveEvents, shards.Shards.Sum(s => s.Count));
    }

    [Fact]
    public void A_shard_lost_with_its_machine_or_written_by_another_clusterer_is_found_out()
    {
        var (prints, copies) = FeedOf(1);
        var shards = new LocalLiveEventShards(3, 100);
        var clusterer = new EventClusterer(Sweeping, liveEvents: shards);
        clusterer.LookAhead(prints[..10]);
        foreach (var f in prints[..10])
            clusterer.Add(f, copies);
        clusterer.LookAhead(prints[10..20]);
        shards.Lose(1);
        var lost = Assert.Throws<LiveEventsOutOfStepException>(() => clusterer.LookAhead(prints[10..20]));
        Assert.Contains("lost with its machine", lost.Message);

        // Another clusterer resets the shards: the first one's next exchange names an epoch they no longer stand at.
        var stale = new EventClusterer(Sweeping, liveEvents: shards);
        stale.LookAhead(prints[..5]);
        var fresh = new EventClusterer(Sweeping, liveEvents: shards);
        fresh.LookAhead(prints[..5]);
        var error = Assert.Throws<LiveEventsOutOfStepException>(() => stale.LookAhead(prints[5..10]));
        Assert.Contains("another opening", error.Message);
    }

    [Fact]
    public void A_shard_keeps_the_latest_state_of_each_event_until_it_is_dropped()
    {
        var shard = new LiveEventShard();
        var epoch = Guid.NewGuid();
        shard.Exchange(new LiveEventExchange(epoch, 0, true, [3, 7], [[1, 2, 3], [4]], []));
        shard.Exchange(new LiveEventExchange(epoch, 1, false, [3], [[5, 6]], [7]));
        Assert.Equal((1, 2L), (shard.Count, shard.Bytes));
        Assert.Equal([5, 6], shard.Read(epoch, 2, [3])[0]);
        // An event it does not hold, or an exchange it did not take, is the clusterer's state lost here.
        Assert.Throws<LiveEventsOutOfStepException>(() => shard.Read(epoch, 2, [7]));
        Assert.Throws<LiveEventsOutOfStepException>(() => shard.Read(epoch, 1, [3]));
        Assert.Throws<LiveEventsOutOfStepException>(() => shard.Exchange(new LiveEventExchange(epoch, 3, false, [], [], [])));
        // A reset empties it for the clusterer that sent it.
        shard.Exchange(new LiveEventExchange(Guid.NewGuid(), 0, true, [], [], []));
        Assert.Equal((0, 0L), (shard.Count, shard.Bytes));
    }

    [Fact]
    public void Events_spread_evenly_over_the_shards_by_number()
    {
        Gen.Int[1, 64].Sample(count =>
        {
            var perShard = Enumerable.Range(0, count * 10).GroupBy(n => LiveEventShard.ShardOf(n, count)).ToList();
            return perShard.Count == count && perShard.All(g => g.Count() == 10);
        });
    }
}
