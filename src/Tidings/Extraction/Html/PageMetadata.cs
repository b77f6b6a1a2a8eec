using System.Text.RegularExpressions;

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
    public static PageMetadata Read(MarkupDocument document, MetaTags meta, LinkedData linked, string? url, string contentStart = "")
    {
        string? canonical = Clean(document.Elements.FirstOrDefault(e => e.LocalName == "link" && e.GetAttribute("rel") == "canonical")?.GetAttribute("href")) ?? meta.Get("og:url");
        string? site = meta.Get("og:site_name", "application-name", "twitter:site") ?? linked.Publisher;
        if (site is not null && site.StartsWith('@'))
            site = site[1..];
        string? title = Title(document, meta, linked, site);
        var (published, publishedFrom) = PublicationDateCascade.Find(document, meta, linked, url ?? canonical, contentStart, title);
        return new PageMetadata(
            title,
            Author(document, meta, linked),
            site,
            canonical,
            Clean(document.DocumentElement?.GetAttribute("lang")) ?? meta.Get("og:locale", "content-language", "dc.language", "language"),
            published,
            publishedFrom,
            meta.Get("og:description", "description", "twitter:description"));
    }

    /// <summary>
    /// The headline, not the browser title: the page's own <c>&lt;h1&gt;</c> when a declared title (JSON-LD headline,
    /// Open Graph, <c>&lt;title&gt;</c>) or its leading parts equal it, whole; else the declared title that ends the
    /// <c>&lt;h1&gt;</c> after a short label; else the part of the <c>&lt;h1&gt;</c> that a declared title's part equals;
    /// else the <c>&lt;h1&gt;</c> when it shares words with the declared title or the page declares only its browser
    /// title; else the declared title without its site-name part. An <c>&lt;h1&gt;</c> that is only the trailing (site)
    /// part of a declared title is the site's logo, not a headline.
    /// </summary>
    private static string? Title(MarkupDocument document, MetaTags meta, LinkedData linked, string? site)
    {
        string? og = meta.Get("og:title", "twitter:title", "dc.title", "title");
        string? head = Clean(document.Title);
        var declared = new[] { Clean(linked.Headline), og, head }.Where(t => t is not null).Select(t => t!).ToList();
        // Compared up to typography: WordPress prints "Here’s" in the <h1> where the author typed "Here's" in the
        // title field, which the declared titles keep; a confirmed headline is given as the page prints it.
        var declaredParts = new HashSet<string>(TypographyInsensitive.Instance);
        var declaredLeads = new HashSet<string>(TypographyInsensitive.Instance);
        var siteParts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var innerParts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in declared)
        {
            declaredParts.Add(d);
            var parts = TitleParts(d);
            declaredParts.UnionWith(parts);
            for (int k = 1; k <= parts.Count; k++)
                declaredLeads.Add(string.Join(" - ", parts.Take(k)));
            innerParts.UnionWith(parts.Take(parts.Count - 1));
            if (parts.Count >= 2 && parts[0].Length >= MinHeadlinePart && LooksLikeName(parts[^1])
                && (site is null || !parts[0].Equals(site, StringComparison.OrdinalIgnoreCase)))
                siteParts.Add(parts[^1]);
        }
        // A part that some declared title puts before another is a headline or a section, not the site's name.
        siteParts.ExceptWith(innerParts);
        var headlines = new List<string>();
        foreach (var heading in document.Elements.Where(e => e.LocalName == "h1").Take(5))
        {
            string? text = HeadingText(heading);
            if (text is null || text.Length < MinHeadlinePart || InSiteChrome(heading) || (site is not null && text.Equals(site, StringComparison.OrdinalIgnoreCase)))
                continue;
            // A heading of three sentences or more is a standfirst or a blurb set in <h1>, not a headline.
            if (SentenceEnd().Count(text) >= 2)
                continue;
            if (siteParts.Contains(text) || IsHomeLinkOnly(heading))
            {
                site ??= text;
                continue;
            }
            headlines.Add(text);
        }
        // The headline that the page's declared titles confirm is the title: whole when a declared title (or its
        // leading parts) says all of it, a kicker or subtitle included; else the part a declared title confirms.
        foreach (var text in headlines)
        {
            if (declaredParts.Contains(text) || declaredLeads.Contains(string.Join(" - ", TitleParts(text))))
                return text;
        }
        // A headline with a kicker or a date glued to it ("Thread: ...", "Dec 18 2025 ..."): the declared title is the
        // headline and the few words around it are the label.
        foreach (var text in headlines)
        {
            if (DeclaredInsideHeading(text, declaredParts) is { } inner)
                return inner;
        }
        foreach (var text in headlines)
        {
            foreach (var part in TitleParts(text))
            {
                if (part.Length >= MinHeadlinePart && declaredParts.Contains(part))
                    return part;
            }
        }
        string? stripped = declared.Select(d => StripSiteName(d, site)).FirstOrDefault(d => d.Length > 0);
        if (headlines.Count == 0)
            return stripped;
        // A page that is not an article (a shop, a service, a landing page) often prints a slogan in its <h1>
        // ("You deserve to be happy."); when its Open Graph title and its <title> agree, they name the page.
        if (!linked.IsArticle && !DeclaresArticle(meta) && og is not null && head is not null
            && StripSiteName(og, site).Equals(StripSiteName(head, site), StringComparison.OrdinalIgnoreCase)
            && !og.Contains(headlines[0], StringComparison.OrdinalIgnoreCase))
            return StripSiteName(og, site);
        // Unconfirmed: the visible headline when it is about the same thing as the declared title (which is often
        // rewritten for search engines), the declared title when the first heading is something else entirely.
        // A page that declares only its <title> often keeps one generic title for every page (an app shell): its own
        // headline is the better word then.
        bool onlyBrowserTitle = og is null && linked.Headline is null;
        if (stripped is null)
            return StripSiteName(headlines[0], site);
        // A later heading takes the first one's place when it says most of what the title says and the first does
        // not: a section's heading above the article's own ("Erik Demaine's Folding and Unfolding:").
        string chosen = headlines[0];
        double overlap = WordOverlap(chosen, stripped);
        foreach (var later in headlines.Skip(1))
        {
            double o = WordOverlap(later, stripped);
            if (o >= MostOfTheTitle && overlap < MostOfTheTitle)
                (chosen, overlap) = (later, o);
        }
        return onlyBrowserTitle || overlap >= SameTitleOverlap ? StripSiteName(chosen, site) : stripped;
    }

    /// <summary>Open Graph calls the page an article.</summary>
    internal static bool DeclaresArticle(MetaTags meta) =>
        meta.Get("og:type") is { } type && type.Equals("article", StringComparison.OrdinalIgnoreCase);

    /// <summary>The declared title (or part) that a heading ends with, when what the heading puts before it is a label
    /// of a few words with a letter in it (a kicker, a section, a date), taken from the heading as it is printed. A
    /// subtitle after the headline, a year before it and a quotation before it are the headline's own words, so none
    /// is cut.</summary>
    private static string? DeclaredInsideHeading(string heading, IReadOnlyCollection<string> declaredParts)
    {
        foreach (var declared in declaredParts)
        {
            if (declared.Length < MinTitlePart || declared.Length >= heading.Length || !heading.EndsWith(declared, StringComparison.OrdinalIgnoreCase))
                continue;
            string label = heading[..^declared.Length];
            if (!char.IsLetterOrDigit(label[^1]) && label.AsSpan().IndexOfAny(Quotes) < 0 && TitleWord().Count(label) is > 0 and <= MaxLabelWords
                && label.Any(char.IsLetter) && !Article().IsMatch(label))
                return heading[^declared.Length..];
        }
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> Quotes = System.Buffers.SearchValues.Create("\"“”„«»'‘’");

    /// <summary>Words a kicker or dateline glued to a headline may have ("Thread:", "Tips/Techniques", "Dec 18 2025").</summary>
    private const int MaxLabelWords = 3;

    /// <summary>A heading or title part shorter than this ("Blog", "Home") is a label, not a headline.</summary>
    private const int MinHeadlinePart = 4;

    /// <summary>A site's name is a few words ("The Rust Programming Language", "Cory Dransfeldt"); a longer trailing
    /// part is a headline that follows its section ("Bundespolizei - Aktuelles - Illegale Migration aus ...").</summary>
    private static bool LooksLikeName(string part) => part.Length <= MaxSiteNameLength && TitleWord().Count(part) <= MaxSiteNameWords;

    private const int MaxSiteNameLength = 40;
    private const int MaxSiteNameWords = 4;

    private static List<string> TitleParts(string title) =>
        TitleSeparator().Split(title).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();

    /// <summary>Word overlap above which a headline and a declared title name the same article.</summary>
    private const double SameTitleOverlap = 0.15;

    /// <summary>Word overlap at which a heading says most of what the declared title says.</summary>
    private const double MostOfTheTitle = 0.5;

    private static double WordOverlap(string a, string b)
    {
        var x = TitleWord().Matches(a.ToLowerInvariant()).Select(m => m.Value).ToHashSet();
        var y = TitleWord().Matches(b.ToLowerInvariant()).Select(m => m.Value).ToHashSet();
        int union = x.Union(y).Count();
        return union == 0 ? 0 : (double)x.Intersect(y).Count() / union;
    }

    /// <summary>A heading's text with a space at each element boundary, so a line break inside a headline keeps its
    /// space. Widgets inside the heading are not its words: permalink anchors (Sphinx's "¶", GitHub's octicon),
    /// copy buttons, icons and hidden text. Nor is a kicker or subtitle that the page marks as one inside the heading
    /// ("dachzeile", "roofline", "entry-subtitle"): news sites set the topic line above a headline in its
    /// <c>&lt;h1&gt;</c>, and the headline is the rest, when the rest is a headline's length.</summary>
    private static string? HeadingText(MarkupElement heading)
    {
        string? whole = HeadingText(heading, skipMarkedKickers: false);
        string? headline = HeadingText(heading, skipMarkedKickers: true);
        return headline != whole && headline?.Trim(KickerSeparators) is { Length: >= MinTitlePart } trimmed ? trimmed : whole;
    }

    /// <summary>What a page prints (often for screen readers only) between a kicker and its headline.</summary>
    private static readonly char[] KickerSeparators = [' ', ':', '-', '–', '—', '|', '·', '•', '/'];

    private static string? HeadingText(MarkupElement heading, bool skipMarkedKickers)
    {
        var sb = new System.Text.StringBuilder();
        var pending = new Stack<MarkupNode>();
        for (int i = heading.Children.Count - 1; i >= 0; i--)
            pending.Push(heading.Children[i]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is MarkupText text)
            {
                sb.Append(text.Data);
                continue;
            }
            if (node is not MarkupElement element || IsHeadingWidget(element) || (skipMarkedKickers && IsMarkedKicker(element)))
                continue;
            if (element.LocalName is "br" or "span" or "div" or "p")
                sb.Append(' ');
            for (int i = element.Children.Count - 1; i >= 0; i--)
                pending.Push(element.Children[i]);
        }
        return Clean(sb.ToString());
    }

    /// <summary>An element inside a heading whose class calls it the line above or below the headline.</summary>
    private static bool IsMarkedKicker(MarkupElement element) =>
        element.ClassName is { Length: > 0 } classes && KickerClass().IsMatch(classes);

    [GeneratedRegex(@"kicker|dachzeile|roofline|topline|toptitle|overline|eyebrow|supertitle|pretitle|subtitle|subheadline|topic-label|h1small|titleheader", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KickerClass();

    private static bool IsHeadingWidget(MarkupElement element) =>
        element.LocalName is "button" or "svg" or "script" or "style" or "template"
        || element.GetAttribute("aria-hidden") == "true"
        || (element.LocalName == "a" && element.TextContent.Trim() is "" or "¶" or "#" or "§");

    /// <summary>A logo, menu or pop-up heading: inside the page's navigation, footer or a dialog (a cookie banner's
    /// "Your choice regarding cookies"), or a site header's heading that links home. Other headers are not chrome:
    /// shops and forums frame the collection or thread name in a header, often beside breadcrumb navigation.</summary>
    private static bool InSiteChrome(MarkupElement heading)
    {
        for (var e = heading.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "nav" or "footer" or "aside")
                return true;
            if (e.LocalName == "header" && e.Closest(a => a.LocalName is "article" or "main") is null && IsSiteHeader(heading))
                return true;
            if (e.LocalName == "dialog" || e.GetAttribute("role") is "dialog" or "alertdialog" || e.GetAttribute("aria-modal") == "true")
                return true;
        }
        return false;
    }

    /// <summary>A heading that is nothing but a link to the site's home page is its logo ("davidbau.com").</summary>
    private static bool IsHomeLinkOnly(MarkupElement heading) =>
        heading.ChildElementCount == 1 && heading.ElementChildren.First() is { LocalName: "a" } link
        && link.GetAttribute("href") is { } href && IsHomeLink(href)
        && link.TextContent.Trim().Length == heading.TextContent.Trim().Length;

    private static bool IsSiteHeader(MarkupElement heading)
    {
        var link = heading.Closest(e => e.LocalName == "a") ?? heading.FirstDescendant(e => e.LocalName == "a");
        return link?.GetAttribute("href") is { } href && IsHomeLink(href);
    }

    private static bool IsHomeLink(string href)
    {
        if (href is "/" or "./" or "#")
            return true;
        return Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && uri.Query.Length == 0;
    }

    /// <summary>A first part shorter than this is a label ("News", "Blog"), not the headline.</summary>
    private const int MinTitlePart = 12;

    /// <summary>"Headline | Site" and "Site - Headline": the site's part is the one naming the site; otherwise the
    /// headline comes first, as sites write it ("Headline - Section | Site").</summary>
    internal static string StripSiteName(string title, string? site)
    {
        var parts = TitleParts(title);
        // "davidbau.com Vibe Coding": a site name the logo gives, printed before the headline without a separator.
        if (parts.Count <= 1 && site is not null && title.StartsWith(site + " ", StringComparison.OrdinalIgnoreCase)
            && TitleWord().Count(title, site.Length) >= 2)
            return title[(site.Length + 1)..].Trim();
        if (parts.Count <= 1)
            return title.Trim();
        if (site is not null)
        {
            // Cut the site's part with its separator; the other parts keep their own separators, as written.
            var separators = TitleSeparator().Matches(title);
            if (parts[^1].Equals(site, StringComparison.OrdinalIgnoreCase))
            {
                // Templates that append the site name to a title that already ends with it print it twice.
                string cut = title[..separators[^1].Index].Trim();
                return cut.EndsWith(site, StringComparison.OrdinalIgnoreCase) && TitleParts(cut).Count > 1 ? StripSiteName(cut, site) : cut;
            }
            if (parts[0].Equals(site, StringComparison.OrdinalIgnoreCase))
                return title[(separators[0].Index + separators[0].Length)..].Trim();
        }
        return parts[0].Length >= MinTitlePart ? parts[0] : parts.OrderByDescending(p => p.Length).First();
    }

    private static string? Author(MarkupDocument document, MetaTags meta, LinkedData linked)
    {
        if (linked.Authors.Count > 0)
            return string.Join(", ", linked.Authors.Select(CleanAuthor).Where(a => a.Length > 0).Distinct());
        string? declared = meta.Get("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "twitter:creator");
        if (declared is not null && !declared.Contains("://", StringComparison.Ordinal) && !declared.StartsWith('@'))
            return CleanAuthor(declared);
        foreach (var el in document.Elements.Where(IsAuthorElement).Take(8))
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

    /// <summary>An element the page marks as its author's name: <c>rel</c> or <c>itemprop</c> "author", or an author or
    /// byline class.</summary>
    private static bool IsAuthorElement(MarkupElement e) =>
        e.GetAttribute("rel") == "author" || e.GetAttribute("itemprop") == "author"
        || (e.ClassName is { } classes && (classes.Contains("author", StringComparison.Ordinal) || classes.Contains("by", StringComparison.Ordinal))
            && AuthorClasses.Any(e.HasClass));

    private static readonly string[] AuthorClasses = ["author", "byline", "by-line", "author-name", "entry-author", "post-author"];

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
        // A soft hyphen only marks where a browser may break a word: it is not a character of the text.
        string cleaned = Whitespace().Replace(value.Replace("\u00AD", "", StringComparison.Ordinal), " ").Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s*(?:the|a|an|der|die|das|le|la|les|el|los|il)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Article();

    [GeneratedRegex(@"\w+")]
    private static partial Regex TitleWord();

    [GeneratedRegex(@"[\w)][.!?][""”’)]?\s+[""“]?\p{Lu}")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+(?:[|–—·•»:]|-{1,2}|::)\s+")]
    internal static partial Regex TitleSeparator();

    [GeneratedRegex(@"^(?:by|von|par|por|di|door|av|af)\s+|^(?:written|posted|geschrieben|verfasst)\s+(?:by|von)\s+|^(?:autor(?:in)?|author)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorPrefix();
}

/// <summary>A page's <c>&lt;meta&gt;</c> values by lower-cased property, name, itemprop or http-equiv; first one wins.</summary>
internal sealed class MetaTags
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static MetaTags Read(MarkupDocument document)
    {
        var tags = new MetaTags();
        foreach (var el in document.Elements.Where(e => e.LocalName == "meta"))
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
