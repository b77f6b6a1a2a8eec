using System.Text;
using CsCheck;
using Tidings.Extraction;
using Tidings.Extraction.Html;

namespace Tidings.Tests.Extraction.Html;

public sealed class NestingLimiterTests
{
    [Fact]
    public void Shallow_pages_are_passed_through_untouched()
    {
        var page = HtmlPages.NewsArticle();
        Assert.Same(page, NestingLimiter.Limit(page));
    }

    [Fact]
    public void Hundred_thousand_nested_divs_keep_their_text()
    {
        const int depth = 100_000;
        var html = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth))
            + "<p>" + HtmlPages.Lead + "</p>" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>");
        var page = HtmlPageReader.Read(html);
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
    }

    [Fact]
    public void Tags_inside_scripts_do_not_count_as_nesting()
    {
        var script = "<script>" + string.Concat(Enumerable.Repeat("document.write('<div>');", 600)) + "</script>";
        var html = Encoding.UTF8.GetBytes("<html><body>" + script + "<p>ok</p></body></html>");
        Assert.Same(html, NestingLimiter.Limit(html));
    }

    [Fact]
    public void Limiting_keeps_every_character_of_text()
    {
        Gen.Int[1, 3000].Sample(depth =>
        {
            string text = "quay" + depth;
            var html = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<span>", depth)) + text + string.Concat(Enumerable.Repeat("</span>", depth)));
            var limited = Encoding.UTF8.GetString(NestingLimiter.Limit(html));
            Assert.Contains(text, limited, StringComparison.Ordinal);
            Assert.True(limited.Split("<span>").Length - 1 <= NestingLimiter.MaxDepth);
        }, iter: 30);
    }
}
