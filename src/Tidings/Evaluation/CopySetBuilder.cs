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
    /// Real sources that print this many of the same sentences word for word are one text republished (a wire story,
    /// a syndicated column, a press release run as sent): they share an origin, as a reader comparing them would say.
    /// </summary>
    public const int SharedSentencesForOneOrigin = 3;

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
            if (random.NextDouble() < 0.35)
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
    /// Groups sources of different publishers that share <see cref="SharedSentencesForOneOrigin"/> sentences (of eight
    /// words or more) verbatim. Within one publisher shared sentences are its templates (newsletter boxes, transcript
    /// notices), not a shared story.
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
        var holders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var sentence in source.Text.Split('\n').SelectMany(p => SentenceSplitter.Split(p)).Select(s => Normalise(s.Text)).Distinct())
            {
                if (sentence.Count(c => c == ' ') < 7)
                    continue;
                if (!holders.TryGetValue(sentence, out var list))
                    holders[sentence] = list = [];
                list.Add(source.Id);
            }
        }
        var shared = new Dictionary<(string, string), int>();
        foreach (var list in holders.Values.Where(l => l.Count is > 1 and <= 20))
        {
            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                    shared[(list[i], list[j])] = shared.GetValueOrDefault((list[i], list[j])) + 1;
            }
        }
        var publisher = sources.ToDictionary(s => s.Id, s => s.Source, StringComparer.Ordinal);
        foreach (var ((a, b), count) in shared)
        {
            bool samePublisher = publisher[a] is not null && publisher[a] == publisher[b];
            if (count >= SharedSentencesForOneOrigin && !samePublisher && Find(a) != Find(b))
                parent[Find(b)] = Find(a);
        }
        return sources.ToDictionary(s => s.Id, s => Find(s.Id), StringComparer.Ordinal);
    }

    /// <summary>Case, quote style and spacing do not make a sentence different.</summary>
    private static string Normalise(string sentence) =>
        string.Join(' ', sentence.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'').Replace('“', '"').Replace('”', '"')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
