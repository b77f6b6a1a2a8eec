using System.CommandLine;
using Tidings.Cli;

var root = new RootCommand("Tidings: turns a feed of scraped news articles into stories (events, copies, sources).")
{
    RunCommand.Create(),
    ExtractCommand.Create(),
    DedupCommand.Create(),
    WatchCommand.Create(),
    ServeCommand.Create(),
    ClusterHost.CreateSilo(),
    StoriesCommand.CreateList(),
    StoriesCommand.CreateShow(),
    StoriesCommand.CreateStoryline(),
    EvalCommand.Create(),
};
// The commands turn bad input and bad stores into named rejections themselves; an exception that still reaches here
// is a bug, reported in one line with its type rather than as a stack trace the user cannot act on, and with its own
// exit status so a script never mistakes it for a usage error.
try
{
    var parsed = root.Parse(args);
    if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction usageError)
        usageError.ShowHelp = false;   // the error alone, on standard error; help is one --help away
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"tidings: internal error, please report it: {e.GetType().Name}: {TerminalText.Line(e.Message)}");
    if (Environment.GetEnvironmentVariable("TIDINGS_DEBUG") is "1")
        Console.Error.WriteLine(e);
    return ExitCode.InternalError;
}
