using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>
/// <c>tidings serve</c>: the HTTP API, the event stream, the metrics and the web page, around one feed writing the
/// store (a <see cref="LiveEngine"/> in this process, or a cluster's) and a pool of readers reading it.
/// </summary>
public sealed class TidingsServer : IAsyncDisposable
{
    private const string WritePolicy = "writes";
    private const string ReadPolicy = "reads";

    private readonly WebApplication _app;
    private readonly IArticleFeed _feed;
    private readonly StoreReaderPool _readers;
    private readonly StoryEventHub _events;
    private readonly Storage.IStoryStore? _store;

    private TidingsServer(WebApplication app, IArticleFeed feed, StoreReaderPool readers, StoryEventHub events, Storage.IStoryStore? store)
    {
        (_app, _feed, _readers, _events, _store) = (app, feed, readers, events, store);
    }

    /// <summary>The addresses the server listens on, once started (a port 0 asked for is the port given).</summary>
    public IReadOnlyList<string> Addresses =>
        [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>
    /// Opens the store and the engine (the engine's checkpoint loaded and what it does not cover replayed) and builds
    /// the server. Throws <see cref="Storage.StoreException"/> when the store cannot be used.
    /// </summary>
    public static TidingsServer Create(ServerOptions options, Action? waitingForWriter = null)
    {
        var events = new StoryEventHub();
        var writer = options.Store.OpenWriter(waitingForWriter);
        LiveEngine engine;
        try
        {
            engine = new LiveEngine(writer, options.Engine, events.Publish);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return Build(options, engine, events, writer);
    }

    /// <summary>
    /// Builds the server around a feed that writes the store elsewhere (a cluster's, see <c>src/Tidings.Orleans</c>):
    /// <paramref name="openFeed"/> is given the server's event streams to tell of each committed change, and returns
    /// once the store is open for readers.
    /// </summary>
    public static TidingsServer Create(ServerOptions options, Func<Action<IReadOnlyList<StoryUpdate>>, IArticleFeed> openFeed)
    {
        ArgumentNullException.ThrowIfNull(openFeed);
        var events = new StoryEventHub();
        return Build(options, openFeed(events.Publish), events, null);
    }

    private static TidingsServer Build(ServerOptions options, IArticleFeed feed, StoryEventHub events, Storage.IStoryStore? writer)
    {
        var readers = new StoreReaderPool(options.Store);
        // The store is read synchronously (SQLite has no asynchronous reads): each request being answered holds a pool
        // thread, and a pool that grows a thread every half second left 50 pollers queueing for hundreds of ms.
        ThreadPool.GetMinThreads(out int workers, out int completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 128), Math.Max(completions, 32));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Services.AddSingleton(new ServerState(options, feed, readers, events));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Tidings", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(WritePolicy, context => Bucket(context, options.WritesPerSecond, byKey: true));
            limiter.AddPolicy(ReadPolicy, context => Bucket(context, options.ReadsPerSecond, byKey: false));
        });
        var app = builder.Build();
        app.UseRateLimiter();
        foreach (var route in Api.Routes)
        {
            var endpoint = app.MapMethods(route.Pattern, [route.Method], route.Handler).WithDisplayName(route.Method + " " + route.Pattern);
            endpoint.RequireRateLimiting(route.Writes ? WritePolicy : ReadPolicy);
        }
        string version = typeof(TidingsServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0";
        string openApi = OpenApiDocument.Write(Api.Routes, version);
        app.MapGet("/openapi.json", context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(openApi);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        WebPage.Map(app);
        app.Lifetime.ApplicationStopping.Register(events.Close);
        return new TidingsServer(app, feed, readers, events, writer);
    }

    /// <summary>Rate limiting by client: a writer by its key and address, a reader by its address.</summary>
    private static RateLimitPartition<string> Bucket(HttpContext context, int perSecond, bool byKey)
    {
        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (byKey)
            client += " " + (context.Request.Headers["X-Api-Key"].FirstOrDefault() ?? context.Request.Headers.Authorization.FirstOrDefault());
        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 2 * perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public Task StartAsync(CancellationToken cancel = default) => _app.StartAsync(cancel);

    /// <summary>Waits until the process is asked to stop (Ctrl-C, SIGTERM) or <paramref name="stop"/> is cancelled; disposing then stores what is queued and settles the stories.</summary>
    public Task WaitForShutdownAsync(CancellationToken stop = default) => _app.WaitForShutdownAsync(stop);

    public async ValueTask DisposeAsync()
    {
        _events.Close();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _feed.Dispose();
            _readers.Dispose();
            _store?.Dispose();
        }
    }
}
