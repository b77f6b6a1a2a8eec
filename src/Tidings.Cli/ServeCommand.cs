using System.CommandLine;
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
        var server = new ServeCommandLine();
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Serve as a client of a Tidings cluster whose membership this Redis server (host:port) keeps: writes go to the cluster's feed, reads to the --postgres store it writes (see `tidings silo`).",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "With --cluster: the cluster's name (default tidings)." };
        var command = new Command("serve", "Serve the HTTP API and the web page on a store: POST /articles, GET /stories, /events, /metrics, /openapi.json.")
        {
            db, postgres, cluster, clusterId,
        };
        server.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(cluster) is { } redis)
            {
                if (parse.GetValue(postgres) is not { } clusterStore || parse.GetValue(db) is not null)
                {
                    BatchRunner.Report("serve", "--cluster serves the PostgreSQL store the cluster's feed writes: give --postgres, not --db");
                    return ExitCode.Usage;
                }
                List<string> arguments = ["serve", "--cluster", redis, "--postgres", clusterStore, "--max-request-bytes", parse.GetValue(server.MaxRequestBytes).ToString(System.Globalization.CultureInfo.InvariantCulture), "--urls", .. parse.GetValue(server.Urls)!];
                if (parse.GetValue(clusterId) is { } id)
                    arguments.AddRange(["--cluster-id", id]);
                if (parse.GetValue(server.ApiKey) is { } given)
                    arguments.AddRange(["--api-key", given]);
                return ClusterHost.Run(arguments);
            }
            if (parse.GetValue(db) is not null && parse.GetValue(postgres) is not null)
            {
                BatchRunner.Report("serve", "give --db or --postgres, not both");
                return ExitCode.Usage;
            }
            if (server.Read(parse, message => BatchRunner.Report("serve", message)) is not { } settings)
                return ExitCode.Usage;
            IStoreProvider store = parse.GetValue(postgres) is { } connection
                ? new Postgres.PostgresStoreProvider(connection)
                : new SqliteStoreProvider(parse.GetValue(db) ?? "tidings.db");
            var options = settings.On(store);
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
