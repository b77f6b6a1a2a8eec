using System.IO.Hashing;
using System.Runtime.InteropServices;
using Tidings.Extraction;

namespace Tidings.Fingerprints;

/// <summary>A sentence reduced to what alignment compares: its stemmed content words.</summary>
public sealed record SentenceTerms(Sentence Sentence, IReadOnlySet<string> Terms);

/// <summary>Everything later stages read about an article, computed once.</summary>
public sealed record Fingerprint
{
    public required Article Article { get; init; }
    /// <summary>Distinct hashes of the body's word 5-grams, sorted: exact overlap for copy verification.</summary>
    public required ulong[] Shingles { get; init; }
    /// <summary>MinHash over the stemmed content-word set: finds candidates even for spun rewrites.</summary>
    public required MinHashSignature Signature { get; init; }
    /// <summary>Hash of the normalised body: equal bodies are duplicates without further work.</summary>
    public required ulong BodyHash { get; init; }
    public required int WordCount { get; init; }
    public required IReadOnlyDictionary<string, int> Terms { get; init; }
    public required IReadOnlySet<string> TitleTerms { get; init; }
    public required IReadOnlyList<SentenceTerms> Sentences { get; init; }
    public required IReadOnlyList<NamedEntity> Entities { get; init; }
    /// <summary>The latest month the text mentions: a lower bound on when it was written.</summary>
    public DateOnly? WrittenNoEarlierThan { get; init; }

    public string Id => Article.Id;
}

/// <summary>Computes <see cref="Fingerprint"/>s; pure, so it is tested without I/O.</summary>
public static class FingerprintBuilder
{
    /// <summary>Five-word shingles: long enough that independent reports rarely share one by chance, short enough to survive light edits.</summary>
    public const int ShingleWords = 5;

    public static Fingerprint Build(Article article)
    {
        string text = article.Text;
        var words = TextTokenizer.Words(text);
        var shingles = new HashSet<ulong>();
        for (int i = 0; i + ShingleWords <= words.Count; i++)
            shingles.Add(ShingleHash(words, i));
        if (words.Count is > 0 and < ShingleWords)
            shingles.Add(ShingleHash(words, 0, words.Count));
        var sortedShingles = shingles.ToArray();
        Array.Sort(sortedShingles);

        var content = words.Where(TextTokenizer.IsContentWord).Select(TextTokenizer.Stem).ToList();
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in content)
            terms[t] = terms.GetValueOrDefault(t) + 1;

        var sentences = SentenceSplitter.Split(text);
        var sentenceTerms = sentences
            .Select(s => new SentenceTerms(s, TextTokenizer.ContentTerms(s.Text).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var entities = NameFinder.Find(sentences.Select(s => s.Text).Prepend(article.Title ?? string.Empty));

        return new Fingerprint
        {
            Article = article,
            Shingles = sortedShingles,
            Signature = MinHashSignature.Of(terms.Keys),
            BodyHash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(string.Join(' ', words).AsSpan())),
            WordCount = words.Count,
            Terms = terms,
            TitleTerms = TextTokenizer.ContentTerms(article.Title ?? string.Empty).ToHashSet(StringComparer.Ordinal),
            Sentences = sentenceTerms,
            Entities = entities,
            WrittenNoEarlierThan = DateFinder.LatestMentionedMonth(text),
        };
    }

    private static ulong ShingleHash(List<string> words, int start, int count = ShingleWords) =>
        MinHashSignature.HashElement(string.Join(' ', words.GetRange(start, count)));
}
