using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// Aligns sentences of two articles by content-word overlap and keeps the longest chain that runs in the same order
/// in both. A spun copy keeps the original's sentence order while swapping words; two independent reports of one event
/// share some facts but neither their order nor their wording sentence by sentence.
/// </summary>
public static class SentenceAligner
{
    /// <summary>Dice overlap of stemmed content words above which two sentences say the same thing (tuned on the seeds' rewrite pair against their independent pairs).</summary>
    public const double MinimumSentenceSimilarity = 0.4;

    /// <summary>Sentences with fewer shared content words are too short to be evidence.</summary>
    public const int MinimumSharedTerms = 3;

    public static List<AlignedSentences> Align(IReadOnlyList<SentenceTerms> a, IReadOnlyList<SentenceTerms> b)
    {
        var pairs = new List<AlignedSentences>();
        for (int i = 0; i < a.Count; i++)
        {
            int best = -1;
            double bestScore = 0;
            for (int j = 0; j < b.Count; j++)
            {
                var (score, shared) = Dice(a[i].Terms, b[j].Terms);
                if (shared >= MinimumSharedTerms && score >= MinimumSentenceSimilarity && score > bestScore)
                    (best, bestScore) = (j, score);
            }
            if (best >= 0)
                pairs.Add(new AlignedSentences(i, best, bestScore));
        }
        return LongestOrderedChain(pairs);
    }

    public static (double Score, int Shared) Dice(IReadOnlySet<string> x, IReadOnlySet<string> y)
    {
        if (x.Count == 0 || y.Count == 0)
            return (0, 0);
        int shared = x.Count(y.Contains);
        return (2.0 * shared / (x.Count + y.Count), shared);
    }

    /// <summary>Longest chain increasing in both sentence indices (patience sorting, O(n log n)).</summary>
    private static List<AlignedSentences> LongestOrderedChain(List<AlignedSentences> pairs)
    {
        var tails = new List<int>();
        var previous = new int[pairs.Count];
        for (int k = 0; k < pairs.Count; k++)
        {
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (pairs[tails[mid]].InB < pairs[k].InB)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            previous[k] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count)
                tails.Add(k);
            else
                tails[lo] = k;
        }
        var chain = new List<AlignedSentences>();
        for (int k = tails.Count > 0 ? tails[^1] : -1; k >= 0; k = previous[k])
            chain.Add(pairs[k]);
        chain.Reverse();
        return chain;
    }
}
