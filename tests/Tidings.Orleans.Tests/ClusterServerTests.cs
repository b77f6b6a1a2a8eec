using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tidings.Postgres;
using Tidings.Server;
using Tidings.Storage;
using Tidings.Synthesis;
using Tidings.Tests.Storage;

namespace Tidings.Orleans.Tests;

/// <summary>
/// <c>tidings serve --cluster</c>'s server: the HTTP API unchanged, its writes going to the cluster's feed grain and
/// its reads to the store the feed writes, its event stream fed by the feed's commits.
/// </summary>
[Collection(SharedClusterServers.Name)]
public sealed class ClusterServerTests(ClusterServers servers)
{
    [Fact]
    public async Task The_server_on_a_cluster_takes_the_seeds_streams_their_stories_and_serves_them()
    {
        using var database = servers.Postgres.CreateDatabase();
        await using var cluster = await servers.StartCluster(database);
        var options = new ServerOptions { Store = new PostgresStoreProvider(database.ConnectionString), Urls = ["http://127.0.0.1:0"], ApiKey = "cluster-key" };
        await using var server = TidingsServer.Create(options, publish => ClusterArticleFeed.OpenAsync(cluster.Client, publish).GetAwaiter().GetResult());
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]), Timeout = TimeSpan.FromMinutes(2) };

        using var events = await http.GetStreamAsync(new Uri("/events", UriKind.Relative));
        using var eventLines = new StreamReader(events);
        string[] seeds = [.. Directory.EnumerateFiles(Path.Combine(RepositoryScripts.RepositoryRoot(), "..", "shared", "seeds")).Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = Path.GetFileName(file).Split('.')[0], ["text"] = File.ReadAllText(file) }))];
        using var unauthorised = new StringContent(string.Join('\n', seeds), Encoding.UTF8, "application/x-ndjson");
        Assert.Equal(401, (int)(await http.PostAsync(new Uri("/articles", UriKind.Relative), unauthorised)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/articles", UriKind.Relative))
        {
            Content = new StringContent(string.Join('\n', seeds) + "\n{\"id\": \"empty\"}", Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Add("X-Api-Key", "cluster-key");
        using var posted = await http.SendAsync(request);
        Assert.Equal(200, (int)posted.StatusCode);
        var receipt = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, receipt.GetProperty("stored").GetInt32());
        Assert.Equal(1, receipt.GetProperty("rejected").GetArrayLength());

        // The feed's commit reaches the stream through the cluster.
        var heard = new List<string>();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!heard.Any(line => line.StartsWith("event: story-new", StringComparison.Ordinal)))
                heard.Add(await eventLines.ReadLineAsync(wait.Token) ?? throw new InvalidOperationException("the event stream ended"));
        }

        await Settled(http);
        var listing = await http.GetFromJsonAsync<JsonElement>(new Uri("/stories", UriKind.Relative));
        Assert.Equal(2, listing.GetProperty("total").GetInt32());
        var article = await http.GetFromJsonAsync<JsonElement>(new Uri("/articles/" + JsonDocument.Parse(seeds[0]).RootElement.GetProperty("id").GetString(), UriKind.Relative));
        Assert.False(string.IsNullOrEmpty(article.GetProperty("text").GetString()));

        // A storyline is read from its grain: built once, then kept while its stories stay as they are, and what the
        // store builds. The 2025 visit told again with a new paragraph rewrites its story (its view may read the same), and the
        // grain builds the view anew.
        string later = listing.GetProperty("stories").EnumerateArray().Single(s => s.GetProperty("articles").GetInt32() == 1).GetProperty("id").GetString()!;
        var line = await http.GetFromJsonAsync<JsonElement>(new Uri("/storylines/" + later, UriKind.Relative));
        Assert.Equal(2, line.GetProperty("chapters").GetArrayLength());
        var grain = cluster.Client.GetGrain<IStorylineGrain>($"{ClusterFeed.DefaultFeed}/{line.GetProperty("id").GetString()}");
        var kept = await grain.View();
        Assert.True(kept.Kept, "the server's read built the view");
        Assert.Equal(StoreView(options.Store, later), Encoding.UTF8.GetString(kept.Json!));

        var laterStory = await http.GetFromJsonAsync<JsonElement>(new Uri("/stories/" + later, UriKind.Relative));
        string laterArticle = laterStory.GetProperty("articles")[0].GetProperty("id").GetString()!;
        string retold = seeds.Select(s => JsonSerializer.Deserialize<Dictionary<string, string>>(s)!).Where(r => r["id"] == laterArticle)
            .Select(r => JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = r["id"], ["text"] = r["text"] + "\n\nThe minister also met students at the university." }))
            .Single();
        using var again = new HttpRequestMessage(HttpMethod.Post, new Uri("/articles", UriKind.Relative)) { Content = new StringContent(retold, Encoding.UTF8, "application/x-ndjson") };
        again.Headers.Add("X-Api-Key", "cluster-key");
        Assert.Equal(200, (int)(await http.SendAsync(again)).StatusCode);
        await Settled(http);
        var rebuilt = await grain.View();
        Assert.False(rebuilt.Kept, "the storyline's view was kept after its story was written again");
        Assert.Equal(StoreView(options.Store, later), Encoding.UTF8.GetString(rebuilt.Json!));
    }

    private static async Task Settled(HttpClient http)
    {
        for (var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(1); ; await Task.Delay(100))
        {
            var health = await http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));
            if (health.GetProperty("settled").GetBoolean())
                return;
            Assert.True(DateTime.UtcNow < giveUp, "the cluster's feed did not settle: " + health);
        }
    }

    private static string StoreView(IStoreProvider store, string id)
    {
        using var reader = store.OpenReader();
        return JsonSerializer.Serialize(StoreStorylineViews.Instance.Find(reader, id)!, TidingsJson.Options.Describe<StorylineView>());
    }
}
