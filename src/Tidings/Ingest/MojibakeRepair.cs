using System.Buffers;
using System.Text;

namespace Tidings.Ingest;

/// <summary>
/// Undoes double encoding: UTF-8 text that was once read as windows-1252 or Latin-1 and saved again as UTF-8, so that
/// "Investor’s" reads "Investorâ€™s" (or "Investorâ\u0080\u0099s"). Pages that pass through such a pipeline are common
/// in crawls. Each suspect sequence is repaired on its own, so real accented text around it is left as it is.
/// </summary>
internal static class MojibakeRepair
{
    /// <summary>Characters that stand for a UTF-8 lead byte (0xC2-0xF4) when text was read as windows-1252 or Latin-1.</summary>
    private static readonly SearchValues<char> Leads = SearchValues.Create(Enumerable.Range(0xC2, 0xF4 - 0xC2 + 1).Select(c => (char)c).ToArray());

    /// <summary>The characters windows-1252 puts at bytes 0x80-0x9F; an unassigned byte is read as the C1 control of its number.</summary>
    private const string Windows1252High = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

    public static string Repair(string text)
    {
        int at = text.AsSpan().IndexOfAny(Leads);
        if (at < 0)
            return text;
        StringBuilder? repaired = null;
        int copied = 0;
        Span<byte> bytes = stackalloc byte[4];
        while (at >= 0 && at < text.Length)
        {
            int length = SequenceAt(text, at, bytes, out var rune);
            if (length > 0)
            {
                repaired ??= new StringBuilder(text.Length);
                repaired.Append(text, copied, at - copied);
                repaired.Append(rune.ToString());
                copied = at + length;
                at = copied;
            }
            else
            {
                at++;
            }
            int next = text.AsSpan(at).IndexOfAny(Leads);
            at = next < 0 ? -1 : at + next;
        }
        if (repaired is null)
            return text;
        repaired.Append(text, copied, text.Length - copied);
        return repaired.ToString();
    }

    /// <summary>
    /// The number of characters at <paramref name="at"/> that are one UTF-8 character read byte by byte, or 0. A
    /// two-byte sequence counts only when it decodes to a Latin, Greek or Cyrillic letter or a Latin-1 sign: "Fuß“"
    /// is German with a closing quote, not a garbled N'Ko letter.
    /// </summary>
    private static int SequenceAt(string text, int at, Span<byte> bytes, out Rune rune)
    {
        rune = default;
        if (!TryByte(text[at], out bytes[0]))
            return 0;
        int length = bytes[0] < 0xE0 ? 2 : bytes[0] < 0xF0 ? 3 : 4;
        if (at + length > text.Length)
            return 0;
        for (int k = 1; k < length; k++)
        {
            if (!TryByte(text[at + k], out bytes[k]) || bytes[k] is < 0x80 or > 0xBF)
                return 0;
        }
        if (Rune.DecodeFromUtf8(bytes[..length], out rune, out int consumed) != OperationStatus.Done || consumed != length)
            return 0;
        if (length == 2 && rune.Value is not (>= 0xA0 and <= 0x24F or >= 0x370 and <= 0x4FF))
            return 0;
        return length;
    }

    private static bool TryByte(char c, out byte value)
    {
        if (c <= '\u00FF')
        {
            value = (byte)c;
            return true;
        }
        int high = Windows1252High.IndexOf(c, StringComparison.Ordinal);
        value = (byte)(0x80 + high);
        return high >= 0;
    }
}
