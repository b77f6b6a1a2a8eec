using System.Diagnostics;
using System.Text;
using CsCheck;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Tests.Extraction;

/// <summary>
/// Extraction's promise, for any input at all: an article (possibly empty) in bounded time, never an exception. The
/// plain-text cleaner gets arbitrary strings and line soups; the HTML extractor arbitrary bytes and tag soups built
/// from a small alphabet of tags, end tags, attributes, comments, references and text, where the parser's special
/// cases live.
/// </summary>
public sealed class ExtractionPropertyTests
{
    /// <summary>
    /// Per sample: samples are small and take milliseconds, so this catches a hang, with room for a loaded machine
    /// running other tests beside these (CsCheck also runs samples in parallel). Superlinear paths on large inputs
    /// are measured by <c>HostileMarkupTests</c>.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static readonly string[] Lines =
    [
        "The Veldmark port authority reopened the northern quay on Monday after a three-week closure, officials said.",
        "Subscribe now", "Share this article", "Advertisement", "By Ilse Marren", "6 May 2024", "Photo: Reuters",
        "\"We are open,\" she said.", "# Northern quay reopens", "* Home", "Read more: floods in Dunmore",
        "https://courier.example/quay", "#quay #harbour #news", "Support our journalism with a donation today.", "",
        "a", "—", "\u00A0", "\t", "...", "Northern quay reopens",
    ];

    /// <summary>Lines a scraper leaves, in any order and number, joined by any line break.</summary>
    private static readonly Gen<string> LineSoup = Gen.Select(
            Gen.Int[0, Lines.Length - 1].Array[0, 300],
            Gen.OneOf("\n", "\r\n", "\r", "\n\n", " "))
        .Select((picks, newline) => string.Join(newline, picks.Select(i => Lines[i])));

    private static readonly Gen<string> AnyText = Gen.OneOf(Gen.String, Gen.String[Gen.Char, 0, 2000], LineSoup);

    private static readonly string[] Names =
    [
        "html", "head", "body", "title", "meta", "p", "div", "span", "a", "b", "i", "font", "nobr", "table", "tr", "td",
        "tbody", "caption", "select", "option", "li", "ul", "h1", "button", "form", "template", "svg", "math", "mi",
        "foreignObject", "script", "style", "noscript", "textarea", "plaintext", "article", "nav", "figcaption", "br",
        "img", "frameset", "time", "iframe", "xmp", "ruby", "rt", "dd", "dt", "col", "colgroup", "head",
    ];

    private static readonly string[] Attributes =
    [
        "", " id=x", " class=\"share-bar\"", " class='story content'", " hidden", " style=\"display:none\"", " title=\">\"",
        " itemprop=articleBody", " role=navigation", " charset=utf-8", " content=\"2024-05-06\" property=\"article:published_time\"",
        " href=\"/news\"", " encoding=\"text/html\"", " color=red", " type=\"application/ld+json\"", " =x", " a='<b>'",
    ];

    private static readonly Gen<string> Tag = Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[0, Attributes.Length - 1], Gen.Int[0, 5])
        .Select((n, a, kind) => kind switch
        {
            0 => $"</{Names[n]}>",
            1 => $"<{Names[n]}{Attributes[a]}/>",
            2 => $"</{Names[n]}{Attributes[a]}>",
            _ => $"<{Names[n]}{Attributes[a]}>",
        });

    private static readonly Gen<string> Other = Gen.OneOf(
        "The quay reopened on Monday after repairs, officials said. ", "Subscribe", "x", " ", "\n", "<!-- note -->", "<!--",
        "--!>", "-->", "<![CDATA[x]]>", "<!DOCTYPE html>", "&amp;", "&#x41;", "&bogus", "&", "<", ">", "</", "<?x?>", "\u00E9",
        "{\"@type\":\"NewsArticle\",\"articleBody\":\"The quay.\"}", "\uFFFD", "\0");

    /// <summary>Tag soup: tags, end tags and the rest, in any order.</summary>
    private static readonly Gen<string> TagSoup = Gen.Frequency((3, Tag), (2, Other)).Array[0, 400].Select(string.Concat);

    private static readonly Gen<byte[]> AnyBytes = Gen.OneOf(
        Gen.Byte.Array[0, 3000],
        TagSoup.Select(Encoding.UTF8.GetBytes),
        Gen.Select(TagSoup, Gen.Byte.Array[0, 50]).Select((soup, noise) => Encoding.UTF8.GetBytes(soup).Concat(noise).ToArray()),
        TagSoup.Select(s => CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes(s)));

    private static void Within(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        Assert.True(clock.Elapsed < Limit, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static RawDocument Html(byte[] bytes, string? source = null) =>
        new("page", new SourceLocation("page.html"), new HtmlBody(bytes), new DocumentHints(Source: source));

    [Fact]
    public void The_plain_text_cleaner_takes_any_string()
    {
        Gen.Select(AnyText, Gen.OneOf(Gen.Const((string?)null), AnyText.Select(t => (string?)t))).Sample((text, title) =>
            Within(() => PlainTextCleaner.Clean(text, title)), iter: 300);
    }

    [Fact]
    public void The_plain_text_cleaner_takes_a_long_soup_of_short_lines()
    {
        var text = string.Join("\n", Enumerable.Range(0, 50_000).Select(i => Lines[i % Lines.Length]));
        Within(() => PlainTextCleaner.Clean(text, "Northern quay reopens"));
    }

    [Fact]
    public void The_extractor_takes_any_plain_text()
    {
        var extractor = new ArticleExtractor();
        Gen.Select(AnyText, AnyText).Sample((text, title) => Within(() =>
            extractor.Extract(new RawDocument("text", new SourceLocation("text.jsonl", 1), new PlainTextBody(text), new DocumentHints(Title: title)))),
            iter: 200);
    }

    [Fact]
    public void The_html_extractor_takes_any_bytes()
    {
        var extractor = new ArticleExtractor();
        AnyBytes.Sample(bytes => Within(() =>
        {
            var article = extractor.Extract(Html(bytes));
            Assert.NotNull(article.Paragraphs);
        }), iter: 300);
    }

    [Fact]
    public void The_html_extractor_takes_any_batch_of_tag_soups_from_one_publisher()
    {
        var extractor = new ArticleExtractor();
        TagSoup.Array[1, 5].Sample(soups => Within(() =>
        {
            var articles = extractor.ExtractEach([.. soups.Select(s => Html(Encoding.UTF8.GetBytes(s), "courier.example"))]);
            Assert.Equal(soups.Length, articles.Count);
            Assert.All(articles, a => Assert.Null(a.Error));
        }), iter: 100);
    }
}
