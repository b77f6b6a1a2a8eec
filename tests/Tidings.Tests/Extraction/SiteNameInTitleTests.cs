using CsCheck;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Tests.Extraction;

/// <summary>
/// A scraped record's headline loses the station or paper's name that its browser title carried, and keeps everything
/// of the headline itself.
/// </summary>
public sealed class SiteNameInTitleTests
{
    [Theory]
    [InlineData("Man charged in Calder Street shooting - KHRW News 9 - Harwick, Westland - News, Weather and Sports", "khrw9.com", "Man charged in Calder Street shooting")]
    [InlineData("Two hurt in Penrose Avenue shooting - KHRW9", "khrw9.com", "Two hurt in Penrose Avenue shooting")]
    [InlineData("Two hurt in Penrose Avenue shooting | Harwick Courier-Journal", "courier-journal.com", "Two hurt in Penrose Avenue shooting")]
    [InlineData("Quay reopens after three weeks :: Veldmark Post Online", "veldmarkpost.com", "Quay reopens after three weeks")]
    [InlineData("WVLD News Channel 4 - Quay reopens after three weeks", "wvld.com", "Quay reopens after three weeks")]
    [InlineData("Quay reopens after three weeks - The Harbour Report", "harbour.veldmarkpost.com", "Quay reopens after three weeks")]
    // Only beginning like the site, a part must also read as a medium's name.
    [InlineData("Woman shot on east side - FOX 6 Harwick News, Weather", "fox6now.com", "Woman shot on east side")]
    public void The_site_name_and_what_follows_it_go(string title, string source, string expected) =>
        Assert.Equal(expected, SiteNameInTitle.Strip(title, source, null));

    [Theory]
    // A part that begins like the site's name but is part of the news.
    [InlineData("Woman shot on east side - Harwick police seek gunman", "harwicknews.com")]
    // Nothing of the headline would be left.
    [InlineData("Shooting - KHRW News 9", "khrw9.com")]
    // No part names the site.
    [InlineData("Shooting leaves two hurt - police seek gunman", "khrw9.com")]
    [InlineData("Quay reopens after three weeks", "veldmarkpost.com")]
    // "am" is a word of the news here, not a radio station's band.
    [InlineData("Two hurt on Penrose Avenue - Harwick shooting at 2 am", "harwicktracker.com")]
    public void A_title_whose_parts_are_all_news_stays_whole(string title, string source) =>
        Assert.Equal(title, SiteNameInTitle.Strip(title, source, null));

    [Fact]
    public void The_address_names_the_site_when_the_source_does_not()
    {
        Assert.Equal("Quay reopens after three weeks",
            SiteNameInTitle.Strip("Quay reopens after three weeks - Veldmark Post", null, "https://www.veldmarkpost.com/2024/03/quay"));
        Assert.Equal("Quay reopens after three weeks",
            SiteNameInTitle.Strip("Quay reopens after three weeks - Veldmark Post", "Veldmark Post", null));
    }

    [Fact]
    public void A_record_keeps_its_headline_without_the_site_name()
    {
        var document = new RawDocument("r1", new SourceLocation("feed.jsonl", 1),
            new PlainTextBody("A man was shot and wounded outside a bar on Calder Street in Harwick late on Friday, police said.\n\n"
                + "Officers are looking for a gunman who fled in a grey car, and asked witnesses to call them."),
            new DocumentHints(Source: "khrw9.com", Title: "Man shot outside Calder Street bar - KHRW News 9 - Harwick, Westland"));
        Assert.Equal("Man shot outside Calder Street bar", new ArticleExtractor().Extract(document).Title);
    }

    [Fact]
    public void What_stays_is_the_title_or_a_part_of_it_with_enough_words()
    {
        var words = Gen.OneOf("Harwick", "KHRW", "News", "9", "shot", "police", "Westland", "-", "|", "::", "Post", "quay", "com");
        var titles = words.Array[1, 14].Select(w => string.Join(' ', w));
        var sources = Gen.OneOf("khrw9.com", "harwicknews.com", "Harwick Post", "westland.khrw.com", "");
        Gen.Select(titles, sources).Sample((title, source) =>
        {
            string kept = SiteNameInTitle.Strip(title, source, null);
            return kept == title
                || ((title.StartsWith(kept, StringComparison.Ordinal) || title.EndsWith(kept, StringComparison.Ordinal))
                    && kept.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit)) >= 3);
        }, iter: 2000);
    }
}
