using System.Text;
using System.Text.RegularExpressions;

namespace Tidings.Fingerprints;

/// <summary>Word tokens in one normal form (NFKC, lower case, straight apostrophes, no possessive "'s").</summary>
public static partial class TextTokenizer
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>
    /// The words of <paramref name="text"/> in their normal form. Every article's text, and every sentence of a story
    /// in synthesis, passes through here, so matches are enumerated without match objects and each word is made in
    /// one string (on Reuters this was a fifth of all the bytes a run allocated).
    /// </summary>
    public static List<string> Words(string text)
    {
        var tokens = new List<string>();
        var normal = text.Normalize(NormalizationForm.FormKC);
        foreach (var m in Word().EnumerateMatches(normal))
            tokens.Add(Normalise(normal.AsSpan(m.Index, m.Length)));
        return tokens;
    }

    /// <summary>Lower case (invariant), straight apostrophes, and no possessive "'s" on a word longer than it.</summary>
    private static string Normalise(ReadOnlySpan<char> word)
    {
        const int StackLimit = 128;
        Span<char> lower = word.Length <= StackLimit ? stackalloc char[StackLimit] : new char[word.Length];
        lower = lower[..word.ToLowerInvariant(lower)];
        lower.Replace('’', '\'');
        if (lower.Length > 2 && lower.EndsWith("'s"))
            lower = lower[..^2];
        return new string(lower);
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

    public static bool IsContentWord(string word) => word.Length > 1 && !Stopwords.English.Contains(word) && !IsNumber(word);

    private static bool IsNumber(string word)
    {
        foreach (char c in word)
        {
            if (!char.IsDigit(c))
                return false;
        }
        return true;
    }

    /// <summary>Content words, stemmed: what topic similarity compares.</summary>
    public static List<string> ContentTerms(string text) =>
        Words(text).Where(IsContentWord).Select(Stem).ToList();
}
