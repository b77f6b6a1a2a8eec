using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Meaning;
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
        var format = CliOptions.Format("text", "json", "jsonl");
        var db = CliOptions.Database(required: false);
        var meaning = CliOptions.Meaning();
        var command = new Command("run", "Run the whole pipeline on the inputs and print the stories.") { inputs, format, db, meaning };
        command.SetAction(parse => Execute(parse.GetValue(inputs)!, parse.GetValue(format)!, parse.GetValue(db), parse.GetValue(meaning)));
        return command;
    }

    private static int Execute(string[] inputs, string format, string? dbPath, bool meaning)
    {
        // The store is opened and checked before any input is read: a bad --db fails in a second, not after the run.
        using var store = dbPath is null ? null : BatchRunner.OpenStore(dbPath, StoreAccess.Write);
        if (dbPath is not null && store is null)
            return ExitCode.Usage;
        var updates = new StoryUpdates(format == "jsonl");
        EngineRun run;
        try
        {
            using var encoder = meaning ? new MiniLmMeaning() : null;
            run = BatchRunner.Run(inputs, new EngineOptions { Meaning = encoder }, updates, store);
            if (run.Engine.UnchangedStored > 0)
                BatchRunner.Report(dbPath!, $"{run.Engine.UnchangedStored} article(s) already stored unchanged");
            // With a store, the stories are read from it as they are printed.
            if (format == "json")
                WriteJson(run.Stories, run.Rejections, updates.Warnings);
            else if (format == "jsonl")
                updates.WriteStories(run.Stories);
            else
                StoryText.Write([.. run.Stories], run.Rejections.Count);
        }
        catch (StoreException e)
        {
            BatchRunner.Report(e.Path, e.Reason);
            return ExitCode.StoreFailed;
        }
        return BatchRunner.ExitStatus(run.Engine.Accepted + run.Engine.UnchangedStored + run.Engine.Restated);
    }

    private static void WriteJson(IEnumerable<Story> stories, IReadOnlyList<Rejection> rejections, IReadOnlyList<IngestWarning> warnings)
    {
        var document = new OutputRecords.RunDocument(
            stories,
            rejections.Select(r => new OutputRecords.Rejected(r.Origin.Input, r.Origin.Line, r.Reason)),
            warnings.Select(w => new OutputRecords.Warning(w.Origin.Input, w.Origin.Line, w.Message)));
        using var output = Console.OpenStandardOutput();
        // Serialising to the stream flushes as it goes, so the stories, read from a store as they are written, are never
        // all in memory (a Utf8JsonWriter over the stream would buffer the whole document until disposed).
        JsonSerializer.Serialize(output, document, OutputRecords.Indented.Describe<OutputRecords.RunDocument>());
        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// <c>--format jsonl</c>: one record per story update as it happens (an article placed in a new or existing story, a
    /// merge, a storyline link), then one record per story as the run left it.
    /// </summary>
    private sealed class StoryUpdates(bool jsonl) : IEngineObserver
    {
        public List<IngestWarning> Warnings { get; } = [];

        public void Warned(IngestWarning warning) => Warnings.Add(warning);

        public void Placed(Article article, string story, bool newStory) =>
            Write(new OutputRecords.Placed(newStory ? "new-story" : "joined", story, article.Id, article.Title));

        public void Merged(string from, string into) => Write(new OutputRecords.Merged("merged", into, from));

        public void Chained(string earlier, string later) => Write(new OutputRecords.Linked("linked", later, earlier));

        public void WriteStories(IEnumerable<Story> stories)
        {
            foreach (var story in stories)
                Write(new OutputRecords.StoryRecord("story", story));
        }

        private void Write<T>(T record)
        {
            if (jsonl)
                Console.Out.WriteLine(OutputRecords.Line(record));
        }
    }
}

/// <summary>
/// Human-readable story output: a table per story with sources, dates and copies, then what the story says: its
/// summary, corroborated facts and single-source facts; <c>tidings story</c> adds entities, disagreements and timeline.
/// </summary>
internal static class StoryText
{
    /// <summary>Facts of each kind listed per story in a batch; one story alone lists them all.</summary>
    private const int FactsPerKindInBatch = 5;

    public static void Write(IReadOnlyList<Story> stories, int rejected, bool detailed = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var titles = stories.ToDictionary(s => s.Id, s => s.Title ?? s.Id);
        foreach (var story in stories)
        {
            string span = Span(story.Start, story.End);
            console.MarkupLine($"[bold]{Show(story.Title ?? "(untitled)")}[/]");
            console.MarkupLine($"[grey]story {Show(story.Id)}, storyline {Show(story.Storyline)}, {span}, {story.Articles.Count} article(s)[/]");
            var table = new Table().AddColumns("Article", "Source", "Published", "Copy of", "Title");
            foreach (var a in story.Articles)
            {
                table.AddRow(Show(a.Id), Show(a.Source ?? "?"), a.Published?.ToString() ?? "?",
                    Show(a.CopyOf ?? ""), Show(Shorten(a.Title)));
            }
            console.Write(table);
            foreach (var link in story.Related)
                console.MarkupLine($"  {link.Relation}: {Show(titles.GetValueOrDefault(link.Story, link.Story))} ({Show(link.Story)})");
            WriteKnowledge(console, story, detailed);
            console.WriteLine();
        }
        if (!detailed)
            console.MarkupLine($"{stories.Count} stories from {stories.Sum(s => s.Articles.Count)} articles; {rejected} input(s) rejected.");
    }

    /// <summary>A storyline: its chapters in the order they began, each with the one it follows, then the names several hold.</summary>
    public static void Write(StorylineView storyline)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.MarkupLine($"[bold]{Show(storyline.Title ?? "(untitled)")}[/]");
        string shown = storyline.Total > storyline.Chapters.Count ? $"the latest {storyline.Chapters.Count} of {storyline.Total} events" : $"{storyline.Total} event(s)";
        console.MarkupLine($"[grey]storyline {Show(storyline.Id)}, {Span(storyline.Start, storyline.End)}, {shown}[/]");
        // A line each rather than a table: a table narrowed to the terminal cuts ids in two.
        foreach (var chapter in storyline.Chapters)
        {
            string follows = chapter.Follows is { } f ? $", {f.Relation} {f.Story}" : "";
            console.MarkupLine($"  {Span(chapter.Start, chapter.End)}  {Show(chapter.Story)}: {Show(Shorten(chapter.Title))} [grey]({chapter.Articles} article(s), {chapter.Sources} outlet(s){Show(follows)})[/]");
        }
        if (storyline.Entities.Count > 0)
            console.MarkupLine($"[bold]Named in several of its events[/]: {Show(string.Join(", ", storyline.Entities.Select(e => $"{e.Name} ({e.Stories.Count})")), 3 * MaxSentenceText)}");
    }

    private static string Span(DateOnly? start, DateOnly? end) =>
        start is null ? "date unknown" : start == end || end is null ? $"{start:yyyy-MM-dd}" : $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}";

    private static void WriteKnowledge(IAnsiConsole console, Story story, bool detailed)
    {
        var sourceOf = story.Articles.ToDictionary(a => a.Id, a => a.Source ?? a.Id);
        string Sources(IEnumerable<string> ids) => string.Join(", ", ids.Select(id => sourceOf.GetValueOrDefault(id, id)).Distinct());
        int limit = detailed ? int.MaxValue : FactsPerKindInBatch;
        if (story.Summary.Length > 0)
            console.MarkupLine($"[bold]Summary[/]: {Show(story.Summary, 3 * MaxSentenceText)}");
        var corroborated = story.Facts.Where(f => f.Corroborated).ToList();
        var single = story.Facts.Where(f => !f.Corroborated).ToList();
        if (corroborated.Count > 0)
            console.MarkupLine($"[bold]Corroborated facts[/] ({corroborated.Count}):");
        foreach (var fact in corroborated.Take(limit))
            console.MarkupLine($"  - {Show(fact.Text, MaxSentenceText)} [grey]({fact.Origins} independent origins: {Show(Sources(fact.Sources))})[/]");
        if (single.Count > 0)
            console.MarkupLine($"[bold]Single-source facts[/] ({single.Count}):");
        foreach (var fact in single.Take(limit))
        {
            // One origin: name it, and count its copies rather than list them as if they were witnesses.
            var original = story.Articles.FirstOrDefault(a => fact.Sources.Contains(a.Id) && a.CopyOf is null)?.Id ?? fact.Sources[0];
            string copies = fact.Sources.Count > 1 ? $", repeated by {fact.Sources.Count - 1} cop{(fact.Sources.Count == 2 ? "y" : "ies")}" : "";
            console.MarkupLine($"  - {Show(fact.Text, MaxSentenceText)} [grey](only {Show(Sources([original]))}{copies})[/]");
        }
        if (!detailed)
            return;
        if (story.Entities.Count > 0)
            console.MarkupLine("[bold]Entities[/]:");
        foreach (var entity in story.Entities)
        {
            string roles = entity.Roles.Count > 0 ? "; " + string.Join(", ", entity.Roles) : "";
            console.MarkupLine($"  - {Show(entity.Name)} [grey]({entity.Kind.ToString().ToLowerInvariant()}{Show(roles)}; {entity.MentionsByOrigin.Values.Sum()} mentions by {entity.MentionsByOrigin.Count} origin(s))[/]");
        }
        if (story.Disagreements.Count > 0)
            console.MarkupLine("[bold]Disagreements[/]:");
        foreach (var d in story.Disagreements)
            console.MarkupLine($"  - {Show(d.Detail)}: {Show(string.Join(" vs ", d.Values.Select(v => $"{v.Value} ({Sources(v.Sources)})")))} [grey]in \"{Show(Shorten(d.Fact))}\"[/]");
        if (story.Timeline.Count > 0)
            console.MarkupLine("[bold]Timeline[/]:");
        foreach (var entry in story.Timeline)
            console.MarkupLine($"  {entry.Date:yyyy-MM-dd}  {Show(entry.Text, MaxSentenceText)} [grey]({Show(Sources(entry.Sources))})[/]");
    }

    private static string Shorten(string? title) => title is null ? "" : title.Length > 60 ? title[..57] + "..." : title;

    /// <summary>Data as Spectre markup: terminal controls escaped first (<see cref="TerminalText"/>), then markup brackets.</summary>
    private static string Show(string? text, int max = TerminalText.MaxLineText) => Markup.Escape(TerminalText.Line(text, max));

    /// <summary>Sentences are longer than titles; still cut, since a "sentence" can be a whole page without stops.</summary>
    private const int MaxSentenceText = 1000;
}
