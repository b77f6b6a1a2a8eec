using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Tidings.Orleans;
using Tidings.Postgres;
using Tidings.Server;
using Tidings.Storage;

namespace Tidings.Cluster;

/// <summary>
/// <c>tidings-cluster silo</c> and <c>tidings-cluster serve --cluster</c> (which <c>tidings silo</c> and
/// <c>tidings serve --cluster</c> run): a silo of a Tidings cluster, and the HTTP server as the cluster's client.
/// Membership is kept in Redis (<c>scripts/redis.sh</c>), the feed's state in PostgreSQL (<c>scripts/postgres.sh</c>).
/// </summary>
internal static class Program
{
    private const int Usage = 1;   // as the command line's usage errors

    private static readonly Option<string> Redis = new("--cluster")
    {
        Description = "The Redis server (host:port) that keeps the cluster's membership.",
        DefaultValueFactory = _ => "localhost:6379",
    };

    private static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "The cluster's name: silos and servers of one cluster give the same.",
        DefaultValueFactory = _ => "tidings",
    };

    private static readonly Option<string> Postgres = new("--postgres")
    {
        Description = "The PostgreSQL connection string of the store the feed writes (every silo and server of the cluster gives the same).",
        Required = true,
    };

    public static int Main(string[] args)
    {
        var root = new RootCommand("Tidings on a Microsoft Orleans cluster: silos that run the feed's engine, and the HTTP server as their client.")
        {
            SiloCommand(),
            ServeCommand(),
            IngestCommand(),
        };
        return root.Parse(args).Invoke();
    }

    private static Command SiloCommand()
    {
        var address = new Option<string>("--address")
        {
            Description = "The address other silos and clients reach this silo at.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var siloPort = new Option<int>("--silo-port") { Description = "The port silos talk on.", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port clients (servers) connect to.", DefaultValueFactory = _ => 30000 };
        var copyShards = new Option<int>("--copy-index-shards")
        {
            Description = "Grains the feed's copy index is cut into, by band key range (0 keeps it in the engine). Every silo gives the same, for the life of the store.",
            DefaultValueFactory = _ => TidingsClusterExtensions.DefaultCopyIndexShards,
        };
        var eventShards = new Option<int>("--event-index-shards")
        {
            Description = "Grains the feed's event-candidate index is cut into, by term (0 keeps it in the engine). Kept in memory only: the engine fills them each time it opens.",
            DefaultValueFactory = _ => TidingsClusterExtensions.DefaultEventIndexShards,
        };
        var liveShards = new Option<int>("--live-event-shards")
        {
            Description = "Grains the feed's live events (centroids, members, spans) are cut into, by event number (0 keeps them in the engine). Kept in memory only: the engine fills them each time it opens.",
            DefaultValueFactory = _ => TidingsClusterExtensions.DefaultLiveEventShards,
        };
        var heldLive = new Option<int>("--held-live-events")
        {
            Description = "With live-event shards, the most live events the feed's engine keeps between windows of articles: the rest are read from their shards when an article or a pass needs them.",
            DefaultValueFactory = _ => TidingsClusterExtensions.DefaultHeldLiveEvents,
        };
        var storiesInEngine = new Option<bool>("--stories-in-engine")
        {
            Description = "Synthesise the feed's stories in its engine, rather than in story grains spread over the silos.",
        };
        var verifyInEngine = new Option<bool>("--verify-in-engine")
        {
            Description = "Verify every copy in the feed's engine, reading older articles' texts itself, rather than in the older articles' grains.",
        };
        var keptWords = new Option<int>("--kept-word-sequences")
        {
            Description = "The latest articles whose words the feed's engine keeps and verifies copies against itself; copies of older ones are verified by those articles' grains.",
            DefaultValueFactory = _ => TidingsClusterExtensions.DefaultKeptWordSequences,
        };
        var command = new Command("silo", "Run a silo of the cluster until Ctrl-C: it joins through Redis and may run the feed's engine.")
        {
            Redis, ClusterId, Postgres, address, siloPort, gatewayPort, copyShards, eventShards, liveShards, heldLive, storiesInEngine, verifyInEngine, keptWords,
        };
        command.SetAction(parse =>
        {
            if (!IPAddress.TryParse(parse.GetValue(address), out var ip))
                return Fail("silo", $"--address {parse.GetValue(address)} is not an IP address");
            if (parse.GetValue(copyShards) is < 0 or > 1024)
                return Fail("silo", $"--copy-index-shards {parse.GetValue(copyShards)} is not between 0 and 1024");
            if (parse.GetValue(eventShards) is < 0 or > 1024)
                return Fail("silo", $"--event-index-shards {parse.GetValue(eventShards)} is not between 0 and 1024");
            if (parse.GetValue(liveShards) is < 0 or > 1024)
                return Fail("silo", $"--live-event-shards {parse.GetValue(liveShards)} is not between 0 and 1024");
            if (parse.GetValue(heldLive) < 0)
                return Fail("silo", $"--held-live-events {parse.GetValue(heldLive)} is below 0");
            if (parse.GetValue(keptWords) < 1)
                return Fail("silo", $"--kept-word-sequences {parse.GetValue(keptWords)} is below 1");
            var builder = Host.CreateApplicationBuilder();
            Quiet(builder);
            builder.UseOrleans(silo =>
            {
                silo.UseRedisClustering(parse.GetValue(Redis)!);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (parse.GetValue(ClusterId)!, "tidings"));
                silo.ConfigureEndpoints(ip, parse.GetValue(siloPort), parse.GetValue(gatewayPort));
                silo.AddTidings(new PostgresStoreProvider(parse.GetValue(Postgres)!), copyIndexShards: parse.GetValue(copyShards),
                    storyGrains: !parse.GetValue(storiesInEngine), eventIndexShards: parse.GetValue(eventShards),
                    liveEventShards: parse.GetValue(liveShards), heldLiveEvents: parse.GetValue(heldLive),
                    articleGrains: !parse.GetValue(verifyInEngine), keptWordSequences: parse.GetValue(keptWords));
            });
            using var host = builder.Build();
            try
            {
                host.Start();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Fail("silo", "could not start: " + e.Message);
            }
            Console.Error.WriteLine($"tidings-cluster: silo {ip}:{parse.GetValue(siloPort)} (gateway {parse.GetValue(gatewayPort)}) in cluster {parse.GetValue(ClusterId)}; Ctrl-C stops");
            host.WaitForShutdown();
            return 0;
        });
        return command;
    }

    private static Command ServeCommand()
    {
        var server = new ServeCommandLine();
        var command = new Command("serve", "Serve the HTTP API and the web page as a client of the cluster: writes go to its feed, reads to the store it writes.")
        {
            Redis, ClusterId, Postgres,
        };
        server.AddTo(command);
        command.SetAction(parse => server.Read(parse, message => Fail("serve", message)) is { } settings
            ? Serve(parse.GetValue(Redis)!, parse.GetValue(ClusterId)!, settings.On(new PostgresStoreProvider(parse.GetValue(Postgres)!))).GetAwaiter().GetResult()
            : Usage);
        return command;
    }

    private static async Task<int> Serve(string redis, string clusterId, ServerOptions options)
    {
        using var clientHost = ClientHost(redis, clusterId);
        try
        {
            await clientHost.StartAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail("serve", $"could not reach cluster {clusterId} through {redis}: {e.Message}");
        }
        var cluster = clientHost.Services.GetRequiredService<IClusterClient>();
        TidingsServer server;
        try
        {
            server = TidingsServer.Create(options, publish => ClusterArticleFeed.OpenAsync(cluster, publish).GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is StoreException or OrleansException or TimeoutException)
        {
            return Fail("serve", "the cluster's feed could not be opened: " + e.Message);
        }
        await using (server)
        {
            try
            {
                await server.StartAsync();
            }
            catch (IOException e)
            {
                return Fail("serve", $"cannot listen on {string.Join(' ', options.Urls)}: {e.Message}");
            }
            Console.Error.WriteLine($"tidings-cluster: serving {string.Join(' ', server.Addresses)} on cluster {clusterId}; Ctrl-C stops");
            await server.WaitForShutdownAsync();
        }
        await clientHost.StopAsync();
        return 0;
    }

    private static Command IngestCommand()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "JSONL files (.jsonl or .jsonl.gz) of the command line's records.", Arity = ArgumentArity.OneOrMore };
        var batch = new Option<int>("--batch") { Description = "Records a submission holds.", DefaultValueFactory = _ => 500 };
        var parallel = new Option<int>("--parallel") { Description = "Submissions in flight at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("ingest", "Submit JSONL files to the cluster's feed, wait until its stories are settled, and say how fast it went.")
        {
            Redis, ClusterId, inputs, batch, parallel,
        };
        command.SetAction(parse => Ingest(parse.GetValue(Redis)!, parse.GetValue(ClusterId)!, parse.GetValue(inputs)!,
            Math.Max(1, parse.GetValue(batch)), Math.Max(1, parse.GetValue(parallel))).GetAwaiter().GetResult());
        return command;
    }

    /// <summary>
    /// Submits the files' records in batches, a few in flight (each acknowledged once committed), then waits for the
    /// feed to settle: the time is what a user waits for the stories of the whole input.
    /// </summary>
    private static async Task<int> Ingest(string redis, string clusterId, string[] inputs, int batch, int parallel)
    {
        using var clientHost = ClientHost(redis, clusterId);
        try
        {
            await clientHost.StartAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail("ingest", $"could not reach cluster {clusterId} through {redis}: {e.Message}");
        }
        var feed = new ClusterFeed(clientHost.Services.GetRequiredService<IClusterClient>());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long stored = 0, rejected = 0, unchanged = 0;
        using var slots = new SemaphoreSlim(parallel);
        var inFlight = new List<Task>();
        int unreadable = 0;
        foreach (string input in inputs)
        {
            try
            {
                File.OpenRead(input).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail("ingest", $"{input}: {e.Message}");
                unreadable++;
                continue;
            }
            int part = 0;
            // A file that stops being readable (a broken gzip stream, a disk error) ends there: what was read of it is
            // submitted, and the other files go on.
            foreach (var lines in ReadLines(input, error =>
            {
                Fail("ingest", $"{input}: {error}; the records before it were submitted");
                unreadable++;
            }).Chunk(batch))
            {
                await slots.WaitAsync();
                byte[] body = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
                string name = $"{input} part {++part}";
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var receipt = (await feed.SubmitAsync(name, body)).Receipt;
                        Interlocked.Add(ref stored, receipt.Stored.Count);
                        Interlocked.Add(ref rejected, receipt.Rejected.Count);
                        Interlocked.Add(ref unchanged, receipt.Unchanged);
                        foreach (var rejection in receipt.Rejected)
                            Console.Error.WriteLine($"tidings-cluster: {rejection}");
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }
        }
        try
        {
            await Task.WhenAll(inFlight);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail("ingest", $"the cluster did not take every submission: {e.Message}");
        }
        double acknowledged = clock.Elapsed.TotalSeconds;
        FeedStatus status;
        try
        {
            await feed.WaitSettledAsync(TimeSpan.FromHours(1));
            status = await feed.StatusAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return Fail("ingest", $"{stored:N0} articles stored, but the feed did not settle: {e.Message}");
        }
        double settled = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest: {stored:N0} stored, {unchanged:N0} unchanged, {rejected:N0} rejected; acknowledged in {acknowledged:0.0} s, settled in {settled:0.0} s = {stored / settled:N0} articles/s; the feed's engine ran on silo {status.Silo}");
        if (status.CopyIndex is { } cost)
            Console.WriteLine($"ingest: copy index in {cost.Shards} shard grains: {cost.Exchanges:N0} exchanges, {cost.Keys:N0} keys, {cost.Seconds:0.0} s waited ({1000 * cost.Seconds / Math.Max(1, cost.Exchanges):0.00} ms an exchange)");
        if (status.EventIndex is { } events)
            Console.WriteLine($"ingest: event index in {events.Shards} shard grains: {events.Exchanges:N0} exchanges, {events.Changes:N0} changes sent, {events.Keys:N0} keys read ahead, {events.Reads:N0} read alone, {events.Seconds:0.0} s waited ({1000 * events.Seconds / Math.Max(1, events.Exchanges):0.00} ms an exchange)");
        if (status.LiveEvents is { } live)
        {
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            string held;
            try
            {
                var sizes = await Task.WhenAll(Enumerable.Range(0, live.Shards).Select(s => client.GetGrain<ILiveEventShardGrain>($"{ClusterFeed.DefaultFeed}/{s}").Size()));
                held = $"the shards hold {sizes.Sum(s => s.Events):N0} events ({sizes.Sum(s => s.Bytes) / 1e6:0.0} MB), {sizes.Min(s => s.Events):N0} to {sizes.Max(s => s.Events):N0} a shard";
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                held = $"the shards did not say what they hold: {e.Message}";
            }
            Console.WriteLine($"ingest: live events in {live.Shards} shard grains, {live.Held:N0} held by the engine: {live.Exchanges:N0} exchanges, {live.Written:N0} events sent ({live.Bytes / 1e6:0.0} MB), {live.EventsRead:N0} read back in {live.Reads:N0} reads, {live.Seconds:0.0} s waited; {held}");
        }
        if (status.Verification is { } verification)
            Console.WriteLine($"ingest: copies of articles older than the engine's latest {verification.KeptRecent:N0} verified in article grains: {verification.Pairs:N0} pairs in {verification.Grains:N0} grain calls over {verification.Calls:N0} rounds, {verification.Seconds:0.0} s waited ({1000 * verification.Seconds / Math.Max(1, verification.Calls):0.00} ms a round){(verification.Forgotten > 0 ? $", {verification.Forgotten:N0} restated articles forgotten" : "")}{(verification.Retried > 0 ? $", {verification.Retried:N0} calls tried again" : "")}");
        if (status.StoryWork is { } work)
            Console.WriteLine($"ingest: stories synthesised in story grains: {work.Stories:N0} stories in {work.Batches:N0} batches, {work.Articles:N0} articles sent, {work.Seconds:0.0} s from sending to answer ({1000 * work.Seconds / Math.Max(1, work.Batches):0} ms a batch){(work.Retried > 0 ? $", {work.Retried:N0} calls tried again" : "")}");
        if (status.Failures > 0)
            Console.WriteLine($"ingest: {status.Failures:N0} transactions failed and the feed's engine reopened from its checkpoint");
        await clientHost.StopAsync();
        return unreadable == 0 ? 0 : 2;   // as `tidings run`: some input could not be read
    }

    /// <summary>The file's non-empty lines; a read that fails is told to <paramref name="failed"/> and ends them.</summary>
    private static IEnumerable<string> ReadLines(string path, Action<string> failed)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        for (long number = 1; ; number++)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                failed($"line {number}: {e.Message}");
                yield break;
            }
            if (line is null)
                yield break;
            if (line.Length > 0)
                yield return line;
        }
    }

    private static IHost ClientHost(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        Quiet(builder);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(redis);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "tidings"));
            client.AddTidings();
        });
        return builder.Build();
    }

    /// <summary>Orleans' own informational logging would drown what the program says.</summary>
    private static void Quiet(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // Its watchdog warns when a check came late, as every check does while a silo starts on a busy machine; a host
        // that fails to start is reported by the program in a line, not logged with its stack.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    private static int Fail(string command, string message)
    {
        Console.Error.WriteLine($"tidings-cluster: {command}: {message}");
        return Usage;
    }
}
