using System.Text;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction.Html;

public sealed class PageMetadataTests
{
    private static HtmlPage Read(string html, string? url = null) => HtmlPageReader.Read(Encoding.UTF8.GetBytes(html), url);

    [Fact]
    public void Reads_the_declared_metadata_of_a_news_page()
    {
        var metadata = HtmlPageReader.Read(HtmlPages.NewsArticle()).Metadata;
        Assert.Equal("Northern quay reopens after repairs", metadata.Title);
        Assert.Equal("Veldmark Courier", metadata.SiteName);
        Assert.Equal("https://courier.example/2024/05/06/quay-reopens", metadata.CanonicalUrl);
        Assert.Equal("en", metadata.DeclaredLanguage);
        Assert.Equal("2024-05-06T09:30:00+02:00", metadata.Published.ToString());
    }

    [Fact]
    public void The_title_is_the_headline_without_the_site_name()
    {
        var page = Read("<html><head><title>Quay reopens after repairs | Veldmark Courier</title></head><body><p>x</p></body></html>");
        Assert.Equal("Quay reopens after repairs", page.Metadata.Title);
    }

    [Fact]
    public void A_headline_confirmed_by_the_declared_title_wins_over_a_logo_heading()
    {
        string html = """
            <html><head><title>Ferry fares rise in June - Veldmark Courier</title></head><body>
            <header><h1>Veldmark Courier</h1></header><article><h1>Ferry fares rise in June</h1><p>x</p></article></body></html>
            """;
        Assert.Equal("Ferry fares rise in June", Read(html).Metadata.Title);
    }

    [Theory]
    [InlineData("<h1>Tide tables<a class=\"headerlink\" href=\"#tide-tables\">¶</a></h1>", "Tide tables")]
    [InlineData("<h1>Crate quaywatch <button id=\"copy-path\">Copy item path</button></h1>", "Crate quaywatch")]
    [InlineData("<h1><a href=\"#x\" aria-hidden=\"true\"><svg></svg></a>Tide tables</h1>", "Tide tables")]
    public void Widgets_inside_the_heading_are_not_part_of_the_title(string heading, string title)
    {
        Assert.Equal(title, Read($"<html><head><title>{title} - Harbour Docs</title></head><body>{heading}<p>x</p></body></html>").Metadata.Title);
    }

    [Theory]
    [InlineData("<h1><span class=\"dachzeile\">Storm damage on the coast</span> <span class=\"headline\">Quay reopens after repairs</span></h1>")]
    [InlineData("<h1><span class=\"article-heading__kicker\">Harbour</span><span class=\"visually-hidden\">: </span><span>Quay reopens after repairs</span></h1>")]
    [InlineData("<h1><div class=\"topic-label\">Two weeks late</div> Quay reopens after repairs</h1>")]
    [InlineData("<h1><span class=\"entry-title-primary\">Quay reopens after repairs</span> <span class=\"entry-subtitle\">What the harbour master says</span></h1>")]
    public void A_kicker_or_subtitle_the_page_marks_inside_the_heading_is_not_the_headline(string heading)
    {
        string html = $"<html><head><title>Quay reopens after repairs | Veldmark Courier</title></head><body><main>{heading}<p>x</p></main></body></html>";
        Assert.Equal("Quay reopens after repairs", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_marked_kicker_stays_when_the_rest_of_the_heading_is_too_short_for_a_headline()
    {
        string html = "<html><head><title>Tides | Harbour Docs</title></head><body><main><h1><span class=\"kicker\">Reading the tide tables</span> Tides</h1><p>x</p></main></body></html>";
        Assert.Equal("Reading the tide tables Tides", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_heading_that_is_the_site_part_of_the_title_is_the_logo()
    {
        string html = """
            <html><head><title>Reading the tide tables - The Harbour Handbook</title></head><body>
            <div class="menu-bar"><h1 class="menu-title">The Harbour Handbook</h1></div><main><h2>Reading the tide tables</h2><p>x</p></main></body></html>
            """;
        Assert.Equal("Reading the tide tables", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_headline_with_its_subtitle_is_kept_whole_when_the_title_says_both()
    {
        string html = """
            <html><head><title>Ferry fares rise in June - what travellers pay now | Veldmark Courier</title></head><body>
            <article><h1>Ferry fares rise in June – what travellers pay now</h1><p>x</p></article></body></html>
            """;
        Assert.Equal("Ferry fares rise in June – what travellers pay now", Read(html).Metadata.Title);
    }

    [Theory]
    [InlineData("Thread: Which ferry pass is worth it?", "Which ferry pass is worth it?")]
    [InlineData("May 6 2024 Which ferry pass is worth it?", "Which ferry pass is worth it?")]
    [InlineData("\"Worth it\": Which ferry pass is worth it?", "\"Worth it\": Which ferry pass is worth it?")]
    [InlineData("2025 Which ferry pass is worth it?", "2025 Which ferry pass is worth it?")]
    public void A_label_glued_before_the_declared_headline_is_dropped_but_a_quotation_is_not(string heading, string title)
    {
        string html = $"<html><head><title>Which ferry pass is worth it? | Harbour Forum</title></head><body><main><h1>{heading}</h1><p>x</p></main></body></html>";
        Assert.Equal(title, Read(html).Metadata.Title);
    }

    [Fact]
    public void A_heading_that_a_declared_title_puts_before_another_part_is_not_the_logo()
    {
        string html = """
            <html><head><title>Fiercely Strong Coffee | Dark Roast Coffee - Quay Roasters</title>
            <meta property="og:title" content="Fiercely Strong Coffee | Dark Roast Coffee"></head><body>
            <main><h1>Dark Roast Coffee</h1><p>x</p></main></body></html>
            """;
        Assert.Equal("Dark Roast Coffee", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_page_that_declares_only_a_generic_browser_title_is_titled_by_its_heading()
    {
        string html = """
            <html><head><title>Harbour Forum - where sailors talk</title></head><body>
            <main><h1>Which anchor holds best in soft mud?</h1><p>x</p></main></body></html>
            """;
        Assert.Equal("Which anchor holds best in soft mud?", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_cookie_dialog_heading_is_not_the_title()
    {
        string html = """
            <html><head><title>Harbour Forum - where sailors talk</title></head><body>
            <div role="dialog"><h1>Your choice regarding cookies</h1></div>
            <main><h1>Which anchor holds best in soft mud?</h1><p>x</p></main></body></html>
            """;
        Assert.Equal("Which anchor holds best in soft mud?", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_page_header_that_frames_the_collection_name_is_not_site_chrome()
    {
        string html = """
            <html><head><title>Rain Jackets: Shop Waterproof Shells | Quay Outfitters</title></head><body>
            <header class="site"><a href="/"><h1>Quay Outfitters</h1></a></header>
            <div><header class="page"><nav aria-label="breadcrumbs"><a href="/shop">Shop</a></nav><h1>Rain Jackets</h1></header><p>x</p></div></body></html>
            """;
        Assert.Equal("Rain Jackets", Read(html).Metadata.Title);
    }

    [Fact]
    public void Entities_escaped_twice_are_decoded()
    {
        var page = Read("<html><head><meta property=\"og:title\" content=\"The harbour&amp;#8217;s long history\"></head><body></body></html>");
        Assert.Equal("The harbour’s long history", page.Metadata.Title);
    }

    [Fact]
    public void Entities_in_a_json_ld_headline_are_decoded()
    {
        var page = Read("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Fares &#038; timetables\"}</script></head><body><p>x</p></body></html>");
        Assert.Equal("Fares & timetables", page.Metadata.Title);
    }

    [Fact]
    public void Authors_come_from_json_ld_before_meta_tags()
    {
        string html = """
            <html><head><meta name="author" content="Desk Editor">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Courier"},
              {"@type":"NewsArticle","headline":"Quay","author":[{"@type":"Person","name":"Anna Velde"},{"@type":"Person","name":"Jon Marr"}]}]}</script>
            </head><body></body></html>
            """;
        Assert.Equal("Anna Velde, Jon Marr", Read(html).Metadata.Author);
    }

    [Fact]
    public void A_byline_element_gives_the_author_when_nothing_is_declared()
    {
        Assert.Equal("Anna Velde", Read("<html><body><span class=\"byline\">By Anna Velde</span><p>x</p></body></html>").Metadata.Author);
    }

    [Fact]
    public void Malformed_json_ld_is_ignored()
    {
        var page = Read("<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": </script><title>Quay</title></head><body></body></html>");
        Assert.Equal("Quay", page.Metadata.Title);
    }

    [Fact]
    public void A_page_that_is_not_an_article_is_named_by_its_declared_title_not_its_slogan()
    {
        string head = "<title>Harbour Boat Rental | Quayside Hire</title><meta property=\"og:title\" content=\"Harbour Boat Rental\">";
        string body = "<body><main><h1>Boat rental on the harbour, day or night</h1><p>x</p></main></body>";
        Assert.Equal("Harbour Boat Rental", Read($"<html><head>{head}</head>{body}</html>").Metadata.Title);
        string article = "<meta property=\"og:type\" content=\"article\">";
        Assert.Equal("Boat rental on the harbour, day or night", Read($"<html><head>{head}{article}</head>{body}</html>").Metadata.Title);
    }

    [Fact]
    public void A_heading_that_the_declared_title_only_extends_is_kept()
    {
        string html = """
            <html><head><title>Quayside Hire: Boat Rental</title><meta property="og:title" content="Quayside Hire: Boat Rental"></head>
            <body><main><h1>Boat Rental</h1><p>x</p></main></body></html>
            """;
        Assert.Equal("Boat Rental", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_heading_differing_from_the_declared_title_only_in_typography_is_confirmed_as_printed()
    {
        string html = """
            <html><head><title>Here's why the quay closed - Veldmark Courier</title></head>
            <body><header><h1>Veldmark Courier</h1></header><article><h1>Here’s why the quay closed</h1><p>x</p></article></body></html>
            """;
        Assert.Equal("Here’s why the quay closed", Read(html).Metadata.Title);
    }

    [Fact]
    public void Cutting_the_site_name_keeps_the_other_separators_as_written()
    {
        string html = """
            <html><head><title>Tide tables | Tips &amp; tricks | Harbour Docs</title><meta property="og:site_name" content="Harbour Docs"></head>
            <body><p>x</p></body></html>
            """;
        Assert.Equal("Tide tables | Tips & tricks", Read(html).Metadata.Title);
    }

    [Fact]
    public void Soft_hyphens_and_double_encoding_do_not_reach_the_title()
    {
        Assert.Equal("Harbour assistance programme", Read("<html><head><title>Harbour assis\u00ADtance programme</title></head><body><p>x</p></body></html>").Metadata.Title);
        Assert.Equal("A harbour master’s guide", Read("<html><head><title>A harbour masterâ€™s guide</title></head><body><p>x</p></body></html>").Metadata.Title);
    }

    [Fact]
    public void A_heading_of_several_sentences_is_a_blurb_not_the_headline()
    {
        string html = """
            <html><head><title>Ten quay repairs that pay off | Harbour Works</title><script type="application/ld+json">{"@type":"Article"}</script></head>
            <body><h1>Learn which quay repairs pay off. Get tips from harbour engineers. We explain what each repair costs.</h1><p>x</p></body></html>
            """;
        Assert.Equal("Ten quay repairs that pay off", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_later_heading_that_says_most_of_the_title_replaces_a_section_heading()
    {
        string html = """
            <html><head><title>The Tide-Table Problem (Ada Quay)</title></head>
            <body><h1><a href="../">Ada Quay</a>'s <a href="../tides/">Tides and Currents</a>:</h1><h1>The Tide-Table Problem</h1><p>x</p></body></html>
            """;
        Assert.Equal("The Tide-Table Problem", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_heading_that_only_links_home_is_the_logo_and_its_name_leaves_the_title()
    {
        string html = """
            <html><head><title>quayside.example Tide Coding</title></head>
            <body><h1><a href="https://quayside.example/">quayside.example</a></h1><p>x</p></body></html>
            """;
        Assert.Equal("Tide Coding", Read(html).Metadata.Title);
    }

    [Fact]
    public void A_site_name_printed_twice_is_cut_twice()
    {
        string html = """
            <html><head><title>Quay repairs that pay off | Harbour Works | Harbour Works</title><meta property="og:site_name" content="Harbour Works"></head>
            <body><p>x</p></body></html>
            """;
        Assert.Equal("Quay repairs that pay off", Read(html).Metadata.Title);
    }
}
