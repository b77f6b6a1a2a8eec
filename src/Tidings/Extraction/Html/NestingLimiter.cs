using System.Text;

namespace Tidings.Extraction.Html;

/// <summary>
/// Caps how deeply a page's tags nest before the parser sees them. HTML tree building checks the stack of open
/// elements for every tag, so 100,000 nested <c>&lt;div&gt;</c>s cost AngleSharp over 20 seconds; real pages stay
/// below a few hundred levels. Tags beyond the cap are dropped and their text kept, in one linear pass over the
/// bytes (tags are ASCII in every encoding a page may use).
/// </summary>
internal static class NestingLimiter
{
    public const int MaxDepth = 512;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
    };

    /// <summary>Elements whose content is raw text: a '&lt;' inside them is not a tag.</summary>
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "noscript", "template", "plaintext",
    };

    /// <summary>The bytes unchanged when they cannot nest too deeply; otherwise a copy without the excess tags.</summary>
    public static byte[] Limit(byte[] html)
    {
        if (html.AsSpan().Count((byte)'<') <= MaxDepth)
            return html;
        var output = new MemoryStream(html.Length);
        int depth = 0, dropped = 0, copiedUpTo = 0, i = 0;
        bool changed = false;
        while (i < html.Length)
        {
            int lt = html.AsSpan(i).IndexOf((byte)'<');
            if (lt < 0)
                break;
            int start = i + lt;
            int end = TagEnd(html, start);
            if (end < 0)
                break;
            var (name, closing, selfClosing) = ReadTag(html, start, end);
            i = end + 1;
            if (name.Length == 0)
                continue;
            if (closing)
            {
                if (dropped > 0)
                {
                    dropped--;
                    Drop(html, output, ref copiedUpTo, start, end);
                    changed = true;
                }
                else if (depth > 0)
                {
                    depth--;
                }
                continue;
            }
            if (RawText.Contains(name))
            {
                i = SkipRawText(html, end + 1, name);
                continue;
            }
            if (selfClosing || VoidElements.Contains(name))
                continue;
            if (depth >= MaxDepth)
            {
                dropped++;
                Drop(html, output, ref copiedUpTo, start, end);
                changed = true;
            }
            else
            {
                depth++;
            }
        }
        if (!changed)
            return html;
        output.Write(html, copiedUpTo, html.Length - copiedUpTo);
        return output.ToArray();
    }

    private static void Drop(byte[] html, MemoryStream output, ref int copiedUpTo, int start, int end)
    {
        output.Write(html, copiedUpTo, start - copiedUpTo);
        copiedUpTo = end + 1;
    }

    /// <summary>The index of the '&gt;' closing the tag or comment at <paramref name="start"/>, or -1.</summary>
    private static int TagEnd(byte[] html, int start)
    {
        var rest = html.AsSpan(start);
        if (rest.StartsWith("<!--"u8))
        {
            int close = rest.IndexOf("-->"u8);
            return close < 0 ? -1 : start + close + 2;
        }
        int gt = rest.IndexOf((byte)'>');
        return gt < 0 ? -1 : start + gt;
    }

    private static (string Name, bool Closing, bool SelfClosing) ReadTag(byte[] html, int start, int end)
    {
        int p = start + 1;
        bool closing = p < end && html[p] == '/';
        if (closing)
            p++;
        int nameStart = p;
        while (p < end && (char.IsAsciiLetterOrDigit((char)html[p]) || html[p] == '-' || html[p] == ':'))
            p++;
        if (p == nameStart || !char.IsAsciiLetter((char)html[nameStart]))
            return (string.Empty, false, false);
        string name = System.Text.Encoding.ASCII.GetString(html, nameStart, p - nameStart);
        return (name, closing, html[end - 1] == '/');
    }

    private static int SkipRawText(byte[] html, int from, string name)
    {
        var closeTag = System.Text.Encoding.ASCII.GetBytes("</" + name);
        for (int i = from; i + closeTag.Length <= html.Length; i++)
        {
            int lt = html.AsSpan(i).IndexOf((byte)'<');
            if (lt < 0)
                return html.Length;
            i += lt;
            if (html.AsSpan(i).Length >= closeTag.Length && Ascii.EqualsIgnoreCase(html.AsSpan(i, closeTag.Length), closeTag))
                return i;
        }
        return html.Length;
    }
}
