using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>How one article copies another.</summary>
public enum CopyKind
{
    /// <summary>The same body.</summary>
    Duplicate,
    /// <summary>The same body with small edits, added boilerplate or truncation.</summary>
    NearDuplicate,
    /// <summary>A substantial block of one inside the other.</summary>
    PartialCopy,
    /// <summary>The other's sentences, in order, with many words changed.</summary>
    Rewrite,
}

/// <summary>
/// Two sentences that say the same thing in the two articles: their indices among each text's sentences as
/// <see cref="WordSequence"/> reads them (which give where they stand in the text, for a later stage that points back
/// to them) and their similarity (1 when word for word). Sixteen bytes, because every relation keeps its evidence.
/// </summary>
public readonly record struct AlignedSentences(int InA, int InB, double Similarity)
{
    /// <summary>The same alignment read from the other article's side.</summary>
    public AlignedSentences Mirrored() => new(InB, InA, Similarity);
}

/// <summary>
/// A verified copy relation between articles <see cref="A"/> and <see cref="B"/> (A before B in input order),
/// with the article judged the original and the evidence that decided it.
/// </summary>
public sealed record CopyRelation(
    string A,
    string B,
    CopyKind Kind,
    string Original,
    double Score,
    IReadOnlyList<AlignedSentences> Evidence,
    AlignmentMeasures Measures = default)
{
    public string Copy => Original == A ? B : A;

    public static CopyKind? ParseKind(string? name) => name switch
    {
        "duplicate" => CopyKind.Duplicate,
        "near-duplicate" => CopyKind.NearDuplicate,
        "partial-copy" => CopyKind.PartialCopy,
        "rewrite" => CopyKind.Rewrite,
        _ => null,
    };

    public static string KindName(CopyKind kind) => kind switch
    {
        CopyKind.Duplicate => "duplicate",
        CopyKind.NearDuplicate => "near-duplicate",
        CopyKind.PartialCopy => "partial-copy",
        CopyKind.Rewrite => "rewrite",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
