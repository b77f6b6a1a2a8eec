using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>
/// Scrapers often save pages as Markdown; the article's words are what matter, so link targets,
/// emphasis markers and heading marks are dropped while the fact that a line was a heading is kept.
/// </summary>
internal static partial class MarkdownUnwrapper
{
    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"^<(https?://[^>\s]+)>$")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"^\s*>\s?")]
    private static partial Regex Quote();

    /// <summary>Every pattern above needs one of these characters; most lines of prose hold none of them.</summary>
    private static readonly System.Buffers.SearchValues<char> MarkupCharacters = System.Buffers.SearchValues.Create("#>[*_<");

    public static (string Text, bool IsHeading, int Links) Unwrap(string line)
    {
        if (!line.AsSpan().ContainsAny(MarkupCharacters))
            return (line.Trim(), false, 0);
        bool heading = Heading().IsMatch(line);
        if (heading)
            line = Heading().Replace(line, "");
        line = Quote().Replace(line, "");
        line = AutoLink().Replace(line, "$1");
        line = Image().Replace(line, "$1");
        int links = Link().Count(line);
        line = Link().Replace(line, "$1");
        line = Strong().Replace(line, "$2");
        return (line.Trim(), heading, links);
    }
}
