using System.Text;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Tests.Extraction.Html;

/// <summary>Pages built to hurt a parser: each must give a result or a clear rejection, never an exception or a hang.</summary>
public sealed class HostileHtmlTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Article Extract(byte[] html) =>
        new ArticleExtractor().Extract(new RawDocument("hostile", new SourceLocation("hostile.html"), new HtmlBody(html), DocumentHints.None));

    [Fact]
    public void Thousands_of_unclosed_inline_tags_are_parsed()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<div><span><a href=#>", 30_000)) + HtmlPages.Lead);
        Assert.NotNull(Extract(html));
    }

    [Fact]
    public void Deeply_nested_formatting_elements_are_parsed()
    {
        var html = Encoding.UTF8.GetBytes("<p>" + string.Concat(Enumerable.Repeat("<b>", 20_000)) + HtmlPages.Lead + string.Concat(Enumerable.Repeat("</b>", 20_000)));
        Assert.Contains(Extract(html).Paragraphs, p => p.Contains("Veldmark", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_without_a_body_gives_its_title_as_the_body_not_an_error()
    {
        var article = Extract(Encoding.UTF8.GetBytes("<html><head><title>Only a title</title></head></html>"));
        Assert.Equal(["Only a title"], article.Paragraphs);
        Assert.Equal("Only a title", article.Title);
        Assert.True(article.BodyFromTitle);
    }

    [Fact]
    public void A_utf8_page_that_declares_windows_1252_is_read_as_utf8()
    {
        var html = Encoding.UTF8.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Der Bürgermeister von Köln eröffnete die Brücke über den Rhein.</p></body></html>");
        Assert.Contains("Der Bürgermeister von Köln eröffnete die Brücke über den Rhein.", Extract(html).Paragraphs);
    }

    [Fact]
    public void A_latin1_page_that_declares_utf8_still_gives_a_result()
    {
        var html = Encoding.Latin1.GetBytes("<html><head><meta charset=\"utf-8\"></head><body><p>Der Bürgermeister von Köln eröffnete die Brücke über den Rhein.</p></body></html>");
        Assert.Contains(Extract(html).Paragraphs, p => p.StartsWith("Der B", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_over_the_size_limit_is_rejected_by_name_without_being_read_whole()
    {
        string path = System.IO.Path.Combine(_folder.Path, "huge.html");
        using (var file = File.Create(path))
        {
            var paragraph = Encoding.UTF8.GetBytes("<p>" + string.Concat(Enumerable.Repeat("quay ", 200)) + "</p>");
            while (file.Length < 20 * 1024 * 1024)
                file.Write(paragraph);
        }
        var rejection = Assert.IsType<Rejection>(Assert.Single(new DocumentReader().Read([path])));
        Assert.Contains("limit", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(path, rejection.Origin.Input);
    }

    [Fact]
    public void Binary_bytes_named_html_are_rejected()
    {
        string path = _folder.WriteBytes("image.html", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i % 256))]);
        var rejection = Assert.IsType<Rejection>(Assert.Single(new DocumentReader().Read([path])));
        Assert.Contains("binary", rejection.Reason, StringComparison.Ordinal);
    }
}
