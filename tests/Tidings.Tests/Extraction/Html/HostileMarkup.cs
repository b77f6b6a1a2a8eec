using System.Text;

namespace Tidings.Tests.Extraction.Html;

/// <summary>
/// Pages of about a megabyte built to make HTML tree building superlinear: each repeats one construct that costs the
/// parser more than its length (deep or stray nesting, formatting reopened in every paragraph, misnested formatting
/// that runs the adoption agency, table and select modes, foreign content, comment and attribute extremes). Generated
/// at test time; the article's lead paragraph follows the hostile part where a reader would still see it.
/// </summary>
internal static class HostileMarkup
{
    /// <summary>About this many bytes of hostile markup per page.</summary>
    private const int TargetBytes = 1_000_000;

    private static readonly string Article = $"<p>{HtmlPages.Lead}</p><p>{HtmlPages.Body1}</p>";

    private static readonly Dictionary<string, Func<string>> Shapes = new(StringComparer.Ordinal)
    {
        ["stray end tags"] = () => Body(Repeat("<div></span>")),
        ["nested divs"] = () => Body(Repeat("<div>")),
        ["self-closing divs"] = () => Body(Repeat("<div/>")),
        ["end tags with quoted names"] = () => Body(Repeat("<div></div\">")),
        ["tags after a lone less-than"] = () => Body(Repeat("<<div></span>")),
        ["quoted greater-than in attributes"] = () => Body(Repeat("<div title=\">\"></span>")),
        ["formatting reopened by every paragraph"] = () => Body("<p>" + Numbered(i => $"<b id={i}>", 500) + "</p>" + Repeat("<p>x</p>")),
        ["fonts reopened by every paragraph"] = () => Body("<p>" + Numbered(i => $"<font color={i}>", 2_000) + "</p>" + Repeat("<p>x</p>")),
        ["misnested b and i"] = () => Body(Repeat("<b><i></b></i>")),
        ["links around blocks"] = () => Body(Repeat("<a href=#>x<div>y</a>")),
        ["bold across paragraphs"] = () => Body(Repeat("<b>x<p>y</b>z")),
        ["adoption under deep blocks"] = () => Body(Numbered(i => $"<b id={i}><div>", 250) + Repeat("</b>x")),
        ["adoption moving many children"] = () => Body("<b><div>" + Repeat("x<br>", TargetBytes / 2) + "</b>" + Repeat("<b><div>y</b>", TargetBytes / 2)),
        ["unclosed links"] = () => Body(Repeat("<a href=#>x")),
        ["unclosed distinct bolds"] = () => Body(Numbered(i => $"<b id={i}>x", TargetBytes / 12)),
        ["nobr"] = () => Body(Repeat("<nobr>x")),
        ["nested tables"] = () => Body(Repeat("<table>")),
        ["nested table cells"] = () => Body(Repeat("<table><tr><td>")),
        ["cells without rows"] = () => Body("<table>" + Repeat("<td>x")),
        ["blocks fostered out of a table"] = () => Body("<table>" + Repeat("x<div>")),
        ["paragraphs in buttons"] = () => Body(Repeat("<button><p>")),
        ["buttons in paragraphs"] = () => Body(Repeat("<p><button>")),
        ["unclosed list items"] = () => Body("<ul>" + Repeat("<li>x")),
        ["unclosed options"] = () => Body("<select>" + Repeat("<option>x")),
        ["definition lists"] = () => Body("<dl>" + Repeat("<dt>x<dd>y")),
        ["unclosed paragraphs"] = () => Body(Repeat("<p>x")),
        ["unclosed headings"] = () => Body(Repeat("<h1>x<h2>y")),
        ["nested svg"] = () => Body(Repeat("<svg>")),
        ["nested math"] = () => Body(Repeat("<math>")),
        ["svg foreign objects"] = () => Body(Repeat("<svg><foreignObject>")),
        ["math text points"] = () => Body(Repeat("<math><mi>")),
        ["breaking out of math with end tags"] = () => Body("<math><search>" + Repeat("xx<search></br></colgroup><colgroup>")),
        ["a two-megabyte attribute"] = () => Body("<div title=\"" + new string('x', 2 * TargetBytes) + "\">"),
        ["a million attributes in one tag"] = () => Body("<div " + Repeat("a ", 2 * TargetBytes) + ">"),
        ["distinct attributes in one tag"] = () => Body("<div " + Numbered(i => $"a{i} ", TargetBytes / 7) + ">"),
        ["a comment never closed"] = () => Body(HtmlPages.Lead + "<!--" + Repeat("<div>x")),
        ["comments closed with a bang"] = () => Body(Repeat("<!-- x --!><div></span>")),
        ["bogus comments"] = () => Body(Repeat("<!x>")),
        ["nested templates"] = () => Body(Repeat("<template>")),
        ["templates with table parts"] = () => Body(Repeat("<template><td><span></td>")),
        ["nested selects"] = () => Body(Repeat("<select>")),
        ["body closed again and again"] = () => Body(Repeat("</body></html><p>x")),
        ["scripts that write scripts"] = () => Body(Repeat("<script><!--document.write('<script></script>');//--></script><div>")),
        ["noscript pages full of reopened formatting"] = () => Body(Repeat("<noscript><p>" + Numbered(i => $"<b id={i}>", 200) + "</p>" + string.Concat(Enumerable.Repeat("<p>x</p>", 250)) + "</noscript>")),
        ["unterminated character references"] = () => Body("<p>&" + new string('a', TargetBytes) + "</p>"),
        ["an unfinished tag"] = () => Body(Repeat("<div></span>", TargetBytes / 2) + "<div title=\"" + Repeat("x", TargetBytes / 2)),
    };

    public static IEnumerable<string> Names => Shapes.Keys;

    public static byte[] Page(string name) => Encoding.UTF8.GetBytes(Shapes[name]());

    /// <summary>The hostile part first, then the article, so the article is parsed in whatever state the markup left.</summary>
    private static string Body(string hostile) =>
        $"<html><head><title>Northern quay reopens</title></head><body>{hostile}{Article}</body></html>";

    private static string Repeat(string unit, int bytes = TargetBytes)
    {
        var text = new StringBuilder(bytes + unit.Length);
        while (text.Length < bytes)
            text.Append(unit);
        return text.ToString();
    }

    private static string Numbered(Func<int, string> unit, int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
            text.Append(unit(i));
        return text.ToString();
    }
}
