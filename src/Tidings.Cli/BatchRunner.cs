using Spectre.Console;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>Reads inputs through the pipeline with progress on standard error, and reports rejections and warnings there.</summary>
internal static class BatchRunner
{
    public static ExtractionBatch ReadAndExtract(StoryPipeline pipeline, IEnumerable<string> inputs)
    {
        var items = new DocumentReader().Read(inputs);
        ExtractionBatch batch;
        if (Console.IsErrorRedirected)
        {
            batch = pipeline.Extract(items);
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            batch = console.Status().Start("Reading articles...", ctx =>
                pipeline.Extract(items, new Progress<int>(n => ctx.Status($"Read {n} articles..."))));
        }
        foreach (var rejection in batch.Rejections)
            Report(rejection.Origin.ToString(), rejection.Reason);
        foreach (var warning in batch.Warnings)
            Report(warning.Origin.ToString(), "warning: " + warning.Message);
        return batch;
    }

    /// <summary>One line on standard error, <c>tidings: WHERE: WHAT</c>, safe for a terminal whatever the file name holds.</summary>
    public static void Report(string where, string what) =>
        Console.Error.WriteLine($"tidings: {TerminalText.Line(where)}: {TerminalText.Line(what, 2 * TerminalText.MaxLineText)}");

    /// <summary>The store, opened and checked; null (with the reason on standard error) when it cannot be used.</summary>
    public static SqliteStoryStore? OpenStore(string path, StoreAccess access)
    {
        try
        {
            return SqliteStoryStore.Open(path, access, () => Report(path, "another run is writing to this store; waiting for it to finish"));
        }
        catch (StoreException e)
        {
            Report(e.Path, e.Reason);
            return null;
        }
    }

    /// <summary>0 when something was read (rejections are reported, not fatal), 2 when nothing could be.</summary>
    public static int ExitStatus(int accepted) => accepted > 0 ? ExitCode.Success : ExitCode.NothingRead;
}
