using System.Diagnostics;

namespace Tidings.EndToEnd;

/// <summary>The result of one run of the real command.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built <c>tidings</c> command as a user would, in a child process.</summary>
public static class Tidings
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Seeds => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seeds"));

    public static string Samples => Path.Combine(RepositoryRoot, "samples");

    private static string Cli
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot, "src", "Tidings.Cli", "bin", configuration, "net10.0", "tidings.dll");
        }
    }

    public static CliRun RunWithInput(string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Cli);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static CliRun Run(params string[] args) => RunWithInput(null, args);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tidings.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tidings.slnx not found above " + AppContext.BaseDirectory);
    }
}
