using System.Numerics;
using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>What one line looks like, computed once; the classifier's rules read only these.</summary>
internal sealed partial record LineFeatures
{
    public required string Text { get; init; }
    public required bool IsHeading { get; init; }
    public required int Links { get; init; }
    public required int Words { get; init; }
    /// <summary>"we", "our", "you", "your"... outside quotation marks: news reports rarely address the reader.</summary>
    public required int ReaderAddress { get; init; }
    /// <summary>"we", "our", "us" outside quotes: the site speaking as itself, which appeals do and product reviews do not.</summary>
    public required int SiteVoice { get; init; }
    public required bool EndsSentence { get; init; }
    public required bool StartsUpper { get; init; }
    public required int Hashtags { get; init; }
    public required int CapitalisedWords { get; init; }
    public required bool HasDigit { get; init; }

    /// <summary>A line that is certainly article prose: long, and shaped like sentences.</summary>
    public bool IsStrongBody => Words >= 20 || (Words >= 10 && EndsSentence);

    public static LineFeatures Of(string text, bool isHeading, int links) => Of(text, isHeading, links, vectorised: true);

    /// <param name="text">The line.</param>
    /// <param name="isHeading">Whether the source marked it as a heading.</param>
    /// <param name="links">How many links it held.</param>
    /// <param name="vectorised">Whether an ASCII line's words are found by <see cref="LineWords.AsciiWordStarts"/>; only
    /// tests turn it off, to show that the features are the same.</param>
    internal static LineFeatures Of(string text, bool isHeading, int links, bool vectorised)
    {
        // Quotations are someone else speaking; only a line with a quotation mark needs them blanked out, and only such a
        // line is read twice.
        bool quoted = text.AsSpan().ContainsAny(QuotationMarks);
        int words = 0, caps = 0, reader = 0, voice = 0, position = 0;
        if (vectorised && LineWords.CanScanAscii(text))
        {
            int blocks = LineWords.StartWords(text.Length);
            Span<ulong> starts = text.Length <= LineWords.MaxStackChars ? stackalloc ulong[blocks] : new ulong[blocks];
            words = LineWords.AsciiWordStarts(text, starts, out caps);
            // Only a word that starts as a reader word does is read whole.
            for (int b = 0; !quoted && b < blocks; b++)
            {
                for (ulong bits = starts[b]; bits != 0; bits &= bits - 1)
                {
                    position = (b << 6) + BitOperations.TrailingZeroCount(bits);
                    if ((text[position] | 0x20) is 'w' or 'o' or 'u' or 'y' && LineWords.Next(text, ref position, out int start, out int length))
                        CountAddress(text.AsSpan(start, length), ref reader, ref voice);
                }
            }
        }
        else
        {
            while (LineWords.Next(text, ref position, out int start, out int length))
            {
                words++;
                if (char.IsUpper(text[start]))
                    caps++;
                if (!quoted)
                    CountAddress(text.AsSpan(start, length), ref reader, ref voice);
            }
        }
        if (quoted)
        {
            string unquoted = QuotedSpan().Replace(text, " ");
            position = 0;
            while (LineWords.Next(unquoted, ref position, out int start, out int length))
                CountAddress(unquoted.AsSpan(start, length), ref reader, ref voice);
        }
        int hashtags = 0;
        for (int i = text.IndexOf('#'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('#', i + 1))
        {
            if ((i == 0 || text[i - 1] == ' ') && text[i + 1] != ' ')
                hashtags++;
        }
        bool hasDigit = false;
        foreach (char c in text)
        {
            if (char.IsDigit(c))
            {
                hasDigit = true;
                break;
            }
        }
        return new LineFeatures
        {
            Text = text,
            IsHeading = isHeading,
            Links = links,
            Words = words,
            ReaderAddress = reader,
            SiteVoice = voice,
            EndsSentence = EndsWithSentenceEnd(text),
            StartsUpper = text.Length > 0 && (char.IsUpper(text[0]) || char.IsDigit(text[0]) || text[0] is '"' or '“' or '‘' or '\''),
            Hashtags = hashtags,
            CapitalisedWords = caps,
            HasDigit = hasDigit,
        };
    }

    private static void CountAddress(ReadOnlySpan<char> word, ref int reader, ref int voice)
    {
        // "US" is the country, not the pronoun. Every reader word starts with "w", "o", "u" or "y": the first letter turns
        // away most words of a line before they are hashed.
        if (word.Length > LongestReaderWord || (word[0] | 0x20) is not ('w' or 'o' or 'u' or 'y') || word is "US" || !ReaderWords.Contains(word))
            return;
        reader++;
        if (SiteWords.Contains(word))
            voice++;
    }

    /// <summary>Whether the text ends a sentence, closing quotes and brackets aside.</summary>
    public static bool EndsWithSentenceEnd(string text)
    {
        var trimmed = text.AsSpan().TrimEnd("\"”’')] ");
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…';
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SiteWords =
        new HashSet<string>(["we", "our", "us", "ours", "we're", "we’re", "we've", "we’ve"], StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReaderWords =
        new HashSet<string>(["we", "our", "us", "ours", "you", "your", "yours", "you're", "you’re", "we're", "we’re", "we've", "we’ve"], StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private const int LongestReaderWord = 6;

    private static readonly System.Buffers.SearchValues<char> QuotationMarks = System.Buffers.SearchValues.Create("\"“‘");

    [GeneratedRegex("\"[^\"]*\"|“[^”]*”|‘[^’]{12,}’")]
    private static partial Regex QuotedSpan();
}
