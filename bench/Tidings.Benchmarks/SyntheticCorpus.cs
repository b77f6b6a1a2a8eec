using System.Text;
using Tidings.Copies;
using Tidings.Evaluation;
using Tidings.Fingerprints;

namespace Tidings.Benchmarks;

/// <summary>An article of the synthetic corpus and, for a planted copy, what it copies and how.</summary>
public sealed record SyntheticArticle(CopyCandidate Article, int? CopyOf, CopyKind? Kind);

/// <summary>
/// A news-like corpus for scaling runs: words drawn from a Zipf vocabulary (the English function words first, then
/// made-up words), articles of 250-700 words in sentences and paragraphs, and planted copies of earlier articles:
/// 20% near-duplicates at 2-10% word edits (some with boilerplate or cut short), 4% rewrites and 4% partial copies.
/// Article <c>i</c> depends only on the seed and <c>i</c>, so the corpus is generated in parallel and reproducibly.
/// </summary>
public sealed class SyntheticCorpus
{
    private const int VocabularySize = 60_000;
    private const double ZipfExponent = 1.0;

    private readonly string[] _words;
    private readonly double[] _cumulative;
    private readonly int _seed;

    public SyntheticCorpus(int seed = 1)
    {
        _seed = seed;
        var random = new Random(seed);
        var made = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>(Stopwords.English.Order(StringComparer.Ordinal));
        const string consonants = "bcdfghklmnprstvz", vowels = "aeiou";
        while (words.Count < VocabularySize)
        {
            var w = new StringBuilder();
            int syllables = 1 + random.Next(4);
            for (int s = 0; s < syllables; s++)
                w.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            if (random.Next(3) == 0)
                w.Append(consonants[random.Next(consonants.Length)]);
            if (made.Add(w.ToString()) && !Stopwords.English.Contains(w.ToString()))
                words.Add(w.ToString());
        }
        _words = [.. words];
        _cumulative = new double[_words.Length];
        double total = 0;
        for (int r = 0; r < _words.Length; r++)
            _cumulative[r] = total += 1 / Math.Pow(r + 1, ZipfExponent);
        for (int r = 0; r < _words.Length; r++)
            _cumulative[r] /= total;
    }

    public IReadOnlyList<string> Vocabulary => _words;

    /// <summary>The first <paramref name="count"/> articles, generated on all cores.</summary>
    public SyntheticArticle[] Generate(int count)
    {
        var originals = new string[count];
        Parallel.For(0, count, i => originals[i] = Original(new Random(SeedOf(i, 0))));
        var roll = new double[count];
        for (int i = 0; i < count; i++)
            roll[i] = i < 10 ? 1 : new Random(SeedOf(i, 7)).NextDouble();
        var articles = new SyntheticArticle[count];
        Parallel.For(0, count, i =>
        {
            string id = "a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (roll[i] >= 0.28)
            {
                articles[i] = new SyntheticArticle(new CopyCandidate(id, originals[i]), null, null);
                return;
            }
            // Copies follow their originals closely, as they do in a news stream; the source is an original article.
            var random = new Random(SeedOf(i, 11));
            int source = i - 1 - random.Next(Math.Min(i, 2000));
            while (roll[source] < 0.28)
                source--;
            var maker = new CopyMaker(random, _words);
            (string text, CopyKind kind) = roll[i] switch
            {
                < 0.20 => (maker.NearDuplicate(originals[source], 0.02 + random.NextDouble() * 0.08, random.NextDouble() < 0.3, random.NextDouble() < 0.3), CopyKind.NearDuplicate),
                < 0.24 => (maker.Rewrite(originals[source], 0.3 + random.NextDouble() * 0.2), CopyKind.Rewrite),
                _ => (maker.PartialCopy(originals[source], originals[i]) ?? originals[source], CopyKind.PartialCopy),
            };
            articles[i] = new SyntheticArticle(new CopyCandidate(id, text), source, kind);
        });
        return articles;
    }

    /// <summary>
    /// The seed of one article's generator. <see cref="HashCode"/> is salted per process, so it would give every run
    /// a different corpus and make timings of two builds incomparable.
    /// </summary>
    private int SeedOf(int article, int purpose)
    {
        ulong z = ((ulong)(uint)_seed << 40) ^ ((ulong)(uint)article << 8) ^ (uint)purpose;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (int)(z ^ (z >> 31));
    }

    private string Original(Random random)
    {
        int target = 250 + random.Next(451);
        var text = new StringBuilder(target * 8);
        int words = 0;
        while (words < target)
        {
            int sentences = 2 + random.Next(4);
            for (int s = 0; s < sentences && words < target; s++)
            {
                int length = 8 + random.Next(23);
                for (int k = 0; k < length; k++)
                {
                    string w = _words[Rank(random)];
                    if (k == 0)
                        text.Append(char.ToUpperInvariant(w[0])).Append(w, 1, w.Length - 1);
                    else
                        text.Append(' ').Append(w);
                }
                text.Append(". ");
                words += length;
            }
            text.Length--;
            text.Append('\n');
        }
        return text.ToString(0, text.Length - 1);
    }

    private int Rank(Random random)
    {
        int r = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(r < 0 ? ~r : r, _words.Length - 1);
    }
}
