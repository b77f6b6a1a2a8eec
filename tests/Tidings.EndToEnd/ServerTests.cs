using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>The real <c>tidings serve</c> over HTTP: what a feed posts, a reader reads back, and the event stream tells.</summary>
[Collection("HostileInputs")]
public sealed class ServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Db(string name = "serve.db") => ["--db", Path.Combine(_folder, name)];

    [Fact]
    public async Task The_seeds_posted_give_their_two_stories_with_trace_articles_and_entities()
    {
        await using var server = await ServerProcess.StartAsync(Db());
        var (status, receipt) = await server.PostJsonl(ServerProcess.SeedRecords());
        Assert.Equal(200, status);
        Assert.Equal(5, receipt.GetProperty("stored").GetInt32());
        await server.WaitSettled();

        var (_, listing) = await server.Get("/stories?order=newest");
        var stories = listing.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(2, listing.GetProperty("total").GetInt32());
        var visit2023 = stories.Single(s => s.GetProperty("articles").GetInt32() == 4);
        var visit2025 = stories.Single(s => s.GetProperty("articles").GetInt32() == 1);
        Assert.Equal("new", visit2023.GetProperty("activity").GetString());

        string id = visit2023.GetProperty("id").GetString()!;
        var (storyStatus, story) = await server.Get("/stories/" + id);
        Assert.Equal(200, storyStatus);
        Assert.Contains(story.GetProperty("facts").EnumerateArray(), f => f.GetProperty("corroborated").GetBoolean());
        Assert.Contains(story.GetProperty("related").EnumerateArray(), r => r.GetProperty("story").GetString() == visit2025.GetProperty("id").GetString());

        var (_, trace) = await server.Get($"/stories/{id}/trace");
        var traced = trace.GetProperty("articles").EnumerateArray().ToList();
        Assert.Equal(4, traced.Count);
        Assert.All(traced, a => Assert.False(string.IsNullOrEmpty(a.GetProperty("placement").GetString())));
        Assert.Contains(traced, a => a.GetProperty("placement").GetString()!.Contains("new event", StringComparison.Ordinal));
        Assert.Contains(traced, a => a.GetProperty("copies").GetArrayLength() > 0);

        string articleId = traced[0].GetProperty("id").GetString()!;
        var (articleStatus, article) = await server.Get("/articles/" + Uri.EscapeDataString(articleId));
        Assert.Equal(200, articleStatus);
        Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("text").GetString()));
        Assert.Equal(404, (await server.Get("/articles/no-such-article")).Status);
        Assert.Equal(404, (await server.Get("/stories/s000000000000")).Status);

        // The 2025 visit recurs the 2023 one: one storyline, found by either story's id, in the order the visits began.
        var (lineStatus, line) = await server.Get("/storylines/" + visit2025.GetProperty("id").GetString());
        Assert.Equal(200, lineStatus);
        Assert.Equal(visit2023.GetProperty("storyline").GetString(), line.GetProperty("id").GetString());
        var chapters = line.GetProperty("chapters").EnumerateArray().ToList();
        Assert.Equal([id, visit2025.GetProperty("id").GetString()], chapters.Select(c => c.GetProperty("story").GetString()));
        Assert.Equal(JsonValueKind.Null, chapters[0].GetProperty("follows").ValueKind);
        Assert.Equal(id, chapters[1].GetProperty("follows").GetProperty("story").GetString());
        Assert.Equal("recurs", chapters[1].GetProperty("follows").GetProperty("relation").GetString());
        Assert.Equal(4, chapters[0].GetProperty("articles").GetInt32());
        Assert.Contains(line.GetProperty("entities").EnumerateArray(), e => e.GetProperty("stories").GetArrayLength() == 2);
        Assert.Equal(404, (await server.Get("/storylines/s000000000000")).Status);

        var (_, byEntity) = await server.Get("/entities/wang%20yi/stories");
        Assert.Contains(byEntity.GetProperty("stories").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        var (_, searched) = await server.Get("/stories?q=Kim%20Jong-un");
        Assert.Contains(searched.GetProperty("stories").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        var (_, none) = await server.Get("/stories?q=%22NEAR(%20OR");
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        // Posting the same articles again stores nothing twice.
        var (_, again) = await server.PostJsonl(ServerProcess.SeedRecords());
        Assert.Equal(0, again.GetProperty("stored").GetInt32());
        Assert.Equal(5, again.GetProperty("unchanged").GetInt32());
        await server.WaitSettled();
        Assert.Equal(5, (await server.Get("/health")).Body.GetProperty("articles").GetInt64());
    }

    [Fact]
    public async Task A_bad_record_is_refused_with_its_line_and_reason_while_the_rest_lands()
    {
        await using var server = await ServerProcess.StartAsync(Db());
        var (status, receipt) = await server.PostJsonl(
        [
            """{"id": "good-1", "title": "Bridge closes in Alderton", "text": "The old bridge in Alderton closed on Tuesday after engineers found cracks, the council said."}""",
            """{"id": "bad-1", "text": 42}""",
            "this is not JSON",
            """{"id": "good-2", "title": "Ferry resumes", "text": "The ferry to Marrow Island resumed service on Wednesday after storms, its operator said."}""",
        ]);
        Assert.Equal(200, status);
        Assert.Equal(["good-1", "good-2"], receipt.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray());
        var rejected = receipt.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2L, 3L], rejected.Select(r => r.GetProperty("line").GetInt64()).ToArray());
        Assert.Contains("must be a string", rejected[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (await server.Get("/articles/good-2")).Status);

        var (allBad, body) = await server.PostJsonl(["{\"id\": \"x\"}"]);
        Assert.Equal(422, allBad);
        Assert.Single(body.GetProperty("rejected").EnumerateArray());

        using var broken = new StringContent("{\"id\": \"a\", ", Encoding.UTF8, "application/json");
        using var brokenAnswer = await server.Client.PostAsync("/articles", broken);
        Assert.Equal(400, (int)brokenAnswer.StatusCode);
        Assert.Contains("not JSON", await brokenAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_without_the_key_are_refused_and_oversized_bodies_too()
    {
        await using var server = await ServerProcess.StartAsync(Db(), "--max-request-bytes", "4096");
        string record = """{"id": "k-1", "title": "Library reopens", "text": "The town library in Pellham reopened on Monday after a year of repairs."}""";
        var (anonymous, refusal) = await server.PostJsonl([record], server.Anonymous);
        Assert.Equal(401, anonymous);
        Assert.Contains("API key", refusal.GetProperty("error").GetString(), StringComparison.Ordinal);
        using (var wrong = new HttpClient { BaseAddress = server.BaseAddress })
        {
            wrong.DefaultRequestHeaders.Add("Authorization", "Bearer not-the-key");
            Assert.Equal(401, (await server.PostJsonl([record], wrong)).Status);
        }
        Assert.Equal(404, (await server.Get("/articles/k-1")).Status);

        var big = Enumerable.Range(0, 100).Select(i => record.Replace("k-1", $"big-{i}", StringComparison.Ordinal));
        Assert.Equal(413, (await server.PostJsonl(big)).Status);
        Assert.Equal(200, (await server.PostJsonl([record])).Status);
        Assert.Equal(200, (await server.Get("/articles/k-1")).Status);
    }

    [Fact]
    public async Task The_event_stream_tells_of_a_posted_article_once_it_is_stored()
    {
        await using var server = await ServerProcess.StartAsync(Db());
        using var stream = await server.Anonymous.GetStreamAsync("/events");
        using var reader = new StreamReader(stream);
        Assert.Equal("retry: 2000", await reader.ReadLineAsync());
        var (status, _) = await server.PostJsonl(["""{"id": "sse-1", "title": "Harbour crane collapses", "text": "A crane collapsed at the harbour in Kestrel Bay on Friday, port officials said. Two workers were hurt."}"""]);
        Assert.Equal(200, status);
        var lines = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!lines.Any(l => l.StartsWith("data:", StringComparison.Ordinal) && l.Contains("sse-1", StringComparison.Ordinal)))
            lines.Add(await reader.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("stream ended"));
        Assert.Contains("event: story-new", lines);
        string data = lines.Last()["data: ".Length..];
        string story = JsonDocument.Parse(data).RootElement.GetProperty("story").GetString()!;
        Assert.Equal(200, (await server.Get("/stories/" + story)).Status);
    }

    [Fact]
    public async Task Health_metrics_and_the_OpenAPI_document_describe_the_server()
    {
        await using var server = await ServerProcess.StartAsync(Db());
        await server.PostJsonl(["""{"id": "m-1", "title": "Storm closes schools", "text": "A storm closed every school in Greyhaven on Thursday, the district said."}""", "{}"]);
        var (status, health) = await server.Get("/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        string metrics = await server.Anonymous.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^tidings_articles_stored_total\{[^}]*\} 1$", metrics);
        Assert.Matches(@"(?m)^tidings_articles_rejected_total\{[^}]*\} 1$", metrics);
        Assert.Matches(@"(?m)^tidings_stage_duration_seconds_bucket\{[^}]*stage=""commit""", metrics);
        Assert.Matches(@"(?m)^http_server_request_duration_seconds_bucket\{", metrics);
        var (_, openApi) = await server.Get("/openapi.json");
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["/articles", "/stories", "/stories/{id}", "/stories/{id}/trace", "/storylines/{id}", "/articles/{id}", "/entities/{name}/stories", "/events", "/health"], paths);
        Assert.True(openApi.GetProperty("paths").GetProperty("/stories").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").TryGetProperty("properties", out _));
    }

    [Fact]
    public async Task Stopped_it_stores_what_was_acknowledged_and_a_restart_serves_it()
    {
        string[] db = Db();
        await using (var server = await ServerProcess.StartAsync(db))
        {
            Assert.Equal(200, (await server.PostJsonl(ServerProcess.SeedRecords())).Status);
            Assert.Equal(0, await server.StopAsync());
            Assert.Contains("stopped; everything acknowledged is stored", server.Stderr, StringComparison.Ordinal);
        }
        await using var restarted = await ServerProcess.StartAsync(db);
        var (_, listing) = await restarted.Get("/stories");
        Assert.Equal(2, listing.GetProperty("total").GetInt32());
    }
}
