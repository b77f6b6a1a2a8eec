using Tidings.Ingest;

namespace Tidings.Extraction;

/// <summary>Turns raw documents into articles: clean text plus metadata, with cross-document boilerplate evidence per publisher.</summary>
/// <param name="languages">
/// Identifies each body's language; without one, an article's language is only what its input declared. Language
/// identification is the costliest step of extracting plain text (Lingua scores n-grams of every candidate language),
/// so a consumer that never reads <see cref="Article.Language"/>, such as copy detection, goes without it.
/// </param>
public sealed class ArticleExtractor(LanguageIdentifier? languages)
{
    public ArticleExtractor() : this(new LanguageIdentifier())
    {
    }

    private readonly Html.LabelVocabulary _labels = new();

    /// <summary>
    /// Extracts a chunk of a stream on all cores, each document on its own: one that throws becomes an error beside the
    /// others. Lines that one publisher repeats across the chunk's otherwise different articles are removed as
    /// boilerplate; each page is parsed once, and both passes and that evidence read the same text. The results are in
    /// the documents' order whatever the threads did.
    /// </summary>
    public IReadOnlyList<(Article? Article, Exception? Error)> ExtractEach(IReadOnlyList<RawDocument> documents)
    {
        var sources = new (string Text, HtmlPage? Page)[documents.Count];
        var results = new (Article? Article, Exception? Error)[documents.Count];
        Parallel.For(0, documents.Count, i =>
        {
            try
            {
                sources[i] = Read(documents[i]);
                results[i] = (Extract(documents[i], sources[i], recurringLines: null, earlier: null), null);
            }
            catch (Exception e)
            {
                results[i] = (null, e);
            }
        });
        var extracted = Enumerable.Range(0, documents.Count).Where(i => results[i].Article is not null).ToList();
        var recurring = PublisherBoilerplate.Find([.. extracted.Select(i => results[i].Article!)], [.. extracted.Select(i => sources[i].Text)]);
        if (recurring.Count == 0)
            return results;
        Parallel.ForEach(extracted, i =>
        {
            if (results[i].Article!.Source is { } source && recurring.TryGetValue(source, out var lines))
            {
                try
                {
                    results[i] = (Extract(documents[i], sources[i], lines, results[i].Article), null);
                }
                catch (Exception e)
                {
                    results[i] = (null, e);
                }
            }
        });
        return results;
    }

    public Article Extract(RawDocument document, IReadOnlySet<string>? recurringLines = null) =>
        Extract(document, Read(document), recurringLines, earlier: null);

    /// <summary>The document's text before cleaning, and the parsed page for HTML.</summary>
    private (string Text, HtmlPage? Page) Read(RawDocument document)
    {
        if (document.Body is not HtmlBody html)
            return (document.Body is PlainTextBody plain ? plain.Text : string.Empty, null);
        var page = HtmlPageReader.Read(html.Bytes, document.Hints.Url, _labels);
        return (page.Text, page);
    }

    /// <summary>One document's article; <paramref name="earlier"/> is its first extraction, whose language stands when the body starts alike.</summary>
    private Article Extract(RawDocument document, (string Text, HtmlPage? Page) source, IReadOnlySet<string>? recurringLines, Article? earlier)
    {
        var (text, page) = source;
        return page is null ? FromPlainText(document, text, recurringLines, earlier) : FromPage(document, page, recurringLines, earlier);
    }

    /// <summary>The body's language, the earlier extraction's where the identifier would read the same sample.</summary>
    private string? LanguageOf(IReadOnlyList<string> body, string? declared, Article? earlier)
    {
        if (languages is null)
            return LanguageIdentifier.Declared(declared);
        string text = LanguageIdentifier.SampleOf(body);
        return earlier is not null && LanguageIdentifier.SameSample(text, LanguageIdentifier.SampleOf(earlier.Paragraphs))
            ? earlier.Language
            : languages.Identify(text, declared);
    }

    private Article FromPlainText(RawDocument document, string text, IReadOnlySet<string>? recurringLines, Article? earlier)
    {
        var hints = document.Hints;
        // A declared title that is only a date is the article's dateline, which a scraper took for its first line's
        // headline ("Jan 05, 2011"): the headline is then found in the text as if none were declared, and the date is
        // read from the dateline line there.
        if (hints.Title is { } declared && PlainTextCleaner.IsDateline(declared))
            hints = hints with { Title = null };
        var cleaned = PlainTextCleaner.Clean(text, hints.Title, recurringLines);
        string? url = hints.Url ?? cleaned.FooterUrl;
        string? title = DeclaredTitle(hints, url) ?? cleaned.Title;
        var (paragraphs, fromTitle) = BodyOrTitle(cleaned.Paragraphs, title);
        var (published, publishedFrom) = PublicationDate.TryParseIso(hints.Published, out var given) ? (given, "input")
            : cleaned.Dateline is { } dateline ? (dateline, "dateline")
            : DateFinder.FromUrl(url) is { } urlDay ? (new PublicationDate(urlDay), "url")
            : ((PublicationDate?)null, (string?)null);
        return new Article
        {
            Id = document.Id,
            Origin = document.Origin,
            Url = url,
            Source = Publisher(hints.Source, url, cleaned.SelfNames),
            Title = title,
            Byline = cleaned.Byline,
            Published = published,
            PublishedFrom = publishedFrom,
            Language = hints.Language ?? LanguageOf(paragraphs, null, earlier),
            Paragraphs = paragraphs,
            BodyFromTitle = fromTitle,
            Boilerplate = cleaned.Removed,
        };
    }

    /// <summary>The page's content extractor already judged each block; the publisher's recurring lines still go.</summary>
    private Article FromPage(RawDocument document, HtmlPage page, IReadOnlySet<string>? recurringLines, Article? earlier)
    {
        var hints = document.Hints;
        var metadata = page.Metadata;
        var paragraphs = new List<string>();
        var removed = page.Removed.ToList();
        foreach (var paragraph in page.Paragraphs)
        {
            if (recurringLines is not null && recurringLines.Contains(PlainTextCleaner.Normalise(paragraph)))
                removed.Add(new RemovedLine(paragraph, "recurs across this publisher's other articles"));
            else
                paragraphs.Add(paragraph);
        }
        string? url = hints.Url ?? metadata.CanonicalUrl;
        var (published, publishedFrom) = PublicationDate.TryParseIso(hints.Published, out var given)
            ? (given, "input") : (metadata.Published, metadata.PublishedFrom);
        string? title = DeclaredTitle(hints, url) ?? metadata.Title;
        var (body, fromTitle) = page.MayBeHeadlineOnly ? BodyOrTitle(paragraphs, title) : (paragraphs, false);
        return new Article
        {
            Id = document.Id,
            Origin = document.Origin,
            Url = url,
            Source = Publisher(hints.Source ?? metadata.SiteName, url, []),
            Title = title,
            Byline = metadata.Author,
            Published = published,
            PublishedFrom = publishedFrom,
            Language = hints.Language ?? LanguageOf(body, metadata.DeclaredLanguage, earlier),
            Paragraphs = body,
            BodyFromTitle = fromTitle,
            Boilerplate = removed,
        };
    }

    /// <summary>
    /// The body, or the headline in its place when the cleaned body is empty or says nothing but the headline again
    /// (a brief whose text repeats its title, a feed item or paywalled page with a title alone). A headline without a
    /// single word is no body.
    /// </summary>
    private static (IReadOnlyList<string> Paragraphs, bool FromTitle) BodyOrTitle(IReadOnlyList<string> paragraphs, string? title)
    {
        string headline = PlainTextCleaner.Normalise(title ?? string.Empty);
        if (headline.Length == 0)
            return (paragraphs, false);
        if (paragraphs.Count > 0 && !LineWords.NormaliseTo(paragraphs, headline))
            return (paragraphs, false);
        return ([title!.Trim()], true);
    }

    /// <summary>The record's own headline, without the site's name that a scraped browser title carries.</summary>
    private static string? DeclaredTitle(DocumentHints hints, string? url) =>
        hints.Title is { } title ? SiteNameInTitle.Strip(title, hints.Source, url) : null;

    /// <summary>Declared name first, then the URL's host, then the name the site most often gives itself in its banners.</summary>
    private static string? Publisher(string? declared, string? url, IReadOnlyList<string> selfNames)
    {
        if (!string.IsNullOrWhiteSpace(declared))
            return declared.Trim();
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
            return uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        return selfNames.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
    }
}
