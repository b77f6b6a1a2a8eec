using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>The foundation issue's expectations on the five real seed articles in ../shared/seeds.</summary>
public sealed class SeedTests
{
    private static string Seed(string prefix) =>
        Path.GetFileNameWithoutExtension(Directory.GetFiles(Tidings.Seeds, prefix + "_*.txt").Single());

    /// <summary>One run of the real CLI on the seeds, which every test of its stories reads.</summary>
    private static readonly Lazy<JsonDocument> SeedRun = new(() =>
    {
        var run = Tidings.Run("run", Tidings.Seeds, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        return JsonDocument.Parse(run.Stdout);
    });

    [Fact]
    public void Run_gives_two_stories_linked_as_recurring()
    {
        var json = SeedRun.Value;
        var stories = json.RootElement.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(2, stories.Count);
        var groups = stories.Select(s => s.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order().ToList()).ToList();
        Assert.Equal([Seed("000"), Seed("001"), Seed("002"), Seed("003")], groups[0]);
        Assert.Equal([Seed("004")], groups[1]);
        string first = stories[0].GetProperty("id").GetString()!, second = stories[1].GetProperty("id").GetString()!;
        Assert.Contains(stories[1].GetProperty("related").EnumerateArray(), l => l.GetProperty("story").GetString() == first);
        Assert.Contains(stories[0].GetProperty("related").EnumerateArray(), l => l.GetProperty("story").GetString() == second);
        Assert.Equal(stories[0].GetProperty("storyline").GetString(), stories[1].GetProperty("storyline").GetString());
        Assert.Empty(json.RootElement.GetProperty("rejected").EnumerateArray());
    }

    [Fact]
    public void Run_synthesises_entities_facts_and_timeline_of_each_story()
    {
        var stories = SeedRun.Value.RootElement.GetProperty("stories").EnumerateArray().ToList();
        static List<string> Names(JsonElement story, string kind) => story.GetProperty("entities").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == kind).Select(e => e.GetProperty("name").GetString()!).ToList();

        var people2023 = Names(stories[0], "person");
        foreach (var name in new[] { "Wang Yi", "Vladimir Putin", "Kim Jong-un", "Jake Sullivan", "Sergey Lavrov", "Xi Jinping" })
            Assert.Single(people2023, name);
        // Aliases are merged: no entity is just a short or transliterated form of another.
        Assert.DoesNotContain(people2023, n => n is "Wang" or "Putin" or "Kim" or "Lavrov" or "Sergei Lavrov" or "Xi");
        var people2025 = Names(stories[1], "person");
        foreach (var name in new[] { "Sergei Shoigu", "Steve Witkoff", "Mao Ning" })
            Assert.Single(people2025, name);

        var facts = stories[0].GetProperty("facts").EnumerateArray().ToList();
        var sixDays = Assert.Single(facts, f => f.GetProperty("text").GetString()!.Contains("six days", StringComparison.Ordinal));
        Assert.Equal(1, sixDays.GetProperty("origins").GetInt32());
        Assert.False(sixDays.GetProperty("corroborated").GetBoolean());
        var malta = Assert.Single(facts, f => f.GetProperty("text").GetString()!.Contains("Malta", StringComparison.Ordinal));
        Assert.True(malta.GetProperty("corroborated").GetBoolean());
        var maltaSources = malta.GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains(Seed("000"), maltaSources);
        Assert.Contains(Seed("002"), maltaSources);
        // 000 puts the Malta talks two days before the arrival in Russia, 002 one day: a reader wants both shown.
        var gap = Assert.Single(stories[0].GetProperty("disagreements").EnumerateArray(), d => d.GetProperty("detail").GetString() == "day apart");
        var sides = gap.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("value").GetString(), v.GetProperty("sources")[0].GetString())).ToList();
        Assert.Equal([("two days after", Seed("000")), ("a day before", Seed("002"))], sides);

        var timeline = stories[0].GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, t => t.GetProperty("date").GetString() == "2023-09-18"
            && t.GetProperty("text").GetString()!.Contains("begin a four-day trip", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(stories[0].GetProperty("summary").GetString()));
    }

    [Fact]
    public void Dedup_finds_only_001_copying_000()
    {
        var run = Tidings.Run("dedup", Tidings.Seeds, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        Assert.Equal(new[] { Seed("000"), Seed("001") }.Order(), new[] { r.GetProperty("a").GetString(), r.GetProperty("b").GetString() }.Order());
        Assert.Equal(Seed("000"), r.GetProperty("original").GetString());
        Assert.Contains(r.GetProperty("relation").GetString(), new[] { "rewrite", "near-duplicate" });
    }

    [Fact]
    public void Extract_finds_headlines_dates_and_removes_every_kind_of_boilerplate()
    {
        var run = Tidings.Run("extract", Tidings.Seeds, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        var records = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("id").GetString()![..3]);
        Assert.Equal("Chinese foreign minister visits Russia for ‘security’ talks day after Kim Jong-un leaves country", records["000"].GetProperty("title").GetString());
        Assert.StartsWith("2023-09-18", records["000"].GetProperty("published").GetString(), StringComparison.Ordinal);
        Assert.Equal("2023-09-18", records["003"].GetProperty("published").GetString());
        Assert.DoesNotContain("2023", records["004"].GetProperty("published").ToString(), StringComparison.Ordinal);
        Assert.Equal("China’s Foreign Minister to Visit Moscow for Security Talks", records["004"].GetProperty("title").GetString());

        string[] boilerplate =
        [
            "Your donation allows us", "Your support helps us", "Access unlimited streaming", "30-day free trial",
            "Join our commenting forum", "Sign up for our free weekly newsletter", "Getty Images", "XINHUA / EPA / TASS",
            "#Chinese #diplomatic", "Leave a Reply", "Dear readers", "please support us monthly", "Thank you for registering",
            "Stay up to date with notifications", "Original url",
        ];
        foreach (var record in records.Values)
        {
            string text = record.GetProperty("text").GetString()!;
            foreach (var b in boilerplate)
                Assert.DoesNotContain(b, text, StringComparison.Ordinal);
        }
        string[] reporting =
        [
            "Mr Kim said North Korea would offer its “full and unconditional support”",
            "Washington and Beijing described those talks as candid, substantive and constructive.",
            "Beijing strongly denies the accusations and has sought to cast itself as a potential peace broker in the conflict.",
            "China and the US disagree on their stance over Russia’s invasion of Ukraine, and the former has shifted closer to Russia because",
            "frequently touting their \"no limits\" partnership and economic and military cooperation.",
            "Korolev said the United States may be talking to China to pressure North Korea",
        ];
        string all = string.Join("\n", records.Values.Select(r => r.GetProperty("text").GetString()));
        foreach (var sentence in reporting)
            Assert.Contains(sentence, all, StringComparison.Ordinal);
    }
}
