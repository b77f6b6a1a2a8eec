using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>
/// Issue 14, "Never lose a batch": the real command on a folder that holds one hostile input next to a good article.
/// Each run ends within 10 s with exit status 0, keeps the good article, names the hostile input (and its line) on
/// exactly one line of standard error with a reason a user can act on, and never prints a stack trace.
/// </summary>
[Collection(HostileInputs.Collection)]
public sealed class HostileIngestTests : IDisposable
{
    private const string GoodArticle =
        "The Veldmark harbour authority reopened the northern quay on Monday after two weeks of repairs, its director said. "
        + "Ferries will resume their usual timetable from Tuesday, and crane crews return to the container terminal on Wednesday.";

    private const string OtherArticle =
        "Floods closed the valley road near Dunmore on Thursday after heavy rain swelled the river, police said. "
        + "Residents of the lower town were told to move their cars to higher ground before the evening.";

    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-hostile-").FullName;

    public HostileIngestTests() => Write("good.txt", GoodArticle);

    public void Dispose()
    {
        foreach (var dir in Directory.EnumerateDirectories(_folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            Chmod(dir, "755");
        Directory.Delete(_folder, recursive: true);
    }

    private string Write(string relative, byte[] bytes)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(data);
        return buffer.ToArray();
    }

    private static CliRun RunWithin(string[] wrapper, params string[] args) => Tidings.RunAs(wrapper, Tidings.HostileLimit, null, args);

    private static CliRun Run(params string[] args) => RunWithin([], args);

    /// <summary>Exit 0, no stack trace, and exactly one line of standard error about <paramref name="bad"/> (at <paramref name="line"/>), saying <paramref name="reason"/>.</summary>
    private static string AssertOneLineAbout(CliRun run, string bad, long? line, string reason)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}; stderr: {run.Stderr}");
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        string prefix = line is { } n ? $"tidings: {bad}:{n}: " : $"tidings: {bad}: ";
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(bad, StringComparison.Ordinal)).ToList();
        var about = Assert.Single(lines);
        Assert.StartsWith(prefix, about, StringComparison.Ordinal);
        Assert.Contains(reason, about, StringComparison.Ordinal);
        return about;
    }

    /// <summary>The ids of the articles in a <c>run --format json</c> output.</summary>
    private static List<string> RunIds(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("stories").EnumerateArray()
            .SelectMany(s => s.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The records of an <c>extract --format jsonl</c> output, by id.</summary>
    private static Dictionary<string, JsonElement> Extracted(CliRun run) => run.Stdout
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonDocument.Parse(l).RootElement)
        .ToDictionary(r => r.GetProperty("id").GetString()!, StringComparer.Ordinal);

    [Fact]
    public void A_lone_surrogate_escape_in_jsonl_is_a_warning_on_its_line_and_the_record_is_kept()
    {
        string feed = Write("feed.jsonl", $"{{\"id\": \"flood\", \"title\": \"Valley road closed\", \"text\": \"{OtherArticle} A cut emoji: \\ud83d.\"}}\n");
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, feed, 1, "warning: field \"text\" holds an escape that is not a character");
        Assert.Equal(["flood", "good"], RunIds(run));
    }

    [Fact]
    public void An_unreadable_subfolder_is_named_and_everything_else_is_read()
    {
        Write("locked/inside.txt", OtherArticle);
        string locked = Path.Combine(_folder, "locked");
        Chmod(locked, "000");
        // Root reads any folder; run the command without that privilege where it can be dropped.
        string[] prefix = Environment.UserName == "root" && File.Exists("/usr/bin/setpriv")
            ? ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]
            : [];
        bool denied = Probe(prefix, "ls", locked) != 0;
        var run = RunWithin(prefix, "run", _folder, "--format", "json");
        if (denied)
        {
            AssertOneLineAbout(run, locked, null, "cannot read folder: permission denied");
            Assert.Equal(["good"], RunIds(run));
        }
        else
        {
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(["good", "locked/inside"], RunIds(run));
        }
    }

    [Fact]
    public void Symbolic_link_loops_end_and_each_loop_is_named_once()
    {
        Write("loopdir/flood.txt", OtherArticle);
        Directory.CreateSymbolicLink(Path.Combine(_folder, "loopdir", "self"), "../loopdir");
        Directory.CreateDirectory(Path.Combine(_folder, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "sub", "up"), "..");
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, Path.Combine(_folder, "loopdir", "self"), null, "already read");
        AssertOneLineAbout(run, Path.Combine(_folder, "sub", "up"), null, "already read");
        Assert.Equal(["good", "loopdir/flood"], RunIds(run));
    }

    [Fact]
    public void A_named_pipe_in_a_folder_is_skipped_without_blocking()
    {
        string pipe = MakeFifo("pipe.txt");
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, pipe, null, "named pipe (FIFO), not a regular file");
        Assert.Equal(["good"], RunIds(run));
    }

    [Fact]
    public void A_named_pipe_given_directly_is_skipped_without_blocking()
    {
        string pipe = MakeFifo("direct.jsonl");
        var run = Run("run", pipe, Path.Combine(_folder, "good.txt"), "--format", "json");
        AssertOneLineAbout(run, pipe, null, "named pipe (FIFO), not a regular file");
        Assert.Equal(["good"], RunIds(run));
    }

    [Fact]
    public void A_gzip_bomb_is_refused_in_seconds()
    {
        // 10 GB of newlines in 10 MB: one gzip member of 16 MB of newlines, written 640 times.
        var member = Gzip(Enumerable.Repeat((byte)'\n', 16 * 1024 * 1024).ToArray());
        string bomb = Path.Combine(_folder, "bomb.jsonl.gz");
        using (var file = File.Create(bomb))
        {
            for (int i = 0; i < 640; i++)
                file.Write(member);
        }
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, bomb, null, "gzip bomb refused");
        Assert.Equal(["good"], RunIds(run));
    }

    public static TheoryData<string, string, string> DamagedGzip => new()
    {
        { "cut.txt.gz", "cut", "truncated gzip" },
        { "cut.html.gz", "cut", "truncated gzip" },
        { "damaged.txt.gz", "damaged", "corrupt gzip" },
        { "plain.txt.gz", "plain", "not gzip data" },
    };

    [Theory]
    [MemberData(nameof(DamagedGzip))]
    public void A_cut_or_damaged_gzip_article_is_named_and_never_half_read(string name, string damage, string reason)
    {
        string text = name.Contains(".html", StringComparison.Ordinal) ? $"<html><body><p>{OtherArticle}</p><p>{OtherArticle}</p></body></html>" : OtherArticle + " " + OtherArticle;
        var gz = Gzip(Encoding.UTF8.GetBytes(text));
        byte[] bytes = damage switch
        {
            "cut" => gz[..(gz.Length * 2 / 3)],
            "damaged" => [.. gz[..^6], (byte)(gz[^6] ^ 0x5A), .. gz[^5..]],
            _ => Encoding.UTF8.GetBytes(text),
        };
        string path = Write(name, bytes);
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, path, null, reason);
        Assert.Equal(["good"], RunIds(run));
    }

    [Fact]
    public void A_cut_jsonl_gz_names_the_cut_line_as_truncated_gzip_not_bad_json()
    {
        string minutes = string.Join(" ", Enumerable.Range(0, 300).Select(i => $"Item {i * 7919 % 1000} was read at {i % 24}:{i * 37 % 60:00}."));
        string jsonl = $"{{\"id\": \"flood\", \"text\": \"{OtherArticle}\"}}\n{{\"id\": \"minutes\", \"text\": \"{minutes}\"}}\n";
        var gz = Gzip(Encoding.UTF8.GetBytes(jsonl));
        var cut = gz[..(gz.Length - 30)];
        string path = Write("feed.jsonl.gz", cut);
        // The line the cut data ends in, as far as it decompresses.
        using var partial = new MemoryStream();
        new GZipStream(new MemoryStream(cut), CompressionMode.Decompress).CopyTo(partial);
        long cutLine = 1 + partial.ToArray().Count(b => b == '\n');
        Assert.Equal(2, cutLine);
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, path, cutLine, "truncated gzip");
        Assert.Equal(["flood", "good"], RunIds(run));
    }

    [Fact]
    public void Text_in_windows_1251_and_utf16_is_read_as_written()
    {
        const string russian = "Министр транспорта открыл новый контейнерный терминал в порту Велдмарк в понедельник, сообщили в администрации города.";
        Write("cyrillic.txt", CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes(russian));
        Write("wide.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(OtherArticle)]);
        var run = Run("extract", _folder, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("cyrillic", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wide", run.Stderr, StringComparison.Ordinal);
        var records = Extracted(run);
        Assert.Equal(russian, records["cyrillic"].GetProperty("text").GetString());
        Assert.Equal(OtherArticle, records["wide"].GetProperty("text").GetString());
        Assert.Contains("good", records.Keys);
    }

    [Fact]
    public void A_warc_record_with_a_wrong_length_is_named_by_line_and_later_records_are_read()
    {
        static byte[] Record(string uri, string body, int? declared = null)
        {
            byte[] payload = Encoding.UTF8.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>{body}</p></body></html>");
            return [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Length: {declared ?? payload.Length}\r\n\r\n"),
                    .. payload, .. "\r\n\r\n"u8.ToArray()];
        }
        var first = Record("https://valley.example/floods", OtherArticle);
        var bad = Record("https://valley.example/short", "A record whose length is wrong: " + OtherArticle, declared: 60);
        var third = Record("https://courier.example/ferries", "Ferry crews on the northern route voted on Friday to accept the new rota, the union said, ending a month of delays.");
        string warc = Write("crawl.warc", [.. first, .. bad, .. third]);
        var run = Run("extract", _folder, "--format", "jsonl");
        AssertOneLineAbout(run, warc, 1 + first.Count(b => b == '\n'), "Content-Length (60) does not match its block");
        var records = Extracted(run);
        Assert.Equal("https://valley.example/floods", records["crawl-1"].GetProperty("url").GetString());
        Assert.Equal("https://courier.example/ferries", records["crawl-3"].GetProperty("url").GetString());
        Assert.DoesNotContain("crawl-2", records.Keys);
    }

    [Fact]
    public void Feed_dates_are_read_and_an_unreadable_one_is_a_warning_on_its_line()
    {
        string feed = Write("feed.jsonl", string.Join('\n',
            $"{{\"id\": \"rfc\", \"published\": \"Tue, 19 Nov 2019 10:00:00 GMT\", \"text\": \"{OtherArticle}\"}}",
            $"{{\"id\": \"vague\", \"published\": \"last Tuesday\", \"text\": \"Ferry crews on the northern route voted on Friday to accept the new rota, the union said.\"}}",
            $"{{\"id\": \"unix\", \"published\": 1574157600, \"text\": \"The council approved the budget for the new library on Wednesday evening, the mayor said.\"}}") + "\n");
        var run = Run("extract", _folder, "--format", "jsonl");
        AssertOneLineAbout(run, feed, 2, "warning: \"published\" value 'last Tuesday' is not a date");
        var records = Extracted(run);
        Assert.Equal("2019-11-19T10:00:00Z", records["rfc"].GetProperty("published").GetString());
        Assert.Equal("input", records["rfc"].GetProperty("publishedFrom").GetString());
        Assert.Equal("2019-11-19T10:00:00Z", records["unix"].GetProperty("published").GetString());
        Assert.Contains("vague", records.Keys);
    }

    [Fact]
    public void A_number_as_article_text_is_rejected_on_its_line()
    {
        string feed = Write("feed.jsonl", $"{{\"id\": \"flood\", \"text\": \"{OtherArticle}\"}}\n{{\"id\": \"number\", \"text\": 12345}}\n");
        var run = Run("run", _folder, "--format", "json");
        AssertOneLineAbout(run, feed, 2, "field \"text\" must be a string holding the article, found a number");
        Assert.Equal(["flood", "good"], RunIds(run));
    }

    [Fact]
    public void A_site_mirror_keeps_every_index_page_and_warc_ids_do_not_depend_on_gzip()
    {
        Write("mirror/a/index.html", $"<html><head><title>Floods</title></head><body><p>{OtherArticle}</p></body></html>");
        Write("mirror/b/index.html", $"<html><head><title>Quay</title></head><body><p>{GoodArticle}</p></body></html>");
        var mirror = Run("extract", Path.Combine(_folder, "mirror"), "--format", "jsonl");
        Assert.Equal(0, mirror.ExitCode);
        Assert.Equal(["a/index", "b/index"], Extracted(mirror).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("", mirror.Stderr.Trim());

        byte[] payload = Encoding.UTF8.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>{OtherArticle}</p></body></html>");
        byte[] record = [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://valley.example/\r\nContent-Length: {payload.Length}\r\n\r\n"), .. payload, .. "\r\n\r\n"u8.ToArray()];
        string plain = Write("plain/crawl.warc", record), packed = Write("packed/crawl.warc.gz", Gzip(record));
        Assert.Equal(["crawl-1"], Extracted(Run("extract", plain, "--format", "jsonl")).Keys);
        Assert.Equal(["crawl-1"], Extracted(Run("extract", packed, "--format", "jsonl")).Keys);
    }

    private string MakeFifo(string name)
    {
        string path = Path.Combine(_folder, name);
        Assert.Equal(0, MakeFifo(path, Convert.ToUInt32("644", 8)));
        return path;
    }

    private static void Chmod(string path, string mode) => Assert.Equal(0, Probe([], "chmod", mode, path));

    /// <summary>Runs a small system command (after <paramref name="prefix"/>) and returns its exit status.</summary>
    private static int Probe(string[] prefix, params string[] command)
    {
        var all = prefix.Concat(command).ToList();
        var info = new ProcessStartInfo(all[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in all.Skip(1))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
