using System.Text.RegularExpressions;

namespace Tidings.Extraction.Html;

/// <summary>
/// A page's publication date, from the most to the least trustworthy evidence, in the manner of htmldate: a full
/// date in the URL path, publication meta tags, JSON-LD, marked-up elements (<c>itemprop=datePublished</c>),
/// dates in script data, elements labelled as dates, <c>time[datetime]</c>, generic date metas, a "published on"
/// phrase, the text around the headline and at the start of the article, a date the page repeats, the lead image's
/// upload path, and last a modification date. Every candidate must be plausible: not
/// before 1995 or the site's first copyright year, and not in the future. The day is kept as written; an offset is
/// kept, never applied, except that a UTC timestamp takes the newsroom's own offset when the page also writes it.
/// </summary>
internal static partial class PublicationDateCascade
{
    private static readonly DateOnly Earliest = new(1995, 1, 1);

    /// <summary>Meta tags that name the publication itself.</summary>
    private static readonly string[] PublishedMeta =
    [
        "article:published_time", "og:article:published_time", "og:published_time", "article.published", "article:published",
        "datepublished", "published_time", "publish-date", "publish_date", "publishdate", "publication_date", "pubdate",
        "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "citation_publication_date", "citation_date",
        "original-publish-date", "article:post_date", "og:pubdate", "release_date", "cxenseparse:recs:publishtime",
        "analyticsattributes.articledate",
    ];

    /// <summary>Generic date meta tags: CMSs fill them with the page's creation or last-edit date as often as with the
    /// publication, so they rank below the page's own marked-up dateline.</summary>
    private static readonly string[] GenericMeta =
        ["dc.date.created", "dcterms.created", "datecreated", "dc.date", "dcterms.date", "date", "created"];

    private static readonly string[] ModifiedMeta =
        ["article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified", "dc.date.modified", "lastmod"];

    /// <summary>The publication date and the evidence it came from ("url", "json-ld datePublished", "meta
    /// article:published_time", ...), so a reader can check it; both null when the page gives no plausible date.</summary>
    public static (PublicationDate? Date, string? Source) Find(MarkupDocument document, MetaTags meta, LinkedData linked, string? url, string contentStart = "", string? headline = null)
    {
        var (found, source) = Cascade(document, meta, linked, url, contentStart, headline);
        return found is { Time: not null, Offset: { } offset } && offset == TimeSpan.Zero ? (LocalForm(found.Value, document, meta), source) : (found, source);
    }

    /// <summary>
    /// The same instant as a UTC timestamp, written elsewhere on the page with the newsroom's own offset. A story
    /// filed at 22:35 in Los Angeles is dated the 8th there, though UTC already says the 9th; the day as the newsroom
    /// wrote it is the one to keep.
    /// </summary>
    private static PublicationDate LocalForm(PublicationDate utc, MarkupDocument document, MetaTags meta)
    {
        var instant = Instant(utc);
        var texts = meta.Values.Concat(document.Scripts.Select(s => s.TextContent).Where(t => t.Length < 2_000_000))
            .Concat(document.Elements.Where(IsDatedTime).Select(t => t.GetAttribute("datetime")!));
        foreach (var text in texts)
        {
            foreach (Match m in OffsetTimestamp().Matches(text))
            {
                if (PublicationDate.TryParseIso(m.Value, out var local) && local.Offset is { } o && o != TimeSpan.Zero && Instant(local) == instant)
                    return local;
            }
        }
        return utc;
    }

    private static DateTimeOffset? Instant(PublicationDate date) =>
        date is { Time: { } time, Offset: { } offset } ? new DateTimeOffset(date.Day.ToDateTime(time), offset) : null;

    [GeneratedRegex(@"(?:19|20)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?[+-]\d{2}:?\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetTimestamp();

    private static (PublicationDate? Date, string? Source) Cascade(MarkupDocument document, MetaTags meta, LinkedData linked, string? url, string contentStart, string? headline)
    {
        // The body's text is built once: the copyright bound needs it on every page, the text steps on some.
        string bodyText = document.Body?.TextContent ?? string.Empty;
        var earliest = EarliestFor(bodyText);
        var latest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        bool monthFirst = (document.DocumentElement?.GetAttribute("lang") ?? string.Empty).StartsWith("en-us", StringComparison.OrdinalIgnoreCase);

        PublicationDate? Plausible(PublicationDate? d) => d is { } date && date.Day >= earliest && date.Day <= latest ? date : null;
        PublicationDate? Parse(string? value) => Plausible(ParseValue(value, monthFirst));
        // Machine-written values (meta tags, JSON) that use slashes follow the US default, month first.
        PublicationDate? Data(string? value) => Plausible(ParseValue(value, monthFirst: true));

        // A full date in the URL path is set when the article is first published and never changes: the strongest
        // evidence there is, as htmldate also finds. Metadata that disagrees is usually a later update.
        if (DateFinder.FromUrl(url) is { } day && Plausible(new PublicationDate(day)) is { } fromUrl)
            return (WithTime(fromUrl, Data(linked.DatePublished) ?? PublishedMeta.Select(key => Data(meta.Get(key))).FirstOrDefault(d => d is not null)), "url");
        foreach (var key in PublishedMeta)
        {
            if (Data(meta.Get(key)) is { } m)
                return (m, "meta " + key);
        }
        if (Data(linked.DatePublished) is { } ld)
            return (ld, "json-ld datePublished");
        if (Data(linked.DateCreated) is { } created)
            return (created, "json-ld dateCreated");
        foreach (var el in document.Elements.Where(IsMarkedPublished))
        {
            if (Parse(el.GetAttribute("datetime") ?? el.GetAttribute("content") ?? el.GetAttribute("title") ?? el.TextContent) is { } marked)
                return (marked, "marked-up element");
        }
        // Pages built by scripts carry the date in their data: "datePublished", "published_at", "publishDate".
        foreach (var script in document.Scripts)
        {
            string code = script.TextContent;
            if (code.Length == 0 || code.Length > 2_000_000)
                continue;
            foreach (Match m in ScriptDate().Matches(code))
            {
                if (Data(m.Groups["value"].Value) is { } scripted)
                    return (scripted, "script data");
            }
        }
        var body = document.Body;
        if (body is null)
            return (Data(meta.Get(GenericMeta) ?? linked.DateModified ?? meta.Get(ModifiedMeta)), "meta");
        foreach (var el in document.BodyElements.Where(IsDateLabelled).Take(60))
        {
            if (InComments(el))
                continue;
            string text = el.TextContent;
            if (text.Length > 200 || CurrentTime().IsMatch(text))
                continue;
            // "2 hours ago" often carries the exact time in an attribute.
            if (Parse(el.GetAttribute("datetime") ?? el.GetAttribute("title") ?? el.GetAttribute("content")) is { } attribute)
                return (attribute, "labelled element");
            if (Parse(text) is { } labelled)
                return (labelled, "labelled element");
        }
        foreach (var el in document.BodyElements.Where(IsDatedTime).Take(3))
        {
            if (InComments(el))
                continue;
            if (Parse(el.GetAttribute("datetime")) is { } time)
                return (time, "time element");
        }
        foreach (var key in GenericMeta)
        {
            if (Data(meta.Get(key)) is { } generic)
                return (generic, "meta " + key);
        }
        // Last, the dates written around the headline (a dateline, "am 25.08.2015"), then near the top of the page.
        bodyText = Clock().Replace(bodyText, " ");
        // "Erschienen am 01.11.2023", "published on 3 May 2021": the page saying so outright, wherever it stands.
        // Read once: the page as a reader sees it, without the scripts and styles that TextContent includes (often most of
        // a page's characters, and full of digits each of which a date pattern would try).
        string visible = Clock().Replace(VisibleText(body, 500_000), " ");
        foreach (Match said in PublishedPhrase().Matches(visible))
        {
            if (Parse(said.Groups["date"].Value) is { } stated)
                return (stated, "'published on' phrase");
        }
        // Inline styles and scripts can push the top of the page past its window without showing a word, so the
        // visible start of the page is read last.
        var windows = TextWindows(document, bodyText, headline).Append(contentStart).Append(VisibleText(document.Body, TopOfPage));
        foreach (var window in windows.Select(w => Clock().Replace(w, " ")))
        {
            foreach (var (found, _) in WrittenDates.All(window, monthFirst))
            {
                if (Plausible(new PublicationDate(found)) is { } written)
                    return (written, "text near the headline");
            }
        }
        if (RepeatedDate(visible, monthFirst, Plausible) is { } repeated)
            return (repeated, "date repeated in the text");
        // The lead image is uploaded with the article, and CMSs file uploads under the day.
        if (DateFinder.FromUrl(meta.Get("og:image", "twitter:image")) is { } imageDay && Plausible(new PublicationDate(imageDay)) is { } image)
            return (image, "lead image url");
        return Data(linked.DateModified ?? meta.Get(ModifiedMeta)) is { } modified ? (modified, "last-modified date") : (null, null);
    }

    /// <summary>
    /// Last resort: a plausible date the page's visible text prints more than once (a dateline repeated in a footer, a
    /// print header). A date printed once, far from the headline, is as likely an event's date as the page's, so it
    /// stays unknown.
    /// </summary>
    private static PublicationDate? RepeatedDate(string text, bool monthFirst, Func<PublicationDate?, PublicationDate?> plausible)
    {
        var counts = new Dictionary<DateOnly, int>();
        foreach (var (day, _) in WrittenDates.All(text, monthFirst))
        {
            if (plausible(new PublicationDate(day)) is not null)
                counts[day] = counts.GetValueOrDefault(day) + 1;
        }
        var best = counts.Where(c => c.Value >= 2).OrderByDescending(c => c.Value).ThenByDescending(c => c.Key).FirstOrDefault();
        return best.Value >= 2 ? new PublicationDate(best.Key) : null;
    }

    /// <summary>Elements whose labels say they hold a date, or <c>&lt;time&gt;</c>. Label parts are matched as written,
    /// hence both cases.</summary>
    private static bool IsDateLabelled(MarkupElement e) =>
        e.LocalName == "time" || e.AttributeContains("id", "date")
        || (e.ClassName is { } classes && DateLabelParts.Any(part => classes.Contains(part, StringComparison.Ordinal)));

    private static readonly string[] DateLabelParts =
        ["date", "Date", "datum", "Datum", "time", "publish", "posted", "created", "authored", "meta", "byline", "dateline", "info"];

    /// <summary>An element marked up as the publication date: <c>itemprop</c> "datePublished" or "dateCreated", a
    /// <c>&lt;time pubdate&gt;</c>, or a "published" or "entry-date" class in the forms blogs print them.</summary>
    private static bool IsMarkedPublished(MarkupElement e) =>
        e.GetAttribute("itemprop") is "datePublished" or "dateCreated"
        || (e.LocalName == "time" && (e.HasAttribute("pubdate") || e.HasClass("published") || e.HasClass("entry-date")))
        || (e.LocalName == "abbr" && e.HasClass("published"))
        || (e.HasAttribute("title") && e.HasClass("published"));

    private static bool IsDatedTime(MarkupElement e) => e.LocalName == "time" && e.HasAttribute("datetime");

    /// <summary>How much text after the headline a dateline may be found in, and before it.</summary>
    private const int AfterHeadline = 2000, BeforeHeadline = 600, TopOfPage = 5000;

    private static IEnumerable<string> TextWindows(MarkupDocument document, string text, string? title)
    {
        // Measured in what a reader sees: markup indented by tabs and spaces can put a dateline a few words above the
        // headline a thousand characters away from it.
        text = WhiteSpace.Collapse(text);
        // Around the first <h1>, then around the headline the page declares: some pages set it in an <h2>, below an
        // <h1> that names a section.
        var anchors = new[] { document.Elements.FirstOrDefault(e => e.LocalName == "h1")?.TextContent.Trim(), title }.OfType<string>().Where(h => h.Length >= 4).Distinct();
        foreach (var headline in anchors)
        {
            int at = text.IndexOf(headline, StringComparison.Ordinal);
            if (at >= 0)
            {
                int start = Math.Max(0, at - BeforeHeadline);
                yield return text.Substring(at, Math.Min(AfterHeadline, text.Length - at));
                yield return text[start..at];
            }
        }
        yield return text.Length > TopOfPage ? text[..TopOfPage] : text;
    }

    /// <summary>The first <paramref name="length"/> characters of the text a reader sees: no script or style code.</summary>
    private static string VisibleText(MarkupElement? body, int length)
    {
        var text = new System.Text.StringBuilder();
        if (body is null)
            return string.Empty;
        var pending = new Stack<MarkupNode>();
        pending.Push(body);
        while (pending.Count > 0 && text.Length < length)
        {
            var node = pending.Pop();
            if (node is MarkupText t)
            {
                text.Append(t.Data);
                continue;
            }
            if (node is MarkupElement { LocalName: "script" or "style" or "template" })
                continue;
            for (int i = node.Children.Count - 1; i >= 0; i--)
                pending.Push(node.Children[i]);
        }
        return text.Length > length ? text.ToString(0, length) : text.ToString();
    }

    /// <summary>The URL's day, with the metadata's time and offset when the metadata names the same day.</summary>
    private static PublicationDate WithTime(PublicationDate day, PublicationDate? precise) =>
        precise is { } p && p.Day == day.Day ? p : day;

    /// <summary>ISO date-times first (keeping time and offset), then any written full date.</summary>
    internal static PublicationDate? ParseValue(string? value, bool monthFirst = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        if (PublicationDate.TryParseIso(value, out var iso))
            return iso;
        if (CompactIso().Match(value) is { Success: true } compact
            && DatePatterns.TryMakeDay(DatePatterns.Number(compact, "y"), DatePatterns.Number(compact, "m"), DatePatterns.Number(compact, "d"), out var c))
            return new PublicationDate(c);
        return WrittenDates.First(value, monthFirst) is { } day ? new PublicationDate(day) : null;
    }

    /// <summary>Inside comments, a sidebar or a related-articles box, where dates belong to other texts. Judged
    /// token by token, so a page layout called "layoutTwoColumnsRightSidebar" is not a sidebar.</summary>
    private static bool InComments(MarkupElement el)
    {
        for (var n = el.ParentElement; n is not null; n = n.ParentElement)
        {
            string hints = $"{n.GetAttribute("class")} {n.Id}".Trim().ToLowerInvariant();
            if (hints.Length > 0 && ElementLabels.Read(hints) is { IsComments: true } or { IsRelated: true } or { IsSidebar: true })
                return true;
        }
        return false;
    }

    /// <summary>
    /// The site's first copyright year, from a range such as "© 2010-2021": nothing on the site is older. A single
    /// year is no bound either way, since footers are often years stale or show only the current year.
    /// </summary>
    private static DateOnly EarliestFor(string text)
    {
        int first = 0;
        foreach (Match m in CopyrightRange().Matches(text.Length > 200_000 ? text[^200_000..] : text))
        {
            int year = DatePatterns.Number(m, "from");
            first = first == 0 ? year : Math.Min(first, year);
        }
        return first > Earliest.Year ? new DateOnly(first, 1, 1) : Earliest;
    }

    [GeneratedRegex(@"(?:©|\(c\)|copyright)\s*(?<from>(?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CopyrightRange();


    [GeneratedRegex(@"^(?<y>(?:19|20)\d{2})(?<m>[01]\d)(?<d>[0-3]\d)(?:\D|$)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactIso();

    [GeneratedRegex(@"[""'](?:datePublished|published_at|publishedAt|publishDate|publish_date|publishdate|pubDate|first_published_at|firstPublishedAt|publicationDate|publication_date|dateCreated|createdAt|created_at)[""']\s*:\s*[""'](?<value>[^""']{8,40})[""']", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptDate();

    [GeneratedRegex(@"(?:\bstand(?=\s*:)|dieser (?:beitrag|eintrag|artikel) wurde\b[^\n]{0,12}?(?=\bam\b)|erschienen|erstellt|ver(?:ö|oe)ffentlicht|publiziert|published|posted|publié|publicado|pubblicato|opublikowano)(?:\s+(?:am|on|le|el|il|em|dnia))?\s*:?\s*(?<date>[^\n]{6,40})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PublishedPhrase();

    /// <summary>A clock and the time it shows, removed before the text is searched for a dateline.</summary>
    [GeneratedRegex(@"(?:aktuelle zeit|current time|it is currently|heute ist|today is|registriert|mitglied seit|dabei seit|member since|joined)\W{0,3}[\d./:, -]{0,30}", RegexOptions.IgnoreCase)]
    private static partial Regex Clock();

    /// <summary>A clock, not a dateline: "Aktuelle Zeit: 14.10.2020", "It is currently ...".</summary>
    [GeneratedRegex(@"aktuelle zeit|current time|it is currently|heute ist|today is", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentTime();

}
