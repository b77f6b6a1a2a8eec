using System.Diagnostics;

namespace Tidings.EndToEnd;

/// <summary>The result of one run of the real command.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Wall-clock time of the whole process, start-up included, as a user waits for it.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>Runs the built <c>tidings</c> command as a user would, in a child process.</summary>
public static class Tidings
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Seeds => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seeds"));

    public static string Samples => Path.Combine(RepositoryRoot, "samples");

    /// <summary>
    /// An installed program to run instead of the build (<c>TIDINGS_CLI=~/.local/share/tidings/tidings</c>): the suite
    /// then checks the native program <c>./install.sh</c> made, which cannot describe anything by reflection.
    /// </summary>
    private static string? Installed { get; } = Environment.GetEnvironmentVariable("TIDINGS_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    private static string Cli
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot, "src", "Tidings.Cli", "bin", configuration, "net10.0", "tidings.dll");
        }
    }

    /// <summary>How long one run may take before the test fails: a hang is a bug, not a slow test.</summary>
    public static TimeSpan DefaultLimit { get; } = TimeSpan.FromMinutes(3);

    /// <summary>Issue 14: every hostile-input case finishes within 10 s on CI's machine, start-up included.</summary>
    public static TimeSpan HostileLimit { get; } = TimeSpan.FromSeconds(10);

    public static CliRun RunWithInput(string? stdin, params string[] args) => RunWithin(DefaultLimit, stdin, args);

    /// <summary>Runs the command and kills it (failing the test) when it takes longer than <paramref name="limit"/>.</summary>
    public static CliRun RunWithin(TimeSpan limit, string? stdin, params string[] args) => RunAs([], limit, stdin, args);

    /// <summary>
    /// <see cref="RunWithin"/> through a program that runs the command, such as <c>setpriv</c> to drop root's rights;
    /// <paramref name="wrapper"/> is that program and its arguments, empty to run the command directly.
    /// </summary>
    public static CliRun RunAs(string[] wrapper, TimeSpan limit, string? stdin, params string[] args) =>
        Wait(StartInfo(wrapper, args, redirectInput: true), limit, stdin, $"tidings {string.Join(' ', args)}");

    /// <summary>Runs another program (an installed <c>tidings</c>, <c>install.sh</c>) under the same limit.</summary>
    public static CliRun RunProgram(string program, TimeSpan limit, params string[] args)
        => Wait(ProgramInfo([program, .. args], redirectInput: true), limit, stdin: null, $"{program} {string.Join(' ', args)}");

    private static CliRun Wait(ProcessStartInfo info, TimeSpan limit, string? stdin, string what)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{what} did not finish within {limit.TotalSeconds:0} s; stderr so far: {Tail(stderr.Result)}");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result) { Elapsed = clock.Elapsed };
    }

    public static CliRun Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Starts the command without waiting, for tests that run two at once or kill one mid-run.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo([], args, redirectInput: false))!;

    /// <summary>Starts the command with standard input open, for tests that feed it as it runs.</summary>
    public static Process StartWithInput(params string[] args) => Process.Start(StartInfo([], args, redirectInput: true))!;

    /// <summary>The command line: the wrapper, then the installed program or <c>dotnet</c> on the build, then the arguments.</summary>
    private static ProcessStartInfo StartInfo(string[] wrapper, string[] args, bool redirectInput) =>
        ProgramInfo([.. wrapper, .. Installed is { } installed ? [installed] : new[] { "dotnet", Cli }, .. args], redirectInput);

    private static ProcessStartInfo ProgramInfo(string[] commandLine, bool redirectInput)
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in commandLine.Skip(1))
            info.ArgumentList.Add(a);
        return info;
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tidings.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Tidings.slnx not found above " + AppContext.BaseDirectory);
    }
}
