using System.CommandLine;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>
/// <c>tidings watch DIR --db FILE</c>: follows a folder, ingesting each file once it has stopped growing, and each later
/// version of it; stories are kept in the store as articles arrive. Ctrl-C stops after committing what was read.
/// </summary>
internal static class WatchCommand
{
    /// <summary>How often the folder is listed; a file is read once two listings in a row see the same size and time.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The folder to follow (recursively)." };
        var db = CliOptions.Database(required: true);
        var command = new Command("watch", "Follow a folder: ingest files as they appear (and their later versions) into a store.") { folder, db };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                BatchRunner.Report(dir, "not a folder");
                return ExitCode.Usage;
            }
            string dbPath = parse.GetValue(db)!;
            using var store = BatchRunner.OpenStore(dbPath, StoreAccess.Write);
            if (store is null)
                return ExitCode.Usage;
            BatchRunner.Report(dir, "watching; Ctrl-C stops");
            try
            {
                var run = BatchRunner.Run(token => Follow(dir, token), new EngineOptions { Follow = true }, new Silent(), store);
                BatchRunner.Report(dbPath, $"{run.Engine.Accepted} article(s) stored, {run.Rejections.Count} rejected");
            }
            catch (StoreException e)
            {
                BatchRunner.Report(e.Path, e.Reason);
                return ExitCode.StoreFailed;
            }
            return ExitCode.Success;
        });
        return command;
    }

    private sealed class Silent : IEngineObserver;

    /// <summary>The folder's files as they settle, each version once, until cancelled.</summary>
    private static IEnumerable<IngestItem> Follow(string dir, CancellationToken cancel)
    {
        var read = new Dictionary<string, (long Size, DateTime Written)>(StringComparer.Ordinal);
        var seen = new Dictionary<string, (long Size, DateTime Written)>(StringComparer.Ordinal);
        while (!cancel.IsCancellationRequested)
        {
            var settled = new List<string>();
            foreach (var file in List(dir))
            {
                var info = new FileInfo(file);
                if (!info.Exists)
                    continue;
                var stamp = (info.Length, info.LastWriteTimeUtc);
                bool steady = seen.TryGetValue(file, out var before) && before == stamp;
                seen[file] = stamp;
                if (steady && (!read.TryGetValue(file, out var done) || done != stamp))
                {
                    settled.Add(file);
                    read[file] = stamp;
                }
            }
            foreach (var file in settled.Order(StringComparer.Ordinal))
            {
                foreach (var item in new DocumentReader().Read([file]))
                    yield return item;
            }
            cancel.WaitHandle.WaitOne(Poll);
        }
    }

    private static IEnumerable<string> List(string dir)
    {
        try
        {
            return Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
                .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
