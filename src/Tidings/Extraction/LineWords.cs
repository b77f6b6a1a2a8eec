using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

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
        if (CanScanAscii(text))
        {
            Span<ulong> starts = text.Length <= MaxStackChars ? stackalloc ulong[StartWords(text.Length)] : new ulong[StartWords(text.Length)];
            return AsciiWordStarts(text, starts, out _);
        }
        int count = 0, position = 0;
        while (Next(text, ref position, out _, out _))
            count++;
        return count;
    }

    /// <summary>Lines up to this long keep their word-start bits on the stack.</summary>
    internal const int MaxStackChars = 64 * 64;

    /// <summary>How many 64-bit words hold one bit per character of a text this long.</summary>
    internal static int StartWords(int length) => (length + 63) >> 6;

    /// <summary>Whether <see cref="AsciiWordStarts"/> can read the text: all ASCII, on a processor with 256-bit vectors.</summary>
    internal static bool CanScanAscii(ReadOnlySpan<char> text) => Vector256.IsHardwareAccelerated && Ascii.IsValid(text);

    /// <summary>
    /// Where the words of an ASCII text start (bit <c>i % 64</c> of <c>starts[i / 64]</c> for character i), how many
    /// there are, and how many of them start with a capital: the words <see cref="Next"/> reads, found sixteen characters
    /// at a time. Every line of every plain-text article is counted this way, and reading it character by character was
    /// a tenth of <c>dedup</c>'s CPU.
    /// </summary>
    /// <param name="text">ASCII text (see <see cref="CanScanAscii"/>).</param>
    /// <param name="starts">At least <see cref="StartWords"/> of its length; every element is written.</param>
    /// <param name="capitalised">How many words start with a capital letter.</param>
    internal static int AsciiWordStarts(ReadOnlySpan<char> text, Span<ulong> starts, out int capitalised)
    {
        int blocks = StartWords(text.Length), words = 0;
        capitalised = 0;
        var (alnum, joiner, upper) = BlockMasks(text);
        // Whether the character before the block is alphanumeric, and whether it is in a word.
        ulong alnumBefore = 0, wordBefore = 0;
        for (int b = 0; b < blocks; b++)
        {
            var (nextAlnum, nextJoiner, nextUpper) = b + 1 < blocks ? BlockMasks(text[((b + 1) << 6)..]) : (0UL, 0UL, 0UL);
            // A joiner belongs to a word only between two letters or digits ("don't", "well-known").
            ulong inWord = alnum | (joiner & ((alnum << 1) | alnumBefore) & ((alnum >> 1) | (nextAlnum << 63)));
            ulong start = inWord & ~((inWord << 1) | wordBefore);
            starts[b] = start;
            words += BitOperations.PopCount(start);
            capitalised += BitOperations.PopCount(start & upper);
            alnumBefore = alnum >> 63;
            wordBefore = inWord >> 63;
            (alnum, joiner, upper) = (nextAlnum, nextJoiner, nextUpper);
        }
        return words;
    }

    /// <summary>Bit masks of the first 64 characters (or fewer, where the text ends): letters and digits, joiners, capitals.</summary>
    private static (ulong Alnum, ulong Joiner, ulong Upper) BlockMasks(ReadOnlySpan<char> text)
    {
        int length = Math.Min(text.Length, 64), i = 0;
        ulong alnum = 0, joiner = 0, upper = 0;
        var source = MemoryMarshal.Cast<char, ushort>(text);
        for (; i + Vector256<ushort>.Count <= length; i += Vector256<ushort>.Count)
        {
            var v = Vector256.Create(source.Slice(i, Vector256<ushort>.Count));
            var digit = Vector256.LessThan(v - Vector256.Create((ushort)'0'), Vector256.Create((ushort)10));
            var letter = Vector256.LessThan((v | Vector256.Create((ushort)0x20)) - Vector256.Create((ushort)'a'), Vector256.Create((ushort)26));
            var capital = Vector256.LessThan(v - Vector256.Create((ushort)'A'), Vector256.Create((ushort)26));
            var join = Vector256.Equals(v, Vector256.Create((ushort)'\'')) | Vector256.Equals(v, Vector256.Create((ushort)'-'));
            alnum |= (ulong)(digit | letter).ExtractMostSignificantBits() << i;
            upper |= (ulong)capital.ExtractMostSignificantBits() << i;
            joiner |= (ulong)join.ExtractMostSignificantBits() << i;
        }
        for (; i < length; i++)
        {
            char c = text[i];
            alnum |= (char.IsAsciiLetterOrDigit(c) ? 1UL : 0) << i;
            upper |= (char.IsAsciiLetterUpper(c) ? 1UL : 0) << i;
            joiner |= (c is '\'' or '-' ? 1UL : 0) << i;
        }
        return (alnum, joiner, upper);
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
