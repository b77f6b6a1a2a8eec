using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Tidings.Extraction.Html;

/// <summary>What a page says about itself. Each field is null when the page does not say, never guessed.</summary>
public sealed record PageMetadata(
    string? Title,
    string? Author,
    string? SiteName,
    string? CanonicalUrl,
    string? DeclaredLanguage,
    PublicationDate? Published,
    string? PublishedFrom,
    string? Description)
{
    public static PageMetadata None { get; } = new(null, null, null, null, null, null, null, null);
}

/// <summary>Reads title, authors, site name, canonical URL, declared language and publication date from a parsed page.</summary>
internal static partial class PageMetadataReader
{
    /// <summary>Reads the metadata; <paramref name="contentStart"/> is the start of the extracted article text, where datelines often stand.</summary>
    public static PageMetadata Read(IDocument document, MetaTags meta, LinkedData linked, string? url, string contentStart = "")
    {
        string? canonical = Clean(document.QuerySelector("link[rel='canonical']")?.GetAttribute("href")) ?? meta.Get("og:url");
        string? site = meta.Get("og:site_name", "application-name", "twitter:site") ?? linked.Publisher;
        if (site is not null && site.StartsWith('@'))
            site = site[1..];
        var (published, publishedFrom) = PublicationDateCascade.Find(document, meta, linked, url ?? canonical, contentStart);
        return new PageMetadata(
            Title(document, meta, linked, site),
            Author(document, meta, linked),
            site,
            canonical,
            Clean(document.DocumentElement?.GetAttribute("lang")) ?? meta.Get("og:locale", "content-language", "dc.language", "language"),
            published,
            publishedFrom,
            meta.Get("og:description", "description", "twitter:description"));
    }

    /// <summary>
    /// The headline, not the browser title: the page's own <c>&lt;h1&gt;</c> (or its part) when a declared title
    /// (JSON-LD headline, Open Graph, <c>&lt;title&gt;</c>) equals it or one of its parts; else the <c>&lt;h1&gt;</c> when
    /// it shares words with the declared title; else the declared title without its site-name part.
    /// </summary>
    private static string? Title(IDocument document, MetaTags meta, LinkedData linked, string? site)
    {
        string? og = meta.Get("og:title", "twitter:title", "dc.title", "title");
        string? head = Clean(document.Title);
        var declared = new[] { linked.Headline, og, head }.Where(t => t is not null).Select(t => t!).ToList();
        var declaredParts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in declared)
        {
            declaredParts.Add(d);
            foreach (var part in TitleSeparator().Split(d))
                declaredParts.Add(part.Trim());
        }
        var headlines = new List<string>();
        foreach (var heading in document.QuerySelectorAll("h1").Take(5))
        {
            string? text = HeadingText(heading);
            if (text is null || text.Length < 4 || InSiteChrome(heading) || (site is not null && text.Equals(site, StringComparison.OrdinalIgnoreCase)))
                continue;
            headlines.Add(text);
        }
        // The headline that the page's declared titles confirm, whole or in part, is the title.
        foreach (var text in headlines)
        {
            if (declaredParts.Contains(text))
                return text;
            foreach (var part in TitleSeparator().Split(text))
            {
                if (part.Trim().Length >= 4 && declaredParts.Contains(part.Trim()))
                    return part.Trim();
            }
        }
        string? stripped = declared.Select(d => StripSiteName(d, site)).FirstOrDefault(d => d.Length > 0);
        if (headlines.Count == 0)
            return stripped;
        // Unconfirmed: the visible headline when it is about the same thing as the declared title (which is often
        // rewritten for search engines), the declared title when the first heading is something else entirely.
        if (stripped is null || WordOverlap(headlines[0], stripped) >= SameTitleOverlap)
            return StripSiteName(headlines[0], site);
        return stripped;
    }

    /// <summary>Word overlap above which a headline and a declared title name the same article.</summary>
    private const double SameTitleOverlap = 0.15;

    private static double WordOverlap(string a, string b)
    {
        var x = TitleWord().Matches(a.ToLowerInvariant()).Select(m => m.Value).ToHashSet();
        var y = TitleWord().Matches(b.ToLowerInvariant()).Select(m => m.Value).ToHashSet();
        int union = x.Union(y).Count();
        return union == 0 ? 0 : (double)x.Intersect(y).Count() / union;
    }

    /// <summary>A heading's text with a space at each element boundary, so a line break inside a headline keeps its space.</summary>
    private static string? HeadingText(IElement heading)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var node in heading.Descendants())
        {
            if (node is IText text)
                sb.Append(text.Data);
            else if (node is IElement { LocalName: "br" or "span" or "div" or "p" })
                sb.Append(' ');
        }
        return Clean(sb.ToString());
    }

    /// <summary>A logo or menu heading: inside the page's navigation, site header or footer.</summary>
    private static bool InSiteChrome(IElement element)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "nav" or "footer" or "aside")
                return true;
            if (e.LocalName == "header" && e.Closest("article, main") is null)
                return true;
        }
        return false;
    }

    /// <summary>A first part shorter than this is a label ("News", "Blog"), not the headline.</summary>
    private const int MinTitlePart = 12;

    /// <summary>"Headline | Site" and "Site - Headline": the site's part is the one naming the site; otherwise the
    /// headline comes first, as sites write it ("Headline - Section | Site").</summary>
    internal static string StripSiteName(string title, string? site)
    {
        var parts = TitleSeparator().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count <= 1)
            return title.Trim();
        if (site is not null)
        {
            var kept = parts.Where(p => !p.Equals(site, StringComparison.OrdinalIgnoreCase)).ToList();
            if (kept.Count < parts.Count && kept.Count > 0)
                return string.Join(" - ", kept);
        }
        return parts[0].Length >= MinTitlePart ? parts[0] : parts.OrderByDescending(p => p.Length).First();
    }

    private static string? Author(IDocument document, MetaTags meta, LinkedData linked)
    {
        if (linked.Authors.Count > 0)
            return string.Join(", ", linked.Authors.Select(CleanAuthor).Where(a => a.Length > 0).Distinct());
        string? declared = meta.Get("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "twitter:creator");
        if (declared is not null && !declared.Contains("://", StringComparison.Ordinal) && !declared.StartsWith('@'))
            return CleanAuthor(declared);
        foreach (var el in document.QuerySelectorAll("[rel='author'], [itemprop='author'], .author, .byline, .by-line, .author-name, .entry-author, .post-author").Take(8))
        {
            string? text = el.GetAttribute("content") ?? Clean(el.TextContent);
            if (text is null)
                continue;
            text = CleanAuthor(text);
            if (text.Length is >= 3 and <= 60 && text.Count(char.IsWhiteSpace) <= 6)
                return text;
        }
        return null;
    }

    private static string CleanAuthor(string author)
    {
        string text = AuthorPrefix().Replace(Clean(author) ?? string.Empty, string.Empty);
        return text.Trim(' ', ',', '|', '-', '·');
    }

    /// <summary>Whitespace collapsed, and entities decoded: CMSs often escape twice, so "&amp;#8211;" reaches the
    /// parsed attribute as "&#8211;".</summary>
    internal static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (value.Contains('&', StringComparison.Ordinal))
            value = System.Net.WebUtility.HtmlDecode(value);
        string cleaned = Whitespace().Replace(value, " ").Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\w+")]
    private static partial Regex TitleWord();

    [GeneratedRegex(@"\s+(?:[|–—·»:]|-{1,2}|::)\s+")]
    private static partial Regex TitleSeparator();

    [GeneratedRegex(@"^(?:by|von|par|por|di|door|av|af)\s+|^(?:written|posted|geschrieben|verfasst)\s+(?:by|von)\s+|^(?:autor(?:in)?|author)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorPrefix();
}

/// <summary>A page's <c>&lt;meta&gt;</c> values by lower-cased property, name, itemprop or http-equiv; first one wins.</summary>
internal sealed class MetaTags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static MetaTags Read(IDocument document)
    {
        var tags = new MetaTags();
        foreach (var el in document.QuerySelectorAll("meta"))
        {
            string? content = PageMetadataReader.Clean(el.GetAttribute("content"));
            if (content is null)
                continue;
            foreach (var attribute in (string[])["property", "name", "itemprop", "http-equiv"])
            {
                if (el.GetAttribute(attribute) is { Length: > 0 } key)
                    tags._values.TryAdd(key.Trim().ToLowerInvariant(), content);
            }
        }
        return tags;
    }

    public IEnumerable<string> Values => _values.Values;

    public string? Get(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (_values.TryGetValue(key, out var value))
                return value;
        }
        return null;
    }
}
