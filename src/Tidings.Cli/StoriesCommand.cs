using System.CommandLine;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary><c>tidings stories</c>, <c>tidings story ID</c> and <c>tidings storyline ID</c>: what a store holds.</summary>
internal static class StoriesCommand
{
    public static Command CreateList()
    {
        var db = CliOptions.Database(required: true);
        var command = new Command("stories", "List the stories a store holds.") { db };
        command.SetAction(parse =>
        {
            using var store = BatchRunner.OpenStore(parse.GetValue(db)!, StoreAccess.Read);
            if (store is null)
                return ExitCode.NothingRead;
            return Guarded(() => StoryText.Write(store.LoadStories(), 0));
        });
        return command;
    }

    public static Command CreateShow() => CreateFind(
        "story", "Show one story from a store.", "Story id, as `tidings stories` prints it.",
        (store, id) => store.FindStory(id), story => StoryText.Write([story], 0, detailed: true));

    public static Command CreateStoryline() => CreateFind(
        "storyline", "Show a storyline from a store: its events' stories in the order they began, and which earlier one each continues or recurs.",
        "The storyline's id, or the id of any story in it.",
        StoreStorylineViews.Instance.Find, StoryText.Write);

    /// <summary>A command that finds one thing in a store by id and writes it, or reports that the store has no such story.</summary>
    private static Command CreateFind<T>(string name, string description, string idDescription,
        Func<SqliteStoryStore, string, T?> find, Action<T> write) where T : class
    {
        var db = CliOptions.Database(required: true);
        var id = new Argument<string>("ID") { Description = idDescription };
        var command = new Command(name, description) { id, db };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(db)!;
            using var store = BatchRunner.OpenStore(path, StoreAccess.Read);
            if (store is null)
                return ExitCode.NothingRead;
            return Guarded(() =>
            {
                if (find(store, parse.GetValue(id)!) is not { } found)
                {
                    BatchRunner.Report(path, $"no story '{parse.GetValue(id)}'");
                    return ExitCode.NothingRead;
                }
                write(found);
                return ExitCode.Success;
            });
        });
        return command;
    }

    private static int Guarded(Action read) => Guarded(() =>
    {
        read();
        return ExitCode.Success;
    });

    /// <summary>A store that opened can still fail while read (a corrupt page, a record from a newer version).</summary>
    private static int Guarded(Func<int> read)
    {
        try
        {
            return read();
        }
        catch (StoreException e)
        {
            BatchRunner.Report(e.Path, e.Reason);
            return ExitCode.NothingRead;
        }
    }
}
