using System.CommandLine;
using System.Text.Json;
using Tidings.Extraction;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary><c>tidings extract</c>: one record per article, written as soon as the article is extracted.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var inputs = CliOptions.Inputs();
        var format = CliOptions.Format("text", "jsonl");
        var command = new Command("extract", "Extract each article's clean text and metadata.") { inputs, format };
        command.SetAction(parse =>
        {
            var run = BatchRunner.Run(parse.GetValue(inputs)!, new EngineOptions { Stages = EngineStages.Extraction },
                new ArticleWriter(parse.GetValue(format) == "jsonl"));
            return BatchRunner.ExitStatus(run.Engine.Accepted);
        });
        return command;
    }

    private sealed class ArticleWriter(bool jsonl) : IEngineObserver
    {
        public void Extracted(Article a)
        {
            if (jsonl)
            {
                var record = new OutputRecords.Extracted(
                    a.Id, a.Url, a.Source, a.Title, a.Byline, a.Published, a.PublishedFrom, a.Language, a.Text, a.Boilerplate, a.BodyFromTitle);
                Console.Out.WriteLine(OutputRecords.Line(record));
                return;
            }
            Console.Out.WriteLine($"== {TerminalText.Line(a.Id)}  ({TerminalText.Line(a.Origin.ToString())})");
            Console.Out.WriteLine($"title:     {TerminalText.Line(a.Title)}");
            Console.Out.WriteLine($"byline:    {TerminalText.Line(a.Byline)}");
            Console.Out.WriteLine($"source:    {TerminalText.Line(a.Source)}");
            Console.Out.WriteLine($"published: {a.Published}{(a.PublishedFrom is { } from ? $"  (from {TerminalText.Line(from)})" : "")}");
            Console.Out.WriteLine($"language:  {a.Language}");
            Console.Out.WriteLine($"url:       {TerminalText.Line(a.Url)}");
            Console.Out.WriteLine();
            Console.Out.WriteLine(TerminalText.Block(a.Text));
            Console.Out.WriteLine();
            foreach (var removed in a.Boilerplate)
                Console.Out.WriteLine($"  - removed ({removed.Reason}): {TerminalText.Line(removed.Text)}");
            Console.Out.WriteLine();
        }
    }
}
