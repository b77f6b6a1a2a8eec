using System.CommandLine;
using System.Security.Cryptography;
using Tidings.Server;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>
/// <c>tidings serve</c>: the HTTP API and web page on a store. Articles posted are stored, placed and acknowledged as
/// the engine commits them; Ctrl-C (or SIGTERM) stops taking requests, stores what was queued, settles the stories and
/// exits.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = new Option<string?>("--db")
        {
            Description = "SQLite file that keeps articles and stories (created when missing). The default is tidings.db in the current folder.",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "A PostgreSQL connection string (Host=...;Username=...;Password=...;Database=...) instead of a SQLite file.",
        };
        var urls = new Option<string[]>("--urls")
        {
            Description = "Addresses to listen on.",
            DefaultValueFactory = _ => ["http://127.0.0.1:5080"],
            AllowMultipleArgumentsPerToken = true,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"The key writes must carry (X-Api-Key or Authorization: Bearer). Also read from {ServerOptions.ApiKeyVariable}; without either, one is made up and printed.",
        };
        var maxRequest = new Option<long>("--max-request-bytes")
        {
            Description = "The largest request body taken; larger ones are refused with 413.",
            DefaultValueFactory = _ => 16L * 1024 * 1024,
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Serve as a client of a Tidings cluster whose membership this Redis server (host:port) keeps: writes go to the cluster's feed, reads to the --postgres store it writes (see `tidings silo`).",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "With --cluster: the cluster's name (default tidings)." };
        var command = new Command("serve", "Serve the HTTP API and the web page on a store: POST /articles, GET /stories, /events, /metrics, /openapi.json.")
        {
            db, postgres, urls, apiKey, maxRequest, cluster, clusterId,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(cluster) is { } redis)
            {
                if (parse.GetValue(postgres) is not { } clusterStore || parse.GetValue(db) is not null)
                {
                    BatchRunner.Report("serve", "--cluster serves the PostgreSQL store the cluster's feed writes: give --postgres, not --db");
                    return ExitCode.Usage;
                }
                List<string> arguments = ["serve", "--cluster", redis, "--postgres", clusterStore, "--max-request-bytes", parse.GetValue(maxRequest).ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", .. parse.GetValue(urls)!];
                if (parse.GetValue(clusterId) is { } id)
                    arguments.AddRange(["--cluster-id", id]);
                if (parse.GetValue(apiKey) is { } given)
                    arguments.AddRange(["--api-key", given]);
                return ClusterHost.Run(arguments);
            }
            if (parse.GetValue(db) is not null && parse.GetValue(postgres) is not null)
            {
                BatchRunner.Report("serve", "give --db or --postgres, not both");
                return ExitCode.Usage;
            }
            if (parse.GetValue(maxRequest) < 1024)
            {
                BatchRunner.Report("serve", "--max-request-bytes must be at least 1024");
                return ExitCode.Usage;
            }
            IStoreProvider store = parse.GetValue(postgres) is { } connection
                ? new Postgres.PostgresStoreProvider(connection)
                : new SqliteStoreProvider(parse.GetValue(db) ?? "tidings.db");
            string? key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ServerOptions.ApiKeyVariable);
            if (string.IsNullOrEmpty(key))
            {
                key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                BatchRunner.Report("serve", $"writes need the API key {key} (choose one with --api-key or {ServerOptions.ApiKeyVariable})");
            }
            var options = new ServerOptions { Store = store, Urls = parse.GetValue(urls)!, ApiKey = key, MaxRequestBytes = parse.GetValue(maxRequest) };
            return Serve(options).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Serve(ServerOptions options)
    {
        TidingsServer server;
        try
        {
            server = TidingsServer.Create(options, () => BatchRunner.Report(options.Store.Name, "another run is writing to this store; waiting for it to finish"));
        }
        catch (StoreException e)
        {
            BatchRunner.Report(e.Path, e.Reason);
            return ExitCode.Usage;
        }
        await using (server)
        {
            try
            {
                await server.StartAsync();
            }
            catch (IOException e)
            {
                BatchRunner.Report(string.Join(' ', options.Urls), $"cannot listen: {e.Message}");
                return ExitCode.Usage;
            }
            BatchRunner.Report(options.Store.Name, $"serving {string.Join(' ', server.Addresses)}; Ctrl-C stops");
            await server.WaitForShutdownAsync();
        }
        BatchRunner.Report(options.Store.Name, "stopped; everything acknowledged is stored");
        return ExitCode.Success;
    }
}
