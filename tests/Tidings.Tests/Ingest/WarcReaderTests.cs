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
