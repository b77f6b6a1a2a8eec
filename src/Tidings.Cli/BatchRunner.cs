using System.Diagnostics;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>
/// Drives the engine for a command: reports rejections and warnings on standard error as they happen, shows progress
/// on a terminal, and stops cleanly on Ctrl-C (what was read is processed and committed first).
/// </summary>
internal static class BatchRunner
{
    /// <summary>Runs the inputs through a new engine; the command's <paramref name="output"/> hears every article, copy and story update.</summary>
    public static EngineRun Run(IEnumerable<string> inputs, EngineOptions options, IEngineObserver output, IStoryStore? store = null)
    {
        var list = inputs.ToList();
        // Standard input and watched folders arrive as they are written: cut chunks when they pause.
        options = options with { Follow = options.Follow || list.Contains("-") };
        return Run(_ => new DocumentReader().Read(list), options, output, store);
    }

    /// <summary>Runs the items <paramref name="read"/> yields (given the token that Ctrl-C cancels) through a new engine.</summary>
    public static EngineRun Run(Func<CancellationToken, IEnumerable<IngestItem>> read, EngineOptions options, IEngineObserver output, IStoryStore? store = null)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;   // a second Ctrl-C still kills the process
            Report("interrupted", "finishing what was read, then stopping");
            cancel.Cancel();
        };
        Console.CancelKeyPress += stop;
        var reporter = new Reporter(output, Console.IsErrorRedirected ? null : new ProgressLine());
        try
        {
            var engine = StoryEngine.Open(options, store, reporter);
            engine.Run(read(cancel.Token), cancel.Token);
            var stories = engine.Complete();
            return new EngineRun(engine, stories, reporter.Rejections, cancel.IsCancellationRequested);
        }
        finally
        {
            reporter.Done();
            Console.CancelKeyPress -= stop;
        }
    }

    /// <summary>Reads and extracts every input through the engine, holding the articles: for the evaluations, which score them all together.</summary>
    public static ExtractionBatch ReadAndExtract(IEnumerable<string> inputs)
    {
        var collected = new ExtractionCollector();
        Run(inputs, new EngineOptions { Stages = EngineStages.Extraction }, collected);
        return collected.Batch;
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
    public static int ExitStatus(long accepted) => accepted > 0 ? ExitCode.Success : ExitCode.NothingRead;

    /// <summary>Passes every event to the command's output, and reports rejections and warnings itself.</summary>
    private sealed class Reporter(IEngineObserver output, ProgressLine? progress) : IEngineObserver
    {
        public List<Rejection> Rejections { get; } = [];

        public void Rejected(Rejection rejection)
        {
            Rejections.Add(rejection);
            progress?.Clear();
            Report(rejection.Origin.ToString(), rejection.Reason);
            output.Rejected(rejection);
        }

        public void Warned(IngestWarning warning)
        {
            progress?.Clear();
            Report(warning.Origin.ToString(), "warning: " + warning.Message);
            output.Warned(warning);
        }

        public void Extracted(Tidings.Extraction.Article article) => output.Extracted(article);

        public void Copied(Tidings.Copies.CopyRelation relation) => output.Copied(relation);

        public void Placed(Tidings.Extraction.Article article, string story, bool newStory) => output.Placed(article, story, newStory);

        public void Merged(string from, string into) => output.Merged(from, into);

        public void Chained(string earlier, string later) => output.Chained(earlier, later);

        public void Committed(EngineProgress p)
        {
            progress?.Show(p);
            output.Committed(p);
        }

        public void Progressed(EngineProgress p) => progress?.Show(p);

        public void Done() => progress?.Clear();
    }

    /// <summary>
    /// One line on a terminal's standard error, redrawn at most a few times a second: articles a second, the stage,
    /// and what was read, rejected and found so far.
    /// </summary>
    private sealed class ProgressLine
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _shown = TimeSpan.MinValue;
        private bool _visible;

        public void Show(EngineProgress p)
        {
            var now = _clock.Elapsed;
            if (now - _shown < TimeSpan.FromMilliseconds(250))
                return;
            _shown = now;
            double rate = p.Read / Math.Max(0.001, now.TotalSeconds);
            Console.Error.Write($"\r\u001b[K{p.Read:N0} read, {p.Rejected:N0} rejected, {p.Copies:N0} copies, {p.Stories:N0} live stories; {rate:N0} articles/s ({p.Stage})");
            _visible = true;
        }

        public void Clear()
        {
            if (_visible)
                Console.Error.Write("\r\u001b[K");
            _visible = false;
        }
    }
}

/// <summary>What a command's run left: the engine (for its counts), the stories it completed, and the rejections.</summary>
internal sealed record EngineRun(StoryEngine Engine, IEnumerable<Tidings.Synthesis.Story> Stories, IReadOnlyList<Rejection> Rejections, bool Interrupted);
