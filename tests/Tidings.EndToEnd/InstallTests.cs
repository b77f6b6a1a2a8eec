namespace Tidings.EndToEnd;

/// <summary>
/// The program <c>./install.sh</c> makes is compiled to native code, where nothing can be described by reflection or
/// generated as it runs: a record the build prints fine could fail there only. So the test installs it as a user does
/// and gives it the same work as the build. It publishes for a minute or two on both cores, so it runs alone, after
/// the other end-to-end tests.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
[Collection(Collection)]
public sealed class InstallTests : IDisposable
{
    public const string Collection = "install";

    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-install-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_installed_program_gives_what_the_build_gives()
    {
        string target = Path.Combine(_folder, "cli");
        var install = Tidings.RunProgram("bash", TimeSpan.FromMinutes(10), Path.Combine(Tidings.RepositoryRoot, "install.sh"), target);
        string log = install.Stdout + install.Stderr;
        Assert.True(install.ExitCode == 0, log);
        if (OnPath("clang") || OnPath("gcc"))
            Assert.Contains("compiled to: native code", log, StringComparison.Ordinal);
        string installed = Path.Combine(target, "tidings");

        string db = Path.Combine(_folder, "native.db"), builtDb = Path.Combine(_folder, "built.db");
        string[][] work =
        [
            ["run", Tidings.Samples, "--format", "json"],
            ["run", Tidings.Samples, "--format", "jsonl"],
            // The sentence encoder runs on ONNX Runtime through a library of its own: native code must carry both.
            ["run", Tidings.Samples, "--meaning", "--format", "json"],
            ["extract", Tidings.Samples, "--format", "jsonl"],
            ["dedup", Tidings.Samples, "--format", "jsonl"],
            // Once to write the store, once more to read every stored article and story back.
            ["run", Tidings.Samples, "--db", "{db}", "--format", "json"],
            ["run", Path.Combine(Tidings.Samples, "wire-feed.jsonl"), "--db", "{db}", "--format", "json"],
        ];
        foreach (var args in work)
        {
            var native = Tidings.RunProgram(installed, Tidings.DefaultLimit, [.. args.Select(a => a == "{db}" ? db : a)]);
            var built = Tidings.Run([.. args.Select(a => a == "{db}" ? builtDb : a)]);
            string what = string.Join(' ', args);
            Assert.True(native.ExitCode == 0, $"{what}: {native.Stderr}");
            Assert.Equal(built.ExitCode, native.ExitCode);
            Assert.NotEmpty(native.Stdout);
            Assert.True(built.Stdout == native.Stdout, $"{what}: the installed program printed other output than the build");
        }

        // The cluster's hosts are a program of their own beside it: `tidings silo` reaches it, which asks for its store.
        var silo = Tidings.RunProgram(installed, Tidings.DefaultLimit, "silo", "--cluster-id", "install-test");
        Assert.Equal(1, silo.ExitCode);
        Assert.Contains("--postgres", silo.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("is not installed", silo.Stderr, StringComparison.Ordinal);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));
}
