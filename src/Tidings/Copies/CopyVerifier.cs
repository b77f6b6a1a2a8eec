using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The verified relation between two articles, before provenance is decided.</summary>
public readonly record struct CopyVerdict(CopyKind Kind, double Score, IReadOnlyList<AlignedSentences> Evidence);

/// <summary>
/// Decides exactly, from the two texts' sentence alignment, whether and how two candidate articles copy each other.
/// Everything is measured on the shorter text, so a copy padded with boilerplate or cut short is judged by what it kept.
/// </summary>
public static class CopyVerifier
{
    /// <summary>Share of the shorter text's words in aligned sentences for a near-duplicate.</summary>
    public const double NearDuplicateCoverage = 0.8;

    /// <summary>
    /// Mean similarity of a near-duplicate's aligned sentences. Edits at up to 10% of the words leave them at
    /// 0.78-0.99 (dev copy set); a spinner that swaps 30% of the content words or more at 0.51-0.76.
    /// </summary>
    public const double NearDuplicateSimilarity = 0.77;

    /// <summary>
    /// Share of the shorter text's five-word runs found in the other for a near-duplicate. Edits at 10% of the words
    /// keep about 0.6 of them; a spin that keeps each sentence's gist but swaps its words keeps 0.1-0.4.
    /// </summary>
    public const double NearDuplicateShingleContainment = 0.45;

    /// <summary>The shorter text must be at least this share of the longer; a smaller piece is a partial copy.</summary>
    public const double NearDuplicateLengthRatio = 0.5;

    /// <summary>
    /// Share of the shorter text's words that a rewrite's ordered chain covers. Independent reports of one event
    /// restate some facts, but rarely half of a text in the same order.
    /// </summary>
    public const double RewriteCoverage = 0.5;

    /// <summary>A rewrite needs this many aligned sentences; fewer is a shared quote or two, not a copy.</summary>
    public const int RewriteMinimumSentences = 4;

    /// <summary>A partial copy's block: at least this many sentences copied (nearly) word for word...</summary>
    public const int PartialCopyMinimumSentences = 3;

    /// <summary>...holding at least this many words: about a paragraph, more than a shared quotation.</summary>
    public const int PartialCopyMinimumWords = 40;

    /// <summary>
    /// The relation between <paramref name="a"/> and <paramref name="b"/>. Sentences in <paramref name="commonInA"/>
    /// and <paramref name="commonInB"/> (found in several unrelated stories: templates, appeals, disclaimers) align as
    /// usual but are no evidence of a partial copy, which is all they could otherwise make two unrelated texts look like.
    /// </summary>
    public static CopyVerdict? Verify(WordSequence a, WordSequence b, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        if (a.WordCount == 0 || b.WordCount == 0)
            return null;
        if (a.WordCount == b.WordCount && a.BodyHash() == b.BodyHash())
        {
            var all = a.Sentences.Select((s, i) => new AlignedSentences(i, i, 1.0, s, b.Sentences[i])).ToList();
            return new CopyVerdict(CopyKind.Duplicate, 1.0, all);
        }
        var chain = SentenceAligner.Align(a, b);
        if (chain.Count == 0)
            return null;
        var m = AlignmentMeasures.Of(a, b, chain, commonInA, commonInB);
        bool wordsKept = m.MeanSimilarity >= NearDuplicateSimilarity && ShingleContainment(a, b) >= NearDuplicateShingleContainment;
        if (wordsKept && m.ShorterCoverage >= NearDuplicateCoverage && m.LengthRatio >= NearDuplicateLengthRatio)
            return new CopyVerdict(CopyKind.NearDuplicate, Math.Round(m.ShorterCoverage * m.MeanSimilarity, 3), chain);
        if (!wordsKept && chain.Count >= RewriteMinimumSentences && m.ShorterCoverage >= RewriteCoverage)
            return new CopyVerdict(CopyKind.Rewrite, Math.Round(m.ShorterCoverage, 3), chain);
        if (m.VerbatimSentences >= PartialCopyMinimumSentences && m.VerbatimWords >= PartialCopyMinimumWords)
            return new CopyVerdict(CopyKind.PartialCopy, Math.Round(m.VerbatimShare, 3), chain);
        return null;
    }

    /// <summary>The share of the smaller shingle set found in the other (a merge over the two sorted sets).</summary>
    private static double ShingleContainment(WordSequence a, WordSequence b)
    {
        var x = a.Shingles();
        var y = b.Shingles();
        int i = 0, j = 0, shared = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
                i++;
            else
                j++;
        }
        int smaller = Math.Min(x.Length, y.Length);
        return smaller == 0 ? 0 : (double)shared / smaller;
    }
}

/// <summary>What an alignment says about two texts, measured in words of the shorter one.</summary>
internal readonly record struct AlignmentMeasures(
    double ShorterCoverage,
    double MeanSimilarity,
    double LengthRatio,
    int VerbatimSentences,
    int VerbatimWords,
    double VerbatimShare)
{
    public static AlignmentMeasures Of(WordSequence a, WordSequence b, IReadOnlyList<AlignedSentences> chain, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        bool aShorter = a.WordCount <= b.WordCount;
        int shorterWords = Math.Min(a.WordCount, b.WordCount);
        int aligned = 0, verbatimSentences = 0, verbatimWords = 0;
        double weighted = 0, weights = 0;
        foreach (var pair in chain)
        {
            int words = aShorter ? pair.SpanA.WordCount : pair.SpanB.WordCount;
            aligned += words;
            weighted += pair.Similarity * (pair.SpanA.WordCount + pair.SpanB.WordCount);
            weights += pair.SpanA.WordCount + pair.SpanB.WordCount;
            if (pair.Similarity >= CopyVerifier.NearDuplicateSimilarity && commonInA?.Contains(pair.InA) != true && commonInB?.Contains(pair.InB) != true)
            {
                verbatimSentences++;
                verbatimWords += words;
            }
        }
        return new AlignmentMeasures(
            (double)aligned / shorterWords,
            weights == 0 ? 0 : weighted / weights,
            (double)shorterWords / Math.Max(a.WordCount, b.WordCount),
            verbatimSentences,
            verbatimWords,
            (double)verbatimWords / shorterWords);
    }
}
