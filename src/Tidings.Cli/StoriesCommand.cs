using System.CommandLine;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary><c>tidings stories</c> and <c>tidings story ID</c>: what a store holds.</summary>
internal static class StoriesCommand
{
    public static Command CreateList()
    {
        var db = CliOptions.Database(required: true);
        var command = new Command("stories", "List the stories a store holds.") { db };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(db)!;
            if (!File.Exists(path))
                return Missing(path);
            using var store = new SqliteStoryStore(path);
            StoryText.Write(store.LoadStories(), 0);
            return ExitCode.Success;
        });
        return command;
    }

    public static Command CreateShow()
    {
        var db = CliOptions.Database(required: true);
        var id = new Argument<string>("ID") { Description = "Story id, as `tidings stories` prints it." };
        var command = new Command("story", "Show one story from a store.") { id, db };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(db)!;
            if (!File.Exists(path))
                return Missing(path);
            using var store = new SqliteStoryStore(path);
            var story = store.FindStory(parse.GetValue(id)!);
            if (story is null)
            {
                Console.Error.WriteLine($"tidings: no story '{parse.GetValue(id)}' in {path}");
                return ExitCode.NothingRead;
            }
            StoryText.Write([story], 0, detailed: true);
            return ExitCode.Success;
        });
        return command;
    }

    private static int Missing(string path)
    {
        Console.Error.WriteLine($"tidings: {path}: no such store");
        return ExitCode.NothingRead;
    }
}
