using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Tests.Extraction;

/// <summary>
/// A scraper that takes an article's first line for its headline declares the dateline as the title ("Jan 05, 2011"):
/// the headline is then the text's, and the date the article's.
/// </summary>
public sealed class DeclaredDatelineTests
{
    private const string Text =
        "Jan 05, 2011\n"
        + "Harwick Rovers place striker Tomas Ellery on injured reserve\n"
        + "One day after losing their captain to a knee injury, the Harwick Rovers lost their leading scorer for the season, the club said on Wednesday.\n"
        + "Ellery missed ten of the club's sixteen games with an ankle sprain and will have surgery next week, coach Dana Pruett told reporters.";

    private static Article Extract(string? title, string? published = null) => new ArticleExtractor(null).Extract(
        new RawDocument("rovers", new SourceLocation("rovers.jsonl", 1), new PlainTextBody(Text), new DocumentHints(Title: title, Published: published)));

    [Theory]
    [InlineData("Jan 05, 2011")]
    [InlineData("Wednesday, January 5, 2011")]
    [InlineData("Last updated at 13:59 GMT, 5 January 2011")]
    public void A_declared_title_that_is_a_date_is_a_dateline(string title) => Assert.True(PlainTextCleaner.IsDateline(title));

    [Theory]
    [InlineData("Harwick Rovers place striker Tomas Ellery on injured reserve")]
    [InlineData("Rovers lose Ellery for the season on January 5, 2011 after ankle surgery")]
    [InlineData("APR 28")]
    public void A_headline_or_a_date_without_a_year_is_not(string title) => Assert.False(PlainTextCleaner.IsDateline(title));

    [Fact]
    public void The_headline_comes_from_the_text_and_the_date_from_the_dateline()
    {
        var article = Extract("Jan 05, 2011");
        Assert.Equal("Harwick Rovers place striker Tomas Ellery on injured reserve", article.Title);
        Assert.Equal(new DateOnly(2011, 1, 5), article.Published?.Day);
        Assert.Equal("dateline", article.PublishedFrom);
        Assert.DoesNotContain(article.Paragraphs, p => p.Contains("2011", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_publication_date_still_wins_over_the_dateline()
    {
        var article = Extract("Jan 05, 2011", published: "2011-01-06T09:00:00Z");
        Assert.Equal(new DateOnly(2011, 1, 6), article.Published?.Day);
        Assert.Equal("input", article.PublishedFrom);
    }

    [Fact]
    public void A_declared_headline_stays_the_title()
    {
        var article = Extract("Rovers lose Ellery for the season");
        Assert.Equal("Rovers lose Ellery for the season", article.Title);
    }
}
