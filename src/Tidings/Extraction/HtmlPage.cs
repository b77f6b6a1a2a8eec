using Tidings.Extraction.Html;

namespace Tidings.Extraction;

/// <summary>What reading an HTML page yields: the article body's paragraphs, what was left out, and the metadata.</summary>
/// <param name="Paragraphs">The article body.</param>
/// <param name="Removed">What was left out, with reasons.</param>
/// <param name="Metadata">What the page says about itself.</param>
/// <param name="MayBeHeadlineOnly">
/// The page declares itself an article (Open Graph or JSON-LD) or has an empty body. Such a page without a body is
/// a paywalled or headline-only article, whose headline can stand as its body; any other page without a body (a shop
/// category, a listing with nothing readable) has no article.
/// </param>
public sealed record HtmlPage(
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<RemovedLine> Removed,
    PageMetadata Metadata,
    bool MayBeHeadlineOnly = false)
{
    public string Text => string.Join("\n", Paragraphs);
}

/// <summary>Reads a page: parse once, find the main content, read the metadata and the publication date.</summary>
public static class HtmlPageReader
{
    public static HtmlPage Read(byte[] bytes, string? url = null) => Read(bytes, url, vocabulary: null);

    /// <summary>Reads a page, with the label tokens read on the reader's earlier pages (see <see cref="LabelVocabulary"/>).</summary>
    internal static HtmlPage Read(byte[] bytes, string? url, LabelVocabulary? vocabulary)
    {
        var budget = new MarkupBudget();
        var document = HtmlDocumentLoader.Parse(bytes, budget);
        var root = document.Body ?? document.DocumentElement;
        var tree = root is null ? null : PageTree.Build(root, budget, vocabulary);
        var content = tree is null ? new PageContent([], []) : ContentExtractor.Extract(tree);
        var meta = MetaTags.Read(document);
        var linked = LinkedData.Read(document);
        string contentStart = string.Join("\n", content.Paragraphs.Take(ContentStartParagraphs));
        var metadata = PageMetadataReader.Read(document, meta, linked, url, contentStart);
        var paragraphs = content.Paragraphs;
        int found = paragraphs.Sum(p => p.Length);
        if (found < FallbackBelowChars)
        {
            // Pages that render their text with scripts still declare it: JSON-LD articleBody, or at least a description.
            string? declared = linked.ArticleBody ?? metadata.Description;
            if (declared is not null && declared.Length > found)
                paragraphs = declared.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        // A headline-only item is a head and an empty body; a page whose body holds elements but no text is an
        // application that scripts render (a shop, a listing), not an article.
        bool bare = document.Body is not { } body || (body.ChildElementCount == 0 && string.IsNullOrWhiteSpace(body.TextContent));
        return new HtmlPage(paragraphs, content.Removed, metadata, bare || linked.IsArticle || PageMetadataReader.DeclaresArticle(meta));
    }

    /// <summary>How many of the article's first paragraphs may hold its dateline.</summary>
    private const int ContentStartParagraphs = 3;

    /// <summary>Below this many characters of body text the page's declared text is the better answer.</summary>
    private const int FallbackBelowChars = 100;
}
