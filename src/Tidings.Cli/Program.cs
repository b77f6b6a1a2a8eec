using System.CommandLine;
using Tidings.Cli;

var root = new RootCommand("Tidings: turns a feed of scraped news articles into stories (events, copies, sources).")
{
    RunCommand.Create(),
    ExtractCommand.Create(),
    DedupCommand.Create(),
    StoriesCommand.CreateList(),
    StoriesCommand.CreateShow(),
    EvalCommand.Create(),
};
return root.Parse(args).Invoke();
