using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Tidings.EndToEnd;

/// <summary>
/// Issue 14's store cases through the real CLI: a bad <c>--db</c> is named before any input is read and leaves no empty
/// database behind; two writers at once lose no update; a killed run loses no stored article; a changed article is
/// stored, not ignored.
/// </summary>
[Collection(HostileInputs.Collection)]
public sealed class HostileStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-hostile-store-").FullName;

    public void Dispose()
    {
        Run("chattr", "-R", "-i", _folder);
        Directory.Delete(_folder, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static int Run(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args)
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;   // the program is not installed
        }
    }

    private static CliRun Tidings_(params string[] args) => Tidings.RunWithin(Tidings.HostileLimit, null, args);

    private static void AssertRefusedBeforeReading(CliRun run, string path, string reason)
    {
        HostileCliTests.AssertNoCrash(run);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"tidings: {path}: {reason}", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_folder_a_missing_folder_and_a_text_file_are_named_and_refused_before_any_input_is_read()
    {
        AssertRefusedBeforeReading(Tidings_("run", Tidings.Samples, "--db", _folder), _folder, "is a folder");
        string missing = PathOf("no/such/folder/x.db");
        AssertRefusedBeforeReading(Tidings_("run", Tidings.Samples, "--db", missing), missing, "folder");
        Assert.False(File.Exists(missing));
        string text = PathOf("notes.txt");
        File.WriteAllText(text, "shopping list: bread, milk\n");
        AssertRefusedBeforeReading(Tidings_("run", Tidings.Samples, "--db", text), text, "not an SQLite database");
        Assert.Equal("shopping list: bread, milk\n", File.ReadAllText(text));
        string foreign = PathOf("other-app.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=false"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE contacts (name TEXT)";
            cmd.ExecuteNonQuery();
        }
        var readForeign = Tidings_("stories", "--db", foreign);
        Assert.Equal(2, readForeign.ExitCode);
        Assert.Contains("not one Tidings wrote", readForeign.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A read-only store, made so that even root cannot write it: an immutable file where the file system
    /// allows it (chattr +i), else plain permissions for a non-root user.</summary>
    [Fact]
    public void A_read_only_store_is_refused_by_a_writer_and_still_read_by_stories()
    {
        string db = PathOf("readonly.db");
        Assert.Equal(0, Tidings_("run", Tidings.Samples, "--db", db).ExitCode);
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Run("chattr", "+i", db);
        bool writable;
        try
        {
            using (File.OpenWrite(db))
                writable = true;
        }
        catch (UnauthorizedAccessException)
        {
            writable = false;
        }
        if (writable)
            return;   // neither permissions nor the immutable flag bind here (root on a file system without chattr)
        var run = Tidings_("run", Tidings.Samples, "--db", db);
        HostileCliTests.AssertNoCrash(run);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"tidings: {db}:", run.Stderr, StringComparison.Ordinal);
        Assert.Matches("read-only|cannot be opened", run.Stderr);
        Assert.Equal(0, Tidings_("stories", "--db", db).ExitCode);
    }

    /// <summary>A full disk, made real with a 160 KB tmpfs where the test may mount one (root with CAP_SYS_ADMIN).</summary>
    [Fact]
    public void A_full_disk_is_named_and_nothing_half_written_is_kept()
    {
        string mount = PathOf("tiny");
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", mount) != 0)
            return;   // no mount here: the full-disk path stays covered by the SQLite error mapping alone
        try
        {
            string db = Path.Combine(mount, "full.db");
            var run = Tidings_("run", Tidings.Samples, Tidings.Seeds, "--db", db);
            HostileCliTests.AssertNoCrash(run);
            Assert.Contains($"tidings: {db}: disk full", run.Stderr, StringComparison.Ordinal);
            Assert.True(run.ExitCode is 1 or 3, $"exit {run.ExitCode}");
            if (File.Exists(db))
            {
                // An empty store that was opened is fine; a store holding half the run is not.
                var stories = Tidings_("stories", "--db", db);
                Assert.Equal(0, stories.ExitCode);
                Assert.Contains("0 stories from 0 articles", stories.Stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [Fact]
    public async Task Two_runs_writing_one_store_at_once_both_land()
    {
        string db = PathOf("shared.db");
        using var first = Tidings.Start("run", Tidings.Samples, "--db", db, "--format", "json");
        using var second = Tidings.Start("run", Tidings.Seeds, "--db", db, "--format", "json");
        var outputs = new[] { first, second }.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(2)) && second.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.True(first.ExitCode == 0, $"first run: exit {first.ExitCode}\n{await outputs[0].Err}");
        Assert.True(second.ExitCode == 0, $"second run: exit {second.ExitCode}\n{await outputs[1].Err}");
        int samples = Directory.GetFiles(Tidings.Samples).Sum(f => f.EndsWith(".jsonl", StringComparison.Ordinal) ? File.ReadAllLines(f).Count(l => l.Trim().Length > 0) : 1);
        int seeds = Directory.GetFiles(Tidings.Seeds).Length;
        var listed = Tidings_("stories", "--db", db);
        Assert.Contains($"from {samples + seeds} articles", listed.Stdout, StringComparison.Ordinal);
    }

    /// <summary>kill -9 at several moments of a run that adds to a store: every article stored before stays, and the
    /// store opens and lists its stories afterwards.</summary>
    [Fact]
    public void A_run_killed_at_any_moment_loses_no_stored_article()
    {
        string db = PathOf("killed.db");
        Assert.Equal(0, Tidings_("run", Tidings.Samples, "--db", db).ExitCode);
        string before = Tidings_("stories", "--db", db).Stdout;
        foreach (int afterMs in new[] { 300, 900, 1600, 2500, 4000 })
        {
            using var run = Tidings.Start("run", Tidings.Seeds, "--db", db);
            Thread.Sleep(afterMs);
            if (!run.HasExited)
                run.Kill();
            run.WaitForExit();
            var listed = Tidings_("stories", "--db", db);
            Assert.Equal(0, listed.ExitCode);
            int articles = int.Parse(System.Text.RegularExpressions.Regex.Match(listed.Stdout, @"from (\d+) articles").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(articles >= 7, $"after a kill at {afterMs} ms the store lists {articles} articles:\n{listed.Stdout}");
        }
        Assert.Contains("from 7 articles", before, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_article_replaces_its_stored_version_and_the_user_is_told()
    {
        string input = PathOf("brief.txt");
        string db = PathOf("changes.db");
        File.WriteAllText(input, HostileCliTests.GoodArticle);
        Assert.Equal(0, Tidings_("run", input, "--db", db).ExitCode);
        File.WriteAllText(input, HostileCliTests.GoodArticle.Replace("Monday", "Tuesday", StringComparison.Ordinal));
        var second = Tidings_("run", input, "--db", db, "--format", "json");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("changed since it was stored", second.Stderr, StringComparison.Ordinal);
        var story = Tidings_("stories", "--db", db);
        Assert.Contains("Tuesday", story.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Monday", story.Stdout, StringComparison.Ordinal);
        Assert.Contains("from 1 articles", story.Stdout, StringComparison.Ordinal);
        var third = Tidings_("run", input, "--db", db);
        Assert.DoesNotContain("changed since", third.Stderr, StringComparison.Ordinal);
    }
}
