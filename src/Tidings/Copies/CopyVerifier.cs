using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The verified relation between two articles, before provenance is decided.</summary>
public readonly record struct CopyVerdict(CopyKind Kind, double Score, IReadOnlyList<AlignedSentences> Evidence);

/// <summary>Decides exactly, from shingles and sentence alignment, whether and how two candidate articles copy each other.</summary>
public static class CopyVerifier
{
    /// <summary>Shingle Jaccard at which two bodies are the same text (allowing a changed word or two in a long article).</summary>
    public const double DuplicateJaccard = 0.9;

    /// <summary>Shingle Jaccard for a near-duplicate: most 5-grams shared, so edits are small.</summary>
    public const double NearDuplicateJaccard = 0.5;

    /// <summary>Share of the shorter body found in the longer one for a truncated or padded copy to count as near-duplicate.</summary>
    public const double NearDuplicateContainment = 0.8;

    /// <summary>The shorter body must be at least this fraction of the longer for containment to mean near-duplicate rather than partial copy.</summary>
    public const double NearDuplicateLengthRatio = 0.5;

    /// <summary>
    /// A partial copy shares a block of at least this many 5-grams (about a paragraph); independent reports
    /// quoting one official statement share a sentence or two, well below it.
    /// </summary>
    public const int PartialCopyMinimumShingles = 40;

    /// <summary>Share of the shorter body that a partial copy's block must cover.</summary>
    public const double PartialCopyContainment = 0.2;

    /// <summary>Share of the shorter article's sentences that must align, in order, for a rewrite.</summary>
    public const double RewriteCoverage = 0.4;

    /// <summary>A rewrite needs this many aligned sentences; fewer is a shared quote, not a copy.</summary>
    public const int RewriteMinimumSentences = 4;

    /// <summary>
    /// Mean similarity of a rewrite's aligned sentences: a spin keeps most of each sentence's content words
    /// (0.76 for the seeds' spun copy), while independent reports restating the same facts align more loosely (0.5-0.6).
    /// </summary>
    public const double RewriteMeanSimilarity = 0.65;

    /// <summary>Aligned sentences this similar are copied word for word, not rewritten.</summary>
    public const double VerbatimSentenceSimilarity = 0.9;

    public static CopyVerdict? Verify(Fingerprint a, Fingerprint b)
    {
        if (a.WordCount == 0 || b.WordCount == 0)
            return null;
        if (a.BodyHash == b.BodyHash)
            return new CopyVerdict(CopyKind.Duplicate, 1.0, []);
        int shared = IntersectionCount(a.Shingles, b.Shingles);
        int union = a.Shingles.Length + b.Shingles.Length - shared;
        double jaccard = union == 0 ? 0 : (double)shared / union;
        int smaller = Math.Min(a.Shingles.Length, b.Shingles.Length);
        double containment = smaller == 0 ? 0 : (double)shared / smaller;
        double lengthRatio = (double)smaller / Math.Max(a.Shingles.Length, b.Shingles.Length);

        if (jaccard >= DuplicateJaccard)
            return new CopyVerdict(CopyKind.Duplicate, jaccard, []);
        if (jaccard >= NearDuplicateJaccard || (containment >= NearDuplicateContainment && lengthRatio >= NearDuplicateLengthRatio))
            return new CopyVerdict(CopyKind.NearDuplicate, Math.Max(jaccard, containment), []);
        // A rewrite aligns in order but mostly not word for word; a partial copy shares verbatim text.
        var chain = SentenceAligner.Align(a.Sentences, b.Sentences);
        int shorter = Math.Min(a.Sentences.Count, b.Sentences.Count);
        double coverage = shorter == 0 ? 0 : (double)chain.Count / shorter;
        int verbatim = chain.Count(c => c.Similarity >= VerbatimSentenceSimilarity);
        double meanSimilarity = chain.Count == 0 ? 0 : chain.Average(c => c.Similarity);
        if (chain.Count >= RewriteMinimumSentences && coverage >= RewriteCoverage && meanSimilarity >= RewriteMeanSimilarity && verbatim * 2 < chain.Count)
            return new CopyVerdict(CopyKind.Rewrite, coverage, chain);
        if (shared >= PartialCopyMinimumShingles && containment >= PartialCopyContainment)
            return new CopyVerdict(CopyKind.PartialCopy, containment, chain);
        return null;
    }

    private static int IntersectionCount(ulong[] x, ulong[] y)
    {
        int i = 0, j = 0, n = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                n++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
                i++;
            else
                j++;
        }
        return n;
    }
}
