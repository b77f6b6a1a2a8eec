using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Benchmarks;

/// <summary>
/// Article extraction (parse, content, metadata, date, language) over a folder of real pages, one operation per page:
/// BenchmarkDotNet's mean is the time per page, so pages per second is its inverse. The corpus is read into memory
/// first, so disk and gzip are not measured.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private List<RawDocument> _pages = [];
    private ArticleExtractor _extractor = null!;

    /// <summary>Number of pages in the corpus, for <see cref="BenchmarkAttribute.OperationsPerInvoke"/> reporting.</summary>
    public static int PageCount => Corpus.Load().Count;

    [GlobalSetup]
    public void Setup()
    {
        _pages = Corpus.Load();
        _extractor = new ArticleExtractor();
        // Lingua loads its language models on first use; that one-off cost is not per page.
        _extractor.Extract(_pages[0]);
    }

    [Benchmark(Description = "single thread")]
    public int SingleThread()
    {
        int paragraphs = 0;
        foreach (var page in _pages)
            paragraphs += _extractor.Extract(page).Paragraphs.Count;
        return paragraphs;
    }

    [Benchmark(Description = "all cores")]
    public int AllCores()
    {
        int paragraphs = 0;
        Parallel.ForEach(_pages, page => Interlocked.Add(ref paragraphs, _extractor.Extract(page).Paragraphs.Count));
        return paragraphs;
    }
}

/// <summary>The pages to extract: every <c>.html</c> or <c>.html.gz</c> file under <c>TIDINGS_BENCH_PAGES</c>.</summary>
internal static class Corpus
{
    public const string Variable = "TIDINGS_BENCH_PAGES";

    private static List<RawDocument>? _loaded;

    public static string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? folder
        : Path.Combine("..", "shared", "data", "extraction", "trafilatura-eval", "html");

    public static List<RawDocument> Load()
    {
        if (_loaded is not null)
            return _loaded;
        var files = Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        _loaded = files.Select(f => new RawDocument(Path.GetFileName(f), new SourceLocation(f), new HtmlBody(ReadBytes(f)), DocumentHints.None)).ToList();
        return _loaded;
    }

    private static byte[] ReadBytes(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return File.ReadAllBytes(path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
