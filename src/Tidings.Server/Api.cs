using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Server;

/// <summary>
/// The HTTP API: each handler reads its request, asks the engine or the store, and writes the answer. Nothing here
/// decides anything about articles or stories.
/// </summary>
internal static class Api
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("POST", "/articles", "Stores articles: one JSON article, a JSON array of them, or JSONL (the command line's record schema). Answers once they are stored; an id stored already is left as it is (or replaced, when its text changed).",
            PostArticles, Info<IngestResponse>(), [], [200, 400, 401, 413, 422, 429, 503])
        { Writes = true, Accepts = ["application/json", "application/x-ndjson", "application/jsonl", "text/plain"] },
        new("GET", "/stories", "A page of stories, newest or most active first.", ListStories, Info<StoryListing>(),
        [
            new("since", "query", "string", "Stories whose span reaches this day or later.", Format: "date"),
            new("until", "query", "string", "Stories whose span begins on this day or earlier.", Format: "date"),
            new("q", "query", "string", "Words one of the story's articles holds (all of them)."),
            new("entity", "query", "string", "A person, organisation or place the story names (any case)."),
            new("order", "query", "string", "newest (the day of the latest report) or active (articles stored lately)."),
            new("page", "query", "integer", "The page, from 1."),
            new("pageSize", "query", "integer", $"Stories a page, 1 to {StoryQuery.MaxPageSize}."),
        ], [200, 400]),
        new("GET", "/stories/{id}", "One story, by its id or by the id of a story merged into it.", GetStory, Info<Story>(),
            [new("id", "path", "string", "The story's id.", Required: true)], [200, 404]),
        new("GET", "/stories/{id}/trace", "Why each article joined the story, and why each copy is a copy.", TraceStory, Info<StoryTrace>(),
            [new("id", "path", "string", "The story's id.", Required: true)], [200, 404]),
        new("GET", "/storylines/{id}", "A storyline: its events' stories in the order they began, which earlier one each continues or recurs, and the names several of them hold.",
            GetStoryline, Info<StorylineView>(), [new("id", "path", "string", "The storyline's id, or the id of any story in it.", Required: true)], [200, 404, 503]),
        new("GET", "/articles/{id}", "One stored article: its clean text, metadata and the lines removed as boilerplate.", GetArticle, Info<Article>(),
            [new("id", "path", "string", "The article's id.", Required: true)], [200, 404]),
        new("GET", "/entities/{name}/stories", "A page of the stories that name an entity.", EntityStories, Info<StoryListing>(),
        [
            new("name", "path", "string", "The entity's name (any case).", Required: true),
            new("page", "query", "integer", "The page, from 1."),
        ], [200, 400]),
        new("GET", "/events", "Server-sent events as changes are committed: story-new, article-joined, stories-merged, storyline-linked.", Events, null, [], [200])
        { Produces = "text/event-stream" },
        new("GET", "/health", "Whether the engine takes input, and what the store holds.", Health, Info<HealthResponse>(), [], [200, 503]),
    ];

    private static JsonTypeInfo Info<T>() => ApiJson.Options.GetTypeInfo(typeof(T));

    private static async Task PostArticles(HttpContext context)
    {
        var server = context.RequestServices.GetRequiredService<ServerState>();
        if (!Authorised(context.Request, server.Options.ApiKey))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Error(context, StatusCodes.Status401Unauthorized, $"writes need the API key (header X-Api-Key, or Authorization: Bearer)");
            return;
        }
        if (context.Request.ContentLength > server.Options.MaxRequestBytes)
        {
            await TooLarge(context, server.Options.MaxRequestBytes);
            return;
        }
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(context, server.Options.MaxRequestBytes);
            return;
        }
        string input = $"request {server.NextRequest()}";
        var (jsonl, problem) = RequestRecords.Read(body, context.Request.ContentType);
        if (problem is not null)
        {
            await Error(context, StatusCodes.Status400BadRequest, problem);
            return;
        }
        IngestReceipt receipt;
        try
        {
            receipt = await server.Feed.SubmitAsync(input, jsonl);
        }
        catch (LiveEngineBusyException e)
        {
            context.Response.Headers.RetryAfter = "1";
            await Error(context, StatusCodes.Status503ServiceUnavailable, e.Message);
            return;
        }
        catch (StoreException e)
        {
            context.Response.Headers.RetryAfter = "5";
            await Error(context, StatusCodes.Status503ServiceUnavailable, $"the store failed: {e.Reason}; nothing of this request was stored");
            return;
        }
        catch (ObjectDisposedException)
        {
            context.Response.Headers.RetryAfter = "5";
            await Error(context, StatusCodes.Status503ServiceUnavailable, "the server is stopping; nothing of this request was stored");
            return;
        }
        var response = new IngestResponse(receipt.Stored.Count, receipt.Stored, receipt.Replaced, receipt.Unchanged,
            [.. receipt.Rejected.Select(r => new RecordProblem(r.Origin.Input, r.Origin.Line, r.Reason))],
            [.. receipt.Warnings.Select(w => new RecordProblem(w.Origin.Input, w.Origin.Line, w.Message))]);
        bool nothingTaken = receipt.Stored.Count == 0 && receipt.Replaced == 0 && receipt.Unchanged == 0;
        await Write(context, nothingTaken ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK, response);
    }

    /// <summary>Compares in constant time: how long a refusal takes says nothing of how much of a guess was right.</summary>
    private static bool Authorised(HttpRequest request, string key)
    {
        string? given = request.Headers["X-Api-Key"].FirstOrDefault();
        string authorization = request.Headers.Authorization.FirstOrDefault() ?? string.Empty;
        if (given is null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            given = authorization["Bearer ".Length..].Trim();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    private static Task TooLarge(HttpContext context, long limit)
    {
        context.Response.Headers.Connection = "close";
        return Error(context, StatusCodes.Status413PayloadTooLarge, $"request body larger than the {limit:N0}-byte limit; send the records in several requests");
    }

    private static async Task ListStories(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryDay(query["since"], out var since) || !TryDay(query["until"], out var until))
        {
            await Error(context, StatusCodes.Status400BadRequest, "since and until are days: yyyy-MM-dd");
            return;
        }
        StoryOrder? order = query["order"].FirstOrDefault() switch
        {
            null or "" or "newest" => StoryOrder.Newest,
            "active" or "most-active" => StoryOrder.MostActive,
            _ => null,
        };
        if (order is null || !TryPage(context, out int page, out int pageSize))
        {
            await Error(context, StatusCodes.Status400BadRequest, $"order is newest or active; page is 1 or more; pageSize is 1 to {StoryQuery.MaxPageSize}");
            return;
        }
        var storyQuery = new StoryQuery
        {
            Since = since,
            Until = until,
            Text = query["q"].FirstOrDefault(),
            Entity = query["entity"].FirstOrDefault(),
            Order = order.Value,
            Page = page,
            PageSize = pageSize,
        };
        await Read(context, reader => reader.ListStories(storyQuery), changesWithStories: true);
    }

    private static async Task EntityStories(HttpContext context)
    {
        if (!TryPage(context, out int page, out int pageSize))
        {
            await Error(context, StatusCodes.Status400BadRequest, $"page is 1 or more; pageSize is 1 to {StoryQuery.MaxPageSize}");
            return;
        }
        string name = Route(context, "name");
        await Read(context, reader => reader.ListStories(new StoryQuery { Entity = name, Page = page, PageSize = pageSize }), changesWithStories: true);
    }

    private static Task GetStory(HttpContext context)
    {
        string id = Route(context, "id");
        return Read(context, reader => reader.FindStory(id), found => found.Id == id ? null : "/stories/" + Uri.EscapeDataString(found.Id), changesWithStories: true);
    }

    private static Task TraceStory(HttpContext context)
    {
        string id = Route(context, "id");
        return Read(context, reader => reader.TraceStory(id));
    }

    private static Task GetStoryline(HttpContext context)
    {
        string id = Route(context, "id");
        var storylines = context.RequestServices.GetRequiredService<ServerState>().Storylines;
        return Read(context, reader => storylines.Find(reader, id), found => found.Id == id ? null : "/storylines/" + Uri.EscapeDataString(found.Id), changesWithStories: true);
    }

    private static Task GetArticle(HttpContext context)
    {
        string id = Route(context, "id");
        return Read(context, reader => reader.FindArticle(id));
    }

    private static async Task Health(HttpContext context)
    {
        var server = context.RequestServices.GetRequiredService<ServerState>();
        StoreCounts counts;
        try
        {
            counts = server.Readers.Read(reader => reader.Counts());
        }
        catch (StoreException e)
        {
            await Write(context, StatusCodes.Status503ServiceUnavailable,
                new HealthResponse("failing", server.Options.Store.Name, 0, 0, 0, server.Feed.Waiting, server.Feed.Settled, server.Feed.Stored, e.Reason));
            return;
        }
        string? fault = server.Feed.Fault;
        await Write(context, fault is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HealthResponse(fault is null ? "ok" : "failing", server.Options.Store.Name, counts.Articles, counts.Stories, counts.Copies,
                server.Feed.Waiting, server.Feed.Settled, server.Feed.Stored, fault));
    }

    /// <summary>Server-sent events, with a comment line every 15 seconds so that proxies and browsers keep the stream open.</summary>
    private static async Task Events(HttpContext context)
    {
        var server = context.RequestServices.GetRequiredService<ServerState>();
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        long? lastSeen = long.TryParse(context.Request.Headers["Last-Event-ID"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var subscription = server.Events.Subscribe(lastSeen);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync("retry: 2000\n: connected\n\n"u8.ToArray(), cancel.Token);
            await body.FlushAsync(cancel.Token);
            while (!cancel.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    await body.WriteAsync(": still here\n\n"u8.ToArray(), cancel.Token);
                    await body.FlushAsync(cancel.Token);
                    continue;
                }
                if (!more)
                    break;
                while (subscription.Reader.TryRead(out var ev))
                    await body.WriteAsync(ev.Frame(), cancel.Token);
                await body.FlushAsync(cancel.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the client left, or the server is stopping
        }
    }

    /// <summary>
    /// Answers a read from the store, or from the answer made to the same request since the engine last committed
    /// (see <see cref="ResponseCache"/>); with <paramref name="changesWithStories"/>, since it last wrote stories. A story and
    /// a listing are answered from the stories as last written, which most commits of a busy feed leave as they are: a
    /// listing's activity counts, read from the articles, then move with its stories (at most a second behind, see
    /// <see cref="LiveEngineOptions.StoryDelay"/>) rather than with every commit, and the fifty pollers of a busy
    /// feed are answered from memory rather than by a query per commit. <paramref name="location"/> names the
    /// resource's own address when the request reached it by another (a merged story's alias).
    /// </summary>
    private static async Task Read<T>(HttpContext context, Func<IStoryReader, T?> read, Func<T, string?>? location = null, bool changesWithStories = false) where T : class
    {
        var server = context.RequestServices.GetRequiredService<ServerState>();
        string key = context.Request.Path.Value + context.Request.QueryString.Value;
        long version = changesWithStories ? server.Feed.StoriesVersion : server.Feed.Version;
        CachedAnswer answer;
        try
        {
            answer = await server.Answers.GetOrMake(key, version, () => server.Readers.Read(read) is { } result
                ? new CachedAnswer(StatusCodes.Status200OK, Serialize(result), location?.Invoke(result))
                : new CachedAnswer(StatusCodes.Status404NotFound, Serialize(new ErrorResponse("no such " + NotFound(context.Request.Path))), null));
        }
        catch (StoreException e)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, $"the store failed: {e.Reason}");
            return;
        }
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (answer.ContentLocation is { } contentLocation)
            context.Response.Headers.ContentLocation = contentLocation;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    private static string NotFound(PathString path) =>
        path.StartsWithSegments("/articles") ? "article" : path.StartsWithSegments("/storylines") ? "storyline" : "story";

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)ApiJson.Options.GetTypeInfo(typeof(T)));

    private static Task Error(HttpContext context, int status, string message) => Write(context, status, new ErrorResponse(message));

    private static Task Write<T>(HttpContext context, int status, T value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, (JsonTypeInfo<T>)ApiJson.Options.GetTypeInfo(typeof(T)), context.RequestAborted);
    }

    /// <summary>
    /// A path parameter as the client meant it. The server decodes every escape of a path but <c>%2F</c>, which stays as
    /// written so that it cannot split a segment; an id holding a slash (<c>gva/461105/f1e4</c>) arrives escaped.
    /// </summary>
    private static string Route(HttpContext context, string name) =>
        (context.Request.RouteValues[name] as string ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        day = parsed;
        return true;
    }

    private static bool TryPage(HttpContext context, out int page, out int pageSize)
    {
        page = 1;
        pageSize = 20;
        string? p = context.Request.Query["page"].FirstOrDefault(), s = context.Request.Query["pageSize"].FirstOrDefault();
        return (string.IsNullOrEmpty(p) || int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1)
            && (string.IsNullOrEmpty(s) || int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= StoryQuery.MaxPageSize);
    }
}
