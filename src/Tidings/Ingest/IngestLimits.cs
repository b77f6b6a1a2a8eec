namespace Tidings.Ingest;

/// <summary>Bounds that keep one hostile input from exhausting memory or time.</summary>
public sealed record IngestLimits
{
    /// <summary>
    /// The largest single article (a .txt/.html file or one JSONL line), in bytes. Real news pages
    /// are well under 2 MB; anything beyond 10 MB is a dump or an attack, and fingerprinting it
    /// would dominate a whole batch's run time.
    /// </summary>
    public const long DefaultMaxArticleBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The most one gzipped input may expand to, in bytes. The largest real inputs are crawl archives (a Common Crawl
    /// news WARC.gz is about 1 GB and expands to about 5 GB) and JSONL dumps of a few GB; 32 GB leaves room for them all,
    /// and bounds what a bomb that slips under the expansion-ratio guard can cost.
    /// </summary>
    public const long DefaultMaxDecompressedBytes = 32L * 1024 * 1024 * 1024;

    /// <summary>
    /// How many times larger than its compressed bytes a gzip stream may grow. Prose compresses 3-5 times, HTML and
    /// JSONL with repeated boilerplate up to about 20; deflate's ceiling is about 1,030, which only degenerate data
    /// (one byte repeated) reaches. Five times the densest real data refuses bombs and nothing a crawler writes.
    /// </summary>
    public const int DefaultMaxExpansionRatio = 100;

    /// <summary>
    /// The ratio is judged only once this many bytes came out, so a small, very repetitive file (a feed of
    /// near-identical records) is never refused, while a bomb is stopped after a fraction of a second's work.
    /// </summary>
    public const long DefaultExpansionCheckAfterBytes = 64 * 1024 * 1024;

    /// <summary>The largest single article; see <see cref="DefaultMaxArticleBytes"/>.</summary>
    public long MaxArticleBytes { get; init; } = DefaultMaxArticleBytes;

    /// <summary>The most one gzipped input may expand to; see <see cref="DefaultMaxDecompressedBytes"/>.</summary>
    public long MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    /// <summary>The largest expansion a gzip stream may show; see <see cref="DefaultMaxExpansionRatio"/>.</summary>
    public int MaxExpansionRatio { get; init; } = DefaultMaxExpansionRatio;

    /// <summary>When the expansion ratio starts to count; see <see cref="DefaultExpansionCheckAfterBytes"/>.</summary>
    public long ExpansionCheckAfterBytes { get; init; } = DefaultExpansionCheckAfterBytes;

    public static IngestLimits Default { get; } = new();
}
