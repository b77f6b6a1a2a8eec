using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tidings.Cli;

/// <summary>
/// <c>tidings silo</c> and <c>tidings serve --cluster</c>: run by <c>tidings-cluster</c> (<c>src/Tidings.Cluster</c>),
/// which <c>./install.sh</c> puts in a <c>cluster</c> folder beside this program. Orleans cannot be compiled ahead of time
/// to native code as this program is, so the cluster's hosts are a program of their own on the .NET runtime, and this
/// one hands the command to it.
/// </summary>
internal static class ClusterHost
{
    /// <summary>Names the cluster host to run instead of the one beside this program (an executable, or a .dll run by <c>dotnet</c>).</summary>
    public const string Variable = "TIDINGS_CLUSTER_HOST";

    public static Command CreateSilo()
    {
        var command = new Command("silo", "Run a silo of a Tidings cluster (Orleans; Redis for membership, PostgreSQL for the feed's store) until Ctrl-C. "
            + "Options: --postgres CONN (required), --cluster HOST:PORT (Redis, default localhost:6379), --cluster-id NAME, --address IP, --silo-port N, --gateway-port N, "
            + "--copy-index-shards N, --event-index-shards N (default 8 each; 0 keeps the index in the feed's engine), "
            + "--live-event-shards N (default 8; 0 keeps the live events in the feed's engine), --held-live-events N (default 2,000), --stories-in-engine, "
            + "--kept-word-sequences N (default 2,048; copies of older articles are verified by their article grains), --verify-in-engine.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse => Run(["silo", .. parse.UnmatchedTokens]));
        return command;
    }

    /// <summary>Runs <c>tidings-cluster</c> with <paramref name="arguments"/>, its output this program's, and returns its exit status.</summary>
    public static int Run(IReadOnlyList<string> arguments)
    {
        if (Find() is not { } host)
        {
            BatchRunner.Report("cluster", $"tidings-cluster is not installed beside this program ({Path.Combine(AppContext.BaseDirectory, "cluster")}): "
                + $"./install.sh installs it, {Variable} names another, and from a source checkout `dotnet run --project src/Tidings.Cluster -- {arguments[0]} ...` runs it");
            return ExitCode.Usage;
        }
        var start = host.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ProcessStartInfo("dotnet", [host, .. arguments]) : new ProcessStartInfo(host, arguments);
        start.UseShellExecute = false;
        using var process = Process.Start(start);
        if (process is null)
        {
            BatchRunner.Report(host, "could not be started");
            return ExitCode.Usage;
        }
        // Ctrl-C reaches both programs (one process group): this one waits for the host to stop. SIGTERM is passed on.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        });
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string? Find()
    {
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable(Variable),
            Path.Combine(AppContext.BaseDirectory, "cluster", "tidings-cluster"),
            Path.Combine(AppContext.BaseDirectory, "cluster", "tidings-cluster.dll"),
        ];
        return candidates.FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));
    }
}
