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
            using var store = BatchRunner.OpenStore(parse.GetValue(db)!, StoreAccess.Read);
            if (store is null)
                return ExitCode.NothingRead;
            return Guarded(() => StoryText.Write(store.LoadStories(), 0));
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
            using var store = BatchRunner.OpenStore(path, StoreAccess.Read);
            if (store is null)
                return ExitCode.NothingRead;
            return Guarded(() =>
            {
                var story = store.FindStory(parse.GetValue(id)!);
                if (story is null)
                {
                    BatchRunner.Report(path, $"no story '{parse.GetValue(id)}'");
                    return ExitCode.NothingRead;
                }
                StoryText.Write([story], 0, detailed: true);
                return ExitCode.Success;
            });
        });
        return command;
    }

    public static Command CreateStoryline()
    {
        var db = CliOptions.Database(required: true);
        var id = new Argument<string>("ID") { Description = "The storyline's id, or the id of any story in it." };
        var command = new Command("storyline", "Show a storyline from a store: its events' stories in the order they began, and which earlier one each continues or recurs.") { id, db };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(db)!;
            using var store = BatchRunner.OpenStore(path, StoreAccess.Read);
            if (store is null)
                return ExitCode.NothingRead;
            return Guarded(() =>
            {
                if (StoreStorylineViews.Instance.Find(store, parse.GetValue(id)!) is not { } storyline)
                {
                    BatchRunner.Report(path, $"no story '{parse.GetValue(id)}'");
                    return ExitCode.NothingRead;
                }
                StoryText.Write(storyline);
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
