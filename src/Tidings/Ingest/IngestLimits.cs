namespace Tidings.Ingest;

/// <summary>Bounds that keep one hostile input from exhausting memory or time.</summary>
public sealed record IngestLimits
{
    /// <summary>
    /// The largest single article (a .txt/.html file or one JSONL line), in bytes. Real news pages
    /// are well under 2 MB; anything beyond 10 MB is a dump or an attack, and fingerprinting it
    /// would dominate a whole batch's run time.
    /// </summary>
    public long MaxArticleBytes { get; init; } = 10 * 1024 * 1024;

    public static IngestLimits Default { get; } = new();
}
