using System.IO.Compression;
using System.Text;

namespace Tidings.Fuzz;

/// <summary>
/// The corpus mutations start from: the repository's samples, plus one small input of each format written here, so
/// that every reader (plain text, HTML, JSONL, WARC, and gzip around each) is reached from the first iteration.
/// </summary>
internal static class Seeds
{
    private const string Story = "The Veldmark council approved the harbour budget on Monday after a long debate about dredging costs.\n\n" +
        "Councillors said the new ferry berth would open in the spring, and the mayor promised a public meeting on fees.\n";

    private const string Page = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves harbour budget | Veldmark Courier</title>
        <meta property="article:published_time" content="2024-03-04T09:30:00+01:00"><script type="application/ld+json">
        {"@type":"NewsArticle","headline":"Council approves harbour budget","datePublished":"2024-03-04"}</script></head>
        <body><nav><a href="/">Home</a> | <a href="/news">News</a></nav><article><h1>Council approves harbour budget</h1>
        <p class="byline">By Anna Brek</p><p>The Veldmark council approved the harbour budget on Monday after a long debate about dredging costs.</p>
        <p>Councillors said the new ferry berth would open in the spring.</p><table><tr><td>Cost</td><td>4m</td></tr></table>
        </article><aside>Subscribe to our newsletter</aside><footer>© Veldmark Courier</footer></body></html>
        """;

    /// <summary>Seed inputs as (file extension, bytes).</summary>
    public static List<(string Extension, byte[] Bytes)> Load(string repositoryRoot)
    {
        var seeds = new List<(string, byte[])>
        {
            (".txt", Encoding.UTF8.GetBytes(Story)),
            (".html", Encoding.UTF8.GetBytes(Page)),
            (".jsonl", Encoding.UTF8.GetBytes("{\"id\":\"a\",\"title\":\"Harbour budget\",\"published\":\"2024-03-04\",\"text\":\"" + Story.Replace("\n", "\\n", StringComparison.Ordinal) + "\"}\n{\"id\":\"b\",\"html\":\"<p>Ferry berth opens</p>\",\"published\":\"Tue, 05 Mar 2024 10:00:00 GMT\"}\n")),
            (".warc", Warc("http://courier.example/harbour", Page)),
        };
        string samples = Path.Combine(repositoryRoot, "samples");
        if (Directory.Exists(samples))
            seeds.AddRange(Directory.GetFiles(samples).Order(StringComparer.Ordinal).Select(f => (Path.GetExtension(f), File.ReadAllBytes(f))));
        return seeds;
    }

    private static byte[] Warc(string uri, string html)
    {
        string http = $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}";
        int length = Encoding.UTF8.GetByteCount(http);
        string record = $"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {length}\r\n\r\n{http}\r\n\r\n";
        return Encoding.UTF8.GetBytes(record + record.Replace("urn:uuid:1", "urn:uuid:2", StringComparison.Ordinal));
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return output.ToArray();
    }
}
