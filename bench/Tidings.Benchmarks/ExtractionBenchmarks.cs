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

    /// <summary>
    /// The parse alone, as extraction parses (AngleSharp's tokenizer and tree builder into Tidings' document tree), on
    /// all cores: the least an extractor on that parser spends per page, whatever it does with the tree afterwards.
    /// </summary>
    [Benchmark(Description = "parse only, all cores")]
    public int ParseOnlyAllCores()
    {
        int elements = 0;
        Parallel.ForEach(_pages, page =>
        {
            var bytes = ((HtmlBody)page.Body).Bytes;
            var document = Tidings.Extraction.Html.HtmlDocumentLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes));
            Interlocked.Add(ref elements, document.Body?.ChildElementCount ?? 0);
        });
        return elements;
    }
}

/// <summary>
/// The pages to extract: every HTML page (<c>.html</c>, <c>.html.gz</c>, ...) under <c>TIDINGS_BENCH_PAGES</c>, read by
/// the same <see cref="DocumentReader"/> the command line uses; anything it rejects is left out.
/// </summary>
internal static class Corpus
{
    public const string Variable = "TIDINGS_BENCH_PAGES";

    private static List<RawDocument>? _loaded;

    public static string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? folder
        : Path.Combine("..", "shared", "data", "extraction", "trafilatura-eval", "html");

    public static List<RawDocument> Load() => _loaded ??= new DocumentReader().Read([Folder])
        .OfType<AcceptedDocument>()
        .Select(a => a.Document)
        .Where(d => d.Body is HtmlBody)
        .ToList();
}
