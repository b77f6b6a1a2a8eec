using System.Text;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Pipeline;

namespace Tidings.Tests.Extraction;

/// <summary>
/// Short articles are kept: a one-sentence brief whose text is its headline, a headline-only feed item, a page with a
/// title and no body. The headline stands as the body, flagged, so the article still joins its story.
/// </summary>
public sealed class ShortArticleTests
{
    private const string Brief = "The Veldmark port authority reopened the northern quay on Monday after a three-week closure.";

    private const string Report =
        "The Veldmark port authority reopened the northern quay on Monday after a three-week closure, officials said.\n\n"
        + "Engineers replaced forty metres of the sea wall, which storms had undermined in March, and tested the new cranes.\n\n"
        + "Shipping firms had diverted cargo to Harrowgate during the works, adding two days to deliveries, the chamber of commerce said.\n\n"
        + "\"We are open, and we are stronger than before,\" the harbour master, Ilse Marren, told reporters at the quay.";

    private static RawDocument Plain(string id, string text, string? title = null, string? published = null) =>
        new(id, new SourceLocation(id + ".jsonl", 1), new PlainTextBody(text), new DocumentHints(Title: title, Published: published));

    private static RawDocument Html(string id, string html) =>
        new(id, new SourceLocation(id + ".html"), new HtmlBody(Encoding.UTF8.GetBytes(html)), DocumentHints.None);

    private static Article Extract(RawDocument document) => new ArticleExtractor().Extract(document);

    [Fact]
    public void A_brief_whose_text_is_its_headline_keeps_the_headline_as_its_body()
    {
        var article = Extract(Plain("brief", Brief, title: Brief));
        Assert.Equal([Brief], article.Paragraphs);
        Assert.True(article.BodyFromTitle);
    }

    [Fact]
    public void A_headline_only_feed_item_is_kept()
    {
        var article = Extract(Plain("item", "Northern quay reopens", title: "Northern quay reopens"));
        Assert.Equal("Northern quay reopens", article.Text);
        Assert.True(article.BodyFromTitle);
    }

    [Fact]
    public void A_paywalled_page_with_a_title_and_no_body_is_its_title()
    {
        var article = Extract(Html("paywall", """
            <html><head><title>Northern quay reopens after three weeks</title><meta property="og:type" content="article"></head>
            <body><h1>Northern quay reopens after three weeks</h1><div class="paywall"><a href="/subscribe">Subscribe</a></div></body></html>
            """));
        Assert.Equal(["Northern quay reopens after three weeks"], article.Paragraphs);
        Assert.True(article.BodyFromTitle);
    }

    [Fact]
    public void A_page_that_is_no_article_does_not_become_its_title()
    {
        var article = Extract(Html("shop", """
            <html><head><title>Men's and women's clothing</title></head>
            <body><nav><a href="/men">Men</a> <a href="/women">Women</a> <a href="/sale">Sale</a></nav></body></html>
            """));
        Assert.Empty(article.Paragraphs);
        Assert.False(article.BodyFromTitle);
    }

    [Fact]
    public void An_article_with_a_body_of_its_own_is_not_flagged()
    {
        var article = Extract(Plain("report", Report, title: "Northern quay reopens"));
        Assert.False(article.BodyFromTitle);
        Assert.Contains(article.Paragraphs, p => p.StartsWith("Engineers replaced", StringComparison.Ordinal));
    }

    [Fact]
    public void An_article_with_neither_body_nor_headline_is_still_rejected()
    {
        var batch = new StoryPipeline().Extract([new AcceptedDocument(Plain("empty", "Share this article"))]);
        Assert.Empty(batch.Articles);
        Assert.Contains("no article text", Assert.Single(batch.Rejections).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_brief_joins_the_story_of_the_report_it_summarises()
    {
        var pipeline = new StoryPipeline();
        var batch = pipeline.Extract([
            new AcceptedDocument(Plain("report", Report, title: "Northern quay reopens after repairs", published: "2024-05-06")),
            new AcceptedDocument(Plain("brief", Brief, title: Brief, published: "2024-05-06")),
        ]);
        Assert.Equal(2, batch.Articles.Count);
        var stories = pipeline.Analyse(batch.Articles).StoryOf;
        Assert.Same(stories["report"], stories["brief"]);
    }
}
