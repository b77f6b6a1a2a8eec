using System.Buffers;
using AngleSharp;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace Tidings.Extraction.Html;

/// <summary>
/// Parses page bytes with AngleSharp's tokenizer and tree builder into a <see cref="MarkupDocument"/>, bounded by
/// <see cref="NestingLimiter"/>, in the charset <see cref="PageCharset"/> decides.
/// </summary>
internal static class HtmlDocumentLoader
{
    /// <summary>
    /// Parsed as a browser with scripting on parses: <c>&lt;noscript&gt;</c> then holds raw text instead of elements,
    /// so a stray unclosed tag inside it cannot swallow the rest of the page. No script is ever run. Element positions
    /// and comment nodes are not built: nothing reads them.
    /// </summary>
    internal static readonly HtmlParserOptions Options = new() { IsScripting = true, DisableElementPositionTracking = true, SkipComments = true };

    private static readonly HtmlParserOptions WithoutScripting = Options with { IsScripting = false };

    /// <summary>A template's start tag in any case, found many characters at a time (a page is searched whole).</summary>
    private static readonly SearchValues<string> TemplateTag = SearchValues.Create(["<template"], StringComparison.OrdinalIgnoreCase);

    /// <summary>AngleSharp's configuration with Tidings' document tree in place of its DOM.</summary>
    private static readonly IConfiguration Configuration =
        AngleSharp.Configuration.Default.With<IDomConstructionElementFactory<MarkupDocument, MarkupElement>>(Factory);

    private static IDomConstructionElementFactory<MarkupDocument, MarkupElement> Factory(IBrowsingContext context) => new MarkupElementFactory();

    /// <summary>
    /// Parses the page as <see cref="PageCharset"/> decides: UTF-8 when the bytes are valid UTF-8 (double encoding
    /// repaired), the charset detected from the bytes when the declared one fails or none is declared, else the
    /// byte-order mark's or the declared charset.
    /// </summary>
    public static MarkupDocument Parse(byte[] bytes, MarkupBudget budget)
    {
        bytes = NestingLimiter.Limit(bytes, budget);
        var text = PageCharset.Decode(bytes) ?? PageCharset.DecodeAsDeclared(bytes);
        return Parse(text, scripting: true);
    }

    /// <summary>
    /// Parses markup already decoded; a fragment (a template's markup) is parsed as a page's body. AngleSharp's tree
    /// builder builds Tidings' tree directly, except where its generic form is known to build another tree than
    /// AngleSharp's own DOM: an element foster-parented out of a table (<see cref="MarkupDocument.Fostered"/>), and a
    /// template, around which it clears the stack of open elements past where the DOM stops (recognising the template
    /// by its class). Such a page is parsed into AngleSharp's DOM and its tree copied: one page in fifty or so.
    /// </summary>
    public static MarkupDocument Parse(string text, bool scripting = true)
    {
        var options = scripting ? Options : WithoutScripting;
        if (text.AsSpan().IndexOfAny(TemplateTag) < 0)
        {
            try
            {
                var built = Build(text, options);
                if (!built.Fostered)
                    return built;
            }
#pragma warning disable CA1031 // whatever the generic builder throws, AngleSharp's DOM gives the page
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
        using var parsed = new HtmlParser(options).ParseDocument(text.AsMemory());
        return MarkupDocument.From(parsed);
    }

    private static MarkupDocument Build(string text, HtmlParserOptions options)
    {
        using var context = BrowsingContext.New(Configuration);
        // As read-only memory: a string source would keep the page in a StringBuilder that document.write could insert
        // into, and read it character by character through the builder's indexer. No script runs here.
        using var source = new TextSource(new ReadOnlyMemoryTextSource(text.AsMemory()));
        var document = new HtmlParser(options, context).ParseDocument<MarkupDocument, MarkupElement>(source, null);
        ((IConstructableDocument)document).Builder?.Dispose();
        return document;
    }
}
