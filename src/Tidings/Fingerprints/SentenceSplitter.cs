using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace Tidings.Fingerprints;

/// <summary>A sentence and where it starts in the article text, so that evidence can point back to it.</summary>
public sealed record Sentence(int Index, int Offset, string Text);

/// <summary>
/// Splits prose into sentences at terminal punctuation, not after common abbreviations and initials. A sentence starts
/// with a capital or a digit; in a lower-cased text (a feed that lower-cases everything) with any word.
/// </summary>
public static partial class SentenceSplitter
{
    [GeneratedRegex(@"(?<=[.!?…][""”’')\]]?)\s+(?=[""“‘'(\[]?[\p{Lu}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|No|Vol|Inc|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b\p{Lu}|\b(?:U\.S|U\.K|U\.N|E\.U))\.$", RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    /// <summary><see cref="Boundary"/> before any word, for lower-cased text.</summary>
    [GeneratedRegex(@"(?<=[.!?…][""”’')\]]?)\s+(?=[""“‘'(\[]?[\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex LowerCasedBoundary();

    /// <summary>
    /// <see cref="Abbreviation"/> in any case, for lower-cased text: "mr. smith", "u.s. officials", "e.g. this", and an
    /// initial of any letter ("j. r. r. tolkien").
    /// </summary>
    [GeneratedRegex(@"(?:\b(?:mr|mrs|ms|dr|st|sr|jr|gen|col|lt|sgt|capt|gov|sen|rep|prof|no|vol|inc|ltd|co|corp|vs|etc|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b\p{L})\.$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LowerCasedAbbreviation();

    /// <summary>
    /// Capitals below this share of a text's characters make it lower-cased. Prose has a capital at every sentence
    /// and name (2 to 5 in 100 characters in news); a lower-cased feed has none, or an acronym it kept.
    /// </summary>
    private const int LowerCasedCharactersPerCapital = 200;

    /// <summary>Whether the text is written without capitals, so that a sentence's first word cannot mark its start.</summary>
    public static bool IsLowerCased(string text) => IsLowerCased(text, vectorised: true);

    /// <param name="text">The text.</param>
    /// <param name="vectorised">Whether runs of ASCII are counted sixteen characters at a time: a lower-cased text is
    /// read to its end, once for the copy detector and once for synthesis. Only tests turn it off, to show that the
    /// answer is the same.</param>
    internal static bool IsLowerCased(string text, bool vectorised)
    {
        int allowed = text.Length / LowerCasedCharactersPerCapital, capitals = 0, i = 0;
        var units = MemoryMarshal.Cast<char, ushort>(text.AsSpan());
        if (vectorised && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<ushort>.Count <= units.Length; i += Vector256<ushort>.Count)
            {
                var v = Vector256.Create(units.Slice(i, Vector256<ushort>.Count));
                if (Vector256.GreaterThanOrEqualAny(v, Vector256.Create((ushort)128)))
                {
                    // A block beyond ASCII is counted character by character.
                    foreach (char c in text.AsSpan(i, Vector256<ushort>.Count))
                        capitals += IsCapital(c) ? 1 : 0;
                }
                else
                {
                    capitals += BitOperations.PopCount(Vector256.LessThan(v - Vector256.Create((ushort)'A'), Vector256.Create((ushort)26)).ExtractMostSignificantBits());
                }
                if (capitals > allowed)
                    return false;
            }
        }
        for (; i < text.Length; i++)
        {
            if (IsCapital(text[i]) && ++capitals > allowed)
                return false;
        }
        return true;
    }

    private static bool IsCapital(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' : char.IsUpper(c);

    public static List<Sentence> Split(string text)
    {
        bool lowerCased = IsLowerCased(text);
        var boundary = lowerCased ? LowerCasedBoundary() : Boundary();
        var abbreviation = lowerCased ? LowerCasedAbbreviation() : Abbreviation();
        var result = new List<Sentence>();
        int start = 0;
        foreach (Match m in boundary.Matches(text))
        {
            string candidate = text[start..m.Index];
            if (abbreviation.IsMatch(candidate) || !candidate.Any(char.IsLetter))
                continue;
            Add(result, text, start, m.Index);
            start = m.Index + m.Length;
        }
        Add(result, text, start, text.Length);
        return result;
    }

    private static void Add(List<Sentence> result, string text, int start, int end)
    {
        // Paragraph breaks are sentence breaks too, even without punctuation (headings, standfirsts).
        foreach (var part in SplitLines(text, start, end))
        {
            string raw = text[part.Start..part.End];
            string s = raw.Trim();
            if (s.Length > 0)
                result.Add(new Sentence(result.Count, part.Start + raw.Length - raw.TrimStart().Length, s));
        }
    }

    private static IEnumerable<(int Start, int End)> SplitLines(string text, int start, int end)
    {
        int s = start;
        for (int i = start; i < end; i++)
        {
            if (text[i] == '\n')
            {
                if (i > s)
                    yield return (s, i);
                s = i + 1;
            }
        }
        if (end > s)
            yield return (s, end);
    }
}
