using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartReader;

// SmartReader (a C# port of Readability with its own additions) as a peer extractor for bench/extraction-peers.sh.
//
//   dotnet bin/Release/net10.0/SmartReaderRunner.dll DIR > smartreader.jsonl
//
// Reads every *.html.gz / *.html page in DIR (and in DIR/html when it exists) and runs Reader.ParseArticle on it, one
// page per core at a time, writing one JSON line per page in file order: {"file", "title", "text"}, the file named as in
// the folder, so that `tidings eval extraction-* --predictions` scores it with Tidings' own scorers. A page that throws
// (or that SmartReader reports errors for and finds nothing on) gets "error" beside an empty text, and the run goes on.
// Not part of Tidings.slnx: CI never builds it; the bench script does.
if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: SmartReaderRunner DIR  (a folder of *.html.gz or *.html pages, or with them under DIR/html)");
    return 1;
}
var pages = new[] { args[0], Path.Combine(args[0], "html") }
    .Where(Directory.Exists)
    .SelectMany(folder => Directory.EnumerateFiles(folder).Where(Runner.IsPage).Order(StringComparer.Ordinal))
    .ToList();
var clock = Stopwatch.StartNew();
var records = new Runner.Record[pages.Count];
Parallel.For(0, pages.Count, i => records[i] = Runner.Extract(pages[i]));
using (var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)))
{
    foreach (var record in records)
        output.WriteLine(JsonSerializer.Serialize(record, Runner.Json));
}
int failed = records.Count(r => r.Error is not null);
Console.Error.WriteLine($"smartreader: {pages.Count} pages in {clock.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores{(failed > 0 ? $", {failed} failed (their \"error\" says why)" : "")}");
return 0;

internal static partial class Runner
{
    /// <summary>One output line; a null <see cref="Error"/> is left out.</summary>
    internal sealed record Record(string File, string? Title, string Text, string? Error = null);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private const string DummyUrl = "https://example.invalid/page.html";

    public static bool IsPage(string path) =>
        path.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    public static Record Extract(string path)
    {
        string file = Path.GetFileName(path);
        try
        {
            byte[] bytes = Read(path);
            // The stream overload: AngleSharp finds the charset as a browser does (BOM, <meta charset>), as jsdom does
            // for Readability.js, rather than a decoding chosen here.
            using var stream = new MemoryStream(bytes);
            var article = Reader.ParseArticle(PageUrl(bytes), stream);
            string text = Normalise(article.TextContent ?? string.Empty);
            string? error = text.Length == 0 && article.Errors.Count > 0 ? string.Join("; ", article.Errors.Select(e => e.Message)) : null;
            return new Record(file, string.IsNullOrWhiteSpace(article.Title) ? null : article.Title, text, Cut(error));
        }
        catch (Exception e)
        {
            return new Record(file, null, string.Empty, Cut(e.Message));
        }
    }

    private static byte[] Read(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return File.ReadAllBytes(path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The page's own address when it declares one (canonical link, else og:url), else a dummy: read from the bytes as
    /// Latin-1, which keeps every ASCII URL intact whatever the charset. The same rule as bench/peers/readability/run.mjs.
    /// </summary>
    private static string PageUrl(byte[] bytes)
    {
        string head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 200_000));
        var found = CanonicalFirst().Match(head) is { Success: true } a ? a
            : CanonicalLast().Match(head) is { Success: true } b ? b
            : OpenGraphUrl().Match(head);
        return found.Success && Uri.TryCreate(found.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal), UriKind.Absolute, out var url)
            && url.Scheme is "http" or "https" ? url.AbsoluteUri : DummyUrl;
    }

    /// <summary>Spaces collapse within a line and blank lines go, so paragraphs are separated by one "\n" (as run.mjs writes them).</summary>
    private static string Normalise(string text) => string.Join('\n', text.Split('\n')
        .Select(line => Spaces().Replace(line, " ").Trim())
        .Where(line => line.Length > 0));

    private static string? Cut(string? message) => message is { Length: > 300 } ? message[..300] : message;

    [GeneratedRegex(@"<link\b[^>]*\brel=[""']?canonical[""']?[^>]*\bhref=[""']([^""'\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CanonicalFirst();

    [GeneratedRegex(@"<link\b[^>]*\bhref=[""']([^""'\s>]+)[""'][^>]*\brel=[""']?canonical", RegexOptions.IgnoreCase)]
    private static partial Regex CanonicalLast();

    [GeneratedRegex(@"<meta\b[^>]*\bproperty=[""']og:url[""'][^>]*\bcontent=[""']([^""'\s>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex OpenGraphUrl();

    [GeneratedRegex(@"[\s\u00a0]+")]
    private static partial Regex Spaces();
}
