using System.CommandLine;
using System.Text.Json;
using Tidings.Evaluation;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Pipeline;

namespace Tidings.Cli;

/// <summary><c>tidings eval KIND</c>: measures Tidings against labelled data.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Measure accuracy against labelled data.");
        command.Subcommands.Add(Clusters());
        foreach (var copies in EvalCopyCommands.Create())
            command.Subcommands.Add(copies);
        foreach (var extraction in EvalExtractionCommands.Create())
            command.Subcommands.Add(extraction);
        return command;
    }

    private static Command Clusters()
    {
        var gold = new Option<string>("--gold") { Description = "JSONL with \"id\" and \"event\" per article.", Required = true };
        var level = new Option<string>("--level") { Description = "Score events, or storylines (events chained by `recurs` count as one).", DefaultValueFactory = _ => "storyline" };
        level.AcceptOnlyFromAmong("storyline", "event");
        var defaults = EventClustererOptions.Default;
        var join = new Option<double>("--join-threshold") { Description = "Override the clusterer's join threshold (for tuning).", DefaultValueFactory = _ => defaults.JoinThreshold };
        var storylineThreshold = new Option<double>("--storyline-threshold") { Description = "Override the storyline (recurs) threshold (for tuning).", DefaultValueFactory = _ => defaults.StorylineThreshold };
        var gap = new Option<int>("--max-gap-days") { Description = "Override the largest gap in days within one event (for tuning).", DefaultValueFactory = _ => defaults.MaxGapDays };
        var keywords = new Option<int>("--keywords") { Description = "Override the keywords kept per article (for tuning).", DefaultValueFactory = _ => defaults.KeywordsPerArticle };
        var inputs = CliOptions.Inputs();
        var command = new Command("clusters", "Pairwise and B-cubed precision/recall/F1 of the stories against gold event labels.") { gold, level, join, storylineThreshold, gap, keywords, inputs };
        command.SetAction(parse =>
        {
            string goldPath = parse.GetValue(gold)!;
            var labels = ReadLabels(goldPath, out var error);
            if (labels is null)
            {
                Console.Error.WriteLine($"tidings: {goldPath}: {error}");
                return ExitCode.NothingRead;
            }
            var options = defaults with
            {
                JoinThreshold = parse.GetValue(join),
                StorylineThreshold = parse.GetValue(storylineThreshold),
                MaxGapDays = parse.GetValue(gap),
                KeywordsPerArticle = parse.GetValue(keywords),
            };
            var pipeline = new StoryPipeline(new ArticleExtractor(), options);
            var batch = BatchRunner.ReadAndExtract(pipeline, parse.GetValue(inputs)!);
            var result = pipeline.Analyse(batch.Articles);
            bool storyline = parse.GetValue(level) == "storyline";
            var predicted = result.StoryOf.ToDictionary(kv => kv.Key, kv => storyline ? kv.Value.Storyline : kv.Value.Id, StringComparer.Ordinal);
            var scores = ClusterScores.Compute(labels, predicted);
            Console.Out.WriteLine($"articles {scores.Articles}  gold clusters {scores.GoldClusters}  predicted clusters {scores.PredictedClusters}  (level {parse.GetValue(level)})");
            Console.Out.WriteLine($"pairwise  {scores.Pairwise}");
            Console.Out.WriteLine($"b-cubed   {scores.BCubed}");
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }

    private static Dictionary<string, string>? ReadLabels(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            error = "no such file";
            return null;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in JsonLines.Read(path))
        {
            if (record.TryGetProperty("id", out var id) && record.TryGetProperty("event", out var ev))
                labels[id.ToString()] = ev.ToString();
        }
        if (labels.Count == 0)
            error = "no records with \"id\" and \"event\"";
        return labels.Count == 0 ? null : labels;
    }
}
