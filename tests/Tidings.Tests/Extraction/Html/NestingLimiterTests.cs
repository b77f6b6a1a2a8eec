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

    [Fact]
    public void Stray_end_tags_cannot_nest_the_page_deeper_than_the_cap()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div></span>", 100_000)) + "<p>" + HtmlPages.Lead + "</p>");
        var limited = NestingLimiter.Measure(html, new MarkupBudget());
        Assert.True(limited.PeakDepth <= NestingLimiter.MaxDepth + 1);
        Assert.Contains(HtmlPages.Lead, HtmlPageReader.Read(html).Paragraphs);
    }

    [Fact]
    public void Tags_the_parser_would_ignore_are_dropped_and_their_text_kept()
    {
        var html = Encoding.UTF8.GetBytes("<div>a</span>b<td>c</td>d</div>");
        Assert.Equal("<div>abcd</div>", Encoding.UTF8.GetString(NestingLimiter.Limit(html)));
    }

    [Fact]
    public void A_script_that_writes_a_script_stays_one_script()
    {
        var html = Encoding.UTF8.GetBytes("<body><script><!--\ndocument.write('<script src=\"x.js\"></script>');\n//--></script><p>after</p>"
            + string.Concat(Enumerable.Repeat("<p>more</p>", 300)));
        Assert.Same(html, NestingLimiter.Limit(html));
    }

    [Fact]
    public void Blocks_past_the_cap_still_start_new_lines()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 600)) + "<p>" + HtmlPages.Lead + "</p><p>" + HtmlPages.Body1 + "</p>");
        var page = HtmlPageReader.Read(html);
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
        Assert.Contains(HtmlPages.Body1, page.Paragraphs);
    }

    [Fact]
    public void Formatting_reopened_by_every_paragraph_stops_at_the_budget_and_keeps_the_text()
    {
        string bold = string.Concat(Enumerable.Range(0, 200).Select(i => $"<b id={i}>"));
        var html = Encoding.UTF8.GetBytes("<p>" + bold + "</p>" + string.Concat(Enumerable.Repeat("<p>x</p>", 50_000)));
        var limited = NestingLimiter.Measure(html, new MarkupBudget());
        Assert.True(limited.Stripped);
        Assert.True(limited.Amplified <= NestingLimiter.MaxAmplified + NestingLimiter.MaxActiveFormatting);
        Assert.Equal(50_000, limited.Bytes.Count((byte)'x'));
    }

    [Fact]
    public void Fragments_read_from_a_page_share_its_budget()
    {
        string bold = string.Concat(Enumerable.Range(0, 30).Select(i => $"<b id={i}>"));
        string fragment = "<p>" + bold + "</p>" + string.Concat(Enumerable.Repeat("<p>x</p>", 400));
        var budget = new MarkupBudget();
        string last = fragment;
        for (int i = 0; i < 100; i++)
            last = NestingLimiter.Limit(fragment, budget, scripting: false);
        Assert.True(budget.Amplified <= NestingLimiter.MaxAmplified + 2 * NestingLimiter.MaxActiveFormatting * 400);
        Assert.DoesNotContain("<p>", last, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pages whose markup is valid (every element closed where it may be closed, nothing misnested) reach the parser
    /// byte for byte, however long: the limiter only ever removes what the parser would ignore or what would cost too much.
    /// </summary>
    [Fact]
    public void Valid_pages_pass_through_byte_for_byte()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var page = new StringBuilder("<!DOCTYPE html><html><head><title>t</title><script>if (a < b) document.write('<div>');</script></head><body>");
            for (int i = 0; i < 40; i++)
                Flow(random, page, 0);
            var html = Encoding.UTF8.GetBytes(page.Append("</body></html>").ToString());
            Assert.Same(html, NestingLimiter.Limit(html));
        }, iter: 100);
    }

    private static void Flow(Random random, StringBuilder page, int depth)
    {
        int children = depth > 12 ? 0 : random.Next(0, 4);
        switch (random.Next(depth > 12 ? 2 : 9))
        {
            case 0:
                page.Append("Some text of the article. ");
                return;
            case 1:
                page.Append("<p>");
                Phrasing(random, page, 0);
                page.Append("</p>");
                return;
            case 2:
                page.Append("<ul>");
                for (int i = 0; i < children; i++)
                {
                    page.Append("<li>");
                    Flow(random, page, depth + 1);
                    page.Append("</li>");
                }
                page.Append("</ul>");
                return;
            case 3:
                page.Append("<table><tbody>");
                for (int i = 0; i < children; i++)
                {
                    page.Append("<tr><td>");
                    Flow(random, page, depth + 1);
                    page.Append("</td></tr>");
                }
                page.Append("</tbody></table>");
                return;
            case 4:
                page.Append("<h2>");
                Phrasing(random, page, 0);
                page.Append("</h2><br><img src=\"a.jpg\" alt=\"\"><!-- a comment -->");
                return;
            case 5:
                page.Append("<svg viewBox=\"0 0 1 1\"><g><path d=\"M0 0\"/></g></svg>");
                return;
            default:
                string tag = random.Next(3) switch { 0 => "div", 1 => "section", _ => "blockquote" };
                page.Append('<').Append(tag).Append(" class=\"c").Append(depth).Append("\">");
                for (int i = 0; i < children; i++)
                    Flow(random, page, depth + 1);
                page.Append("</").Append(tag).Append('>');
                return;
        }
    }

    private static void Phrasing(Random random, StringBuilder page, int depth)
    {
        int children = depth > 4 ? 0 : random.Next(0, 3);
        for (int i = 0; i < children; i++)
        {
            string tag = random.Next(5) switch { 0 => "span", 1 => "b", 2 => "em", 3 => "strong", _ => "i" };
            page.Append('<').Append(tag).Append('>');
            if (depth == 0 && random.Next(4) == 0)
                page.Append("<a href=\"/x\">a link</a>");
            Phrasing(random, page, depth + 1);
            page.Append("words</").Append(tag).Append('>');
        }
        page.Append("text");
    }
}
