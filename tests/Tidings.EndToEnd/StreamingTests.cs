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
    public async Task Standard_input_gets_its_first_story_update_before_it_closes()
    {
        using var process = Tidings.StartWithInput("run", "-", "--format", "jsonl");
        process.StandardInput.WriteLine("{\"id\": \"live-1\", \"title\": \"Mill fire in Dunmore\", \"text\": \"A fire destroyed the old mill in Dunmore overnight, firefighters said. Nobody was hurt.\"}");
        process.StandardInput.Flush();
        var first = process.StandardOutput.ReadLineAsync();
        bool arrived = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(60))) == first;
        // Only now is standard input closed: the update came while the feed was still open.
        process.StandardInput.Close();
        Assert.True(arrived, "no story update while standard input was open");
        string line = await first ?? "";
        Assert.Contains("\"article\":\"live-1\"", line, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"new-story\"", line, StringComparison.Ordinal);
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Killed_at_any_moment_a_rerun_loses_nothing_acknowledged_and_gives_the_uninterrupted_stories()
    {
        if (!File.Exists(Events))
            return;   // the evaluation data is not beside this clone
        string whole = Path.Combine(_folder, "whole.db");
        Assert.Equal(0, Tidings.Run("run", Events, "--db", whole, "--format", "jsonl").ExitCode);
        string expected = Membership(whole);
        Assert.NotEmpty(expected);

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
            await process.WaitForExitAsync();
            await output;
        }
        var rerun = Tidings.Run("run", Events, "--db", killed, "--format", "jsonl");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(expected, Membership(killed));
    }

    /// <summary>Each stored story's id and articles, one line a story: every article in exactly the same story as the uninterrupted run's.</summary>
    private static string Membership(string db)
    {
        var run = Tidings.Run("run", Events, "--db", db, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        return string.Join("\n", json.RootElement.GetProperty("stories").EnumerateArray()
            .Select(s => s.GetProperty("id").GetString() + ": " + string.Join(" ", s.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()))));
    }
}
