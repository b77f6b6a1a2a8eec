using System.Diagnostics;
using Tidings.Extraction;
using Tidings.Extraction.Html;
using Tidings.Ingest;
using Xunit.Abstractions;

namespace Tidings.Tests.Extraction.Html;

/// <summary>
/// Every hostile shape of <see cref="HostileMarkup"/> is extracted without an exception, and the parser is handed
/// only bounded work (the limits test below). Before the tree builder was modelled, stray end tags took 129 s for
/// 1.8 MB, formatting reopened by every paragraph and adoption under deep blocks over 20 s for half a megabyte; each now
/// takes about a second or less. Times are printed, not asserted: the whole-process limit is asserted end to end
/// (HostileExtractionTests), where a loaded test machine cannot make a unit test flaky.
/// </summary>
public sealed class HostileMarkupTests(ITestOutputHelper output)
{
    /// <summary>Shapes after which the article is still where a reader would see it, so it must be extracted.</summary>
    private static readonly HashSet<string> ArticleVisible = new(StringComparer.Ordinal)
    {
        "stray end tags", "nested divs", "self-closing divs", "end tags with quoted names",
        "formatting reopened by every paragraph", "misnested b and i", "adoption under deep blocks", "nested tables",
        "nested table cells", "nested svg", "nested math", "comments closed with a bang", "bogus comments",
        "body closed again and again", "scripts that write scripts", "a two-megabyte attribute",
        "a million attributes in one tag", "distinct attributes in one tag", "breaking out of math with end tags",
    };

    public static TheoryData<string> Shapes => [.. HostileMarkup.Names];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_hostile_page_is_extracted(string shape)
    {
        var html = HostileMarkup.Page(shape);
        var timer = Stopwatch.StartNew();
        var article = new ArticleExtractor().Extract(new RawDocument("hostile", new SourceLocation("hostile.html"), new HtmlBody(html), DocumentHints.None));
        timer.Stop();
        var limited = NestingLimiter.Measure(html, new MarkupBudget());
        output.WriteLine($"{shape}: {html.Length / 1e6:0.00} MB in {timer.Elapsed.TotalSeconds:0.000} s; {limited with { Bytes = [] }}");
        if (ArticleVisible.Contains(shape))
            Assert.Contains(article.Paragraphs, p => p.Contains("Veldmark port authority", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_shape_stays_within_the_limits_the_parser_is_given()
    {
        foreach (var shape in HostileMarkup.Names)
        {
            var limited = NestingLimiter.Measure(HostileMarkup.Page(shape), new MarkupBudget());
            Assert.True(limited.PeakDepth <= NestingLimiter.MaxDepth + NestingLimiter.MaxActiveFormatting, shape);
            Assert.True(limited.Elements <= NestingLimiter.MaxElements + 64, shape);
            Assert.True(limited.Adoptions <= NestingLimiter.MaxAdoptions + 8, shape);
        }
    }
}
