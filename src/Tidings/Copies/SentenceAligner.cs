using System.Buffers;
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
        var index = new TermIndex(b);
        var pool = ArrayPool<int>.Shared;
        int[] shared = pool.Rent(b.Sentences.Length), touched = pool.Rent(b.Sentences.Length);
        var bestForB = ArrayPool<(double Score, int InA)>.Shared.Rent(b.Sentences.Length);
        try
        {
            Array.Clear(shared, 0, b.Sentences.Length);
            Array.Clear(bestForB, 0, b.Sentences.Length);
            var pairs = new List<(int InA, int InB, double Score)>();
            for (int i = 0; i < a.Sentences.Length; i++)
            {
                int terms = a.Sentences[i].ContentWords;
                int touchedCount = 0;
                foreach (ulong t in a.TermsOf(i))
                {
                    // A stem repeated in a's sentence counts once: the index remembers which sentence last asked.
                    if (t == 0 || !index.FirstAskedBy(t, i, out int first))
                        continue;
                    for (int e = first; e >= 0; e = index.Next(e))
                    {
                        int j = index.SentenceOf(e);
                        if (shared[j]++ == 0)
                            touched[touchedCount++] = j;
                    }
                }
                int best = -1;
                double bestScore = 0;
                for (int k = 0; k < touchedCount; k++)
                {
                    int j = touched[k];
                    int common = shared[j];
                    double score = 2.0 * common / (terms + b.Sentences[j].ContentWords);
                    if (common >= MinimumSharedTerms && score >= MinimumSentenceSimilarity)
                    {
                        if (score > bestScore || (score == bestScore && j < best))
                            (best, bestScore) = (j, score);
                        if (score > bestForB[j].Score || (score == bestForB[j].Score && i < bestForB[j].InA))
                            bestForB[j] = (score, i);
                    }
                    shared[j] = 0;
                }
                if (best >= 0)
                    pairs.Add((i, best, bestScore));
            }
            for (int j = 0; j < b.Sentences.Length; j++)
            {
                if (bestForB[j].Score > 0)
                    pairs.Add((bestForB[j].InA, j, bestForB[j].Score));
            }
            // Within one sentence of a, later sentences of b first: then a chain strictly increasing in b takes at most one.
            pairs.Sort((x, y) => x.InA != y.InA ? x.InA.CompareTo(y.InA) : y.InB.CompareTo(x.InB));
            var distinct = new List<(int InA, int InB, double Score)>(pairs.Count);
            foreach (var p in pairs)
            {
                if (distinct.Count == 0 || distinct[^1].InA != p.InA || distinct[^1].InB != p.InB)
                    distinct.Add(p);
            }
            var chain = LongestOrderedChain(distinct);
            var result = new List<AlignedSentences>(chain.Count);
            foreach (var p in chain)
                result.Add(new AlignedSentences(p.InA, p.InB, SimilarityOf(a, b, p)));
            return result;
        }
        finally
        {
            pool.Return(shared);
            pool.Return(touched);
            ArrayPool<(double, int)>.Shared.Return(bestForB);
            index.Dispose();
        }
    }

    /// <summary>
    /// Which of a text's sentences hold each stem: an open-addressed table of stems, each heading a list of entries,
    /// in arrays borrowed from the pool for the length of one alignment. A stem repeated within a sentence is filed
    /// once, found by the head of its list being that sentence already (sentences are filed in order).
    /// </summary>
    private readonly struct TermIndex : IDisposable
    {
        private readonly ulong[] _keys;
        /// <summary>Four int arrays in one borrowed block: list heads and the last asking sentence per slot, then list
        /// links and sentences per entry.</summary>
        private readonly int[] _ints;
        private readonly int _size, _mask, _sentences;

        public TermIndex(WordSequence text)
        {
            int entries = 0;
            foreach (var sentence in text.Sentences)
                entries += sentence.ContentWords;
            int size = 16;
            while (size < entries * 2)
                size *= 2;
            (_size, _mask, _sentences) = (size, size - 1, 2 * size + Math.Max(1, entries));
            _keys = ArrayPool<ulong>.Shared.Rent(size);
            _ints = ArrayPool<int>.Shared.Rent(2 * size + 2 * Math.Max(1, entries));
            _ints.AsSpan(0, 2 * size).Fill(-1);
            int n = 0;
            for (int s = 0; s < text.Sentences.Length; s++)
            {
                foreach (ulong t in text.TermsOf(s))
                {
                    if (t == 0)
                        continue;
                    int slot = Find(t);
                    int head = _ints[slot];
                    if (head >= 0 && SentenceOf(head) == s)
                        continue;
                    _keys[slot] = t;
                    _ints[2 * _size + n] = head;
                    _ints[_sentences + n] = s;
                    _ints[slot] = n++;
                }
            }
        }

        /// <summary>
        /// The first entry of the stem's list, unless sentence <paramref name="asker"/> of the other text already asked
        /// for this stem (asking sentences come in order).
        /// </summary>
        public bool FirstAskedBy(ulong term, int asker, out int first)
        {
            int slot = Find(term);
            first = _ints[slot];
            if (first < 0 || _ints[_size + slot] == asker)
                return false;
            _ints[_size + slot] = asker;
            return true;
        }

        public int Next(int entry) => _ints[2 * _size + entry];

        public int SentenceOf(int entry) => _ints[_sentences + entry];

        /// <summary>The term's slot, or the empty slot where it would go (stems are never 0, an empty key is).</summary>
        private int Find(ulong term)
        {
            int slot = (int)(term >> 40) & _mask;
            while (_ints[slot] >= 0 && _keys[slot] != term)
                slot = (slot + 1) & _mask;
            return slot;
        }

        public void Dispose()
        {
            ArrayPool<ulong>.Shared.Return(_keys);
            ArrayPool<int>.Shared.Return(_ints);
        }
    }

    /// <summary>Identical word sequences score 1; otherwise the stems' Dice overlap, so a changed stopword still shows.</summary>
    private static double SimilarityOf(WordSequence a, WordSequence b, (int InA, int InB, double Score) pair) =>
        a.SameWords(pair.InA, b, pair.InB) ? 1.0 : Math.Min(pair.Score, 0.999);

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
