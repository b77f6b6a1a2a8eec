using System.IO.Compression;
using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

public sealed class WarcReaderTests : IDisposable
{
    private const string Page = "<html><head><title>Quay reopens</title></head><body><p>The northern quay reopened on Monday after repairs.</p></body></html>";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>One WARC record; the HTTP payload is built the way crawlers store it.</summary>
    private static byte[] Record(string type, string uri, byte[] payload) =>
        [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: {type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-06T10:00:00Z\r\nContent-Length: {payload.Length}\r\n\r\n"),
         .. payload, .. "\r\n\r\n"u8.ToArray()];

    private static byte[] Response(string uri, string contentType, byte[] body, string extraHeaders = "") =>
        Record("response", uri, [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\n{extraHeaders}\r\n"), .. body]);

    private List<IngestItem> Read(string name, byte[] content) => new DocumentReader().Read([_folder.WriteBytes(name, content)]).ToList();

    [Fact]
    public void Html_responses_become_documents_with_their_target_uri()
    {
        byte[] warc = [.. Record("warcinfo", "", "software: test\r\n"u8.ToArray()),
                       .. Record("request", "https://courier.example/quay", "GET /quay HTTP/1.1\r\n\r\n"u8.ToArray()),
                       .. Response("https://courier.example/quay", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(Page)),
                       .. Response("https://courier.example/logo.png", "image/png", [137, 80, 78, 71])];
        var document = Assert.IsType<AcceptedDocument>(Assert.Single(Read("crawl.warc", warc))).Document;
        Assert.Equal("https://courier.example/quay", document.Hints.Url);
        Assert.Equal("crawl-3", document.Id);
        Assert.Equal(Page, Encoding.UTF8.GetString(((HtmlBody)document.Body).Bytes));
    }

    [Fact]
    public void Gzipped_warc_with_one_member_per_record_is_read_whole()
    {
        using var packed = new MemoryStream();
        foreach (var uri in new[] { "https://a.example/1", "https://a.example/2" })
        {
            using var member = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true);
            member.Write(Response(uri, "text/html", Encoding.UTF8.GetBytes(Page)));
        }
        var urls = Read("crawl.warc.gz", packed.ToArray()).OfType<AcceptedDocument>().Select(d => d.Document.Hints.Url).ToList();
        Assert.Equal(["https://a.example/1", "https://a.example/2"], urls);
    }

    [Fact]
    public void Chunked_and_gzip_encoded_payloads_are_decoded()
    {
        byte[] gz;
        using (var buffer = new MemoryStream())
        {
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                zip.Write(Encoding.UTF8.GetBytes(Page));
            gz = buffer.ToArray();
        }
        byte[] chunked = [.. Encoding.ASCII.GetBytes($"{gz.Length:x}\r\n"), .. gz, .. "\r\n0\r\n\r\n"u8.ToArray()];
        var warc = Response("https://a.example/z", "text/html", chunked, "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n");
        var document = Assert.IsType<AcceptedDocument>(Assert.Single(Read("z.warc", warc))).Document;
        Assert.Equal(Page, Encoding.UTF8.GetString(((HtmlBody)document.Body).Bytes));
    }

    [Fact]
    public void A_truncated_record_is_rejected_with_the_line_it_starts_on_after_earlier_records_are_kept()
    {
        var good = Response("https://a.example/1", "text/html", Encoding.UTF8.GetBytes(Page));
        var cut = Response("https://a.example/2", "text/html", Encoding.UTF8.GetBytes(Page))[..80];
        var items = Read("cut.warc", [.. good, .. cut]);
        Assert.IsType<AcceptedDocument>(items[0]);
        var rejection = Assert.IsType<Rejection>(items[1]);
        Assert.Contains("truncated", rejection.Reason, StringComparison.Ordinal);
        int expectedLine = 1 + good.Count(b => b == '\n');
        Assert.Equal(expectedLine, rejection.Origin.Line);
    }

    /// <summary>One record with its Content-Length replaced by <paramref name="declared"/>, whatever its block really is.</summary>
    private static byte[] ResponseDeclaring(string declared, string uri)
    {
        byte[] payload = [.. Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"), .. Encoding.UTF8.GetBytes(Page)];
        return [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Length: {declared}\r\n\r\n"),
                .. payload, .. "\r\n\r\n"u8.ToArray()];
    }

    private static int PayloadLength => Encoding.ASCII.GetByteCount("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n") + Encoding.UTF8.GetByteCount(Page);

    [Theory]
    [InlineData("-5")]
    [InlineData("twelve")]
    [InlineData("99999999999999999999999")]
    [InlineData("9000000000000000000")]
    [InlineData("20000000")]
    [InlineData("SHORT")]
    [InlineData("LONG")]
    public void A_record_with_a_wrong_content_length_is_rejected_alone_and_later_records_are_read(string declared)
    {
        string length = declared switch
        {
            "SHORT" => (PayloadLength - 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "LONG" => (PayloadLength + 200).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => declared,
        };
        var first = Response("https://a.example/1", "text/html", Encoding.UTF8.GetBytes(Page));
        var bad = ResponseDeclaring(length, "https://a.example/bad");
        var later = Response("https://a.example/3", "text/html", Encoding.UTF8.GetBytes(Page));
        var last = Response("https://a.example/4", "text/html", Encoding.UTF8.GetBytes(Page));
        var items = Read("mixed.warc", [.. first, .. bad, .. later, .. last]);
        var documents = items.OfType<AcceptedDocument>().Select(d => d.Document).ToList();
        Assert.Equal(["https://a.example/1", "https://a.example/3", "https://a.example/4"], documents.Select(d => d.Hints.Url));
        Assert.All(documents, d => Assert.Equal(Page, Encoding.UTF8.GetString(((HtmlBody)d.Body).Bytes)));
        var rejection = Assert.Single(items.OfType<Rejection>());
        Assert.Equal(1 + first.Count(b => b == '\n'), rejection.Origin.Line);
        Assert.Contains("reading resumes at the next record", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(1 + first.Count(b => b == '\n') + bad.Count(b => b == '\n'), documents[1].Origin.Line);
    }

    [Fact]
    public void A_short_content_length_never_glues_the_next_record_onto_the_article()
    {
        var bad = ResponseDeclaring((PayloadLength + 40).ToString(System.Globalization.CultureInfo.InvariantCulture), "https://a.example/glued");
        var next = Response("https://a.example/next", "text/html", Encoding.UTF8.GetBytes(Page));
        var items = Read("glue.warc", [.. bad, .. next]);
        var document = Assert.IsType<AcceptedDocument>(Assert.Single(items, i => i is AcceptedDocument)).Document;
        Assert.Equal("https://a.example/next", document.Hints.Url);
        Assert.DoesNotContain("WARC/1.0", Encoding.UTF8.GetString(((HtmlBody)document.Body).Bytes), StringComparison.Ordinal);
        Assert.Contains("does not match its block", Assert.Single(items.OfType<Rejection>()).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    [InlineData(200)]
    public void A_truncated_record_in_the_middle_is_rejected_and_the_records_after_it_are_read(int cutAt)
    {
        var cut = Response("https://a.example/cut", "text/html", Encoding.UTF8.GetBytes(Page))[..cutAt];
        var next = Response("https://a.example/next", "text/html", Encoding.UTF8.GetBytes(Page));
        var items = Read("cut.warc", [.. cut, .. next]);
        Assert.Equal("https://a.example/next", Assert.Single(items.OfType<AcceptedDocument>()).Document.Hints.Url);
        Assert.Equal(1, Assert.Single(items.OfType<Rejection>()).Origin.Line);
    }

    [Fact]
    public void Garbage_between_records_is_one_rejection_with_its_line()
    {
        var first = Response("https://a.example/1", "text/html", Encoding.UTF8.GetBytes(Page));
        var second = Response("https://a.example/2", "text/html", Encoding.UTF8.GetBytes(Page));
        var items = Read("noise.warc", [.. first, .. "junk line one\r\njunk line two\r\n"u8.ToArray(), .. second]);
        Assert.Equal(2, items.OfType<AcceptedDocument>().Count());
        var rejection = Assert.Single(items.OfType<Rejection>());
        Assert.Equal(1 + first.Count(b => b == '\n'), rejection.Origin.Line);
        Assert.Contains("junk line one", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_block_without_its_blank_line_is_rejected_and_the_next_record_is_read()
    {
        var second = Response("https://a.example/2", "text/html", Encoding.UTF8.GetBytes(Page));
        var items = Read("headers.warc", [.. "WARC/1.0\r\nWARC-Type: response\r\n"u8.ToArray(), .. second]);
        Assert.Equal("https://a.example/2", Assert.Single(items.OfType<AcceptedDocument>()).Document.Hints.Url);
        Assert.Contains("blank line", Assert.Single(items.OfType<Rejection>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_are_the_same_whether_the_archive_is_gzipped_or_not()
    {
        byte[] warc = [.. Response("https://a.example/1", "text/html", Encoding.UTF8.GetBytes(Page)),
                       .. Response("https://a.example/2", "text/html", Encoding.UTF8.GetBytes(Page))];
        var plain = Read("crawl.warc", warc).OfType<AcceptedDocument>().Select(d => d.Document.Id).ToList();
        var packed = Read("crawl.warc.gz", GzipInputTests.Gzip(warc)).OfType<AcceptedDocument>().Select(d => d.Document.Id).ToList();
        Assert.Equal(["crawl-1", "crawl-2"], plain);
        Assert.Equal(plain, packed);
    }

    [Fact]
    public void A_cut_warc_gz_is_truncated_gzip_at_the_record_it_cuts()
    {
        var first = Response("https://a.example/1", "text/html", Encoding.UTF8.GetBytes(Page));
        var second = Response("https://a.example/2", "text/html", Encoding.UTF8.GetBytes(Page));
        var secondMember = GzipInputTests.Gzip(second);
        var items = Read("cut.warc.gz", [.. GzipInputTests.Gzip(first), .. secondMember[..(secondMember.Length / 2)]]);
        Assert.Equal("https://a.example/1", Assert.IsType<AcceptedDocument>(items[0]).Document.Hints.Url);
        var rejection = Assert.IsType<Rejection>(Assert.Single(items.Skip(1)));
        Assert.StartsWith("truncated gzip", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(1 + first.Count(b => b == '\n'), rejection.Origin.Line);
    }

    [Fact]
    public void A_gzip_bomb_payload_inside_a_record_is_refused()
    {
        var bomb = GzipInputTests.Gzip(Enumerable.Repeat((byte)' ', 64 * 1024 * 1024).ToArray());
        var warc = Response("https://a.example/bomb", "text/html", bomb, "Content-Encoding: gzip\r\n");
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read("bomb.warc", warc)));
        Assert.Contains("limit for one article", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_records_claiming_more_than_the_file_holds_cost_one_read_of_it()
    {
        var good = Response("https://a.example/good", "text/html", Encoding.UTF8.GetBytes(Page));
        var bad = ResponseDeclaring("5000000", "https://a.example/bad");
        using var warc = new MemoryStream();
        for (int i = 0; i < 10_000; i++)
            warc.Write(i % 2 == 0 ? good : bad);
        var items = Read("liar.warc", warc.ToArray());
        Assert.Equal(5_000, items.OfType<AcceptedDocument>().Count());
        Assert.Equal(5_000, items.OfType<Rejection>().Count());
    }

    [Fact]
    public void A_file_of_nothing_but_wrong_lengths_is_given_up_in_bounded_time()
    {
        var bad = ResponseDeclaring((PayloadLength + 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), "https://a.example/bad");
        using var warc = new MemoryStream();
        while (warc.Length < 8_000_000)
            warc.Write(bad);
        var items = Read("liars.warc", warc.ToArray());
        Assert.Contains("the rest of it is not read", Assert.IsType<Rejection>(items[^1]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_warc_is_rejected_by_name()
    {
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read("notes.warc", "just some text\nmore text\n"u8.ToArray())));
        Assert.Contains("not a WARC record", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warc_without_html_says_so()
    {
        var warc = Response("https://a.example/data", "application/json", "{}"u8.ToArray());
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read("data.warc", warc)));
        Assert.Contains("no HTML responses", rejection.Reason, StringComparison.Ordinal);
    }
}
