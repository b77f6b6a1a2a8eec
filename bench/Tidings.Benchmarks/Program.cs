using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Tidings.Benchmarks;

// `dotnet run -c Release --project bench/Tidings.Benchmarks` measures extraction on the trafilatura-eval pages
// (or the folder in TIDINGS_BENCH_PAGES) and ends with pages per second, single-threaded and on all cores.
// `... -- copies [SIZE...] [--one-thread]` measures copy detection on synthetic corpora (10,000, 100,000 and 1,000,000 articles).
// `... -- events [SIZE...] [--archive]` measures the events stage on synthetic streams (100,000 and 1,000,000 articles);
// --archive retires idle events to a SQLite file instead of keeping them in memory; --live-shards keeps the live events
// in 8 shards in this process, the clusterer holding 2,000 of them, as a cluster's engine does with its shard grains.
// `... -- synthesis INPUT...` measures story synthesis with every input article taken as one story (the worst case).
// `... -- make-corpus synthetic|reuters-stream ...` writes the JSONL inputs of the whole-process scripts in bench/.
if (args.FirstOrDefault() == "make-corpus")
    return MakeCorpus.Run(args.Skip(1).ToList());
if (args.FirstOrDefault() == "copy-stages")
{
    CopyStageProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000, args.Contains("--detector-only"));
    return 0;
}
if (args.FirstOrDefault() == "copies")
{
    var sizes = args.Skip(1).Where(a => !a.StartsWith('-')).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    CopyBenchmark.Run(sizes.Count > 0 ? sizes : [10_000, 100_000, 1_000_000], oneThreadOnly: args.Contains("--one-thread"));
    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
    return 0;
}
if (args.FirstOrDefault() == "events")
{
    var sizes = args.Skip(1).Where(a => !a.StartsWith('-')).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    EventBenchmark.Run(sizes.Count > 0 ? sizes : [100_000, 1_000_000], archiveToFile: args.Contains("--archive"), liveShards: args.Contains("--live-shards"));
    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
    return 0;
}
if (args.FirstOrDefault() == "synthesis")
{
    SynthesisBenchmark.Run(args.Skip(1).ToList());
    return 0;
}
if (!Directory.Exists(Corpus.Folder))
{
    Console.Error.WriteLine($"bench: no pages at {Path.GetFullPath(Corpus.Folder)}; set {Corpus.Variable} to a folder of .html or .html.gz files");
    return 2;
}
int pages = ExtractionBenchmarks.PageCount;
Console.WriteLine($"{pages} pages, {Corpus.Load().Sum(p => (long)((Tidings.Ingest.HtmlBody)p.Body).Bytes.Length) / 1e6:0.0} MB of HTML, {Environment.ProcessorCount} cores");

// In-process, so no project is generated and restored at run time; a short job, since one operation is the whole corpus.
var config = ManualConfig.CreateMinimumViable()
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableLogFile);
var summary = BenchmarkRunner.Run<ExtractionBenchmarks>(config, args);

Console.WriteLine();
foreach (var report in summary.Reports)
{
    if (report.ResultStatistics is not { } stats)
        continue;
    double secondsPerCorpus = stats.Mean / 1e9;
    double perSecond = pages / secondsPerCorpus;
    string name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
    Console.WriteLine($"{name,-16} {perSecond,8:0} pages/s  ({secondsPerCorpus * 1000 / pages:0.00} ms per page{(name.Contains("all", StringComparison.Ordinal) ? $", {perSecond / Environment.ProcessorCount:0} pages/s per core" : "")})");
}
Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
return 0;
