using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// Aligns the sentences of two texts by the overlap of their content-word stems and keeps the longest chain that runs
/// in the same order in both. A copy keeps its original's sentence order, even when a spinner swaps most of the words;
/// two independent reports of one event share facts, but neither their order nor their wording sentence by sentence.
/// </summary>
public static class SentenceAligner
{
    /// <summary>Dice overlap of content-word stems above which two sentences say the same thing.</summary>
    public const double MinimumSentenceSimilarity = 0.4;

    /// <summary>Sentences sharing fewer content words are too short to be evidence.</summary>
    public const int MinimumSharedTerms = 3;

    /// <summary>
    /// The ordered chain of aligned sentences. A pair is considered when either sentence is the other's best match,
    /// so the set of pairs does not depend on which text is read first.
    /// </summary>
    public static List<AlignedSentences> Align(WordSequence a, WordSequence b)
    {
        // Which of b's sentences hold each stem, as linked lists in flat arrays.
        var head = new Dictionary<ulong, int>();
        var nextEntry = new List<int>();
        var sentenceOf = new List<int>();
        for (int j = 0; j < b.Sentences.Length; j++)
        {
            foreach (ulong t in b.SentenceTerms(j))
            {
                sentenceOf.Add(j);
                nextEntry.Add(head.TryGetValue(t, out int h) ? h : -1);
                head[t] = sentenceOf.Count - 1;
            }
        }
        var shared = new int[b.Sentences.Length];
        var touched = new List<int>();
        var bestForB = new (double Score, int InA)[b.Sentences.Length];
        var pairs = new List<(int InA, int InB, double Score)>();
        for (int i = 0; i < a.Sentences.Length; i++)
        {
            var terms = a.SentenceTerms(i);
            foreach (ulong t in terms)
            {
                for (int e = head.GetValueOrDefault(t, -1); e >= 0; e = nextEntry[e])
                {
                    if (shared[sentenceOf[e]]++ == 0)
                        touched.Add(sentenceOf[e]);
                }
            }
            int best = -1;
            double bestScore = 0;
            foreach (int j in touched)
            {
                double score = 2.0 * shared[j] / (terms.Length + b.SentenceTerms(j).Length);
                if (shared[j] >= MinimumSharedTerms && score >= MinimumSentenceSimilarity)
                {
                    if (score > bestScore || (score == bestScore && j < best))
                        (best, bestScore) = (j, score);
                    if (score > bestForB[j].Score || (score == bestForB[j].Score && i < bestForB[j].InA))
                        bestForB[j] = (score, i);
                }
                shared[j] = 0;
            }
            touched.Clear();
            if (best >= 0)
                pairs.Add((i, best, bestScore));
        }
        for (int j = 0; j < bestForB.Length; j++)
        {
            if (bestForB[j].Score > 0)
                pairs.Add((bestForB[j].InA, j, bestForB[j].Score));
        }
        // Within one sentence of a, later sentences of b first: then a chain strictly increasing in b takes at most one.
        var distinct = pairs.Distinct().OrderBy(p => p.InA).ThenByDescending(p => p.InB).ToList();
        return LongestOrderedChain(distinct)
            .Select(p => new AlignedSentences(p.InA, p.InB, SimilarityOf(a, b, p), a.Sentences[p.InA], b.Sentences[p.InB]))
            .ToList();
    }

    /// <summary>Identical word sequences score 1; otherwise the stems' Dice overlap, so a changed stopword still shows.</summary>
    private static double SimilarityOf(WordSequence a, WordSequence b, (int InA, int InB, double Score) pair) =>
        a.SentenceHash(pair.InA) == b.SentenceHash(pair.InB) ? 1.0 : Math.Min(pair.Score, 0.999);

    /// <summary>The longest chain strictly increasing in b's index over pairs sorted by a's (patience sorting, O(n log n)).</summary>
    private static List<(int InA, int InB, double Score)> LongestOrderedChain(List<(int InA, int InB, double Score)> pairs)
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
        var chain = new List<(int, int, double)>();
        for (int k = tails.Count > 0 ? tails[^1] : -1; k >= 0; k = previous[k])
            chain.Add(pairs[k]);
        chain.Reverse();
        return chain;
    }
}
