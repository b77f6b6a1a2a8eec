using Tidings.Extraction.Html;

namespace Tidings.Extraction;

/// <summary>What reading an HTML page yields: the article body's paragraphs, what was left out, and the metadata.</summary>
public sealed record HtmlPage(
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<RemovedLine> Removed,
    PageMetadata Metadata)
{
    public string Text => string.Join("\n", Paragraphs);
}

/// <summary>Reads a page: parse once, find the main content, read the metadata and the publication date.</summary>
public static class HtmlPageReader
{
    public static HtmlPage Read(byte[] bytes, string? url = null)
    {
        using var document = HtmlDocumentLoader.Parse(bytes);
        var root = document.Body ?? document.DocumentElement;
        var content = root is null ? new PageContent([], []) : ContentExtractor.Extract(PageTree.Build(root));
        var metadata = PageMetadataReader.Read(document, url);
        return new HtmlPage(content.Paragraphs, content.Removed, metadata);
    }
}
