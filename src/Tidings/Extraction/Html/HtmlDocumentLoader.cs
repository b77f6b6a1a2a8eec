using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Tidings.Ingest;

namespace Tidings.Extraction.Html;

/// <summary>Parses page bytes with AngleSharp, honouring the declared or sniffed charset unless the bytes prove it wrong.</summary>
internal static class HtmlDocumentLoader
{
    /// <summary>
    /// Parsed as a browser with scripting on parses: <c>&lt;noscript&gt;</c> then holds raw text instead of elements,
    /// so a stray unclosed tag inside it cannot swallow the rest of the page. No script is ever run.
    /// </summary>
    private static readonly HtmlParserOptions Options = new() { IsScripting = true };

    /// <summary>
    /// Bytes that are valid UTF-8 and hold multi-byte sequences are UTF-8 whatever the page declares: a wrong
    /// <c>charset</c> in a template is common, and legacy encodings almost never form valid UTF-8 by chance. Other
    /// bytes go to AngleSharp as a stream, so it applies the BOM, the <c>meta charset</c> or its windows-1252 default.
    /// UTF-8 text that was double-encoded on its way to the page is repaired.
    /// </summary>
    public static IHtmlDocument Parse(byte[] bytes, MarkupBudget budget)
    {
        bytes = NestingLimiter.Limit(bytes, budget);
        var parser = new HtmlParser(Options);
        if (HasMultiByteUtf8(bytes) && TextDecoding.TryDecodeUtf8(bytes, out var text, out _))
            return parser.ParseDocument(MojibakeRepair.Repair(text));
        using var stream = new MemoryStream(bytes, writable: false);
        return parser.ParseDocument(stream);
    }

    private static bool HasMultiByteUtf8(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
}
