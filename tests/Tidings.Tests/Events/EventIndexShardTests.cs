using CsCheck;
using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Tests.Pipeline;

namespace Tidings.Tests.Events;

public sealed class EventIndexShardTests
{
    /// <summary>Sweeps every 12 articles, so that a window of articles passes, retires and revives events between its lookups.</summary>
    internal static readonly EventClustererOptions Sweeping = EventClustererOptions.Default with { RetireEveryArticles = 12 };

    private static readonly Dictionary<int, (List<Fingerprint> Prints, CopyGraph Copies)> Feeds = [];

    /// <summary>A synthetic feed's articles, fingerprinted once per seed: recurring topics, several newsrooms, wire copies.</summary>
    internal static (List<Fingerprint> Prints, CopyGraph Copies) FeedOf(int seed)
    {
        lock (Feeds)
        {
            if (!Feeds.TryGetValue(seed, out var feed))
            {
                var extractor = new ArticleExtractor(null);
                var articles = SyntheticFeed.Make(seed, topics: 6, happeningsPerTopic: 2, reportsPerHappening: 5).Select(d => extractor.Extract(d)).ToList();
                Feeds[seed] = feed = ([.. articles.Select(FingerprintBuilder.Build)], CopyGraph.Of(articles));
            }
            return feed;
        }
    }

    /// <summary>Each article's event as it was placed, then every event's members after the last pass.</summary>
    internal static string Placed(EventClusterer clusterer, IEnumerable<IReadOnlyList<Fingerprint>> windows, CopyGraph copies, Func<IReadOnlyList<Fingerprint>, IReadOnlyList<Fingerprint>?> lookAhead)
    {
        var placed = new List<int>();
        foreach (var window in windows)
        {
            if (lookAhead(window) is { } foreseen)
                clusterer.LookAhead(foreseen);
            placed.AddRange(window.Select(f => clusterer.Add(f, copies)));
        }
        clusterer.EndBatch();
        return string.Join(",", placed) + " | " + string.Join(" ", clusterer.Events.Select(e => $"{e.Number}:{string.Join("+", e.Members.Select(m => m.Id))}"));
    }

    [Fact]
    public void A_clusterer_on_shards_places_every_article_as_one_that_holds_its_index()
    {
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 9], Gen.Int[1, 40]).Sample((seed, count, window) =>
        {
            var (prints, copies) = FeedOf(seed);
            string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
            var sharded = new EventClusterer(Sweeping, shards: new LocalEventIndexShards(count));
            bool same = whole == Placed(sharded, prints.Chunk(window), copies, w => w);
            // Every key an article looked up was read ahead with its window.
            return same && sharded.EventIndexMisses == 0;
        }, iter: 20);
    }

    [Fact]
    public void A_look_ahead_that_guessed_wrong_costs_reads_but_places_every_article_alike()
    {
        var (prints, copies) = FeedOf(1);
        string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
        // Each window looks ahead at its articles in reverse order, so foresees the wrong frequencies: the keys it did not
        // read are read on their own, brought up to date with the window's changes.
        var wrong = new EventClusterer(Sweeping, shards: new LocalEventIndexShards(4));
        var windows = prints.Chunk(12).ToList();
        Assert.Equal(whole, Placed(wrong, windows, copies, w => [.. w.Reverse()]));
        Assert.True(wrong.EventIndexMisses > 0);
        // Not looked ahead at all: each article is its own window.
        var none = new EventClusterer(Sweeping, shards: new LocalEventIndexShards(4));
        Assert.Equal(whole, Placed(none, windows, copies, _ => null));
        Assert.Equal(0, none.EventIndexMisses);
    }

    [Fact]
    public void A_clusterer_read_from_its_state_fills_fresh_shards_and_goes_on_as_the_one_that_wrote_it()
    {
        var (prints, copies) = FeedOf(2);
        string whole = Placed(new EventClusterer(Sweeping), [prints], copies, w => w);
        var archive = new InMemoryEventArchive();
        var first = new EventClusterer(Sweeping, archive);
        var placed = prints.Take(31).Select(f => first.Add(f, copies)).ToList();
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
            first.WriteState(writer);
        state.Position = 0;
        var shards = new LocalEventIndexShards(3);
        var read = EventClusterer.ReadState(new BinaryReader(state), Sweeping, archive, shards)!;
        string rest = Placed(read, prints.Skip(31).Chunk(5), copies, w => w);
        Assert.Equal(whole, string.Join(",", placed) + "," + rest);
        Assert.All(shards.Shards, shard => Assert.True(shard.Keys > 0));
    }

    [Fact]
    public void A_shard_lost_with_its_machine_or_written_by_another_clusterer_is_found_out()
    {
        var (prints, copies) = FeedOf(1);
        var shards = new LocalEventIndexShards(3);
        var clusterer = new EventClusterer(Sweeping, shards: shards);
        clusterer.LookAhead(prints[..10]);
        foreach (var f in prints[..10])
            clusterer.Add(f, copies);
        shards.Lose(1);
        Assert.Throws<EventIndexOutOfStepException>(() => clusterer.LookAhead(prints[10..20]));

        // Another clusterer resets the shards: the first one's next exchange names an epoch they no longer stand at.
        var stale = new EventClusterer(Sweeping, shards: shards);
        stale.LookAhead(prints[..5]);
        var fresh = new EventClusterer(Sweeping, shards: shards);
        fresh.LookAhead(prints[..5]);
        var error = Assert.Throws<EventIndexOutOfStepException>(() => stale.LookAhead(prints[5..10]));
        Assert.Contains("another opening", error.Message);
    }

    [Fact]
    public void A_shard_answers_counts_and_events_up_to_the_cap_where_its_clusterer_expects_it()
    {
        var shard = new EventIndexShard();
        var epoch = Guid.NewGuid();
        shard.Exchange(new EventIndexExchange(epoch, 0, true, [4, 4, 9, 4], [1, 2, 3, ~1], [], 10));
        var answer = shard.Read(epoch, 1, [4, 9, 5], 10);
        Assert.Equal([1, 1, 0], answer.Counts);
        Assert.Equal([2, 3], answer.Events);
        // A key over the cap answers its count alone.
        Assert.Equal([1, 1, 0], shard.Read(epoch, 1, [4, 9, 5], 0).Counts);
        Assert.Empty(shard.Read(epoch, 1, [4, 9, 5], 0).Events);
        // The next exchange must name where the shard stands; a reset by another clusterer starts afresh.
        Assert.Throws<EventIndexOutOfStepException>(() => shard.Read(epoch, 2, [4], 10));
        Assert.Throws<EventIndexOutOfStepException>(() => shard.Exchange(new EventIndexExchange(epoch, 0, false, [], [], [], 10)));
        Assert.Throws<EventIndexOutOfStepException>(() => new EventIndexShard().Read(epoch, 1, [4], 10));
        var other = Guid.NewGuid();
        Assert.Equal([0], shard.Exchange(new EventIndexExchange(other, 0, true, [], [], [4], 10)).Counts);
        Assert.Equal((other, 1L), (shard.Epoch, shard.Exchanges));
    }
}
