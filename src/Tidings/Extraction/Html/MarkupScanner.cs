namespace Tidings.Extraction.Html;

/// <summary>What a stretch of page bytes is to an HTML tokenizer.</summary>
internal enum MarkupKind
{
    /// <summary>Characters, including a '&lt;' that opens no tag.</summary>
    Text,
    StartTag,
    EndTag,
    /// <summary>A comment, a doctype, a processing instruction, a CDATA section or any other bogus comment.</summary>
    Comment,
    /// <summary>Something that swallows the rest of the page: an unclosed comment or an unfinished tag.</summary>
    Unfinished,
}

/// <summary>One token: where it lies and, for tags, its lower-cased name, attributes and self-closing slash.</summary>
internal readonly record struct MarkupToken(
    MarkupKind Kind,
    int Start,
    int End,
    string Name,
    int AttributesStart,
    int AttributesEnd,
    int AttributeCount,
    bool SelfClosing);

/// <summary>
/// Splits page bytes into tokens the way an HTML tokenizer does, closely enough to agree with it on where every tag
/// starts and ends: a '&lt;' opens a tag only before a letter, quoted attribute values may hold '&gt;', a comment
/// ends at <c>--&gt;</c> or <c>--!&gt;</c>, and a tag name runs to whitespace, '/' or '&gt;'. Tag syntax is ASCII in
/// every encoding a page may use, so bytes suffice. Raw text (scripts, styles, titles) is skipped on request, since
/// only the tree builder knows when a tag starts it.
/// </summary>
internal sealed class MarkupScanner(byte[] html)
{
    private int _position;

    public int Position => _position;

    /// <summary>The next token, or false at the end of the bytes.</summary>
    /// <param name="cdata">Whether <c>&lt;![CDATA[</c> opens a CDATA section (inside SVG or MathML) rather than a bogus comment.</param>
    /// <param name="token">The token read.</param>
    public bool Next(bool cdata, out MarkupToken token)
    {
        int start = _position;
        if (start >= html.Length)
        {
            token = default;
            return false;
        }
        int p = start;
        while (true)
        {
            int lt = html.AsSpan(p).IndexOf((byte)'<');
            if (lt < 0)
            {
                p = html.Length;
                break;
            }
            p += lt;
            if (p + 1 < html.Length && OpensMarkup(html[p + 1], hasMore: p + 2 < html.Length))
                break;
            p++;
        }
        if (p > start)
        {
            _position = p;
            token = new MarkupToken(MarkupKind.Text, start, p, string.Empty, 0, 0, 0, false);
            return true;
        }
        token = ReadMarkup(start, cdata);
        _position = token.End;
        return true;
    }

    /// <summary>
    /// Moves past the raw text of <paramref name="name"/> and its end tag, as the tokenizer does for scripts, styles,
    /// titles and text areas. Returns false when the element never ends: the rest of the page is its text.
    /// </summary>
    public bool SkipRawText(string name)
    {
        if (name == "script")
            return SkipScript();
        int from = _position;
        while (true)
        {
            int lt = html.AsSpan(from).IndexOf("</"u8);
            if (lt < 0)
                break;
            int p = from + lt + 2;
            if (p + name.Length <= html.Length && MatchesName(p, name)
                && (p + name.Length == html.Length || IsNameEnd(html[p + name.Length])))
            {
                _position = p - 2;
                if (Next(cdata: false, out var end) && end.Kind == MarkupKind.EndTag)
                    return true;
                break;
            }
            from = p;
        }
        _position = html.Length;
        return false;
    }

    /// <summary>
    /// Script text ends at <c>&lt;/script&gt;</c>, except inside an escaped <c>&lt;!--</c> section after an inner
    /// <c>&lt;script&gt;</c> (a script that writes a script), where that end tag belongs to the inner one. Following
    /// the tokenizer's escape states keeps scripts such as <c>document.write('&lt;script&gt;&lt;/script&gt;')</c> whole.
    /// </summary>
    private bool SkipScript()
    {
        const int Data = 0, Escaped = 1, DoubleEscaped = 2;
        int state = Data, p = _position;
        while (p < html.Length)
        {
            int next = html.AsSpan(p).IndexOfAny((byte)'<', (byte)'-');
            if (next < 0)
                break;
            p += next;
            if (html[p] == '-')
            {
                if (state != Data && html.AsSpan(p).StartsWith("-->"u8))
                {
                    state = Data;
                    p += 3;
                }
                else
                {
                    p++;
                }
                continue;
            }
            if (state == Data && html.AsSpan(p).StartsWith("<!--"u8))
            {
                state = Escaped;
                p += 2;
                continue;
            }
            if (p + 1 < html.Length && html[p + 1] == '/' && IsScriptName(p + 2))
            {
                if (state == DoubleEscaped)
                {
                    state = Escaped;
                    p += 8;
                    continue;
                }
                _position = p;
                if (Next(cdata: false, out var end) && end.Kind == MarkupKind.EndTag)
                    return true;
                break;
            }
            if (state == Escaped && IsScriptName(p + 1))
            {
                state = DoubleEscaped;
                p += 7;
                continue;
            }
            p++;
        }
        _position = html.Length;
        return false;
    }

    /// <summary>"script" (any case) at <paramref name="p"/>, followed by whitespace, '/' or '&gt;'.</summary>
    private bool IsScriptName(int p) =>
        p + 6 < html.Length && MatchesName(p, "script") && IsNameEnd(html[p + 6]);

    /// <summary>Whether the attributes of <paramref name="tag"/> include one of the given (lower-case ASCII) names.</summary>
    public bool HasAttribute(in MarkupToken tag, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (FindAttribute(tag, name, out _))
                return true;
        }
        return false;
    }

    /// <summary>Whether the attribute <paramref name="name"/> is present with one of <paramref name="values"/>, ignoring ASCII case.</summary>
    public bool AttributeIs(in MarkupToken tag, string name, params ReadOnlySpan<string> values)
    {
        if (!FindAttribute(tag, name, out var value))
            return false;
        var bytes = html.AsSpan(value.Start.Value, value.End.Value - value.Start.Value);
        foreach (var candidate in values)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(bytes, candidate))
                return true;
        }
        return false;
    }

    /// <summary>The first attribute called <paramref name="name"/> (as the parser keeps the first of duplicates) and its value.</summary>
    private bool FindAttribute(in MarkupToken tag, string name, out Range value)
    {
        int p = tag.AttributesStart;
        while (p < tag.AttributesEnd)
        {
            while (p < tag.AttributesEnd && (IsSpace(html[p]) || html[p] == '/'))
                p++;
            int nameStart = p;
            if (p < tag.AttributesEnd && html[p] == '=')
                p++;
            while (p < tag.AttributesEnd && !IsSpace(html[p]) && html[p] is not (byte)'/' and not (byte)'>' and not (byte)'=')
                p++;
            bool matches = p - nameStart == name.Length && p > nameStart && MatchesName(nameStart, name);
            while (p < tag.AttributesEnd && IsSpace(html[p]))
                p++;
            int valueStart = p, valueEnd = p;
            if (p < tag.AttributesEnd && html[p] == '=')
            {
                p = SkipValue(p + 1, tag.AttributesEnd);
                (valueStart, valueEnd) = ValueBounds(valueStart + 1, p);
            }
            if (matches)
            {
                value = valueStart..valueEnd;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The value between '=' and <paramref name="end"/>, without surrounding spaces and quotes.</summary>
    private (int Start, int End) ValueBounds(int start, int end)
    {
        while (start < end && IsSpace(html[start]))
            start++;
        if (start < end && html[start] is (byte)'"' or (byte)'\'')
        {
            start++;
            if (end > start && html[end - 1] == html[start - 1])
                end--;
        }
        return (start, end);
    }

    private MarkupToken ReadMarkup(int start, bool cdata)
    {
        byte next = html[start + 1];
        if (next == '!')
            return ReadDeclaration(start, cdata);
        if (next == '?')
            return BogusComment(start, start + 2);
        if (next == '/')
        {
            byte first = html[start + 2];
            if (first == '>')
                return new MarkupToken(MarkupKind.Comment, start, start + 3, string.Empty, 0, 0, 0, false);
            if (!char.IsAsciiLetter((char)first))
                return BogusComment(start, start + 2);
            return ReadTag(start, start + 2, MarkupKind.EndTag);
        }
        return ReadTag(start, start + 1, MarkupKind.StartTag);
    }

    private MarkupToken ReadDeclaration(int start, bool cdata)
    {
        var rest = html.AsSpan(start);
        if (rest.StartsWith("<!--"u8))
            return Comment(start);
        if (cdata && rest.StartsWith("<![CDATA["u8))
        {
            int close = rest.IndexOf("]]>"u8);
            return close < 0 ? Unfinished(start) : new MarkupToken(MarkupKind.Comment, start, start + close + 3, string.Empty, 0, 0, 0, false);
        }
        return BogusComment(start, start + 2);
    }

    /// <summary>A comment ends at "--&gt;" or "--!&gt;"; "&lt;!--&gt;" and "&lt;!---&gt;" are complete, empty comments.</summary>
    private MarkupToken Comment(int start)
    {
        int body = start + 4;
        if (body < html.Length && html[body] == '>')
            return new MarkupToken(MarkupKind.Comment, start, body + 1, string.Empty, 0, 0, 0, false);
        if (body + 1 < html.Length && html[body] == '-' && html[body + 1] == '>')
            return new MarkupToken(MarkupKind.Comment, start, body + 2, string.Empty, 0, 0, 0, false);
        int from = body;
        while (true)
        {
            int dashes = html.AsSpan(from).IndexOf("--"u8);
            if (dashes < 0)
                return Unfinished(start);
            int p = from + dashes + 2;
            while (p < html.Length && html[p] == '-')
                p++;
            if (p < html.Length && html[p] == '>')
                return new MarkupToken(MarkupKind.Comment, start, p + 1, string.Empty, 0, 0, 0, false);
            if (p + 1 < html.Length && html[p] == '!' && html[p + 1] == '>')
                return new MarkupToken(MarkupKind.Comment, start, p + 2, string.Empty, 0, 0, 0, false);
            from = p;
        }
    }

    private MarkupToken BogusComment(int start, int from)
    {
        int gt = html.AsSpan(from).IndexOf((byte)'>');
        return gt < 0 ? Unfinished(start) : new MarkupToken(MarkupKind.Comment, start, from + gt + 1, string.Empty, 0, 0, 0, false);
    }

    private MarkupToken Unfinished(int start) =>
        new(MarkupKind.Unfinished, start, html.Length, string.Empty, 0, 0, 0, false);

    /// <summary>A tag, read with the tokenizer's attribute states so that a quoted '&gt;' does not end it.</summary>
    private MarkupToken ReadTag(int start, int nameStart, MarkupKind kind)
    {
        int p = nameStart;
        while (p < html.Length && !IsNameEnd(html[p]))
            p++;
        string name = LowerName(nameStart, p);
        int attributesStart = p, count = 0;
        bool selfClosing = false;
        while (p < html.Length)
        {
            byte c = html[p];
            if (IsSpace(c))
            {
                p++;
                continue;
            }
            if (c == '>')
                return new MarkupToken(kind, start, p + 1, name, attributesStart, p, count, selfClosing);
            if (c == '/')
            {
                p++;
                selfClosing = p < html.Length && html[p] == '>';
                continue;
            }
            selfClosing = false;
            count++;
            if (c == '=')
                p++;
            while (p < html.Length && !IsSpace(html[p]) && html[p] is not (byte)'/' and not (byte)'>' and not (byte)'=')
                p++;
            while (p < html.Length && IsSpace(html[p]))
                p++;
            if (p < html.Length && html[p] == '=')
                p = SkipValue(p + 1, html.Length);
        }
        return Unfinished(start);
    }

    /// <summary>Past an attribute value starting at <paramref name="p"/> (after the '='): quoted, or up to whitespace or '&gt;'.</summary>
    private int SkipValue(int p, int limit)
    {
        while (p < limit && IsSpace(html[p]))
            p++;
        if (p >= limit)
            return limit;
        byte quote = html[p];
        if (quote is (byte)'"' or (byte)'\'')
        {
            int close = html.AsSpan(p + 1, limit - p - 1).IndexOf(quote);
            return close < 0 ? limit : p + 1 + close + 1;
        }
        while (p < limit && !IsSpace(html[p]) && html[p] != '>')
            p++;
        return p;
    }

    private string LowerName(int from, int to)
    {
        Span<char> chars = to - from <= 64 ? stackalloc char[to - from] : new char[to - from];
        for (int i = from; i < to; i++)
            chars[i - from] = (char)(html[i] is >= (byte)'A' and <= (byte)'Z' ? html[i] + 32 : html[i]);
        return new string(chars);
    }

    private bool MatchesName(int p, string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            byte b = html[p + i];
            if ((b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b) != name[i])
                return false;
        }
        return true;
    }

    /// <summary>After '&lt;': a letter starts a tag, '/' an end tag (or a bogus comment), '!' and '?' declarations and comments.</summary>
    private static bool OpensMarkup(byte next, bool hasMore) =>
        char.IsAsciiLetter((char)next) || next is (byte)'!' or (byte)'?' || (next == '/' && hasMore);

    private static bool IsNameEnd(byte c) => IsSpace(c) || c is (byte)'/' or (byte)'>';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';
}
