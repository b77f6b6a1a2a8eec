using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tidings.Copies;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary><c>tidings dedup</c>: one record per copy relation, written as soon as the later article is read; nothing past copies runs.</summary>
internal static class DedupCommand
{
    public static Command Create()
    {
        var inputs = CliOptions.Inputs();
        var format = CliOptions.Format("text", "jsonl");
        var command = new Command("dedup", "Find duplicates, near-duplicates, partial copies and rewrites, and who copied whom.") { inputs, format };
        command.SetAction(parse =>
        {
            var writer = new RelationWriter(parse.GetValue(format) == "jsonl");
            var run = BatchRunner.Run(parse.GetValue(inputs)!, new EngineOptions { Stages = EngineStages.Copies }, writer);
            writer.Finish(run.Engine.Accepted);
            return BatchRunner.ExitStatus(run.Engine.Accepted);
        });
        return command;
    }

    private sealed class RelationWriter(bool jsonl) : IEngineObserver
    {
        private readonly List<CopyRelation> _table = [];

        public void Copied(CopyRelation r)
        {
            if (!jsonl)
            {
                _table.Add(r);
                return;
            }
            var record = new OutputRecords.Copy(r.A, r.B, CopyRelation.KindName(r.Kind), r.Original, r.Score);
            Console.Out.WriteLine(OutputRecords.Line(record));
        }

        public void Finish(long articles)
        {
            if (jsonl)
                return;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            var table = new Table().AddColumns("Copy", "Original", "Relation", "Score");
            foreach (var r in _table)
                table.AddRow(Markup.Escape(TerminalText.Line(r.Copy)), Markup.Escape(TerminalText.Line(r.Original)), CopyRelation.KindName(r.Kind), $"{r.Score:0.000}");
            console.Write(table);
            console.MarkupLine($"{_table.Count} copy relation(s) among {articles} articles.");
        }
    }
}
