using Spectre.Console;
using Tidings.Ingest;
using Tidings.Pipeline;

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
            Console.Error.WriteLine($"tidings: {rejection.Origin}: {rejection.Reason}");
        foreach (var warning in batch.Warnings)
            Console.Error.WriteLine($"tidings: {warning.Origin}: warning: {warning.Message}");
        return batch;
    }

    /// <summary>0 when something was read (rejections are reported, not fatal), 2 when nothing could be.</summary>
    public static int ExitStatus(int accepted) => accepted > 0 ? ExitCode.Success : ExitCode.NothingRead;
}
