using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tidings.EndToEnd;

/// <summary>The server against the command line on real data: the same stories, and nothing acknowledged lost to kill -9.</summary>
[Collection("HostileInputs")]
public sealed class ServerConsistencyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-serve-same-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Gva => Data("events", "gva-dev.jsonl");

    [Fact]
    public async Task The_same_input_gives_the_same_stories_through_the_command_line_and_the_server_on_SQLite()
    {
        string[] devSets = [Data("events", "ecbplus-dev.jsonl"), Data("clustering", "giveme5w1h-dev.jsonl")];
        foreach (string input in Inputs().Concat(devSets))
            await AssertSameStories(input, ["--db", Path.Combine(_folder, Path.GetFileName(input) + ".db")]);
    }

    private static string Data(string folder, string file) => Path.GetFullPath(Path.Combine(Tidings.RepositoryRoot, "..", "shared", "data", folder, file));

    [Fact]
    public async Task The_same_input_gives_the_same_stories_through_the_command_line_and_the_server_on_PostgreSQL()
    {
        var postgres = new global::Tidings.Tests.Storage.PostgresServer();
        foreach (string input in Inputs())
        {
            using var database = postgres.CreateDatabase();
            await AssertSameStories(input, ["--postgres", database.ConnectionString]);
        }
    }

    /// <summary>The seeds (as JSONL records) and the 3,023 GVA articles.</summary>
    private string[] Inputs()
    {
        string seeds = Path.Combine(_folder, "seeds.jsonl");
        File.WriteAllLines(seeds, ServerProcess.SeedRecords());
        return [seeds, Gva];
    }

    /// <summary>
    /// <c>tidings run</c> on the input, then the server on <paramref name="store"/> fed the same file in one request:
    /// once settled, it holds as many stories and serves each one exactly as the run printed it.
    /// </summary>
    private static async Task AssertSameStories(string input, string[] store)
    {
        var run = Tidings.Run("run", input, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var expected = JsonNode.Parse(run.Stdout)!["stories"]!.AsArray();
        Assert.NotEmpty(expected);

        await using var server = await ServerProcess.StartAsync(store);
        var (status, receipt) = await server.PostJsonl(File.ReadLines(input));
        Assert.Equal(200, status);
        Assert.Equal(expected.Sum(s => s!["articles"]!.AsArray().Count), receipt.GetProperty("stored").GetInt32());
        await server.WaitSettled();
        var (_, listing) = await server.Get("/stories?pageSize=1");
        Assert.Equal(expected.Count, listing.GetProperty("total").GetInt32());
        foreach (var story in expected)
        {
            string id = story!["id"]!.GetValue<string>();
            var (found, served) = await server.Get("/stories/" + Uri.EscapeDataString(id));
            Assert.Equal(200, found);
            var actual = JsonNode.Parse(served.GetRawText())!;
            Assert.True(JsonNode.DeepEquals(story, actual), $"story {id} differs:\nrun:   {Cut(story)}\nserve: {Cut(actual)}");
        }
    }

    private static string Cut(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length > 1500 ? text[..1500] : text;
    }

    [Fact]
    public async Task Killed_with_kill_9_mid_load_it_loses_no_acknowledged_article()
    {
        var records = File.ReadLines(Gva).ToList();
        string[] db = ["--db", Path.Combine(_folder, "killed.db")];
        var acknowledged = new List<string>();
        var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int next = 0;
        await using (var server = await ServerProcess.StartAsync(db))
        {
            var feed = Task.Run(async () =>
            {
                while (next < records.Count)
                {
                    var batch = records.Skip(next).Take(20).ToList();
                    (int Status, JsonElement Body) answer;
                    try
                    {
                        answer = await server.PostJsonl(batch);
                    }
                    catch (HttpRequestException)
                    {
                        return;   // killed while this batch was in flight: it was never acknowledged
                    }
                    Assert.True(answer.Status == 200, $"HTTP {answer.Status}: {answer.Body}");
                    acknowledged.AddRange(answer.Body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!));
                    next += batch.Count;
                    firstAcknowledged.TrySetResult();
                }
            });
            // Killed once something was acknowledged, and a moment later: on a loaded machine the first batch alone
            // can take longer than a fixed wait, which then killed the server before it had acknowledged anything.
            await Task.WhenAny(feed, firstAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(120)));
            await Task.WhenAny(feed, Task.Delay(TimeSpan.FromSeconds(1)));
            server.KillHard();
            await feed;
        }
        Assert.NotEmpty(acknowledged);
        Assert.True(next < records.Count, "the feed ended before the kill: nothing was in flight");
        await using var restarted = await ServerProcess.StartAsync(db);
        foreach (string id in acknowledged)
            Assert.Equal(200, (await restarted.Get("/articles/" + Uri.EscapeDataString(id))).Status);
        // What was in flight is posted again, with the rest: each id stored once, whatever the kill left.
        var (status, receipt) = await restarted.PostJsonl(records.Skip(next));
        Assert.Equal(200, status);
        await restarted.WaitSettled();
        var (_, health) = await restarted.Get("/health");
        Assert.Equal(records.Count, health.GetProperty("articles").GetInt64());
        Assert.True(receipt.GetProperty("stored").GetInt32() + receipt.GetProperty("unchanged").GetInt64() == records.Count - next);
    }
}
