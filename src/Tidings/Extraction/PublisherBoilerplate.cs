namespace Tidings.Extraction;

/// <summary>
/// Cross-document evidence: a line that one publisher prints in several otherwise different articles is its
/// template (a tagline, a standing appeal), not reporting. Articles that are copies of each other do not count
/// as separate witnesses, otherwise a wire story printed twice would lose its own body.
/// </summary>
internal static class PublisherBoilerplate
{
    /// <summary>A template line must appear in at least this many different articles of one publisher.</summary>
    private const int MinimumArticles = 3;

    /// <summary>Two articles whose line sets overlap by this Jaccard or more are copies and count once.</summary>
    private const double SameArticleOverlap = 0.5;

    /// <summary>One- and two-word lines are handled by the single-document rules; too short to be evidence here.</summary>
    private const int MinimumWords = 3;

    /// <summary>Template lines per publisher; <c>texts</c> holds each article's text before cleaning, in the same order.</summary>
    public static Dictionary<string, IReadOnlySet<string>> Find(IReadOnlyList<Article> articles, IReadOnlyList<string> texts)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var group in articles.Select((a, i) => (a, i)).Where(x => x.a.Source is not null).GroupBy(x => x.a.Source!))
        {
            if (group.Count() < MinimumArticles)
                continue;
            var lineSets = group.Select(x => (Index: x.i, Lines: Lines(texts[x.i]))).ToList();
            var holders = new Dictionary<string, List<HashSet<string>>>(StringComparer.Ordinal);
            foreach (var (_, lines) in lineSets)
            {
                foreach (var line in lines)
                {
                    if (!holders.TryGetValue(line, out var list))
                        holders[line] = list = [];
                    list.Add(lines);
                }
            }
            var template = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (line, sets) in holders)
            {
                if (sets.Count >= MinimumArticles && DistinctArticles(sets) >= MinimumArticles)
                    template.Add(line);
            }
            if (template.Count > 0)
                result[group.Key] = template;
        }
        return result;
    }

    private static int DistinctArticles(List<HashSet<string>> sets)
    {
        var representatives = new List<HashSet<string>>();
        foreach (var set in sets)
        {
            if (representatives.All(r => Jaccard(r, set) < SameArticleOverlap))
                representatives.Add(set);
        }
        return representatives.Count;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        int inter = a.Count(b.Contains);
        int union = a.Count + b.Count - inter;
        return union == 0 ? 0 : (double)inter / union;
    }

    /// <summary>
    /// Each line, and each sentence of each line: a template often sits in a line whose other sentences vary (a
    /// newsletter box that names a different newsletter under every story).
    /// </summary>
    private static HashSet<string> Lines(string text) =>
        text.Split('\n')
            .SelectMany(line => Fingerprints.SentenceSplitter.Split(line).Select(s => s.Text).Prepend(line))
            .Select(PlainTextCleaner.Normalise)
            .Where(l => l.Count(c => c == ' ') + 1 >= MinimumWords)
            .ToHashSet(StringComparer.Ordinal);
}
