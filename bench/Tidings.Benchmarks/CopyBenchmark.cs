using System.Diagnostics;
using Tidings.Copies;

namespace Tidings.Benchmarks;

/// <summary>
/// Copy detection at scale: fingerprinting, candidate search and verification of a synthetic stream, once on one
/// thread and once on all cores, at each corpus size. A stream cannot be repeated without rebuilding its index, so
/// each size is one timed pass (after a warm-up pass on a small corpus) rather than a BenchmarkDotNet job.
/// </summary>
public static class CopyBenchmark
{
    public static void Run(IReadOnlyList<int> sizes, bool oneThreadOnly = false)
    {
        var corpus = new SyntheticCorpus();
        Measure(corpus.Generate(5_000), parallel: false, print: false);
        foreach (int size in sizes)
        {
            var clock = Stopwatch.StartNew();
            var articles = corpus.Generate(size);
            long textBytes = articles.Sum(a => (long)a.Article.Text.Length * sizeof(char));
            Console.WriteLine($"{size:N0} articles generated in {clock.Elapsed.TotalSeconds:0.0} s ({textBytes / (double)size / 1024:0.0} KB of text each, {articles.Count(a => a.CopyOf is not null):N0} planted copies)");
            Measure(articles, parallel: false, print: true);
            if (!oneThreadOnly)
                Measure(articles, parallel: true, print: true);
        }
    }

    private static void Measure(SyntheticArticle[] articles, bool parallel, bool print)
    {
        var input = articles.Select(a => a.Article).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var detector = new CopyDetector();
        var pause = GC.GetTotalPauseDuration();
        int collections = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        detector.AddRange(input, parallel);
        clock.Stop();
        pause = GC.GetTotalPauseDuration() - pause;
        collections = GC.CollectionCount(0) - collections;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        if (!print)
            return;
        var (recall, precision) = Accuracy(articles, detector);
        double perSecond = articles.Length / clock.Elapsed.TotalSeconds;
        string threads = parallel ? $"all {Environment.ProcessorCount} cores" : "one thread";
        Console.WriteLine(
            $"  {threads,-12} {perSecond,9:N0} articles/s  ({clock.Elapsed.TotalSeconds:0.00} s)  " +
            $"memory {(after - before) / (double)articles.Length:0} B/article held ({detector.IndexBytes / (double)articles.Length:0} B index, {detector.Postings / (double)articles.Length:0.0} postings)  " +
            $"planted copies found {recall:P1}, relations right {precision:P1}, {detector.Verifications / (double)articles.Length:0.00} pairs verified per article, " +
            $"GC {pause.TotalMilliseconds * 1000 / articles.Length:0.0} µs/article in {collections} collections");

        double Micro(long ticks) => ticks * 1e6 / Stopwatch.Frequency / articles.Length;
        var t = detector.Timings;
        Console.WriteLine($"  {"",-12} µs per article: read {Micro(t.Read):0.0}, look up and file {Micro(t.LookUp):0.0}, verify {Micro(t.Verify):0.0}, settle {Micro(t.Settle):0.0}");
        GC.KeepAlive(detector);
    }

    /// <summary>
    /// Recall: planted copies linked to their source (directly or through the copy graph). Precision: relations
    /// between articles that share a planted root, i.e. copies of one original or an original and its copy.
    /// </summary>
    private static (double Recall, double Precision) Accuracy(SyntheticArticle[] articles, CopyDetector detector)
    {
        int Root(int i)
        {
            while (articles[i].CopyOf is { } source)
                i = source;
            return i;
        }
        static int Number(string id) => int.Parse(id.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var graph = detector.Graph();
        int planted = 0, found = 0;
        for (int i = 0; i < articles.Length; i++)
        {
            if (articles[i].CopyOf is not { } source)
                continue;
            planted++;
            if (graph.OriginOf(articles[i].Article.Id) == graph.OriginOf(articles[source].Article.Id))
                found++;
        }
        int right = detector.Relations.Count(r => Root(Number(r.A)) == Root(Number(r.B)));
        return (planted == 0 ? 1 : (double)found / planted, detector.Relations.Count == 0 ? 1 : (double)right / detector.Relations.Count);
    }
}

/// <summary>Where copy detection's time goes, stage by stage, on one thread: reading, keying, lookup and verification.</summary>
public static class CopyStageProfile
{
    public static void Run(int size, bool detectorOnly = false)
    {
        var planted = new SyntheticCorpus().Generate(size);
        var articles = planted.Select(a => a.Article).ToArray();
        if (detectorOnly)
        {
            var pause = GC.GetTotalPauseDuration();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            long begin = System.Diagnostics.Stopwatch.GetTimestamp();
            new CopyDetector().AddRange(articles);
            Console.WriteLine($"GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds * 1000 / size:0.0} µs per article; collections {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}");
            Report("whole detector", System.Diagnostics.Stopwatch.GetTimestamp() - begin, size);
            return;
        }
        long read = 0, document = 0, sentences = 0, body = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            read = document = sentences = body = 0;
            foreach (var article in articles)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                var words = Tidings.Fingerprints.WordSequence.Read(article.Text);
                long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                CopyKeys.Document(words);
                long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
                CopyKeys.Sentences(words);
                long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
                words.BodyHash();
                long t4 = System.Diagnostics.Stopwatch.GetTimestamp();
                (read, document, sentences, body) = (read + t1 - t0, document + t2 - t1, sentences + t3 - t2, body + t4 - t3);
            }
        }
        // Verification of each planted copy against its source, by kind: the exact step, per pair. One pass first,
        // then a pause, so that the timed passes run the fully optimised code.
        var byKind = planted.Where(a => a.Kind is not null).GroupBy(a => a.Kind!.Value).OrderBy(g => g.Key)
            .Select(g => (Kind: g.Key, Pairs: g.Take(2000).Select(a => (Tidings.Fingerprints.WordSequence.Read(articles[a.CopyOf!.Value].Text), Tidings.Fingerprints.WordSequence.Read(a.Article.Text))).ToList()))
            .ToList();
        foreach (var (_, pairs) in byKind)
        {
            foreach (var (source, copy) in pairs)
                CopyDetector.Verify(source, copy);
        }
        Thread.Sleep(1000);
        foreach (var (kind, pairs) in byKind)
        {
            GC.Collect();
            long v0 = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int pass = 0; pass < 3; pass++)
            {
                foreach (var (source, copy) in pairs)
                    CopyDetector.Verify(source, copy);
            }
            Report($"verify {CopyRelation.KindName(kind)}", (System.Diagnostics.Stopwatch.GetTimestamp() - v0) / 3, pairs.Count, "pair");
        }
        Report("read words", read, size);
        Report("document keys", document, size);
        Report("sentence keys", sentences, size);
        Report("body hash", body, size);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        new CopyDetector().AddRange(articles);
        Report("whole detector", System.Diagnostics.Stopwatch.GetTimestamp() - start, size);
        Console.WriteLine($"{articles.Average(a => a.Text.Length):0} characters per article");
    }

    private static void Report(string stage, long ticks, int size, string per = "article") =>
        Console.WriteLine($"{stage,-24} {ticks * 1e6 / System.Diagnostics.Stopwatch.Frequency / size,8:0.0} µs per {per}");
}
