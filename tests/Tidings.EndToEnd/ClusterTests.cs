using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Tidings.EndToEnd;

/// <summary>
/// The cluster as a user runs it: two <c>tidings-cluster silo</c> processes (Redis membership, a PostgreSQL store) and
/// <c>tidings serve --cluster</c> in front of them, fed GVA by POST while the silo running the feed is killed with -9.
/// </summary>
public sealed class ClusterTests
{
    private static string ClusterHost
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(Tidings.RepositoryRoot, "src", "Tidings.Cluster", "bin", configuration, "net10.0", "tidings-cluster.dll");
        }
    }

    [Fact]
    public async Task A_silo_killed_with_kill_9_mid_feed_loses_nothing_acknowledged_and_the_server_goes_on()
    {
        string redis = global::Tidings.Tests.Storage.RepositoryScripts.ServerFor("TIDINGS_REDIS", "redis.sh");
        using var database = new global::Tidings.Tests.Storage.PostgresServer().CreateDatabase();
        string cluster = "e2e-" + Guid.NewGuid().ToString("n");
        int port = 21000 + Random.Shared.Next(2000) * 4;
        // `tidings serve --cluster` hands the command to the cluster's program: the build's, here.
        Environment.SetEnvironmentVariable("TIDINGS_CLUSTER_HOST", ClusterHost);
        // Each silo names itself to PostgreSQL, so the test can tell which one holds the store's writer lock.
        var silos = new Dictionary<string, Process>
        {
            ["silo-a"] = StartSilo(redis, cluster, database.ConnectionString, "silo-a", port, port + 1),
            ["silo-b"] = StartSilo(redis, cluster, database.ConnectionString, "silo-b", port + 2, port + 3),
        };
        try
        {
            await using var server = await ServerProcess.StartAsync(["--cluster", redis, "--cluster-id", cluster, "--postgres", database.ConnectionString]);
            var records = File.ReadLines(Path.GetFullPath(Path.Combine(Tidings.RepositoryRoot, "..", "shared", "data", "events", "gva-dev.jsonl"))).Take(1200).ToList();
            var acknowledged = new List<string>();
            int next = 0;
            var feed = Task.Run(async () =>
            {
                while (next < records.Count)
                {
                    var batch = records.Skip(next).Take(20).ToList();
                    var (status, body) = await server.PostJsonl(batch);
                    Assert.True(status == 200, $"HTTP {status}: {body}");
                    acknowledged.AddRange(body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!));
                    next += batch.Count;
                }
            });
            while (acknowledged.Count < 200 && !feed.IsCompleted)
                await Task.Delay(50);
            string writer = WriterLockHolder(database.ConnectionString) ?? throw new InvalidOperationException("no silo holds the store's writer lock");
            Process.Start("kill", ["-9", silos[writer].Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.False(feed.IsCompleted, "the feed ended before the kill");
            await feed;   // the server's submissions go again to the silo the feed moved to

            await server.WaitSettled(TimeSpan.FromMinutes(3));
            Assert.Equal(silos.Keys.Single(name => name != writer), WriterLockHolder(database.ConnectionString));
            foreach (string id in acknowledged)
                Assert.Equal(200, (await server.Get("/articles/" + Uri.EscapeDataString(id))).Status);
            var (_, health) = await server.Get("/health");
            Assert.Equal(records.Count, health.GetProperty("articles").GetInt64());
            var (_, listing) = await server.Get("/stories?pageSize=1");
            Assert.True(listing.GetProperty("total").GetInt32() > 0);
        }
        finally
        {
            foreach (var silo in silos.Values)
            {
                if (!silo.HasExited)
                    silo.Kill(entireProcessTree: true);
                silo.Dispose();
            }
        }
    }

    private static Process StartSilo(string redis, string cluster, string connection, string name, int siloPort, int gatewayPort)
    {
        string named = new NpgsqlConnectionStringBuilder(connection) { ApplicationName = name }.ConnectionString;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { ClusterHost, "silo", "--cluster", redis, "--cluster-id", cluster, "--postgres", named,
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var said = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (said)
                said.AppendLine(e.Data);
            if (e.Data is null)
                started.TrySetException(new InvalidOperationException($"{name} exited: {said}"));
            else if (e.Data.Contains("Ctrl-C stops", StringComparison.Ordinal))
                started.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!started.Task.Wait(TimeSpan.FromSeconds(90)))
            throw new TimeoutException($"{name} did not start within 90 s: {said}");
        return process;
    }

    /// <summary>The silo (by the name it gave PostgreSQL) whose engine holds the store's writer lock, or null.</summary>
    private static string? WriterLockHolder(string connection)
    {
        using var conn = new NpgsqlConnection(connection);
        conn.Open();
        using var cmd = new NpgsqlCommand(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()",
            conn);
        return cmd.ExecuteScalar() as string;
    }
}
