using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using Tidings.Fuzz;
using Tidings.Ingest;
using Tidings.Pipeline;

// `dotnet run -c Release --project fuzz/Tidings.Fuzz -- [SECONDS] [--seed N] [--out DIR]` mutates the seed corpus (the
// samples and one input of each format) and runs every mutant through the readers, extraction and analysis, as the CLI
// does, for SECONDS (default 60). A mutant that throws, or takes longer than the hostile-input limit, is written to DIR
// (default fuzz-findings/) with its exception, and one over 2 s is kept there as notable; the run ends with the counts. Exit 1 when anything was found.
int seconds = args.FirstOrDefault(a => !a.StartsWith('-')) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 60;
int seed = Option("--seed") is { } seedText ? int.Parse(seedText, CultureInfo.InvariantCulture) : 1;
string findings = Path.GetFullPath(Option("--out") ?? "fuzz-findings");

string root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Tidings.slnx")) && Path.GetDirectoryName(root) is { } parent && parent != root)
    root = parent;
var seeds = Seeds.Load(root);
var mutator = new Mutator(seed);
var pipeline = new StoryPipeline();
string scratch = Directory.CreateTempSubdirectory("tidings-fuzz-").FullName;
var limit = TimeSpan.FromSeconds(10);
var notable = TimeSpan.FromSeconds(2);
var clock = Stopwatch.StartNew();
long cases = 0, accepted = 0, rejected = 0, crashes = 0, slow = 0, notables = 0;
TimeSpan slowest = TimeSpan.Zero;
var perFormat = new SortedDictionary<string, long>(StringComparer.Ordinal);
try
{
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        var (extension, original) = seeds[(int)(cases % seeds.Count)];
        // A third of the cases each: the format itself, gzip around a damaged input, and damaged gzip around a good one.
        long wrapping = cases / seeds.Count % 3;
        byte[] mutant = wrapping switch
        {
            0 => mutator.Mutate(original),
            1 => Seeds.Gzip(mutator.Mutate(original)),
            _ => mutator.Mutate(Seeds.Gzip(original)),
        };
        extension += wrapping == 0 ? "" : ".gz";
        string path = Path.Combine(scratch, "case" + extension);
        File.WriteAllBytes(path, mutant);
        cases++;
        perFormat[extension] = perFormat.GetValueOrDefault(extension) + 1;
        var started = clock.Elapsed;
        var work = Task.Run(() =>
        {
            var batch = pipeline.Extract(new DocumentReader().Read([path]));
            pipeline.Analyse(batch.Articles);
            return batch;
        });
        Exception? failure = null;
        bool finished;
        try
        {
            finished = work.Wait(limit);
            if (finished)
            {
                accepted += work.Result.Articles.Count;
                rejected += work.Result.Rejections.Count;
            }
        }
        catch (AggregateException e)
        {
            finished = true;
            failure = e.InnerException;
        }
        var took = clock.Elapsed - started;
        slowest = took > slowest ? took : slowest;
        if (failure is null && finished)
        {
            // Within the limit but far above the usual milliseconds: kept to look at, since it may grow superlinearly.
            if (took > notable)
            {
                notables++;
                Directory.CreateDirectory(findings);
                File.WriteAllBytes(Path.Combine(findings, $"notable-{took.TotalMilliseconds:0}ms-{XxHash64.HashToUInt64(mutant):x16}{extension}"), mutant);
            }
            continue;
        }
        string name = $"{(failure is null ? "slow" : "crash")}-{XxHash64.HashToUInt64(mutant):x16}{extension}";
        Directory.CreateDirectory(findings);
        File.WriteAllBytes(Path.Combine(findings, name), mutant);
        File.WriteAllText(Path.Combine(findings, name + ".txt"), failure?.ToString() ?? $"still running after {limit.TotalSeconds} s");
        Console.WriteLine($"{(failure is null ? "SLOW " : "CRASH")} {name}: {failure?.GetType().Name} {failure?.Message}");
        if (failure is null)
        {
            slow++;
            break;   // the stuck case still holds a core; what follows would be timed wrongly
        }
        crashes++;
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}
Console.WriteLine($"fuzzed {clock.Elapsed.TotalSeconds:0} s, seed {seed}: {cases} cases ({string.Join(", ", perFormat.Select(p => $"{p.Key} {p.Value}"))}), " +
    $"{accepted} articles accepted, {rejected} rejections, slowest case {slowest.TotalMilliseconds:0} ms ({notables} over {notable.TotalSeconds} s kept); {crashes} crashes, {slow} over {limit.TotalSeconds} s");
return crashes + slow > 0 ? 1 : 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
