using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Tests.Storage;

public sealed class CoalescedArticleReadsTests
{
    private static Article Stored(string id) => new()
    {
        Id = id,
        Origin = new SourceLocation("test"),
        Title = "Report " + id,
        Paragraphs = ["The text of report " + id + "."],
        Boilerplate = [],
    };

    /// <summary>A store of articles s0 to s99 whose reads wait at a gate while it is shut, and which records what each read asked.</summary>
    private sealed class GatedStore
    {
        private readonly Dictionary<string, Article> _articles = Enumerable.Range(0, 100).Select(i => Stored("s" + i)).ToDictionary(a => a.Id);

        public ManualResetEventSlim Gate { get; } = new(true);

        public SemaphoreSlim Started { get; } = new(0);

        public List<string[]> Asked { get; } = [];

        public Exception? Failure { get; set; }

        public IReadOnlyDictionary<string, Article> Read(IReadOnlyCollection<string> ids)
        {
            lock (Asked)
                Asked.Add([.. ids.Order(StringComparer.Ordinal)]);
            Started.Release();
            Gate.Wait(TimeSpan.FromSeconds(30));
            if (Failure is { } failure)
                throw failure;
            return ids.Where(_articles.ContainsKey).ToDictionary(id => id, id => _articles[id]);
        }
    }

    [Fact]
    public async Task Reads_asked_while_one_runs_are_one_read_and_each_asker_hears_only_its_own_articles()
    {
        var store = new GatedStore();
        store.Gate.Reset();
        var reads = new CoalescedArticleReads(store.Read);
        var first = reads.Read(["s1", "s2"]);
        Assert.True(await store.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        var second = reads.Read(["s3", "missing"]);
        var third = reads.Read(["s4", "s3"]);
        store.Gate.Set();
        var answers = await Task.WhenAll(first, second, third);
        Assert.Equal(2, reads.Reads);
        Assert.Equal(3, reads.Asked);
        Assert.Equal([["s1", "s2"], ["missing", "s3", "s4"]], store.Asked);
        Assert.Equal(["s1", "s2"], answers[0].Keys.Order());
        Assert.Equal(["s3"], answers[1].Keys);
        Assert.Equal(["s3", "s4"], answers[2].Keys.Order());
        Assert.Equal("Report s4", answers[2]["s4"].Title);
    }

    [Fact]
    public async Task Many_askers_at_once_each_get_exactly_the_stored_articles_they_named()
    {
        var store = new GatedStore();
        var reads = new CoalescedArticleReads(store.Read);
        var random = new Random(7);
        var asks = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, random.Next(1, 6)).Select(_ => "s" + random.Next(0, 130)).Distinct().ToArray()).ToList();
        var answers = await Task.WhenAll(asks.Select(ids => Task.Run(() => reads.Read(ids))));
        for (int i = 0; i < asks.Count; i++)
            Assert.Equal(asks[i].Where(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) < 100).Order(), answers[i].Keys.Order());
        Assert.Equal(200, reads.Asked);
        Assert.InRange(reads.Reads, 1, 200);
    }

    [Fact]
    public async Task A_failed_read_fails_each_of_its_askers_and_the_next_read_is_tried_afresh()
    {
        var store = new GatedStore { Failure = new StoreException("tidings", "the connection was closed") };
        var reads = new CoalescedArticleReads(store.Read);
        var error = await Assert.ThrowsAsync<StoreException>(() => reads.Read(["s1"]));
        Assert.Contains("connection was closed", error.Message, StringComparison.Ordinal);
        store.Failure = null;
        var answer = await reads.Read(["s1"]);
        Assert.Equal(["s1"], answer.Keys);
    }
}
