using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>
/// Issue 14, "Never lose a batch", for extraction: the real command on a folder holding one hostile page (markup that
/// makes HTML tree building superlinear, a mislabelled charset, a page with a title and nothing else) next to a good
/// article. <c>extract</c> and <c>run</c> each end within 10 s, start-up included, with exit status 0 and the good
/// article kept; the hostile page is extracted or named on exactly one line of standard error, and nothing prints a
/// stack trace. Pages are generated here, at about 1.5 MB.
/// </summary>
[Collection(HostileInputs.Collection)]
public sealed class HostileExtractionTests : IDisposable
{
    private const string GoodArticle =
        "The Veldmark harbour authority reopened the northern quay on Monday after two weeks of repairs, its director said. "
        + "Ferries will resume their usual timetable from Tuesday, and crane crews return to the container terminal on Wednesday.";

    private const string Lead =
        "<p>Floods closed the valley road near Dunmore on Thursday after heavy rain swelled the river, police said.</p>"
        + "<p>Residents of the lower town were told to move their cars to higher ground before the evening.</p>";

    private const int HostileBytes = 1_500_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-hostile-html-").FullName;

    public HostileExtractionTests() => File.WriteAllText(Path.Combine(_folder, "good.txt"), GoodArticle);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Repeat(string unit, int bytes = HostileBytes)
    {
        var text = new StringBuilder(bytes + unit.Length);
        while (text.Length < bytes)
            text.Append(unit);
        return text.ToString();
    }

    private static string Numbered(Func<int, string> unit, int count) => string.Concat(Enumerable.Range(0, count).Select(unit));

    private static string Page(string hostile) => $"<html><head><title>Valley road closed</title></head><body>{hostile}{Lead}</body></html>";

    /// <summary>Each hostile shape, as the page's markup.</summary>
    private static readonly Dictionary<string, Func<string>> Shapes = new(StringComparer.Ordinal)
    {
        ["stray end tags"] = () => Page(Repeat("<div></span>")),
        ["nested divs"] = () => Page(Repeat("<div>")),
        ["formatting reopened by every paragraph"] = () => Page("<p>" + Numbered(i => $"<b id={i}>", 500) + "</p>" + Repeat("<p>x</p>")),
        ["adoption under deep blocks"] = () => Page(Numbered(i => $"<b id={i}><div>", 250) + Repeat("</b>x")),
        ["misnested formatting"] = () => Page(Repeat("<b><i></b></i>")),
        ["links around blocks"] = () => Page(Repeat("<a href=#>x<div>y</a>")),
        ["nested tables"] = () => Page(Repeat("<table><tr><td>")),
        ["unclosed list items"] = () => Page("<ul>" + Repeat("<li>x")),
        ["paragraphs in buttons"] = () => Page(Repeat("<button><p>")),
        ["nested svg and math"] = () => Page(Repeat("<svg><math><mi>")),
        ["a million attributes in one tag"] = () => Page("<div " + Repeat("a ", 2_000_000) + ">"),
        ["a huge attribute"] = () => Page("<div title=\"" + Repeat("x") + "\">"),
        ["a comment never closed"] = () => "<html><body>" + Lead + "<!--" + Repeat("<div>x"),
        ["noscript pages full of reopened formatting"] = () => Page(Repeat(
            "<noscript><p>" + Numbered(i => $"<b id={i}>", 200) + "</p>" + string.Concat(Enumerable.Repeat("<p>x</p>", 250)) + "</noscript>")),
        ["templates with table parts"] = () => Page(Repeat("<template><td><span></td>")),
    };

    public static TheoryData<string> ShapeNames => [.. Shapes.Keys];

    private string WriteHostile(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static CliRun Run(params string[] args) => Tidings.RunWithin(Tidings.HostileLimit, null, args);

    /// <summary>Exit 0, no stack trace, and at most one line of standard error about <paramref name="hostile"/>.</summary>
    private static void AssertSurvived(CliRun run, string hostile)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}; stderr: {run.Stderr}");
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        var about = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(hostile, StringComparison.Ordinal)).ToList();
        Assert.True(about.Count <= 1, $"more than one line about {hostile}: {run.Stderr}");
        if (about.Count == 1)
            Assert.StartsWith($"tidings: {hostile}", about[0], StringComparison.Ordinal);
    }

    /// <summary>The records of an <c>extract --format jsonl</c> output, by id.</summary>
    private static Dictionary<string, JsonElement> Extracted(CliRun run) => run.Stdout
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonDocument.Parse(l).RootElement)
        .ToDictionary(r => r.GetProperty("id").GetString()!, StringComparer.Ordinal);

    /// <summary>The ids of the articles in a <c>run --format json</c> output.</summary>
    private static List<string> RunIds(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return [.. json.RootElement.GetProperty("stories").EnumerateArray()
            .SelectMany(s => s.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!))
            .Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void A_hostile_page_next_to_a_good_article_is_extracted_or_named_within_the_limit(string shape)
    {
        string hostile = WriteHostile("hostile.html", Encoding.UTF8.GetBytes(Shapes[shape]()));

        var extract = Run("extract", _folder, "--format", "jsonl");
        AssertSurvived(extract, hostile);
        var records = Extracted(extract);
        Assert.Contains("good", records.Keys);
        Assert.True(records.ContainsKey("hostile") || extract.Stderr.Contains(hostile, StringComparison.Ordinal));

        var run = Run("run", _folder, "--format", "json");
        AssertSurvived(run, hostile);
        Assert.Contains("good", RunIds(run));
    }

    [Fact]
    public void A_windows_1251_page_that_declares_utf8_is_read_in_cyrillic()
    {
        const string Russian = "Наводнение закрыло дорогу в долине у Данмора в четверг после сильного дождя, сообщила полиция. "
            + "Жителям нижней части города посоветовали перегнать машины на возвышенность до вечера.";
        var cyrillic = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        WriteHostile("cyrillic.html", cyrillic.GetBytes($"<html><head><meta charset=\"utf-8\"><title>Дорога закрыта</title></head><body><p>{Russian}</p></body></html>"));
        var run = Run("extract", _folder, "--format", "jsonl");
        AssertSurvived(run, "cyrillic.html");
        string text = Extracted(run)["cyrillic"].GetProperty("text").GetString()!;
        Assert.Contains("Наводнение закрыло дорогу", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void Headline_only_articles_are_kept_and_flagged()
    {
        WriteHostile("title-only.html", "<html><head><title>Valley road closed by floods near Dunmore</title></head></html>"u8.ToArray());
        File.WriteAllText(Path.Combine(_folder, "feed.jsonl"),
            "{\"id\": \"brief\", \"title\": \"Floods close the valley road near Dunmore.\", \"text\": \"Floods close the valley road near Dunmore.\"}\n");
        var extract = Run("extract", _folder, "--format", "jsonl");
        Assert.Equal(0, extract.ExitCode);
        var records = Extracted(extract);
        Assert.True(records["title-only"].GetProperty("bodyFromTitle").GetBoolean());
        Assert.Equal("Valley road closed by floods near Dunmore", records["title-only"].GetProperty("text").GetString());
        Assert.True(records["brief"].GetProperty("bodyFromTitle").GetBoolean());
        Assert.False(records["good"].GetProperty("bodyFromTitle").GetBoolean());

        var run = Run("run", _folder, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["brief", "good", "title-only"], RunIds(run));
    }
}
