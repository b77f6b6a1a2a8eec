using System.Text.RegularExpressions;

namespace Tidings.Synthesis;

/// <summary>
/// Groups the story's sentences into facts: sentences of different articles that say the same thing in different
/// words. Two sentences are tied when their content terms, weighed by how rare each is among the story's sentences,
/// reach a cosine of <see cref="SameFactThreshold"/>; a fact is a connected group. Repeated sentences (a copy's) are
/// compared once, and term rarity is counted over distinct sentences, so adding a copy of an article adds its
/// articles to facts but never changes which sentences group together.
/// </summary>
internal static partial class FactGrouper
{
    /// <summary>
    /// Weighted cosine at which two sentences state one fact. Two newsrooms' own wordings of one statement (the Malta
    /// talks in seeds 000 and 002; the terminal opening in the sample's courier and wire reports) reach it; at 0.30
    /// the sentence about the Malta talks and the one announcing the visit chain into one fact, and at 0.42 the wire's
    /// report of the opening stands alone.
    /// </summary>
    public const double SameFactThreshold = 0.35;

    /// <summary>A term in more distinct sentences than this is the story's subject, not a detail: it does not make two sentences candidates.</summary>
    private const int MaxSentencesPerTerm = 40;

    /// <summary>
    /// Terms cut to their first five letters: two newsrooms write "adviser" and "advisor", "visited" and "visit", and a
    /// cut that joins them costs less than the few words it confuses.
    /// </summary>
    private static string Truncate(string term) => term.Length > 5 ? term[..5] : term;

    [GeneratedRegex(@"[\s\p{P}]+", RegexOptions.CultureInvariant)]
    private static partial Regex PunctuationAndSpace();

    /// <summary>The sentences grouped into facts, each group in story order, the groups by their first sentence.</summary>
    public static List<List<StatedSentence>> Group(IReadOnlyList<StatedSentence> sentences)
    {
        var distinct = new List<List<StatedSentence>>();
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
        {
            string key = PunctuationAndSpace().Replace(s.Text.ToLowerInvariant(), " ").Trim();
            if (!byText.TryGetValue(key, out int at))
            {
                byText[key] = at = distinct.Count;
                distinct.Add([]);
            }
            distinct[at].Add(s);
        }
        var terms = distinct.Select(d => d[0].Terms.Select(Truncate).ToHashSet(StringComparer.Ordinal)).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in terms)
        {
            foreach (var t in set)
                frequency[t] = frequency.GetValueOrDefault(t) + 1;
        }
        double Weight(string term) => Math.Log(1.0 + (double)distinct.Count / frequency[term]);
        var norms = terms.Select(set => Math.Sqrt(set.Sum(t => Weight(t) * Weight(t)))).ToList();

        var byTerm = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < terms.Count; i++)
        {
            foreach (var t in terms[i])
            {
                if (!byTerm.TryGetValue(t, out var list))
                    byTerm[t] = list = [];
                list.Add(i);
            }
        }
        var parent = Enumerable.Range(0, distinct.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }
        for (int i = 0; i < terms.Count; i++)
        {
            var candidates = new HashSet<int>();
            foreach (var t in terms[i])
            {
                var list = byTerm[t];
                if (list.Count > MaxSentencesPerTerm)
                    continue;
                foreach (int j in list)
                {
                    if (j > i)
                        candidates.Add(j);
                }
            }
            foreach (int j in candidates)
            {
                if (Find(i) == Find(j))
                    continue;
                double dot = terms[i].Where(terms[j].Contains).Sum(t => Weight(t) * Weight(t));
                if (dot / (norms[i] * norms[j]) >= SameFactThreshold)
                    parent[Math.Max(Find(i), Find(j))] = Math.Min(Find(i), Find(j));
            }
        }
        var position = new Dictionary<StatedSentence, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < sentences.Count; i++)
            position[sentences[i]] = i;
        return Enumerable.Range(0, distinct.Count)
            .GroupBy(Find)
            .Select(g => g.SelectMany(i => distinct[i]).OrderBy(s => position[s]).ToList())
            .OrderBy(g => position[g[0]])
            .ToList();
    }
}
