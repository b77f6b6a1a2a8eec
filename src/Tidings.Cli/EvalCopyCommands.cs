using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Tidings.Copies;
using Tidings.Evaluation;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>
/// <c>tidings eval copies</c> scores copy detection against gold origins; <c>tidings eval make-copy-set</c> builds
/// such a set from real texts (the set is written outside the repository: its texts are not ours to ship).
/// </summary>
internal static class EvalCopyCommands
{
    public static IEnumerable<Command> Create() => [Copies(), MakeCopySet()];

    private static Command Copies()
    {
        var gold = new Option<string>("--gold") { Description = "JSONL with \"id\", \"origins\" (source-text ids) and optionally \"relation\" and \"copyOf\" per article.", Required = true };
        var details = new Option<string>("--details") { Description = "Write the missed and unwanted pairs, one JSON line each, to this file." };
        var inputs = CliOptions.Inputs();
        var command = new Command("copies", "Pairwise precision/recall/F1 of copy detection, overall and per relation.") { gold, details, inputs };
        command.SetAction(parse =>
        {
            string goldPath = parse.GetValue(gold)!;
            var labels = ReadLabels(goldPath);
            if (labels.Count == 0)
            {
                Console.Error.WriteLine($"tidings: {goldPath}: no records with \"id\" and \"origins\"");
                return ExitCode.NothingRead;
            }
            var batch = BatchRunner.ReadAndExtract(parse.GetValue(inputs)!);
            var clock = Stopwatch.StartNew();
            var graph = CopyGraph.Of(batch.Articles);
            clock.Stop();
            var scores = CopyScores.Compute(labels, graph);
            Console.Out.WriteLine($"articles {scores.Articles}  gold copy pairs {scores.Overall.Gold}  predicted pairs {scores.Overall.Predicted}  relations {graph.Relations.Count}");
            Console.Out.WriteLine($"{"overall",-15} {scores.Overall.Score}");
            foreach (var (kind, tally) in scores.ByRelation)
                Console.Out.WriteLine($"{CopyRelation.KindName(kind),-15} {tally.Score}  (gold {tally.Gold}, predicted {tally.Predicted}, correct {tally.Correct})");
            Console.Out.WriteLine($"elapsed   {clock.Elapsed.TotalSeconds:0.00} s for copy detection on {batch.Articles.Count} articles (extraction not included)");
            if (parse.GetValue(details) is { } path)
                WriteDetails(path, scores, graph, labels);
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }

    private static void WriteDetails(string path, CopyScores scores, CopyGraph graph, IReadOnlyDictionary<string, CopyLabel> labels)
    {
        var direct = graph.Relations.ToDictionary(r => (r.A, r.B));
        string? Found((string A, string B) p) =>
            (direct.GetValueOrDefault((p.A, p.B)) ?? direct.GetValueOrDefault((p.B, p.A))) is { } r ? CopyRelation.KindName(r.Kind) : null;
        string? Gold(string id) => labels[id].Relation is { } k ? CopyRelation.KindName(k) : null;
        using var log = JsonLines.Create(path);
        if (log is null)
            return;
        foreach (var p in scores.Missed)
            log.WriteLine(OutputRecords.Line(new OutputRecords.CopyMissed("missed", p.A, p.B, Gold(p.A), Gold(p.B))));
        foreach (var p in scores.Unwanted)
            log.WriteLine(OutputRecords.Line(new OutputRecords.CopyUnwanted("unwanted", p.A, p.B, Found(p))));
        foreach (var r in graph.Relations)
        {
            var g = labels.GetValueOrDefault(r.Copy) is { Relation: { } k } ? CopyRelation.KindName(k) : null;
            log.WriteLine(OutputRecords.Line(new OutputRecords.CopyFound(null, r.A, r.B, CopyRelation.KindName(r.Kind), g, r.Score, r.Measures)));
        }
    }

    /// <summary>Gold labels by id; a malformed line is reported with its line number and skipped.</summary>
    private static Dictionary<string, CopyLabel> ReadLabels(string path)
    {
        var labels = new Dictionary<string, CopyLabel>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return labels;
        foreach (var root in JsonLines.Read(path))
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || !root.TryGetProperty("origins", out var origins))
                continue;
            var set = origins.ValueKind == JsonValueKind.Array
                ? origins.EnumerateArray().Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>([origins.ToString()], StringComparer.Ordinal);
            string? relation = root.TryGetProperty("relation", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            string? copyOf = root.TryGetProperty("copyOf", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            labels[id.ToString()] = new CopyLabel(set, CopyRelation.ParseKind(relation), copyOf);
        }
        return labels;
    }

    private static Command MakeCopySet()
    {
        var output = new Option<string>("--out") { Description = "Where to write the set (JSONL).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and sources give the same set.", DefaultValueFactory = _ => 7 };
        var sources = new Argument<string[]>("SOURCES") { Description = "JSONL files of articles (id, title, text, published) and WCXB folders (their article pages' main content).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("make-copy-set", "Build a copy-detection set: real texts plus generated copies of each kind.") { output, seed, sources };
        command.SetAction(parse =>
        {
            var texts = new List<SourceText>();
            var hosts = new List<string>();
            foreach (var source in parse.GetValue(sources)!)
            {
                if (Directory.Exists(source))
                    ReadWcxbArticles(source, texts, hosts);
                else
                    texts.AddRange(CleanedBodies(ReadJsonlSources(source).ToList(), source));
            }
            if (texts.Count == 0)
            {
                Console.Error.WriteLine("tidings: no source texts read");
                return ExitCode.NothingRead;
            }
            var records = CopySetBuilder.Build(texts, hosts, parse.GetValue(seed));
            using (var writer = JsonLines.Create(parse.GetValue(output)!))
            {
                if (writer is null)
                    return ExitCode.NothingRead;
                foreach (var r in records)
                {
                    writer.WriteLine(OutputRecords.Line(new OutputRecords.CopySetLine(
                        r.Id, r.Title, r.Text, r.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Source, r.Url,
                        r.Origins, r.Relation is { } k ? CopyRelation.KindName(k) : null, r.CopyOf)));
                }
            }
            var counts = records.GroupBy(r => r.Relation is { } k ? CopyRelation.KindName(k) : "source").Select(g => $"{g.Key} {g.Count()}");
            Console.Out.WriteLine($"{records.Count} articles: {string.Join(", ", counts)}");
            return ExitCode.Success;
        });
        return command;
    }

    /// <summary>
    /// The sources' article text as Tidings extracts it (a publisher's template lines removed): a copier takes the
    /// story, not the newsletter box around it, and a template left in would make every copy of one publisher's
    /// stories look related.
    /// </summary>
    private static IEnumerable<SourceText> CleanedBodies(List<SourceText> sources, string path)
    {
        var batch = new StoryPipeline().Extract(new DocumentReader().Read([path]));
        var cleaned = batch.Articles.ToDictionary(a => a.Id, a => a.Text, StringComparer.Ordinal);
        return sources.Where(s => cleaned.ContainsKey(s.Id)).Select(s => s with { Text = cleaned[s.Id] });
    }

    private static IEnumerable<SourceText> ReadJsonlSources(string path)
    {
        foreach (var root in JsonLines.Read(path))
        {
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Field("id") is not { } id || Field("text") is not { Length: > 0 } body)
                continue;
            string? published = Field("published");
            DateOnly? day = DateOnly.TryParse(published?[..Math.Min(10, published.Length)], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            yield return new SourceText(id, Field("title"), body, day, Field("source"), Field("url"));
        }
    }

    /// <summary>
    /// WCXB article pages of 150-3,000 words, one per site (pages of one site share their templates, which would be
    /// copies the labels do not know of): alternately a source and a host for partial copies.
    /// </summary>
    private static void ReadWcxbArticles(string folder, List<SourceText> texts, List<string> hosts)
    {
        var articles = ExtractionGold.ReadWcxb(folder, folder).Pages
            .Where(p => p.PageType == "article" && p.MainContent is { } c && c.Split(' ').Length is >= 150 and <= 3000)
            .DistinctBy(p => Uri.TryCreate(p.Url, UriKind.Absolute, out var u) ? u.Host : p.Url)
            .ToList();
        for (int i = 0; i < articles.Count; i++)
        {
            var page = articles[i];
            if (i % 2 == 0)
                texts.Add(new SourceText("wcxb-" + Path.GetFileName(page.PagePath).Split('.')[0], page.Title, page.MainContent!, null, Uri.TryCreate(page.Url, UriKind.Absolute, out var u) ? u.Host : null, page.Url));
            else
                hosts.Add(page.MainContent!);
        }
    }
}
