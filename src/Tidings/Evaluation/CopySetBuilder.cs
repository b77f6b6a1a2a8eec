using Tidings.Copies;
using Tidings.Fingerprints;

namespace Tidings.Evaluation;

/// <summary>A real text a copy set is built from.</summary>
public sealed record SourceText(string Id, string? Title, string Text, DateOnly? Published, string? Source = null, string? Url = null);

/// <summary>One article of a copy set: its text, its gold origins and how it was made from them.</summary>
public sealed record CopySetRecord(string Id, string? Title, string Text, DateOnly? Published, IReadOnlyList<string> Origins, CopyKind? Relation)
{
    /// <summary>For a copy, the article it was made from.</summary>
    public string? CopyOf { get; init; }

    /// <summary>The publisher: the source's own, or a made-up republisher for a copy (so no copy shares its original's templates).</summary>
    public string? Source { get; init; }

    public string? Url { get; init; }
}

/// <summary>
/// Builds a copy-detection set from real texts: every source as itself, and for a share of them generated copies of
/// each kind. Hard negatives come with the sources: independent reports of one event (the clustering set's stories)
/// are different origins, however much they share. Hosts for partial copies are texts that are not otherwise in the
/// set, so a partial copy has exactly one origin.
/// </summary>
public static class CopySetBuilder
{
    /// <summary>Copies of each kind are spread over this many made-up republishing sites.</summary>
    private const int RepublishersPerKind = 8;

    /// <summary>
    /// Real sources that print this many of the same sentences are one text republished (a wire story, a syndicated
    /// column, a press release run as sent): they share an origin, as a reader comparing them would say.
    /// </summary>
    public const int SharedSentencesForOneOrigin = 3;

    /// <summary>The shortest source that is spun: about five sentences.</summary>
    public const int MinimumRewriteWords = 100;

    public static List<CopySetRecord> Build(IReadOnlyList<SourceText> sources, IReadOnlyList<string> hosts, int seed)
    {
        var random = new Random(seed);
        var originOf = SharedOrigins(sources);
        var vocabulary = sources.SelectMany(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim('.', ',', ';', ':', '"', '(', ')', '“', '”'))
            .Where(w => w.Length > 2 && w.All(char.IsLetter))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var maker = new CopyMaker(random, vocabulary);
        var records = new List<CopySetRecord>();
        int nextHost = 0;
        foreach (var source in sources)
        {
            string origin = originOf[source.Id];
            records.Add(new CopySetRecord(source.Id, source.Title, source.Text, source.Published, [origin], null) { Source = source.Source, Url = source.Url });
            DateOnly? Later() => source.Published?.AddDays(random.Next(0, 4));
            void Add(string suffix, string text, CopyKind kind)
            {
                string site = $"{suffix}-site-{random.Next(RepublishersPerKind)}.example";
                records.Add(new CopySetRecord($"{source.Id}~{suffix}", source.Title, text, Later(), [origin], kind)
                {
                    CopyOf = source.Id,
                    Source = site,
                    Url = $"https://{site}/{source.Id}",
                });
            }

            if (random.NextDouble() < 0.2)
                Add("dup", source.Text.Replace("\n", "\n\n", StringComparison.Ordinal), CopyKind.Duplicate);
            if (random.NextDouble() < 0.35)
            {
                double rate = 0.02 + random.NextDouble() * 0.08;
                Add("near", maker.NearDuplicate(source.Text, rate, addBoilerplate: random.NextDouble() < 0.5, truncate: random.NextDouble() < 0.4), CopyKind.NearDuplicate);
            }
            // A spin of a blurb is not recognisable as such: rewrites are made of texts of a few paragraphs.
            if (random.NextDouble() < 0.35 && source.Text.Split(' ').Length >= MinimumRewriteWords)
                Add("spin", maker.Rewrite(source.Text, 0.3 + random.NextDouble() * 0.2), CopyKind.Rewrite);
            if (random.NextDouble() < 0.35 && nextHost < hosts.Count && maker.PartialCopy(source.Text, hosts[nextHost]) is { } partial)
            {
                nextHost++;
                Add("part", partial, CopyKind.PartialCopy);
            }
        }
        return records;
    }

    /// <summary>
    /// Groups sources that print <see cref="SharedSentencesForOneOrigin"/> of the same
    /// sentences: eight words or more, quotations aside (independent reports quote the same statements), and equal
    /// up to one word inserted, dropped or changed (the wire copy's house style). A sentence that three or more of
    /// one publisher's articles print is its template (a newsletter box, a transcript notice), not a shared story.
    /// </summary>
    private static Dictionary<string, string> SharedOrigins(IReadOnlyList<SourceText> sources)
    {
        var parent = sources.ToDictionary(s => s.Id, s => s.Id, StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
                x = parent[x];
            return x;
        }
        // Two word sequences are at most one edit apart exactly when they share a one-word-deleted variant (or are equal).
        var holders = new Dictionary<string, HashSet<(string Source, int Sentence)>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var sentences = source.Text.Split('\n').SelectMany(p => SentenceSplitter.Split(p)).Where(s => !IsQuotation(s.Text))
                .Select(s => TextTokenizer.Words(s.Text)).Where(w => w.Count >= 8).ToList();
            for (int n = 0; n < sentences.Count; n++)
            {
                var words = sentences[n];
                foreach (var variant in Enumerable.Range(-1, words.Count + 1).Select(skip => string.Join(' ', words.Where((_, i) => i != skip))))
                {
                    if (!holders.TryGetValue(variant, out var set))
                        holders[variant] = set = [];
                    set.Add((source.Id, n));
                }
            }
        }
        var publisher = sources.ToDictionary(s => s.Id, s => s.Source, StringComparer.Ordinal);
        bool IsTemplate(HashSet<(string Source, int Sentence)> holding) =>
            holding.Select(x => x.Source).Distinct().GroupBy(id => publisher[id]).Any(g => g.Key is not null && g.Count() >= 3);
        var matched = new Dictionary<(string, string), HashSet<int>>();
        foreach (var set in holders.Values.Where(h => h.Count > 1 && h.Select(x => x.Source).Distinct().Count() is > 1 and <= 20 && !IsTemplate(h)))
        {
            foreach (var x in set)
            {
                foreach (var y in set.Where(y => string.CompareOrdinal(x.Source, y.Source) < 0))
                {
                    if (!matched.TryGetValue((x.Source, y.Source), out var sentencesOfX))
                        matched[(x.Source, y.Source)] = sentencesOfX = [];
                    sentencesOfX.Add(x.Sentence);
                }
            }
        }
        foreach (var ((a, b), sentencesOfA) in matched.OrderBy(m => m.Key))
        {
            if (sentencesOfA.Count >= SharedSentencesForOneOrigin && Find(a) != Find(b))
                parent[Find(b)] = Find(a);
        }
        return sources.ToDictionary(s => s.Id, s => Find(s.Id), StringComparer.Ordinal);
    }

    /// <summary>Mostly someone's words in quotation marks; a short quoted phrase inside reporting does not count.</summary>
    private static bool IsQuotation(string sentence)
    {
        int quoted = 0, open = -1;
        for (int i = 0; i < sentence.Length; i++)
        {
            if (!CopyMaker.QuotationMarks.Contains(sentence[i]))
                continue;
            if (open < 0)
                open = i;
            else
            {
                quoted += i - open;
                open = -1;
            }
        }
        if (open >= 0)
            quoted += sentence.Length - open;
        return quoted * 2 >= sentence.Length;
    }

}
