using System.Globalization;
using System.Runtime.CompilerServices;

namespace Tidings.Extraction;

/// <summary>
/// The words of a line as the plain-text cleaner counts and compares them: runs of letters and digits, joined inside a
/// word by an apostrophe or a hyphen ("don't", "well-known"). The pattern is the regular expression
/// <c>[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*</c>, scanned by hand because every line of every document is read this
/// way several times, and a regular-expression match object per word was a third of the cost of extracting plain text.
/// </summary>
internal static class LineWords
{
    /// <summary>A letter or a number of any script, one UTF-16 unit at a time, as <c>[\p{L}\p{N}]</c> reads it.</summary>
    /// <remarks>
    /// Inlined into the scanner's loops with only the ASCII test, which decides nearly every character of English text:
    /// as a call with the Unicode categories in it, this test was a third of scanning a line.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c) : IsWordCharBeyondAscii(c);

    private static bool IsWordCharBeyondAscii(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsJoiner(char c) => c is '\'' or '’' or '-';

    /// <summary>The next word at or after <paramref name="position"/>, which moves past it; false when none is left.</summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        int i = position;
        while (i < text.Length && !IsWordChar(text[i]))
            i++;
        if (i == text.Length)
        {
            (position, start, length) = (i, i, 0);
            return false;
        }
        start = i;
        while (i < text.Length && IsWordChar(text[i]))
            i++;
        // A joiner belongs to the word only when a letter or digit follows it.
        while (i + 1 < text.Length && IsJoiner(text[i]) && IsWordChar(text[i + 1]))
        {
            i += 2;
            while (i < text.Length && IsWordChar(text[i]))
                i++;
        }
        (position, length) = (i, i - start);
        return true;
    }

    public static int Count(ReadOnlySpan<char> text)
    {
        int count = 0, position = 0;
        while (Next(text, ref position, out _, out _))
            count++;
        return count;
    }

    /// <summary>The line's words in lower case, one space apart: case, spacing and punctuation do not matter.</summary>
    public static string Normalise(string line)
    {
        char[]? rented = null;
        Span<char> buffer = line.Length <= 512 ? stackalloc char[line.Length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(line.Length));
        buffer = buffer[..line.AsSpan().ToLowerInvariant(buffer)];
        // The words are gathered leftwards in the same buffer: a word and the space before it never reach past where
        // the scan has read, since at least one separator preceded each word.
        int written = 0, position = 0;
        while (Next(buffer, ref position, out int start, out int length))
        {
            if (written > 0)
                buffer[written++] = ' ';
            buffer.Slice(start, length).CopyTo(buffer[written..]);
            written += length;
        }
        string normal = new(buffer[..written]);
        if (rented is not null)
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        return normal;
    }

    /// <summary>
    /// Whether the texts, read one after the other, normalise to <paramref name="normal"/>; it stops at the first word
    /// that differs, so a long body is not normalised whole to learn that it is not its headline.
    /// </summary>
    public static bool NormaliseTo(IEnumerable<string> texts, string normal)
    {
        int at = 0;
        foreach (var text in texts)
        {
            int position = 0;
            while (Next(text, ref position, out int start, out int length))
            {
                if (at > 0)
                {
                    if (at >= normal.Length || normal[at] != ' ')
                        return false;
                    at++;
                }
                if (at + length > normal.Length)
                    return false;
                // Lower-casing never turns a letter or digit into anything else, so the words found in the text are
                // those found in its lower-cased form.
                for (int k = 0; k < length; k++)
                {
                    if (char.ToLowerInvariant(text[start + k]) != normal[at + k])
                        return false;
                }
                at += length;
            }
        }
        return at == normal.Length;
    }
}
