using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Tidings.EndToEnd;

/// <summary>HTML and WARC extraction, and the extraction and date evaluations, through the built command.</summary>
public sealed class ExtractionCliTests : IDisposable
{
    private const string Lead = "The Veldmark port authority reopened the northern quay on Monday after a three-week closure, officials said.";
    private const string Body = "Engineers replaced forty metres of the sea wall, which storms had undermined in March, and tested the new cranes.";

    private static readonly string Page = $"""
        <html lang="en"><head><title>Northern quay reopens | Veldmark Courier</title>
        <meta property="article:published_time" content="2024-05-06T09:30:00+02:00"></head>
        <body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
        <article><h1>Northern quay reopens</h1><p>{Lead}</p><p>{Body}</p>
        <div class="share-bar"><a href="#">Share on Facebook</a></div></article>
        <div class="cookie-banner"><p>We use cookies to give you the best experience of our website and services.</p></div></body></html>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, byte[] bytes)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
            zip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    [Fact]
    public void Extract_reads_a_warc_file_and_keeps_the_crawled_url()
    {
        byte[] http = Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + Page);
        byte[] record = [.. Encoding.ASCII.GetBytes($"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://courier.example/quay\r\nContent-Length: {http.Length}\r\n\r\n"), .. http, .. "\r\n\r\n"u8.ToArray()];
        string warc = Write("crawl.warc", record);
        var run = Tidings.Run("extract", warc, "--format", "jsonl");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout.Trim());
        var article = json.RootElement;
        Assert.Equal("https://courier.example/quay", article.GetProperty("url").GetString());
        Assert.Equal("Northern quay reopens", article.GetProperty("title").GetString());
        Assert.Equal("2024-05-06T09:30:00+02:00", article.GetProperty("published").GetString());
        string text = article.GetProperty("text").GetString()!;
        Assert.Contains(Lead, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share on Facebook", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cookies", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_extraction_snippets_scores_by_the_trafilatura_rule()
    {
        Write("html/quay.html.gz", Gzip(Page));
        string gold = Write("gold.json", Encoding.UTF8.GetBytes($$"""
            {"https://courier.example/quay": {"file": "quay.html", "with": ["{{Lead[..40]}}", "sea wall,   which storms"],
              "without": ["Share on Facebook", "We use cookies"], "title": "Northern quay reopens", "date": "2024-05-06"} }
            """));
        var run = Tidings.Run("eval", "extraction-snippets", "--gold", gold, _folder);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pages 1  snippets: 2 found, 0 missing, 0 unwanted found", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("text      P 1.000  R 1.000  F1 1.000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("title     exact 1.000", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_extraction_wcxb_averages_word_bags_per_page_and_type()
    {
        Write("html/0001.html.gz", Gzip(Page));
        Write("ground-truth/0001.json", Encoding.UTF8.GetBytes($$"""
            {"url": "https://courier.example/quay", "file_id": "0001", "_internal": {"page_type": {"primary": "article"} },
             "ground_truth": {"title": "Northern quay reopens", "author": null, "publish_date": "2024-05-06", "main_content": "{{Lead}}\n\n{{Body}}"} }
            """));
        var run = Tidings.Run("eval", "extraction-wcxb", "--gold", _folder, _folder);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"all\s+P 0\.\d{3}  R 1\.000  F1 0\.\d{3}  \(1 pages\)", run.Stdout);
        Assert.Contains("article", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_dates_counts_right_wrong_and_missing_days()
    {
        Write("html/a.html.gz", Gzip(Page));
        Write("html/b.html.gz", Gzip("<html><body><p>No date anywhere on this page.</p></body></html>"));
        string gold = Write("gold.json", Encoding.UTF8.GetBytes("""
            {"https://a.example/": {"file": "a.html", "date": "2024-05-06"}, "https://b.example/": {"file": "b.html", "date": "2020-01-01"}}
            """));
        var run = Tidings.Run("eval", "dates", "--gold", gold, _folder);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pages 2  right 1  wrong 0  none 1", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_with_an_unreadable_gold_file_names_it()
    {
        string gold = Write("gold.json", "{not json"u8.ToArray());
        var run = Tidings.Run("eval", "dates", "--gold", gold, _folder);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(gold, run.Stderr, StringComparison.Ordinal);
    }
}
