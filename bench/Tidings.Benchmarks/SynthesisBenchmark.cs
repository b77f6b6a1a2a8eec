using System.Diagnostics;
using Tidings.Copies;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Synthesis;

namespace Tidings.Benchmarks;

/// <summary>
/// Story synthesis on one very large story: every article of the given inputs treated as one story, the worst case a
/// busy event (hundreds of reports) makes. Reports the time, the sentences read and what was found.
/// </summary>
internal static class SynthesisBenchmark
{
    public static void Run(IReadOnlyList<string> inputs)
    {
        var pipeline = new StoryPipeline();
        var batch = pipeline.Extract(new DocumentReader().Read(inputs));
        var articles = batch.Articles;
        var copies = CopyGraph.Of(articles);
        foreach (int size in new[] { articles.Count / 4, articles.Count / 2, articles.Count }.Where(n => n > 0).Distinct())
        {
            var story = articles.Take(size).ToList();
            var timer = Stopwatch.StartNew();
            var knowledge = StorySynthesizer.Synthesize(story, copies);
            double seconds = timer.Elapsed.TotalSeconds;
            Console.WriteLine($"{size,5} articles as one story: {seconds,6:0.00} s ({size / seconds:0} articles/s); {knowledge.Facts.Count:N0} facts, {knowledge.Facts.Count(f => f.Corroborated):N0} corroborated, {knowledge.Entities.Count:N0} entities, {knowledge.Timeline.Count:N0} timeline entries, {knowledge.Disagreements.Count} disagreements");
        }
    }
}
