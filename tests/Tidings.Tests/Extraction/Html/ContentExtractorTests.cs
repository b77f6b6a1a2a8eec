using System.Text;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction.Html;

public sealed class ContentExtractorTests
{
    private static HtmlPage Read(string html) => HtmlPageReader.Read(Encoding.UTF8.GetBytes(html));

    [Fact]
    public void Keeps_the_article_paragraphs_and_quote_in_order()
    {
        var page = HtmlPageReader.Read(HtmlPages.NewsArticle());
        var text = page.Paragraphs.ToList();
        int lead = text.IndexOf(HtmlPages.Lead), body1 = text.IndexOf(HtmlPages.Body1), body2 = text.IndexOf(HtmlPages.Body2);
        Assert.True(lead >= 0 && body1 > lead && body2 > body1, string.Join("\n", text));
        Assert.Contains(HtmlPages.Quote, text);
    }

    [Theory]
    [InlineData("Sport")]
    [InlineData("We use cookies")]
    [InlineData("Photo: Port of Veldmark")]
    [InlineData("Share on Facebook")]
    [InlineData("Harbour dredging to begin in June")]
    [InlineData("the detour was a nightmare")]
    [InlineData("All rights reserved")]
    public void Drops_page_furniture(string furniture)
    {
        var page = HtmlPageReader.Read(HtmlPages.NewsArticle());
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains(furniture, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_removed_line_has_a_reason()
    {
        var page = HtmlPageReader.Read(HtmlPages.NewsArticle());
        Assert.NotEmpty(page.Removed);
        Assert.All(page.Removed, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Fact]
    public void A_standfirst_in_the_header_joins_the_body()
    {
        string html = $"""
            <html><body><article>
              <header><h1>Quay reopens</h1><p class="article-intro">{HtmlPages.Lead}</p></header>
              <div class="entry-content"><p>{HtmlPages.Body1}</p><p>{HtmlPages.Body2}</p><p>{HtmlPages.Quote}</p></div>
            </article><div class="sidebar"><p>Most read: something else entirely that people clicked on this week.</p></div></body></html>
            """;
        var page = Read(html);
        Assert.Equal(HtmlPages.Lead, page.Paragraphs.First(p => p.Length > 40));
        Assert.Contains(HtmlPages.Body2, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("Most read", StringComparison.Ordinal));
    }

    [Fact]
    public void A_comments_label_cannot_remove_a_page_that_is_all_discussion()
    {
        var posts = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<div class=\"comment-body\"><p>Post {i}: the new quay timetable works well for our freight, although the evening slots fill up quickly.</p></div>"));
        var page = Read($"<html><body><div class=\"comments\">{posts}</div></body></html>");
        Assert.Equal(4, page.Paragraphs.Count(p => p.StartsWith("Post ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_thread_whose_posts_are_each_labelled_comment_is_the_page()
    {
        // A forum topic printed one list item per post, each "comment": no element holds most of the prose alone.
        var posts = string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"<li class=\"post comment\"><div class=\"content\"><p>Post {i}: the new quay timetable works well for our freight, although the evening slots fill up quickly.</p></div></li>"));
        var page = Read($"<html><body><main><h1>Quay timetable</h1><ul class=\"posts\">{posts}</ul></main></body></html>");
        Assert.Equal(5, page.Paragraphs.Count(p => p.StartsWith("Post ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Comments_under_an_article_stay_boilerplate()
    {
        var comments = string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"<li class=\"comment\"><p>Reader {i}: the new quay timetable works well for our freight, although the evening slots fill up quickly.</p></li>"));
        var body = string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"<p>Paragraph {i} of the report: the port authority reopened the northern quay on Monday after a three-week closure, officials said.</p>"));
        var page = Read($"<html><body><article>{body}</article><ul class=\"comment-list\">{comments}</ul></body></html>");
        Assert.Equal(6, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Reader ", StringComparison.Ordinal));
    }

    private static string Report(int paragraphs) => string.Concat(Enumerable.Range(1, paragraphs).Select(i =>
        $"<p>Paragraph {i} of the report: the port authority reopened the northern quay on Monday after a three-week closure, officials said.</p>"));

    [Theory]
    [InlineData("About the Author")]
    [InlineData("About the reviewer:")]
    [InlineData("Über diese Reihe")]
    [InlineData("Related articles")]
    public void A_box_headed_as_page_furniture_goes_whatever_its_classes(string heading)
    {
        // Utility classes say nothing about the box; its heading does.
        var page = Read($"""
            <html><body><div class="mx-auto px-4"><article><div class="prose">{Report(5)}</div>
            <div class="bg-blue-50 p-4 mt-8"><h3 class="font-sans">{heading}</h3><div class="sm:flex"><p>Ilse Marren is the executive editor of the Veldmark Gazette. She also writes for the Harbour Letter and the Quay Review.</p></div></div>
            </article></div></body></html>
            """);
        Assert.Equal(5, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("Ilse Marren", StringComparison.Ordinal));
    }

    [Fact]
    public void A_heading_that_opens_the_article_itself_removes_nothing()
    {
        var page = Read($"""<html><body><div class="mx-auto"><h2>Disclaimer</h2>{Report(5)}</div></body></html>""");
        Assert.Equal(5, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_recommended_column_of_a_data_sheet_is_no_recommendation_box()
    {
        // A game's system requirements: "Minimum" and "Recommended" columns are the product's own text.
        var page = Read($"""
            <html><body><div class="page">{Report(3)}<div class="sys_req"><div class="leftcol"><strong>Minimum:</strong><ul><li>Memory: 4 GB RAM</li><li>Storage: 20 GB available space</li></ul></div>
            <div class="rightcol"><strong>Recommended:</strong><ul><li>Memory: 8 GB RAM</li><li>Storage: 40 GB available space</li></ul></div></div></div></body></html>
            """);
        Assert.Contains(page.Paragraphs, p => p.Contains("8 GB RAM", StringComparison.Ordinal));
    }

    private static string Cards(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<article class=\"post-card\"><h3><a href=\"/p{i}\">Other post {i}</a></h3><p>Excerpt {i}: when a claim is denied it can feel like you have hit a dead end, but the appeal process gives applicants several more chances</p></article>"));

    [Fact]
    public void Cards_of_other_posts_beside_the_article_are_not_part_of_it()
    {
        var page = Read($"""
            <html><body><div class="wrap"><div class="col-main">{Report(6)}</div>
            <div class="col-side"><h2>Contact us</h2><div class="grid">{Cards(4)}</div></div></div></body></html>
            """);
        Assert.Equal(6, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("Excerpt", StringComparison.Ordinal));
    }

    [Fact]
    public void Cards_inside_the_article_are_its_items()
    {
        // A listicle whose entries are each an <article> with a link: the entries are the article.
        var page = Read($"""<html><body><main><h1>Best harbour walks</h1>{Report(6)}<div class="entries">{Cards(4)}</div></main></body></html>""");
        Assert.Equal(4, page.Paragraphs.Count(p => p.Contains("Excerpt", StringComparison.Ordinal)));
    }

    [Fact]
    public void Cards_that_are_all_the_prose_are_the_content()
    {
        var page = Read($"""<html><body><div class="blog-index"><h1>Blog</h1><div class="grid">{Cards(6)}</div></div></body></html>""");
        Assert.Equal(6, page.Paragraphs.Count(p => p.Contains("Excerpt", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_body_printed_twice_is_said_once()
    {
        // A desktop and a mobile layout of one article, both in the page.
        var page = Read($"""<html><body><article><div class="desktop">{Report(4)}</div><div class="mobile">{Report(4)}</div></article></body></html>""");
        Assert.Equal(4, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_reply_quoting_one_paragraph_keeps_the_quotation()
    {
        const string Post = "The evening slots at the northern quay fill up quickly, so book them a week ahead if you can.";
        var page = Read($"""
            <html><body><article>{Report(3)}<p>{Post}</p><p>Reply from Ilse: I agree entirely with this.</p><blockquote><p>{Post}</p></blockquote><p>We have booked ours for the whole of March already.</p></article></body></html>
            """);
        Assert.Equal(2, page.Paragraphs.Count(p => p == Post));
    }

    [Fact]
    public void A_landing_page_is_its_main_content_not_its_best_section()
    {
        // A service's home page: short sections, none of them a body, in the element the page marks as main.
        string[] sections =
        [
            "<section class=\"hero\"><h1>Freight booking for small ports</h1><p>Book quay slots in two minutes. No setup, no contracts, cancel any time.</p><p><a href=\"/try\">Try it free for thirty days</a></p><p><a href=\"/demo\">Get a demo from our team</a></p><ul>" + string.Concat(Enumerable.Range(1, 30).Select(i => $"<li><a href=\"/h{i}\">Harbour number {i}</a></li>")) + "</ul></section>",
            "<section class=\"features\"><h2>Everything in one place</h2><p>Track every vessel, every berth and every invoice from one screen. The dashboard shows the whole week at a glance, and alerts tell your crew when a slot opens.</p></section>",
            "<section class=\"quotes\"><p>We cut our waiting time at the quay by half in the first month, and the crews love it.</p><p>Ilse Marren, harbour master</p><p><a href=\"/stories\">Read all our customer stories here</a></p><p><a href=\"/reviews\">See every review on the review site</a></p></section>",
        ];
        // Each in wrappers of its own, as page builders print them, so that no two are siblings.
        string wrapped = string.Concat(sections.Select((section, i) => $"<div class=\"block-{i}\"><div class=\"inner\">{section}</div></div>"));
        var page = Read($"<html><body><nav><a href=\"/\">Home</a><a href=\"/pricing\">Pricing</a></nav><main>{wrapped}</main><footer>All rights reserved</footer></body></html>");
        Assert.Contains(page.Paragraphs, p => p.StartsWith("Book quay slots", StringComparison.Ordinal));
        Assert.Contains(page.Paragraphs, p => p.StartsWith("Track every vessel", StringComparison.Ordinal));
        Assert.Contains(page.Paragraphs, p => p.StartsWith("We cut our waiting time", StringComparison.Ordinal));
        Assert.DoesNotContain("Pricing", page.Paragraphs);
    }

    [Fact]
    public void An_article_in_the_main_content_is_not_widened_to_it()
    {
        var page = Read($"""
            <html><body><main><div class="promo"><p>Book quay slots in two minutes with our app, no setup and no contracts at all.</p></div>
            <article>{Report(10)}</article></main></body></html>
            """);
        Assert.Equal(10, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Book quay slots", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listing_page_keeps_its_items_links_and_all()
    {
        var items = string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"<li class=\"result\"><a href=\"/e{i}\">Harbour event number {i}</a><span>Pier {i}, 10:00</span></li>"));
        var page = Read($"<html><body><nav><a href=\"/\">Home</a></nav><ul class=\"results\">{items}</ul></body></html>");
        Assert.Contains(page.Paragraphs, p => p.Contains("Harbour event number 8", StringComparison.Ordinal));
        Assert.DoesNotContain("Home", page.Paragraphs);
    }

    [Fact]
    public void A_long_list_of_links_beside_a_marked_article_body_is_not_the_content()
    {
        var more = string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"<div class=\"stream-item\"><a href=\"/s{i}\">Harbour story number {i}, which everybody read this week at the port</a></div>"));
        var page = Read($"""
            <html><body><article><h1>Quay reopens</h1>
              <div class="article-body"><p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p><p>{HtmlPages.Body2}</p></div>
              <div class="stream">{more}</div>
            </article></body></html>
            """);
        Assert.Contains(HtmlPages.Body1, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Harbour story number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_product_grid_under_a_short_category_description_stays_the_content()
    {
        var products = string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"<div class=\"product\"><a href=\"/p{i}\">Harbour rope, braided, forty metres, model number {i}</a></div>"));
        var page = Read($"""
            <html><body><div class="category-description"><p>{HtmlPages.Lead}</p></div>
              <div class="grid">{products}</div></body></html>
            """);
        Assert.Contains(page.Paragraphs, p => p.StartsWith("Harbour rope, braided, forty metres, model number 30", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listing_inside_the_body_is_kept_with_the_body()
    {
        var references = string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"<li class=\"reference\">{i}. Marsh K, Ould P. Harbour traffic after dredging, volume {i}. <a href=\"/doi{i}\">doi</a></li>"));
        var page = Read($"""
            <html><body><div class="article__body"><p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p>
              <ul class="references">{references}</ul></div></body></html>
            """);
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
        Assert.Contains(page.Paragraphs, p => p.Contains("volume 30", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sidebar_with_more_prose_than_a_short_post_beside_it_is_still_a_sidebar()
    {
        string about = "The Veldmark Harbour Gazette was a weekly for the people of the port, written by its pilots and dockers since 1921.";
        var page = Read($"""
            <html><body><div class="wrap"><article class="post"><h1>Quay reopens</h1><p>{HtmlPages.Lead}</p></article>
              <aside class="widget-column"><div class="textwidget"><p>{about}</p><p>{about} It closed in 2018.</p><p>{about} Its archive stays online.</p></div></aside>
            </div></body></html>
            """);
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("Harbour Gazette", StringComparison.Ordinal));
    }

    [Fact]
    public void A_body_without_prose_is_found_by_its_article_body_label()
    {
        var verses = string.Join("<br>", Enumerable.Range(1, 16).Select(i => $"Tide at the quay, verse {i}"));
        var page = Read($"""
            <html><body><div class="post"><h3 class="post-title">The Quay Song, sung by the Veldmark dockers</h3>
              <div class="post-body entry-content">{verses}</div></div>
              <div class="footer-links"><a href="/a">About</a> <a href="/c">Contact</a></div></body></html>
            """);
        Assert.Contains(page.Paragraphs, p => p.Contains("Tide at the quay, verse 16", StringComparison.Ordinal));
    }

    [Fact]
    public void On_a_page_without_prose_a_label_cannot_remove_the_bulk_of_its_text()
    {
        var buildings = string.Concat(Enumerable.Range(1, 12).Select(i => $"<p>Block {i}: four storeys, 60 flats, built 1959 to 1961</p>"));
        var page = Read($"""
            <html><body><div class="container_wrap sidebar_right"><h1>Harbour estate</h1>{buildings}</div>
              <div class="footer"><a href="/imprint">Imprint</a></div></body></html>
            """);
        Assert.Contains("Block 12: four storeys, 60 flats, built 1959 to 1961", page.Paragraphs);
    }

    [Fact]
    public void An_article_body_behind_a_paywall_label_is_the_article()
    {
        var page = Read($"""
            <html><body><article><h1>Quay reopens</h1>
              <div class="article-body paywall-google"><p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p><p>{HtmlPages.Body2}</p></div>
            </article><div class="paywall-modal"><p>Subscribe now to read every story from the port, from one euro a week only.</p></div>
            <div class="about"><p>{HtmlPages.Quote}</p><p>{HtmlPages.Quote}</p></div></body></html>
            """);
        Assert.Contains(HtmlPages.Body2, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Subscribe", StringComparison.Ordinal));
    }

    [Fact]
    public void A_menu_that_describes_its_entries_is_not_the_content()
    {
        // Each entry: the district's link, its own links, and a sentence about it (the menu holds most of the page's prose).
        var links = string.Concat(new[] { "Quays", "Markets", "Schools", "Parks", "Ferries", "Churches", "Museums", "Bridges" }.Select(w => $"<li><a href=\"/{w}\">{w} of the district</a></li>"));
        var entries = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<li class=\"entry\"><a href=\"/d{i}\">District {i}</a><ul>{links}</ul><p>Everything about district {i} of the port city and its quays and markets and schools and the old lighthouse.</p></li>"));
        var page = Read($"""
            <html><body><aside><nav><ul class="menu-list">{entries}</ul></nav></aside>
              <div class="content"><h1>Old harbour quarter</h1><p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p><p>{HtmlPages.Body2}</p></div></body></html>
            """);
        Assert.Contains(HtmlPages.Body1, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("Everything about district", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gallery_that_is_the_content_keeps_its_captions()
    {
        var slides = string.Concat(Enumerable.Range(1, 20).Select(i =>
            $"<figure class=\"slide\"><a href=\"/costume{i}\">Costume {i}</a><figcaption>What you need for costume {i}: a harbour pilot's cap, a navy coat and a coil of rope from the quay.</figcaption></figure>"));
        var page = Read($"<html><body><article><div class=\"post-content\"><p>{HtmlPages.Lead}</p></div><div class=\"slides\">{slides}</div></article></body></html>");
        Assert.Contains(page.Paragraphs, p => p.StartsWith("What you need for costume 20:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_footer_with_more_prose_than_the_main_content_is_still_a_footer()
    {
        string disclaimer = "This material is not intended to replace the advice of a qualified harbour pilot or of the port authority.";
        var page = Read($"""
            <html><body><main><h1>Mooring guide</h1><p>{HtmlPages.Lead}</p></main>
              <footer><p>{disclaimer}</p><p>{disclaimer} It is for information only.</p><p>{disclaimer} All rights reserved.</p></footer></body></html>
            """);
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
        Assert.DoesNotContain(page.Paragraphs, p => p.Contains("not intended to replace", StringComparison.Ordinal));
    }

    [Fact]
    public void Noscript_content_is_read_as_the_page_a_reader_without_scripts_sees()
    {
        string posts = string.Concat(Enumerable.Range(1, 3).Select(i => $"<div class=\"post\"><p>Reply {i}: {HtmlPages.Body1}</p></div>"));
        var page = Read($"<html><body><div id=\"app\"></div><noscript>{posts}{new string(' ', 400)}</noscript></body></html>");
        Assert.Contains(page.Paragraphs, p => p.StartsWith("Reply 3:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_stray_unclosed_tag_inside_noscript_does_not_swallow_the_page()
    {
        var page = Read($"<html><body><noscript><div id=\"nojs\"></noscript><div class=\"content\"><p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p></div></body></html>");
        Assert.Contains(HtmlPages.Lead, page.Paragraphs);
    }

    [Fact]
    public void Falls_back_to_the_declared_article_body_when_the_markup_is_empty()
    {
        string ld = $$"""<script type="application/ld+json">{"@type":"NewsArticle","headline":"Quay reopens","articleBody":"{{HtmlPages.Lead}}"}</script>""";
        var page = Read($"<html><head>{ld}</head><body><div id=\"root\"></div></body></html>");
        Assert.Equal([HtmlPages.Lead], page.Paragraphs);
    }

    [Fact]
    public void Text_in_hidden_elements_is_not_content()
    {
        var page = Read($"<html><body><div class=\"content\"><p>{HtmlPages.Lead}</p><p style=\"display: none\">Hidden tracking text that nobody reads on the page at all.</p><p>{HtmlPages.Body1}</p></div></body></html>");
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Hidden", StringComparison.Ordinal));
    }

    [Fact]
    public void A_part_that_React_streams_in_a_hidden_segment_is_content()
    {
        // React's streaming server renders a placeholder, then the suspended part in <div hidden id="S:0">, which its
        // script moves into place; an ordinary hidden element stays hidden.
        var page = Read($"""
            <html><body><header><a href="/">Home</a></header><main><template id="B:0"></template></main>
            <div hidden id="S:0"><article>{Report(5)}</article></div>
            <div hidden id="menu"><p>Hidden menu text that nobody reads on the page at all, in a drawer.</p></div>
            <script>$RC("B:0","S:0")</script></body></html>
            """);
        Assert.Equal(5, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.Paragraphs, p => p.StartsWith("Hidden", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NEWS TEILEN:")]
    [InlineData("Merken")]
    [InlineData("Keine Kommentare")]
    [InlineData("Zum Weiterlesen:")]
    [InlineData("Das Thema könnte dich auch interessieren:")]
    [InlineData("Wie bewerten Sie diesen Artikel?")]
    [InlineData("We want to hear what you think about this article.")]
    [InlineData("Follow The Harbour Gazette on Twitter and Instagram @HarbourGazette")]
    [InlineData("For the latest stories download the Gazette apps for iOS and Android.")]
    [InlineData("Der Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.")]
    [InlineData("Alle Angaben ohne Gewähr")]
    [InlineData("Bild anzeigen Bild schließen")]
    [InlineData("Zum Rezept Drucken Pinnen")]
    [InlineData("Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)")]
    [InlineData("Wir respektieren deine Privatsphäre und stellen deshalb ohne dein Einverständnis keine Verbindung zu Twitter her. Hier kannst du deine Einstellungen verwalten.")]
    [InlineData("This post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products.")]
    [InlineData("Except as otherwise noted, the content of this page is licensed under the Creative Commons Attribution 4.0 License, and code samples are licensed under the Apache 2.0 License. For details, see the Site Policies.")]
    [InlineData("Quarry is a registered trademark of Harbour Tools Ltd. and/or its affiliates.")]
    [InlineData("Der Beitrag wurde am Mittwoch, 12. März 2014 veröffentlicht und ist unter Verkostungen abgelegt. Du kannst einen Kommentar schreiben, oder einen Trackback auf deiner Seite einrichten.")]
    [InlineData("Aufrufe: 1120 | Hinzugefügt von: Posh | Tags: Denken, Bilder | Rating: 0.0/0")]
    [InlineData("Kommentare insgesamt: 0")]
    [InlineData("Our Standards: The Harbour Gazette Trust Principles.")]
    [InlineData("3:59 PM")]
    public void Drops_labels_notices_and_appeals_inside_the_body(string line)
    {
        const string Closing = "The harbour master said the quay would stay open through the winter, whatever the weather brings.";
        var page = Read($"<html><body><article>{Report(5)}<p>{line}</p><p>{Closing}</p></article></body></html>");
        Assert.DoesNotContain(line, page.Paragraphs);
        Assert.Equal(5, page.Paragraphs.Count(p => p.StartsWith("Paragraph ", StringComparison.Ordinal)));
        Assert.Contains(Closing, page.Paragraphs);
    }

    [Theory]
    // A work's own licence and a trademark named in a sentence of the report are the author's words, not the site's
    // footer.
    [InlineData("This work is licensed under a Creative Commons Attribution-ShareAlike 4.0 International License.")]
    [InlineData("The company said Quarry is a registered trademark of its parent, which bought the brand in 2019 and has defended it in court twice since then.")]
    public void Keeps_licence_and_trademark_sentences_of_the_text(string line)
    {
        var page = Read($"<html><body><article>{Report(5)}<p>{line}</p></article></body></html>");
        Assert.Contains(line, page.Paragraphs);
    }

    [Fact]
    public void A_ruby_annotation_reading_is_not_part_of_the_text()
    {
        // Furigana: the reading is printed small above the word it reads.
        var page = Read(
            "<html><body><article><p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの虐待をなくすための法律ができて、親が子どもを教育するために、体罰をしてはいけないことになりました。専門家が子どもの育て方を教えることになりました。</p></article></body></html>");
        Assert.Contains(page.Paragraphs, p => p.StartsWith("子どもへの虐待をなくすための法律", StringComparison.Ordinal));
    }

    [Fact]
    public void A_joiner_left_alone_between_blocks_is_no_paragraph_while_one_inside_a_word_stays()
    {
        var page = Read($"<html><body><article>{Report(3)}<div>\u200D</div><p>Die Hafenbehörde veröffentlichte eine Mitteilung auf Persisch: می\u200Cخواهم، sagte der Sprecher am Montag.</p></article></body></html>");
        Assert.DoesNotContain("\u200D", page.Paragraphs);
        Assert.Contains(page.Paragraphs, p => p.Contains("می\u200Cخواهم", StringComparison.Ordinal));
    }
}
