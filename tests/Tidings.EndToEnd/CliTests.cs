using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>The command-line contract on the repository's own samples and on bad input.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Run_on_samples_groups_the_terminal_reports_and_links_the_later_opening()
    {
        var run = Tidings.Run("run", Tidings.Samples, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var stories = json.RootElement.GetProperty("stories").EnumerateArray().ToList();
        var byArticle = stories.SelectMany(s => s.GetProperty("articles").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!, Story: s.GetProperty("id").GetString()!)))
            .ToDictionary(x => x.Id, x => x.Story);
        Assert.Equal(byArticle["veldmark-courier-terminal"], byArticle["harbour-digest-terminal-copy"]);
        Assert.Equal(byArticle["veldmark-courier-terminal"], byArticle["newsroute-terminal-rewrite"]);
        Assert.Equal(byArticle["veldmark-courier-terminal"], byArticle["nordwire-terminal-2024"]);
        Assert.Equal(byArticle["nordwire-floods-2024"], byArticle["valley-post-floods-2024"]);
        Assert.NotEqual(byArticle["veldmark-courier-terminal"], byArticle["nordwire-terminal-2026"]);
        Assert.NotEqual(byArticle["veldmark-courier-terminal"], byArticle["nordwire-floods-2024"]);
        var later = stories.Single(s => s.GetProperty("id").GetString() == byArticle["nordwire-terminal-2026"]);
        Assert.Contains(later.GetProperty("related").EnumerateArray(), l => l.GetProperty("story").GetString() == byArticle["veldmark-courier-terminal"] && l.GetProperty("relation").GetString() == "recurs");
    }

    [Fact]
    public void With_meaning_a_sentence_about_the_same_thing_that_says_something_else_is_no_second_witness()
    {
        string feed = Write("bridge.jsonl", Encoding.UTF8.GetBytes(
            """
            {"id": "courier-bridge", "source": "Veldmark Courier", "title": "New Harbour Bridge to open in June", "published": "2026-03-02", "text": "The mayor said the new harbour bridge over the Veld estuary would open to traffic in June.\n\nThe bridge cost 140 million euros and took four years to build.\n\nIt carries two lanes each way and a cycle path."}
            {"id": "nordwire-bridge", "source": "Nordwire", "title": "Veldmark's new Harbour Bridge opens in June", "published": "2026-03-02", "text": "Engineers found cracks in the new harbour bridge over the Veld estuary during an inspection in June.\n\nThe 140 million euro bridge took four years to build, officials said.\n\nTraffic on the old ferry route is expected to fall by half."}

            """));
        List<string> Corroborated(params string[] options)
        {
            var run = Tidings.Run(["run", feed, "--format", "json", .. options]);
            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.Stdout);
            var story = Assert.Single(json.RootElement.GetProperty("stories").EnumerateArray());
            return [.. story.GetProperty("facts").EnumerateArray().Where(f => f.GetProperty("corroborated").GetBoolean()).Select(f => f.GetProperty("text").GetString()!)];
        }

        // Words alone: the mayor's opening date and the engineers' cracks share six words and pass for one statement.
        Assert.Contains(Corroborated(), f => f.StartsWith("The mayor said", StringComparison.Ordinal));
        var withMeaning = Corroborated("--meaning");
        Assert.DoesNotContain(withMeaning, f => f.StartsWith("The mayor said", StringComparison.Ordinal));
        Assert.Contains(withMeaning, f => f.StartsWith("The bridge cost 140 million euros", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_output_shows_a_table_per_story()
    {
        var run = Tidings.Run("run", Tidings.Samples);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Transport minister opens Veldmark's new container terminal", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 stories from 7 articles", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_are_reported_by_name_and_the_rest_is_processed()
    {
        string empty = Write("empty.txt", []);
        string binary = Write("image.txt", [0xFF, 0xD8, 0xFF, 0x00, 0x10, 0x4A, 0x46]);
        // UTF-8 with a Latin-1 byte in it: damaged UTF-8 (wholly Latin-1 text is recognised and read).
        string invalid = Write("latin1.txt", [.. Encoding.UTF8.GetBytes("Line one: caf\u00e9.\n"), .. Encoding.Latin1.GetBytes("Caf\u00e9 society reopened on Monday.")]);
        string jsonl = Write("feed.jsonl", Encoding.UTF8.GetBytes("{broken\n{\"id\": \"no-text\"}\n{\"id\": \"ok\", \"text\": \"The harbour reopened on Monday after a week of storms, the port authority said.\"}\n"));
        string missing = Path.Combine(_folder, "nowhere");
        var run = Tidings.Run("run", empty, binary, invalid, jsonl, missing, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{empty}: empty file", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{binary}: binary content", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{invalid}: invalid UTF-8 at line 2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{jsonl}:1: not valid JSON", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{jsonl}:2: record has neither", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{missing}: no such file or folder", run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(6, json.RootElement.GetProperty("rejected").GetArrayLength());
        Assert.Equal("ok", json.RootElement.GetProperty("stories")[0].GetProperty("articles")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void A_50_megabyte_text_file_is_refused_clearly()
    {
        string huge = Path.Combine(_folder, "huge.txt");
        using (var f = File.Create(huge))
        {
            var line = Encoding.ASCII.GetBytes("The council met again and talked about the bridge for a long time.\n");
            while (f.Length < 50L * 1024 * 1024)
                f.Write(line);
        }
        var run = Tidings.Run("extract", huge);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{huge}: larger than the 10 MB limit", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_readable_exits_2_and_a_usage_error_exits_1()
    {
        Assert.Equal(2, Tidings.Run("run", Path.Combine(_folder, "nowhere")).ExitCode);
        Assert.Equal(1, Tidings.Run("run", Tidings.Samples, "--format", "yaml").ExitCode);
        Assert.Equal(1, Tidings.Run("frobnicate").ExitCode);
    }

    [Fact]
    public void Standard_input_and_gzip_are_read()
    {
        string gz = Path.Combine(_folder, "packed.jsonl.gz");
        using (var stream = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
            stream.Write(Encoding.UTF8.GetBytes("{\"id\": \"gz-1\", \"text\": \"Floods closed the valley road on Thursday, police said.\"}\n"));
        var run = Tidings.RunWithInput("{\"id\": \"stdin-1\", \"text\": \"A fire destroyed the old mill in Dunmore overnight, firefighters said.\"}\n", "extract", "-", gz, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"id\":\"stdin-1\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"gz-1\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_keeps_stories_and_the_same_article_twice_is_stored_once()
    {
        string db = Path.Combine(_folder, "tidings.db");
        var first = Tidings.Run("run", Tidings.Samples, "--db", db, "--format", "json");
        var second = Tidings.Run("run", Tidings.Samples, "--db", db, "--format", "json");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        var listed = Tidings.Run("stories", "--db", db);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("3 stories from 7 articles", listed.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(first.Stdout);
        string id = json.RootElement.GetProperty("stories")[0].GetProperty("id").GetString()!;
        var story = Tidings.Run("story", id, "--db", db);
        Assert.Equal(0, story.ExitCode);
        // The 2026 terminal opening recurs the 2024 one: its storyline, found by its id, lists both, the later following the earlier.
        var stories = json.RootElement.GetProperty("stories").EnumerateArray().ToList();
        string StoryOf(string article) => stories.Single(s => s.GetProperty("articles").EnumerateArray().Any(a => a.GetProperty("id").GetString() == article)).GetProperty("id").GetString()!;
        var storyline = Tidings.Run("storyline", StoryOf("nordwire-terminal-2026"), "--db", db);
        Assert.Equal(0, storyline.ExitCode);
        Assert.Contains("2 event(s)", storyline.Stdout, StringComparison.Ordinal);
        Assert.Contains("recurs", storyline.Stdout, StringComparison.Ordinal);
        Assert.True(storyline.Stdout.IndexOf(StoryOf("veldmark-courier-terminal"), StringComparison.Ordinal) < storyline.Stdout.IndexOf(StoryOf("nordwire-terminal-2026"), StringComparison.Ordinal));
        Assert.Equal(2, Tidings.Run("storyline", "no-such-story", "--db", db).ExitCode);
        Assert.Contains(id, story.Stdout, StringComparison.Ordinal);
        // Read back from the store, the story still says what its articles state.
        Assert.Contains("Summary", story.Stdout, StringComparison.Ordinal);
        Assert.Contains("Entities", story.Stdout, StringComparison.Ordinal);
        var stored = json.RootElement.GetProperty("stories")[0];
        foreach (var fact in stored.GetProperty("facts").EnumerateArray())
            Assert.Contains(fact.GetProperty("text").GetString()![..20], story.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_clusters_prints_pairwise_and_bcubed_scores()
    {
        string gold = Write("gold.jsonl", Encoding.UTF8.GetBytes(string.Join('\n',
            "{\"id\": \"nordwire-floods-2024\", \"event\": \"floods\"}",
            "{\"id\": \"valley-post-floods-2024\", \"event\": \"floods\"}",
            "{\"id\": \"nordwire-terminal-2024\", \"event\": \"terminal\"}")));
        var run = Tidings.Run("eval", "clusters", "--gold", gold, Tidings.Samples);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pairwise  P 1.000  R 1.000  F1 1.000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("b-cubed", run.Stdout, StringComparison.Ordinal);

        var traced = Tidings.Run("eval", "clusters", "--gold", gold, "--level", "event", "--trace", "valley-post-floods-2024", "--shuffle-within-day", "3", Tidings.Samples);
        Assert.Equal(0, traced.ExitCode);
        Assert.Contains("(level event)", traced.Stdout, StringComparison.Ordinal);
        Assert.Contains("trace valley-post-floods-2024 (gold floods", traced.Stdout, StringComparison.Ordinal);
        Assert.Contains("  -> event ", traced.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_storylines_scores_pairs_across_a_storylines_events_against_chance_from_gzipped_topics()
    {
        var topics = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(topics, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n',
                "{\"id\": \"nordwire-terminal-2024\", \"topics\": [\"ship\", \"trade\"]}",
                "{\"id\": \"nordwire-terminal-2026\", \"topics\": [\"ship\"]}",
                "{\"id\": \"nordwire-floods-2024\", \"topics\": [\"weather\"]}",
                "{\"id\": \"valley-post-floods-2024\", \"topics\": 3}",
                "[\"not\", \"a record\"]")));
        }
        string codes = Write("topics.jsonl.gz", topics.ToArray());
        var run = Tidings.Run("eval", "storylines", "--topics", codes, Tidings.Samples);
        Assert.Equal(0, run.ExitCode);
        // The two terminal openings, two years apart, are one storyline of two events, and share "ship"; of the three
        // pairs of coded articles, only theirs shares a topic.
        Assert.Contains("articles with topics 3  storylines of two events or more 1  pairs across their events 1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("topic in common  pairs 1.000  storylines (mean) 1.000  chance 0.333", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 events  2 articles  1.000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("topics.jsonl.gz:4: \"topics\" is not an array of strings", run.Stderr, StringComparison.Ordinal);

        var none = Tidings.Run("eval", "storylines", "--topics", Write("no-topics.jsonl", Encoding.UTF8.GetBytes("{\"id\": \"x\"}")), Tidings.Samples);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("no-topics.jsonl: no records with \"id\" and \"topics\"", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_copies_skips_a_gold_line_that_is_no_record_and_scores_the_rest()
    {
        string gold = Write("copy-gold.jsonl", Encoding.UTF8.GetBytes(string.Join('\n',
            "[\"not\", \"a record\"]",
            "{\"id\": \"nordwire-floods-2024\", \"origins\": [\"floods\"]}")));
        var run = Tidings.Run("eval", "copies", "--gold", gold, Tidings.Samples);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("rewrite ", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_facts_lists_unjudged_pairs_then_scores_the_judged_ones()
    {
        string empty = Write("no-judgements.jsonl", []);
        string unjudged = Path.Combine(Path.GetDirectoryName(empty)!, "unjudged.jsonl");
        var first = Tidings.Run("eval", "facts", "--gold", empty, "--unjudged", unjudged, Tidings.Samples);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("judged 0", first.Stdout, StringComparison.Ordinal);
        var pairs = File.ReadAllLines(unjudged);
        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.Contains("\"same\":null", p, StringComparison.Ordinal));

        // A person judges every pair the same; a line that is no judgement is named and skipped.
        var judged = pairs.Select(p => p.Replace("\"same\":null", "\"same\":true", StringComparison.Ordinal)).Append("{\"fact\": 3}");
        string gold = Write("judgements.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', judged)));
        var second = Tidings.Run("eval", "facts", "--gold", gold, Tidings.Samples);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("precision 1.000", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 pairs unjudged", second.Stdout, StringComparison.Ordinal);
        Assert.Contains($"judgements.jsonl:{pairs.Length + 1}: needs", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("facts counting one outlet twice 0", second.Stdout, StringComparison.Ordinal);

        // Judged the other way, the first pair is written back as what the grouping got wrong.
        string refutedGold = Write("refuting.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', pairs.Select((p, i) => p.Replace("\"same\":null", i == 0 ? "\"same\":false" : "\"same\":true", StringComparison.Ordinal)))));
        string refuted = Path.Combine(Path.GetDirectoryName(empty)!, "refuted.jsonl");
        var third = Tidings.Run("eval", "facts", "--gold", refutedGold, "--refuted", refuted, Tidings.Samples);
        Assert.Equal(0, third.ExitCode);
        Assert.DoesNotContain("precision 1.000", third.Stdout, StringComparison.Ordinal);
        Assert.Equal([pairs[0].Replace("\"same\":null", "\"same\":false", StringComparison.Ordinal)], File.ReadAllLines(refuted));
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in new[] { "run", "extract", "dedup", "stories", "story", "storyline", "eval" })
        {
            var run = Tidings.Run(command, "--help");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        }
    }
}
