using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using System.Text;
using System.Text.Json;

namespace Tidings.Extraction;

/// <summary>What a basic reading of an HTML page yields: its text as lines, and the metadata it declares.</summary>
public sealed record HtmlPage(
    string Text,
    string? Title,
    string? SiteName,
    string? Author,
    string? CanonicalUrl,
    string? Language,
    PublicationDate? Published);

/// <summary>
/// A first, honest HTML reader: parse with AngleSharp from bytes (so the declared or sniffed charset is honoured),
/// drop elements that are never article text, prefer <c>&lt;article&gt;</c>, and turn block elements into lines
/// for <see cref="PlainTextCleaner"/>. Scoring DOM blocks properly is the extraction issue's work.
/// </summary>
public static class HtmlPageReader
{
    private static readonly HashSet<string> Dropped =
        ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select", "figcaption"];

    private static readonly HashSet<string> Blocks =
        ["p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "tr", "table", "br", "figure", "dd", "dt", "hr"];

    public static HtmlPage Read(byte[] bytes)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = parser.ParseDocument(stream);

        string? Meta(params string[] keys)
        {
            foreach (var key in keys)
            {
                var el = document.QuerySelector($"meta[property='{key}'], meta[name='{key}'], meta[itemprop='{key}']");
                if (el?.GetAttribute("content") is { Length: > 0 } v)
                    return v.Trim();
            }
            return null;
        }

        var ld = JsonLd(document);
        string? title = Meta("og:title", "twitter:title") ?? ld.Headline
            ?? document.QuerySelector("h1")?.TextContent.Trim() ?? document.Title?.Trim();
        string? published = ld.DatePublished ?? Meta("article:published_time", "datePublished", "pubdate", "date", "dc.date")
            ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime");
        PublicationDate? date = PublicationDate.TryParseIso(published, out var d) ? d : null;
        string? canonical = document.QuerySelector("link[rel='canonical']")?.GetAttribute("href") ?? Meta("og:url");

        var root = document.QuerySelector("article") ?? document.Body ?? document.DocumentElement;
        var text = root is null ? string.Empty : BlockText(root);
        return new HtmlPage(
            text,
            string.IsNullOrWhiteSpace(title) ? null : title,
            Meta("og:site_name", "application-name") ?? ld.Publisher,
            Meta("author", "article:author") ?? ld.Author,
            canonical,
            document.DocumentElement?.GetAttribute("lang"),
            date);
    }

    /// <summary>Text with a line break at every block boundary. Iterative, so hostile nesting cannot overflow the stack.</summary>
    private static string BlockText(IElement root)
    {
        var sb = new StringBuilder();
        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node is IText textNode)
            {
                sb.Append(textNode.Data.Replace('\n', ' '));
                continue;
            }
            if (node is not IElement el)
                continue;
            string tag = el.LocalName;
            if (Dropped.Contains(tag) || el.HasAttribute("hidden"))
                continue;
            bool block = Blocks.Contains(tag);
            if (exit)
            {
                if (block)
                    sb.Append('\n');
                continue;
            }
            if (block)
                sb.Append('\n');
            stack.Push((el, true));
            for (int i = el.ChildNodes.Length - 1; i >= 0; i--)
                stack.Push((el.ChildNodes[i], false));
        }
        return sb.ToString();
    }

    private sealed record LinkedData(string? Headline, string? DatePublished, string? Author, string? Publisher);

    /// <summary>schema.org NewsArticle metadata; malformed JSON-LD is common and simply ignored.</summary>
    private static LinkedData JsonLd(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
                foreach (var item in Items(json.RootElement))
                {
                    if (item.TryGetProperty("datePublished", out var dp) || item.TryGetProperty("headline", out _))
                    {
                        return new LinkedData(
                            Str(item, "headline"),
                            dp.ValueKind == JsonValueKind.String ? dp.GetString() : null,
                            Name(item, "author"),
                            Name(item, "publisher"));
                    }
                }
            }
            catch (JsonException)
            {
            }
        }
        return new LinkedData(null, null, null, null);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in root.EnumerateArray())
                yield return e;
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            yield return root;
            if (root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in graph.EnumerateArray())
                    yield return e;
            }
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Name(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => Str(v, "name"),
            JsonValueKind.Array => v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : Str(x, "name")).FirstOrDefault(x => x is not null),
            _ => null,
        };
    }
}
