using System.Text;
using System.Text.RegularExpressions;

namespace Tidings.Fingerprints;

/// <summary>Word tokens in one normal form (NFKC, lower case, straight apostrophes, no possessive "'s").</summary>
public static partial class TextTokenizer
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public static List<string> Words(string text)
    {
        var tokens = new List<string>();
        foreach (Match m in Word().Matches(text.Normalize(NormalizationForm.FormKC)))
            tokens.Add(Normalise(m.Value));
        return tokens;
    }

    /// <summary>Words with their character offsets in <paramref name="text"/>.</summary>
    public static IEnumerable<(string Word, int Index)> WordsWithOffsets(string text)
    {
        foreach (Match m in Word().Matches(text))
            yield return (Normalise(m.Value), m.Index);
    }

    private static string Normalise(string word)
    {
        string w = word.ToLowerInvariant().Replace('’', '\'');
        if (w.EndsWith("'s", StringComparison.Ordinal) && w.Length > 2)
            w = w[..^2];
        return w;
    }

    /// <summary>
    /// A light stem (plural endings only) for comparing content words: "visits" and "visit" are the same topic,
    /// while heavier stemmers conflate words a rewrite detector must tell apart.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
            return word[..^3] + "y";
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    public static bool IsContentWord(string word) => word.Length > 1 && !Stopwords.English.Contains(word) && !word.All(char.IsDigit);

    /// <summary>Content words, stemmed: what topic similarity compares.</summary>
    public static List<string> ContentTerms(string text) =>
        Words(text).Where(IsContentWord).Select(Stem).ToList();
}
