using System.Diagnostics;
using Tidings.Copies;
using Tidings.Evaluation;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Benchmarks;

/// <summary>
/// The events stage alone on a synthetic stream: articles as fingerprints (terms, title terms, names), in publication
/// order, grouped into planted events whose sizes follow a power law (most of one to five articles, a few of
/// hundreds) over a Zipf vocabulary. Reports articles per second for the online pass, the live events it held, the
/// time of the end-of-batch passes, the memory held per live event and the pairwise F1 against the planted events.
/// </summary>
internal static class EventBenchmark
{
    /// <summary>New events a day: with the 28-day horizon, about 100,000 events are live once a month has passed.</summary>
    private const int EventsPerDay = 3_500;

    /// <summary>With <c>liveShards</c>, the live events are kept in shards as a cluster's are, in windows of the engine's chunk.</summary>
    public static void Run(IReadOnlyList<int> sizes, bool archiveToFile, bool liveShards)
    {
        foreach (int size in sizes)
            Measure(size, archiveToFile, liveShards ? new LocalLiveEventShards(8, 2_000) : null);
    }

    /// <summary>Articles a window of the engine's holds (its chunk): the live-event shards are sent each window's changes.</summary>
    private const int Window = 256;

    private static void Measure(int size, bool archiveToFile, LocalLiveEventShards? shards)
    {
        var timer = Stopwatch.StartNew();
        var stream = SyntheticEventStream.Generate(size, EventsPerDay, seed: 17);
        Console.WriteLine($"{size:N0} articles in {stream.Events:N0} planted events over {stream.Days} days, planned in {timer.Elapsed.TotalSeconds:0.0} s (largest event {stream.Largest} articles)");
        var copies = CopyGraph.Of([]);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        string archivePath = Path.Combine(Path.GetTempPath(), $"tidings-events-{Environment.ProcessId}.db");
        using var fileArchive = archiveToFile ? new SqliteEventArchive(archivePath) : null;
        var clusterer = new EventClusterer(archive: fileArchive, liveEvents: shards);
        int maxLive = 0;
        // Only the clusterer is timed, not the making of each synthetic article.
        timer.Reset();
        foreach (var window in stream.Prints.Chunk(Window))
        {
            timer.Start();
            if (shards is not null)
                clusterer.LookAhead(window);
            foreach (var print in window)
                clusterer.Add(print, copies);
            timer.Stop();
            maxLive = Math.Max(maxLive, clusterer.LiveEvents);
        }
        if (shards is not null)
            clusterer.LookAhead([]);   // the last window's changes sent
        double online = timer.Elapsed.TotalSeconds;
        long held = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"  online pass     {size / online,10:N0} articles/s  ({online:0.0} s, periodic passes included)  live events at most {maxLive:N0}, at the end {clusterer.LiveEvents:N0}, retired {clusterer.RetiredEvents:N0} ({(archiveToFile ? "to a SQLite file" : "in memory")})");
        if (shards is null)
            Console.WriteLine($"  memory          {held / (1024.0 * 1024):N0} MB held by the clusterer ({held / (double)Math.Max(1, clusterer.LiveEvents):N0} B a live event)");
        else
        {
            long inShards = shards.Shards.Sum(s => s.Bytes);
            Console.WriteLine($"  memory          {held / (1024.0 * 1024):N0} MB held by the clusterer and its 8 shards, of which the shards' {shards.Shards.Sum(s => s.Count):N0} events {inShards / (1024.0 * 1024):N0} MB "
                + $"({inShards / (double)Math.Max(1, clusterer.LiveEvents):N0} B a live event); {clusterer.LiveEventReads:N0} events read back by the clusterer, which holds 2,000");
        }
        timer.Restart();
        clusterer.EndBatch();
        double passes = timer.Elapsed.TotalSeconds;
        var predicted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var ev in clusterer.Events)
        {
            foreach (var member in ev.Members)
                predicted[member.Id] = ev.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var scores = ClusterScores.Compute(stream.Labels, predicted);
        Console.WriteLine($"  end of batch    split, merge and storyline passes {passes:0.0} s");
        Console.WriteLine($"  accuracy        pairwise {scores.Pairwise}  against the planted events");
    }
}

/// <summary>A reproducible stream of fingerprints with their planted event labels.</summary>
internal sealed class SyntheticEventStream
{
    private const int Vocabulary = 50_000;
    private const int BackgroundTokens = 120;
    private const int TopicTokens = 40;
    private const int TopicTerms = 12;
    private const int MaxEventSize = 500;

    public required IEnumerable<Fingerprint> Prints { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    public required int Events { get; init; }
    public required int Days { get; init; }
    public required int Largest { get; init; }

    public static SyntheticEventStream Generate(int articles, int eventsPerDay, int seed)
    {
        var random = new Random(seed);
        var zipf = Cumulative(Vocabulary, 1.05);
        // Each term is one string, as a tokenizer's interned vocabulary would be: the stream holds a million articles.
        var words = Enumerable.Range(0, Vocabulary).Select(i => "w" + i).ToArray();
        var planned = new List<(int Event, int Day)>(articles);
        int events = 0, largest = 0;
        while (planned.Count < articles)
        {
            // Pareto sizes with exponent 1.2: most events have one to five reports, a few have hundreds.
            int size = Math.Min(MaxEventSize, (int)Math.Floor(1 / Math.Pow(1 - random.NextDouble(), 1 / 1.2)));
            size = Math.Min(size, articles - planned.Count);
            int start = events / eventsPerDay;
            for (int k = 0; k < size; k++)
                planned.Add((events, start + (k == 0 ? 0 : (int)Math.Min(20, -Math.Log(1 - random.NextDouble()) * 1.5))));
            largest = Math.Max(largest, size);
            events++;
        }
        var order = planned.Select((p, i) => (p, i)).OrderBy(x => x.p.Day).ThenBy(x => x.i).Select(x => x.p).ToList();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++)
            labels[$"a{i}"] = $"e{order[i].Event}";
        return new SyntheticEventStream { Prints = Produce(order, words, zipf, random, seed), Labels = labels, Events = events, Days = order[^1].Day + 1, Largest = largest };
    }

    /// <summary>
    /// The fingerprints, made one at a time as the clusterer asks for them: a stream of a million articles held in
    /// memory would make every garbage collection walk it, which a real stream never costs.
    /// </summary>
    private static IEnumerable<Fingerprint> Produce(List<(int Event, int Day)> order, string[] words, double[] zipf, Random random, int seed)
    {
        var topics = new Dictionary<int, string[]>();
        var topicWords = new Dictionary<int, string>();
        var origin = new SourceLocation("synthetic");
        var day0 = new DateOnly(2024, 1, 1);
        for (int i = 0; i < order.Count; i++)
        {
            var (ev, day) = order[i];
            if (!topics.TryGetValue(ev, out var topic))
            {
                var eventRandom = new Random(unchecked(seed * 1_000_003 + ev) & int.MaxValue);
                topics[ev] = topic = Enumerable.Range(0, TopicTerms).Select(_ => eventRandom.Next(Vocabulary * 4)).Select(t => topicWords.TryGetValue(t, out var w) ? w : topicWords[t] = "t" + t).ToArray();
            }
            var terms = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int k = 0; k < BackgroundTokens; k++)
                Add(terms, words[Draw(zipf, random)]);
            for (int k = 0; k < TopicTokens; k++)
                Add(terms, topic[random.Next(TopicTerms)]);
            var title = new HashSet<string>(StringComparer.Ordinal) { topic[random.Next(TopicTerms)], topic[random.Next(TopicTerms)], topic[random.Next(TopicTerms)], words[Draw(zipf, random)] };
            yield return new Fingerprint
            {
                Article = new Article
                {
                    Id = $"a{i}",
                    Origin = origin,
                    Title = string.Join(' ', title),
                    Published = new PublicationDate(day0.AddDays(day)),
                    Paragraphs = [],
                    Boilerplate = [],
                },
                WordCount = BackgroundTokens + TopicTokens,
                Terms = terms,
                TitleTerms = title,
                Sentences = [],
                Entities = [new NamedEntity(topic[0].ToUpperInvariant(), 2, [])],
            };
        }
    }

    private static void Add(Dictionary<string, int> terms, string term) => terms[term] = terms.GetValueOrDefault(term) + 1;

    private static double[] Cumulative(int n, double exponent)
    {
        var c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
            c[i] = sum += 1 / Math.Pow(i + 1, exponent);
        for (int i = 0; i < n; i++)
            c[i] /= sum;
        return c;
    }

    private static int Draw(double[] cumulative, Random random)
    {
        int r = Array.BinarySearch(cumulative, random.NextDouble());
        return r < 0 ? ~r : r;
    }
}
