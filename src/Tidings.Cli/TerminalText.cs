using System.Globalization;
using System.Text;

namespace Tidings.Cli;

/// <summary>
/// Makes text from articles, ids and file names safe to print to a terminal. Scraped text can hold ESC, OSC, BEL,
/// backspace or NUL, and a title with an escape sequence can retitle the window, clear the screen or hide the lines
/// before it; bidirectional overrides can make a line read differently from its bytes. Each such character is shown
/// as a visible escape instead (<c>\x1B</c>, <c>\u202E</c>), and a runaway title is cut to a readable length.
/// </summary>
internal static class TerminalText
{
    /// <summary>Titles, ids and names longer than this are cut in human-readable output: a 5 MB "title" is a page
    /// whose markup went wrong, and printing it whole buries every other line.</summary>
    public const int MaxLineText = 300;

    /// <summary>One line of output: every control character escaped, newlines included, cut to <paramref name="max"/>.</summary>
    public static string Line(string? text, int max = MaxLineText) => Escape(text, max, keepNewlines: false);

    /// <summary>A block of article text: newlines and tabs kept, every other control character escaped.</summary>
    public static string Block(string? text) => Escape(text, int.MaxValue, keepNewlines: true);

    private static string Escape(string? text, int max, bool keepNewlines)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (text.Length <= max && !NeedsEscape(text, keepNewlines))
            return text;
        var sb = new StringBuilder(Math.Min(text.Length, max) + 16);
        for (int i = 0; i < text.Length && sb.Length < max; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (Unsafe(c, keepNewlines))
            {
                sb.Append(c <= '\u00FF' ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        if (sb.Length >= max && text.Length > max)
        {
            sb.Length = Math.Min(sb.Length, max - 1);
            sb.Append('…');
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(string text, bool keepNewlines)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (Unsafe(c, keepNewlines))
                return true;
        }
        return false;
    }

    /// <summary>C0 and C1 controls, DEL, bidirectional overrides and isolates, and surrogate halves without a partner.</summary>
    private static bool Unsafe(char c, bool keepNewlines)
    {
        if (keepNewlines && c is '\n' or '\t')
            return false;
        if (char.IsSurrogate(c))
            return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category == UnicodeCategory.Control || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
    }
}
