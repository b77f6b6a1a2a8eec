using System.Diagnostics;

namespace Tidings.EndToEnd;

/// <summary>The engine as a user meets it: output as it goes, and a store that survives kill -9 at any moment.</summary>
[Collection("HostileInputs")]
public sealed class StreamingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-stream-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Events => Path.GetFullPath(Path.Combine(Tidings.RepositoryRoot, "..", "shared", "data", "events", "gva-dev.jsonl"));

    [Fact]
    public void Standard_input_gets_its_first_story_update_before_it_closes()
    {
        using var process = Tidings.StartWithInput("run", "-", "--format", "jsonl");
        process.StandardInput.WriteLine("{\"id\": \"live-1\", \"title\": \"Mill fire in Dunmore\", \"text\": \"A fire destroyed the old mill in Dunmore overnight, firefighters said. Nobody was hurt.\"}");
        process.StandardInput.Flush();
        var first = process.StandardOutput.ReadLineAsync();
        bool arrived = first.Wait(TimeSpan.FromSeconds(60));
        // Only now is standard input closed: the update came while the feed was still open.
        process.StandardInput.Close();
        Assert.True(arrived, "no story update while standard input was open");
        Assert.Contains("\"article\":\"live-1\"", first.Result, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"new-story\"", first.Result, StringComparison.Ordinal);
        process.WaitForExit(60_000);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Killed_at_any_moment_a_rerun_loses_nothing_acknowledged_and_gives_the_uninterrupted_stories()
    {
        if (!File.Exists(Events))
            return;   // the evaluation data is not beside this clone
        string whole = Path.Combine(_folder, "whole.db");
        Assert.Equal(0, Tidings.Run("run", Events, "--db", whole, "--format", "jsonl").ExitCode);
        string expected = Tidings.Run("stories", "--db", whole).Stdout;
        Assert.Contains("stories from 3023 articles", expected, StringComparison.Ordinal);

        string killed = Path.Combine(_folder, "killed.db");
        foreach (var after in new[] { TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9) })
        {
            using var process = Tidings.Start("run", Events, "--db", killed, "--format", "jsonl");
            var output = process.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < after)
                Thread.Sleep(50);
            if (!process.HasExited)
                Process.Start("kill", ["-9", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            process.WaitForExit();
            _ = output.Result;
        }
        var rerun = Tidings.Run("run", Events, "--db", killed, "--format", "jsonl");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(expected, Tidings.Run("stories", "--db", killed).Stdout);
    }
}
