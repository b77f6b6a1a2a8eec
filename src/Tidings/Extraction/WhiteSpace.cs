using System.Text;

namespace Tidings.Extraction;

/// <summary>Text as a reader sees its spacing: indentation, line breaks and runs of blanks are one space.</summary>
public static class WhiteSpace
{
    /// <summary>Runs of white space become one space, and the ends are trimmed.</summary>
    public static string Collapse(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.AsSpan().Trim())
        {
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
