using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Tidings.Extraction.Html;

/// <summary>Parses page bytes with AngleSharp, bounded by <see cref="NestingLimiter"/>, in the charset <see cref="PageCharset"/> decides.</summary>
internal static class HtmlDocumentLoader
{
    /// <summary>
    /// Parsed as a browser with scripting on parses: <c>&lt;noscript&gt;</c> then holds raw text instead of elements,
    /// so a stray unclosed tag inside it cannot swallow the rest of the page. No script is ever run. Element positions
    /// and comment nodes are not built: nothing reads them.
    /// </summary>
    internal static readonly HtmlParserOptions Options = new() { IsScripting = true, DisableElementPositionTracking = true, SkipComments = true };

    /// <summary>
    /// Parses the page as <see cref="PageCharset"/> decides: in the charset the page declares or AngleSharp sniffs
    /// (the byte-order mark, <c>meta charset</c>), unless the bytes are valid UTF-8 (then UTF-8, with double encoding
    /// repaired) or fail to decode in the declared charset or declare none (then the charset detected from the bytes).
    /// </summary>
    public static IHtmlDocument Parse(byte[] bytes, MarkupBudget budget)
    {
        bytes = NestingLimiter.Limit(bytes, budget);
        var text = PageCharset.Decode(bytes);
        var parser = new HtmlParser(Options);
        // As read-only memory: given a string, AngleSharp holds the page in a StringBuilder that document.write could
        // insert into, and reads it character by character through the builder's indexer. No script runs here.
        if (text is not null)
            return parser.ParseDocument(text.AsMemory());
        using var stream = new MemoryStream(bytes, writable: false);
        return parser.ParseDocument(stream);
    }
}
