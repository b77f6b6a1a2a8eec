using System.Text;

namespace Tidings.Extraction;

/// <summary>Text as a reader sees its spacing: indentation, line breaks and runs of blanks are one space.</summary>
public static class WhiteSpace
{
    /// <summary>
    /// Soft hyphens, zero-width spaces, word joiners and byte-order marks: they mark where a word may break or join, and
    /// the reader sees the word whole ("Mag\u00ADda\u00ADle\u00ADner" is "Magdalener"). The zero-width joiner and
    /// non-joiner stay: in Persian, the Indic scripts and emoji they change how a word is written.
    /// </summary>
    public static bool IsInvisible(char c) => Invisible.Contains(c);

    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create("\u00AD\u200B\u2060\uFEFF");

    /// <summary>The text without its invisible characters; the same string when it has none, as nearly all text.</summary>
    public static string WithoutInvisible(string text)
    {
        int first = text.AsSpan().IndexOfAny(Invisible);
        if (first < 0)
            return text;
        var visible = new StringBuilder(text.Length);
        visible.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            if (!IsInvisible(text[i]))
                visible.Append(text[i]);
        }
        return visible.ToString();
    }

    /// <summary>Runs of white space become one space, invisible characters go, and the ends are trimmed.</summary>
    public static string Collapse(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.AsSpan().Trim())
        {
            if (IsInvisible(c))
                continue;
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space)
                collapsed.Append(' ');
            space = false;
            collapsed.Append(c);
        }
        return collapsed.ToString();
    }
}
