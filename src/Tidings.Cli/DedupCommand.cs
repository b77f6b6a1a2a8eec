using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tidings.Copies;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary><c>tidings dedup</c>: one record per copy relation.</summary>
internal static class DedupCommand
{
    public static Command Create()
    {
        var inputs = CliOptions.Inputs();
        var format = CliOptions.Format("text", "jsonl");
        var command = new Command("dedup", "Find duplicates, near-duplicates, partial copies and rewrites, and who copied whom.") { inputs, format };
        command.SetAction(parse =>
        {
            var pipeline = new StoryPipeline();
            var batch = BatchRunner.ReadAndExtract(pipeline, parse.GetValue(inputs)!);
            var copies = pipeline.Analyse(batch.Articles).Copies;
            if (parse.GetValue(format) == "jsonl")
            {
                foreach (var r in copies.Relations)
                {
                    var record = new { a = r.A, b = r.B, relation = CopyRelation.KindName(r.Kind), original = r.Original, score = r.Score };
                    Console.Out.WriteLine(JsonSerializer.Serialize(record, TidingsJson.Options));
                }
            }
            else
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
                var table = new Table().AddColumns("Copy", "Original", "Relation", "Score");
                foreach (var r in copies.Relations)
                    table.AddRow(Markup.Escape(TerminalText.Line(r.Copy)), Markup.Escape(TerminalText.Line(r.Original)), CopyRelation.KindName(r.Kind), $"{r.Score:0.000}");
                console.Write(table);
                console.MarkupLine($"{copies.Relations.Count} copy relation(s) among {batch.Articles.Count} articles.");
            }
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }
}
