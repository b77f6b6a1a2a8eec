using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>
/// Issue 14's crashes and contract breaks in the stages after reading, and in the command line itself, each run through
/// the real CLI beside a good article: the good one is kept, the run ends within the hostile-input limit, and nothing
/// reaches the user as a stack trace.
/// </summary>
[Collection(HostileInputs.Collection)]
public sealed class HostileCliTests : IDisposable
{
    private static readonly TimeSpan HostileLimit = Tidings.HostileLimit;

    internal const string GoodArticle = "The Veldmark council approved the harbour budget on Monday after a long debate about dredging costs. " +
        "Councillors said the port's new ferry berth would open in the spring, and the mayor promised a public meeting on fees.";

    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-hostile-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    internal static void AssertNoCrash(CliRun run)
    {
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Elapsed < HostileLimit, $"took {run.Elapsed.TotalSeconds:0.0} s");
    }

    private static string Jsonl(params object[] records) => string.Join("\n", records.Select(r => JsonSerializer.Serialize(r))) + "\n";

    [Theory]
    [InlineData("— — — … !!! ???")]
    [InlineData("🙂🙂🙂 🎉")]
    [InlineData("\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD")]
    public void Articles_without_a_single_word_do_not_stop_run_or_dedup(string text)
    {
        string input = Write("feed.jsonl", Jsonl(new { id = "wordless", text }, new { id = "good", text = GoodArticle }));
        foreach (string command in new[] { "run", "dedup" })
        {
            var run = Tidings.RunWithin(HostileLimit, null, command, input, "--format", command == "run" ? "json" : "jsonl");
            AssertNoCrash(run);
            Assert.Equal(0, run.ExitCode);
            if (command == "run")
                Assert.Contains("\"good\"", run.Stdout, StringComparison.Ordinal);
        }
    }

    /// <summary>Issue 14's digest: one article quoting more earlier articles than the copy detector's candidate table
    /// first held (512) made it index past its end. Own made-up prose, 520 paragraphs and one digest of them all.</summary>
    [Fact]
    public void A_digest_quoting_hundreds_of_articles_is_found_as_their_partial_copy()
    {
        var random = new Random(5);
        string Word() => new(Enumerable.Range(0, random.Next(3, 9)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
        // Three sentences of 14 words: just over a partial copy's minimum of three sentences and 40 words.
        string Sentence() => "X" + string.Join(' ', Enumerable.Range(0, 14).Select(_ => Word())) + ".";
        var paragraphs = Enumerable.Range(0, 520).Select(_ => string.Join(' ', Enumerable.Range(0, 3).Select(_ => Sentence()))).ToList();
        var records = paragraphs.Select((p, i) => (object)new { id = $"p{i:000}", text = p, published = "2017-01-01" })
            .Append(new { id = "digest", text = string.Join("\n\n", paragraphs), published = "2017-01-02" });
        string input = Write("digest.jsonl", Jsonl([.. records]));
        var run = Tidings.RunWithin(HostileLimit, null, "dedup", input, "--format", "jsonl");
        AssertNoCrash(run);
        Assert.Equal(0, run.ExitCode);
        var relations = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(relations);
        Assert.All(relations, r => Assert.Equal("partial-copy", r.GetProperty("relation").GetString()));
    }

    [Fact]
    public void Terminal_controls_in_titles_texts_ids_and_file_names_are_escaped_in_text_output()
    {
        const string Hostile = "\u001b]0;pwned\u0007\u001b[2J\b\0\u009b31m\u202e";
        Write("feed.jsonl", Jsonl(new { id = "ctl" + Hostile, title = "Title " + Hostile + new string('x', 5_000_000), text = GoodArticle + " " + Hostile }));
        Write("bad" + "\u001b[31m" + ".txt", "");
        foreach (var args in new[] { new[] { "run", _folder }, ["extract", _folder], ["dedup", _folder] })
        {
            var run = Tidings.RunWithin(HostileLimit, null, args);
            AssertNoCrash(run);
            Assert.Equal(0, run.ExitCode);
            foreach (char c in "\u001b\u0007\b\0\u009b\u202e")
            {
                Assert.DoesNotContain(c, run.Stdout);
                Assert.DoesNotContain(c, run.Stderr);
            }
            Assert.True(run.Stdout.Length < 200_000, $"{args[0]} printed {run.Stdout.Length} characters for one article");
        }
    }

    [Theory]
    [InlineData("--fromat", "json")]
    [InlineData("--dbb", "x.db")]
    [InlineData("-x")]
    public void Misspelled_options_are_usage_errors_not_inputs(params string[] extra)
    {
        var run = Tidings.RunWithin(HostileLimit, null, ["run", Tidings.Samples, .. extra]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"unknown option '{extra[0]}'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_file_whose_name_starts_with_a_dash_is_read_when_named_by_its_path()
    {
        string path = Write("-brief.txt", GoodArticle);
        var run = Tidings.RunWithin(HostileLimit, null, "extract", path, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("dredging", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_article_twice_is_kept_once_and_the_user_is_told()
    {
        string input = Write("feed.jsonl", Jsonl(new { id = "brief", text = GoodArticle }, new { id = "brief", text = GoodArticle }));
        var run = Tidings.RunWithin(HostileLimit, null, "extract", input, "--format", "jsonl");
        AssertNoCrash(run);
        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"tidings: {input}:2: warning: same article as {input}:1 (id 'brief'): kept once", run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Tidings.RunWithin(HostileLimit, null, "run", input, "--format", "json").Stdout);
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal(2, warning.GetProperty("line").GetInt64());
        Assert.Contains("kept once", warning.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }
}
