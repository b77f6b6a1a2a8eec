using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Cli;

/// <summary><c>tidings run</c>: the whole pipeline; prints stories.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var inputs = CliOptions.Inputs();
        var format = CliOptions.Format("text", "json");
        var db = CliOptions.Database(required: false);
        var command = new Command("run", "Run the whole pipeline on the inputs and print the stories.") { inputs, format, db };
        command.SetAction(parse => Execute(parse.GetValue(inputs)!, parse.GetValue(format)!, parse.GetValue(db)));
        return command;
    }

    private static int Execute(string[] inputs, string format, string? dbPath)
    {
        var pipeline = new StoryPipeline();
        var batch = BatchRunner.ReadAndExtract(pipeline, inputs);
        using IStoryStore? store = dbPath is null ? null : new SqliteStoryStore(dbPath);
        {
            var stored = store?.LoadArticles() ?? [];
            var storedIds = stored.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            // Stored articles are replayed first, in their original order, so their stories keep their ids.
            var all = stored.Concat(batch.Articles.Where(a => !storedIds.Contains(a.Id))).ToList();
            var result = pipeline.Analyse(all);
            store?.Save(all, result.Stories);
            if (format == "json")
                WriteJson(result.Stories, batch.Rejections);
            else
                StoryText.Write(result.Stories, batch.Rejections.Count);
        }
        return BatchRunner.ExitStatus(batch.Articles.Count);
    }

    private static void WriteJson(IReadOnlyList<Story> stories, IReadOnlyList<Rejection> rejections)
    {
        var document = new
        {
            stories,
            rejected = rejections.Select(r => new { input = r.Origin.Input, line = r.Origin.Line, error = r.Reason }),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(document, TidingsJson.Indented));
    }
}

/// <summary>Human-readable story output: a table per story with sources, dates and copies.</summary>
internal static class StoryText
{
    public static void Write(IReadOnlyList<Story> stories, int rejected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var titles = stories.ToDictionary(s => s.Id, s => s.Title ?? s.Id);
        foreach (var story in stories)
        {
            string span = story.Start is null ? "date unknown"
                : story.Start == story.End ? $"{story.Start:yyyy-MM-dd}" : $"{story.Start:yyyy-MM-dd} to {story.End:yyyy-MM-dd}";
            console.MarkupLine($"[bold]{Markup.Escape(story.Title ?? "(untitled)")}[/]");
            console.MarkupLine($"[grey]story {story.Id}, storyline {story.Storyline}, {span}, {story.Articles.Count} article(s)[/]");
            var table = new Table().AddColumns("Article", "Source", "Published", "Copy of", "Title");
            foreach (var a in story.Articles)
            {
                table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.Source ?? "?"), a.Published?.ToString() ?? "?",
                    Markup.Escape(a.CopyOf ?? ""), Markup.Escape(Shorten(a.Title)));
            }
            console.Write(table);
            foreach (var link in story.Related)
                console.MarkupLine($"  {link.Relation}: {Markup.Escape(titles.GetValueOrDefault(link.Story, link.Story))} ({link.Story})");
            console.WriteLine();
        }
        console.MarkupLine($"{stories.Count} stories from {stories.Sum(s => s.Articles.Count)} articles; {rejected} input(s) rejected.");
    }

    private static string Shorten(string? title) => title is null ? "" : title.Length > 60 ? title[..57] + "..." : title;
}
