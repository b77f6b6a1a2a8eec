using System.Text;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction.Html;

public sealed class PublicationDateCascadeTests
{
    private static string? DateOf(string html, string? url = null) =>
        HtmlPageReader.Read(Encoding.UTF8.GetBytes(html), url).Metadata.Published?.ToString();

    [Fact]
    public void Json_ld_date_published_keeps_its_time_and_offset_as_written()
    {
        var html = """<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-09-18T23:30:00-04:00"}</script></head><body></body></html>""";
        Assert.Equal("2023-09-18T23:30:00-04:00", DateOf(html));
    }

    [Fact]
    public void A_date_in_the_url_path_outranks_metadata_that_disagrees()
    {
        var html = """<html><head><meta property="article:published_time" content="2021-03-02"></head><body></body></html>""";
        Assert.Equal("2019-10-22", DateOf(html, "https://blog.example/2019/10/22/soldering/"));
    }

    [Fact]
    public void The_evidence_for_the_date_is_named()
    {
        var html = """<html><head><meta property="article:published_time" content="2021-03-02"></head><body></body></html>""";
        Assert.Equal("meta article:published_time", HtmlPageReader.Read(Encoding.UTF8.GetBytes(html)).Metadata.PublishedFrom);
        Assert.Equal("url", HtmlPageReader.Read(Encoding.UTF8.GetBytes(html), "https://blog.example/2019/10/22/x/").Metadata.PublishedFrom);
    }

    [Fact]
    public void A_marked_up_time_element_is_used_when_no_metadata_is_declared()
    {
        Assert.Equal("2022-01-21", DateOf("<html><body><p>Posted <time datetime=\"2022-01-21\">21 January</time></p></body></html>"));
    }

    [Theory]
    [InlineData("<span class=\"date\">Donnerstag, 31. Mai 2012</span>", "2012-05-31")]
    [InlineData("<div class=\"meta\">am 25.08.2015 22:30</div>", "2015-08-25")]
    [InlineData("<p class=\"info\">Publié le 3 février 2020</p>", "2020-02-03")]
    [InlineData("<span class=\"posted\">March 4, 2019</span>", "2019-03-04")]
    public void Labelled_elements_are_read_in_several_languages(string element, string expected)
    {
        Assert.Equal(expected, DateOf($"<html><body>{element}<p>Text.</p></body></html>"));
    }

    [Fact]
    public void A_dateline_near_the_headline_is_found_in_plain_text()
    {
        var html = "<html><body><nav>Home News</nav><h1>Quay reopens</h1><p>Veldmark, 12.11.2021 – The port reopened today.</p></body></html>";
        Assert.Equal("2021-11-12", DateOf(html));
    }

    [Fact]
    public void A_dateline_by_a_declared_headline_set_in_h2_is_found()
    {
        string filler = string.Concat(Enumerable.Repeat("<li>Ferry timetables and harbour notices for every pier</li>", 120));
        var html = $$"""
            <html><head><meta property="og:title" content="Levy passes for the winter season can be ordered now"></head><body>
            <ul>{{filler}}</ul><div class="newsHeader"><b>Harbour</b><br><span class="blue">01.02.2022</span></div><h2>Levy passes for the winter season can be ordered now</h2>
            <p>The harbour office takes orders from today. Passes are sent by post within a week of the order.</p>
            <ul>{{filler}}</ul><h1>Quicklinks</h1></body></html>
            """;
        Assert.Equal("2022-02-01", DateOf(html));
    }

    [Fact]
    public void A_stand_line_says_when_the_page_was_published()
    {
        string filler = string.Concat(Enumerable.Repeat("<p>Ferry timetables and harbour notices for every pier of the city.</p>", 120));
        var html = $"<html><body><h1>Veranstaltungen</h1>{filler}<p class=\"print\">Quelle: Landeshauptstadt Veldmark [Stand: 09.10.2017, 01:40 Uhr]</p></body></html>";
        Assert.Equal("2017-10-09", DateOf(html));
    }

    [Fact]
    public void A_blog_footer_saying_when_the_entry_was_posted_dates_the_page()
    {
        string filler = string.Concat(Enumerable.Repeat("<p>Ferry timetables and harbour notices for every pier of the city.</p>", 120));
        var html = $"<html><body><h1>Kein Hafenfest</h1>{filler}<p>Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:15 Uhr veröffentlicht.</p></body></html>";
        Assert.Equal("2011-12-03", DateOf(html));
    }

    [Fact]
    public void A_dateline_above_the_headline_is_near_it_however_far_the_markup_indents_it()
    {
        string indent = new(' ', 900);
        string menu = string.Concat(Enumerable.Range(1, 300).Select(i => $"<a href=\"/s{i}\">Harbour section {i}</a> "));
        var html = $"<html><body><nav>{menu}</nav><span>14. Februar 2012</span>{indent}<span>Politik</span>{indent}<h1>Quay reopens after the storm</h1><p>The port authority reopened the northern quay.</p></body></html>";
        Assert.Equal("2012-02-14", DateOf(html));
    }

    [Fact]
    public void Dates_in_the_future_are_not_publication_dates()
    {
        Assert.Null(DateOf("<html><head><meta property=\"article:published_time\" content=\"2999-01-01\"></head><body></body></html>"));
    }

    [Fact]
    public void Nothing_on_a_site_is_older_than_its_first_copyright_year()
    {
        var html = "<html><body><span class=\"date\">01.02.2003</span><footer>© 2010-2024 Courier</footer></body></html>";
        Assert.Null(DateOf(html));
    }

    [Fact]
    public void A_stale_single_copyright_year_does_not_veto_a_later_article()
    {
        var html = "<html><head><meta property=\"article:published_time\" content=\"2020-01-03T12:51:04Z\"></head><body><footer>© 2014</footer></body></html>";
        Assert.Equal("2020-01-03T12:51:04Z", DateOf(html));
    }

    [Fact]
    public void A_utc_timestamp_takes_the_newsroom_offset_when_the_page_also_writes_it()
    {
        var html = """
            <html><head><meta property="article:published_time" content="2023-11-09T06:35:29Z">
            <script>window.data = {"publicationDate":"2023-11-08T22:35:29-08:00"};</script></head><body></body></html>
            """;
        Assert.Equal("2023-11-08T22:35:29-08:00", DateOf(html));
    }

    [Fact]
    public void A_clock_on_the_page_is_not_a_dateline()
    {
        Assert.Null(DateOf("<html><body><div class=\"time\">Aktuelle Zeit: 14.10.2020, 10:00</div></body></html>"));
    }

    [Fact]
    public void A_published_phrase_inside_script_code_is_not_the_page_saying_so()
    {
        var html = "<html><body><script>/* banner 728x90, Erstellt 07.05.09 */ var slot = 1;</script>"
            + "<p>Ein Bericht ohne Datum im Text.</p><p>Erstellt am 26.05.2008 von der Redaktion.</p></body></html>";
        Assert.Equal("2008-05-26", DateOf(html));
    }

    [Fact]
    public void A_long_inline_style_does_not_push_the_top_of_the_page_out_of_reach()
    {
        var style = "<style>" + string.Concat(Enumerable.Repeat(".share button:hover{color:#3087d5} ", 400)) + "</style>";
        var html = $"<html><body><div>{style}<em>01.11.2023 11:35</em></div><h4>Forschung zu Hybridantrieben</h4>"
            + "<p>Die Hochschule stellt ihre Ergebnisse vor.</p></body></html>";
        Assert.Equal("2023-11-01", DateOf(html));
    }
}
