using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;
using Orleans.Runtime;
using Orleans.TestingHost;
using Tidings.Evaluation;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Postgres;
using Tidings.Storage;
using Tidings.Synthesis;
using Tidings.Tests.Storage;

namespace Tidings.Orleans.Tests;

/// <summary>
/// A feed on Orleans' in-process test cluster of three silos, against the single-process engine on the same input:
/// the seeds and the Giveme5W1H dev set, and a silo killed mid-ingest.
/// </summary>
/// <remarks>
/// Submissions in flight together are sequenced as they reach the feed, and the engine places articles online, so
/// the order can move an article between two close events: the single-process engine is given the records in the
/// sequence the feed stored them in (their numbers in the store), which is what "the same input" means for a feed.
/// </remarks>
[Collection(SharedClusterServers.Name)]
public sealed class ClusterTests(ClusterServers servers, ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([RepositoryScripts.RepositoryRoot(), "..", "shared", .. parts]));

    private static string Giveme => Shared("data", "clustering", "giveme5w1h-dev.jsonl");

    /// <summary>The seeds as the command line's JSONL records (one per file, its name's stem for an id).</summary>
    private string Seeds()
    {
        string path = Path.Combine(_folder, "seeds.jsonl");
        File.WriteAllLines(path, Directory.EnumerateFiles(Shared("seeds")).Order(StringComparer.Ordinal).Select(file =>
            JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = Path.GetFileName(file).Split('.')[0], ["text"] = File.ReadAllText(file) })));
        return path;
    }

    /// <summary>The stories <c>tidings run</c> stores for the input: the single-process engine, on a SQLite file.</summary>
    private IReadOnlyList<Story> SingleProcess(string input)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("n") + ".db");
        using (var store = SqliteStoryStore.Open(path, StoreAccess.Write))
        {
            var engine = StoryEngine.Open(new EngineOptions(), store);
            engine.Run(new DocumentReader().Read([input]));
            _ = engine.Complete().ToList();
        }
        using var reader = SqliteStoryStore.Open(path, StoreAccess.Read);
        return reader.LoadStories();
    }

    private static IReadOnlyList<Story> Stored(TestDatabase database)
    {
        using var reader = PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Read);
        return reader.LoadStories();
    }

    /// <summary>The input's lines in submissions of <paramref name="size"/> records, as a client posts a feed.</summary>
    private static List<byte[]> Submissions(string input, int size) =>
        [.. File.ReadLines(input).Chunk(size).Select(lines => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"))];

    [Fact]
    public async Task The_seeds_and_the_Giveme_dev_set_give_the_stories_and_copies_of_the_single_process_engine()
    {
        foreach (string input in new[] { Seeds(), Giveme })
        {
            using var database = servers.Postgres.CreateDatabase();
            await using var cluster = await servers.StartCluster(database);
            var feed = new ClusterFeed(cluster.Client);
            // Four submissions in flight at a time: they are committed together, in the order they arrive.
            var receipts = new List<IngestReceipt>();
            foreach (var wave in Submissions(input, 10).Select((body, i) => (body, i)).Chunk(4))
                receipts.AddRange((await Task.WhenAll(wave.Select(s => feed.SubmitAsync($"{Path.GetFileName(input)} part {s.i}", s.body)))).Select(r => r.Receipt));
            await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(File.ReadLines(input).Count(), receipts.Sum(r => r.Stored.Count));
            AssertSameAsSingleProcess(input, database);
            // The stories were synthesised by story grains, spread over the silos, and the events looked up in shard grains.
            var status = await feed.StatusAsync();
            var work = status.StoryWork;
            Assert.True(work is { Stories: > 0 }, $"story work: {work}");
            // (The seeds' five articles share no term numbered before their one window: nothing to read, nothing sent before it.)
            Assert.True(status.EventIndex is { Exchanges: > 0 } index && (input != Giveme || index is { Keys: > 0, Changes: > 0 }), $"event index: {status.EventIndex}");
            output.WriteLine($"{Path.GetFileName(input)}: {status.EventIndex}");
            // The live events were sent to their shard grains, and those the engine had let go read back from them.
            Assert.True(status.LiveEvents is { Exchanges: > 0, Written: > 0 } live && (input != Giveme || live.EventsRead > 0), $"live events: {status.LiveEvents}");
            output.WriteLine($"{Path.GetFileName(input)}: {status.LiveEvents}");
            // Copies of all but the latest article were verified by the earlier articles' grains.
            Assert.True(status.Verification is { Pairs: > 0, Grains: > 0 }, $"verification: {status.Verification}");
            output.WriteLine($"{Path.GetFileName(input)}: {status.Verification}");
            var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var storySilos = statistics.Where(s => s.GrainId.ToString().StartsWith("story/", StringComparison.OrdinalIgnoreCase)).Select(s => s.SiloAddress).Distinct().Count();
            output.WriteLine($"{Path.GetFileName(input)}: {work}; story grains on {storySilos} silos");
            Assert.True(input == Giveme ? storySilos > 1 : storySilos >= 1, $"story grains on {storySilos} silos");
            var liveSilos = statistics.Where(s => s.GrainId.ToString().Contains("liveeventshard", StringComparison.OrdinalIgnoreCase)).Select(s => s.SiloAddress).Distinct().Count();
            Assert.True(liveSilos > 1, $"live-event shards on {liveSilos} silos");
            var articleSilos = statistics.Where(s => s.GrainId.ToString().StartsWith("article/", StringComparison.OrdinalIgnoreCase)).Select(s => s.SiloAddress).Distinct().Count();
            Assert.True(input == Giveme ? articleSilos > 1 : articleSilos >= 1, $"article grains on {articleSilos} silos");
        }
    }

    /// <summary>The stories and copy relations stored against those of the single-process engine given the records in the stored order.</summary>
    private void AssertSameAsSingleProcess(string input, TestDatabase database)
    {
        var actual = Stored(database);
        var expected = SingleProcess(InStoredOrder(input, database));
        Assert.Equal(expected.Sum(s => s.Articles.Count), actual.Sum(s => s.Articles.Count));
        var stories = ClusterScores.Compute(StoryOfArticle(expected), StoryOfArticle(actual));
        Assert.True(stories.Pairwise.F1 >= 0.99, $"{Path.GetFileName(input)}: stories pairwise {stories.Pairwise} against the single-process engine");
        var copies = Agreement(CopiesOf(expected), CopiesOf(actual));
        output.WriteLine($"{Path.GetFileName(input)}: {actual.Count} stories ({expected.Count} single-process); stories pairwise {stories.Pairwise}; copy relations {copies} ({CopiesOf(expected).Count} single-process)");
        Assert.True(copies.F1 >= 0.99, $"{Path.GetFileName(input)}: copy relations {copies} against the single-process engine");
        // What each story says, synthesised by a story grain, is what the engine's own synthesis says of the stored
        // articles, byte for byte in the store's JSON. (The single-process run above is no measure of it: a submission
        // of ten records teaches extraction fewer of a site's repeated lines than the whole file does, so a few stored
        // texts keep a newsletter's sign-up line that the file's run removed.)
        using var reader = PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Read);
        Assert.All(actual, story =>
        {
            var members = reader.FindArticles([.. story.Articles.Select(a => a.Id)]);
            var copies = new Copies.CopyGraph([], story.Articles.ToDictionary(a => a.Id, a => a.CopyOf ?? a.Id, StringComparer.Ordinal));
            var built = StoryBuilder.Synthesise(story.Id, [.. story.Articles.Select(a => members[a.Id])], copies);
            Assert.Equal(Said(built), Said(story));
        });
    }

    /// <summary>What a story says, apart from its place among the others (which the events decide, not synthesis).</summary>
    private static string Said(Story story) =>
        JsonSerializer.Serialize(story with { Storyline = "", Related = [], Aliases = [] }, TidingsJson.Options.Describe<Story>());

    [Fact]
    public async Task A_silo_lost_with_copy_index_shards_but_not_the_feed_is_caught_up_and_the_copies_stay_those_of_one_process()
    {
        using var database = servers.Postgres.CreateDatabase();
        await using var cluster = await servers.StartCluster(database);
        var feed = new ClusterFeed(cluster.Client);
        var submissions = Submissions(Giveme, 10);
        // Two thirds first: enough articles (120 of 179) for the run's end to write a checkpoint.
        int half = submissions.Count * 2 / 3;
        var acknowledged = new List<string>();
        foreach (var (body, i) in submissions.Take(half).Select((body, i) => (body, i)))
            acknowledged.AddRange((await feed.SubmitAsync($"giveme part {i}", body)).Receipt.Stored);
        // The run's end writes a checkpoint, and each shard saves its state in grain storage before it.
        await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var saved = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE name = 'copy-index'", connection);
            Assert.Equal((long)TidingsClusterExtensions.DefaultCopyIndexShards, (long)(await saved.ExecuteScalarAsync())!);
        }

        // A silo holding some of the eight copy shards, not the one running the feed's engine, killed; it holds event
        // index shards too, most likely, which come back empty and make the engine open again from its checkpoint.
        string feedSilo = (await feed.StatusAsync()).Silo;
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var shardSilos = statistics.Where(s => s.GrainId.ToString().Contains("copyshard", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.SiloAddress.ToString()).ToHashSet(StringComparer.Ordinal);
        var eventShardSilos = statistics.Where(s => s.GrainId.ToString().Contains("eventshard", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.SiloAddress.ToString()).ToHashSet(StringComparer.Ordinal);
        var candidates = cluster.Silos.Where(s => s.SiloAddress.ToString() != feedSilo && shardSilos.Contains(s.SiloAddress.ToString())).ToList();
        var lost = candidates.FirstOrDefault(s => eventShardSilos.Contains(s.SiloAddress.ToString())) ?? candidates.FirstOrDefault();
        Assert.True(lost is not null, $"the shards were not spread over the silos: all on {string.Join(", ", shardSilos)}, the feed on {feedSilo}");
        await cluster.KillSiloAsync(lost);
        foreach (var (body, i) in submissions.Skip(half).Select((body, i) => (body, half + i)))
            acknowledged.AddRange((await feed.SubmitAsync($"giveme part {i}", body)).Receipt.Stored);
        await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));
        var after = await feed.StatusAsync();
        output.WriteLine($"killed {lost.SiloAddress} (copy shards on {string.Join(", ", shardSilos)}, event shards on {string.Join(", ", eventShardSilos)}); "
            + $"the feed ran on {feedSilo}, now {after.Silo}; {after.Failures} failed transactions; {after.EventIndex}; {after.LiveEvents}; {after.Verification}");

        using (var reader = PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Read))
            Assert.DoesNotContain(acknowledged, id => reader.FindArticle(id) is null);
        Assert.Equal(File.ReadLines(Giveme).Count(), acknowledged.Count);
        AssertSameAsSingleProcess(Giveme, database);
    }

    [Fact]
    public async Task A_silo_lost_with_story_grains_fails_no_commit_of_the_feed_and_its_stories_are_built_again_elsewhere()
    {
        using var database = servers.Postgres.CreateDatabase();
        // Both indexes and the live events in the engine: a shard lost with its silo reopens the engine by design, and
        // this is about the stories.
        await using var cluster = await servers.StartCluster(database, copyIndexShards: 0, eventIndexShards: 0, liveEventShards: 0);
        var feed = new ClusterFeed(cluster.Client);
        // Straight to the feed's grain, not through ClusterFeed's retries: a failed commit fails its submission here.
        var grain = cluster.Client.GetGrain<IFeedGrain>(ClusterFeed.DefaultFeed);
        var submissions = Submissions(Giveme, 10);
        int half = submissions.Count / 2;
        foreach (var (body, i) in submissions.Take(half).Select((body, i) => (body, i)))
            await grain.Submit($"giveme part {i}", body);
        await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));
        var before = await feed.StatusAsync();
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var storySilos = statistics.Where(s => s.GrainId.ToString().StartsWith("story/", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.SiloAddress.ToString()).ToHashSet(StringComparer.Ordinal);
        var lost = cluster.Silos.FirstOrDefault(s => s.SiloAddress.ToString() != before.Silo && storySilos.Contains(s.SiloAddress.ToString()));
        Assert.True(lost is not null, $"the story grains were not spread over the silos: all on {string.Join(", ", storySilos)}, the feed on {before.Silo}");
        await cluster.KillSiloAsync(lost);
        foreach (var (body, i) in submissions.Skip(half).Select((body, i) => (body, half + i)))
            await grain.Submit($"giveme part {i}", body);
        await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));
        var after = await feed.StatusAsync();
        output.WriteLine($"killed {lost.SiloAddress}; story grains: {after.StoryWork}; failures {after.Failures}");
        Assert.Equal((before.Silo, before.Opened), (after.Silo, after.Opened));
        Assert.Equal(0, after.Failures);
        AssertSameAsSingleProcess(Giveme, database);
    }

    [Fact]
    public async Task A_silo_killed_mid_ingest_loses_no_acknowledged_article_and_the_cluster_goes_on()
    {
        using var database = servers.Postgres.CreateDatabase();
        await using var cluster = await servers.StartCluster(database);
        var feed = new ClusterFeed(cluster.Client);
        var submissions = Submissions(Giveme, 6);
        var acknowledged = new List<string>();
        string? killed = null;
        for (int i = 0; i < submissions.Count; i++)
        {
            if (i == submissions.Count / 3)
            {
                // The silo running the feed's engine, killed without a chance to hand anything over.
                killed = (await feed.StatusAsync()).Silo;
                var silo = cluster.Silos.Single(s => s.SiloAddress.ToString() == killed);
                await cluster.KillSiloAsync(silo);
            }
            acknowledged.AddRange((await feed.SubmitAsync($"giveme part {i}", submissions[i])).Receipt.Stored);
        }
        await feed.WaitSettledAsync(TimeSpan.FromMinutes(2));
        Assert.NotNull(killed);
        var status = await feed.StatusAsync();
        Assert.NotEqual(killed, status.Silo);
        output.WriteLine($"killed {killed} after {submissions.Count / 3} of {submissions.Count} submissions; the feed went on on {status.Silo}; {acknowledged.Count} acknowledged");

        using var reader = PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Read);
        var lost = acknowledged.Where(id => reader.FindArticle(id) is null).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged articles lost: {string.Join(", ", lost.Take(10))}");
        Assert.Equal(File.ReadLines(Giveme).Count(), reader.LoadStories().Sum(s => s.Articles.Count));
    }

    /// <summary>The input's records in the order the feed numbered them as it stored them.</summary>
    private string InStoredOrder(string input, TestDatabase database)
    {
        var lines = File.ReadLines(input).ToDictionary(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var ordered = new List<string>();
        using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            connection.Open();
            using var cmd = new NpgsqlCommand("SELECT id FROM articles ORDER BY seq", connection);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                ordered.Add(lines[reader.GetString(0)]);
        }
        Assert.Equal(lines.Count, ordered.Count);
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("n") + ".jsonl");
        File.WriteAllLines(path, ordered);
        return path;
    }

    [Fact]
    public async Task A_busy_feed_answers_busy_at_once_through_the_cluster_and_takes_what_fits()
    {
        using var database = servers.Postgres.CreateDatabase();
        await using var cluster = await servers.StartCluster(database, silos: 2, maxWaitingDocuments: 3);
        var feed = new ClusterFeed(cluster.Client);
        var records = Submissions(Giveme, 4);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The engine's own exception, carried by Orleans: an answer, not a lost silo to try again for two minutes.
        await Assert.ThrowsAsync<LiveEngineBusyException>(() => feed.SubmitAsync("four", records[0]));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"busy took {clock.Elapsed.TotalSeconds:0} s to be said");
        Assert.Equal(3, (await feed.SubmitAsync("three", Submissions(Giveme, 3)[0])).Receipt.Stored.Count);
    }

    private static Dictionary<string, string> StoryOfArticle(IEnumerable<Story> stories) =>
        stories.SelectMany(s => s.Articles.Select(a => (a.Id, s.Id))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    private static HashSet<(string Copy, string Original)> CopiesOf(IEnumerable<Story> stories) =>
        [.. stories.SelectMany(s => s.Articles).Where(a => a.CopyOf is not null).Select(a => (a.Id, a.CopyOf!))];

    /// <summary>Precision and recall of <paramref name="actual"/> against <paramref name="expected"/>; both empty agree fully.</summary>
    private static PrecisionRecall Agreement<T>(HashSet<T> expected, HashSet<T> actual)
    {
        if (expected.Count == 0 && actual.Count == 0)
            return new PrecisionRecall(1, 1);
        int both = actual.Count(expected.Contains);
        return new PrecisionRecall(actual.Count == 0 ? 0 : (double)both / actual.Count, expected.Count == 0 ? 0 : (double)both / expected.Count);
    }
}
