using System.Text.Json;

namespace Tidings.Extraction.Html;

/// <summary>The schema.org fields a page's JSON-LD gives for its article. Malformed JSON-LD is common and is skipped.</summary>
internal sealed record LinkedData(
    string? Headline,
    string? DatePublished,
    string? DateCreated,
    string? DateModified,
    IReadOnlyList<string> Authors,
    string? Publisher,
    string? ArticleBody,
    bool IsArticle)
{
    public static LinkedData None { get; } = new(null, null, null, null, [], null, null, false);

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Articles first (NewsArticle, BlogPosting, ...), then any item with a headline or a publication date.</summary>
    public static LinkedData Read(MarkupDocument document)
    {
        LinkedData? fallback = null;
        foreach (var script in document.Elements.Where(e => e.LocalName == "script" && e.GetAttribute("type") == "application/ld+json"))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(script.TextContent, Options);
            }
            catch (JsonException)
            {
                continue;
            }
            using (json)
            {
                foreach (var item in Items(json.RootElement, 0))
                {
                    bool article = TypeOf(item).Any(t => t.EndsWith("Article", StringComparison.Ordinal) || t is "BlogPosting" or "Report" or "LiveBlogPosting" or "NewsArticle" or "Review");
                    if (!article && !item.TryGetProperty("datePublished", out _) && !item.TryGetProperty("headline", out _))
                        continue;
                    var data = new LinkedData(
                        Str(item, "headline") ?? (article ? Str(item, "name") : null),
                        Str(item, "datePublished"),
                        Str(item, "dateCreated"),
                        Str(item, "dateModified"),
                        Names(item, "author").Concat(Names(item, "creator")).Distinct(StringComparer.Ordinal).ToList(),
                        Names(item, "publisher").FirstOrDefault(),
                        Str(item, "articleBody"),
                        article);
                    if (article)
                        return data;
                    fallback ??= data;
                }
            }
        }
        return fallback ?? None;
    }

    private static IEnumerable<string> TypeOf(JsonElement item)
    {
        if (!item.TryGetProperty("@type", out var type))
            yield break;
        if (type.ValueKind == JsonValueKind.String)
            yield return type.GetString()!;
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String)
                    yield return t.GetString()!;
            }
        }
    }

    /// <summary>Objects at the top, in arrays and in <c>@graph</c>, and an article nested as <c>mainEntity</c>.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement root, int depth)
    {
        if (depth > 4)
            yield break;
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in root.EnumerateArray())
            {
                foreach (var inner in Items(e, depth + 1))
                    yield return inner;
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            yield return root;
            foreach (var key in (string[])["@graph", "mainEntity", "mainEntityOfPage"])
            {
                if (root.TryGetProperty(key, out var nested) && nested.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                {
                    foreach (var inner in Items(nested, depth + 1))
                        yield return inner;
                }
            }
        }
    }

    private static string? Str(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Array)
            v = v.EnumerateArray().FirstOrDefault();
        return v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
    }

    private static IEnumerable<string> Names(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
            yield break;
        var values = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [v];
        foreach (var x in values)
        {
            string? n = x.ValueKind == JsonValueKind.String ? x.GetString() : Str(x, "name");
            if (!string.IsNullOrWhiteSpace(n))
                yield return n.Trim();
        }
    }
}
