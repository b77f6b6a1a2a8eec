using System.Collections.Frozen;

namespace Tidings.Extraction.Html;

/// <summary>The namespaces an element on the stack of open elements can belong to.</summary>
internal enum MarkupNamespace { Html, Svg, MathMl }

/// <summary>
/// The element groups the HTML tree builder treats alike, as AngleSharp defines them (its flags differ from the
/// specification in places: <c>time</c> and <c>output</c> are special, <c>search</c> is not). The tree model must
/// agree with the parser on these, because they decide which end tags close what.
/// </summary>
internal static class HtmlElementKinds
{
    /// <summary>HTML elements flagged special: they stop the search of an unknown end tag and are adoption's furthest blocks.</summary>
    public static readonly FrozenSet<string> Special = FrozenSet.Create(StringComparer.Ordinal,
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br",
        "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset",
        "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "iframe", "img", "input", "isindex", "keygen", "li", "link", "listing", "main",
        "marquee", "menu", "menuitem", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "output", "p",
        "param", "plaintext", "pre", "script", "section", "select", "source", "style", "summary", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "ul", "wbr", "xmp");

    /// <summary>HTML elements that bound the default scope.</summary>
    public static readonly FrozenSet<string> Scoping = FrozenSet.Create(StringComparer.Ordinal,
        "applet", "caption", "html", "marquee", "object", "table", "td", "th", "template");

    /// <summary>MathML text integration points: HTML start tags and text inside them are HTML again.</summary>
    public static readonly FrozenSet<string> MathTextPoints = FrozenSet.Create(StringComparer.Ordinal, "mi", "mo", "mn", "ms", "mtext");

    /// <summary>SVG HTML integration points (lower case, as tokenized); also special and scoping.</summary>
    public static readonly FrozenSet<string> SvgHtmlPoints = FrozenSet.Create(StringComparer.Ordinal, "foreignobject", "desc", "title");

    /// <summary>Formatting elements: kept in the list of active formatting elements and reopened when implicitly closed.</summary>
    public static readonly FrozenSet<string> Formatting = FrozenSet.Create(StringComparer.Ordinal,
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u");

    /// <summary>Closed by "generate implied end tags".</summary>
    public static readonly FrozenSet<string> ImpliedEnd = FrozenSet.Create(StringComparer.Ordinal,
        "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc");

    /// <summary>Start tags that close an open paragraph and open a block.</summary>
    public static readonly FrozenSet<string> ParagraphClosingBlocks = FrozenSet.Create(StringComparer.Ordinal,
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "ul");

    /// <summary>End tags closed as blocks: in scope, then popped to.</summary>
    public static readonly FrozenSet<string> BlockEnds = FrozenSet.Create(StringComparer.Ordinal,
        "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir", "div", "dl",
        "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "pre",
        "section", "summary", "ul");

    public static readonly FrozenSet<string> Headings = FrozenSet.Create(StringComparer.Ordinal, "h1", "h2", "h3", "h4", "h5", "h6");

    /// <summary>Start tags that insert an element and close it at once: nothing nests inside them.</summary>
    public static readonly FrozenSet<string> Void = FrozenSet.Create(StringComparer.Ordinal,
        "area", "base", "basefont", "bgsound", "br", "embed", "hr", "image", "img", "input", "isindex", "keygen", "link",
        "menuitem", "meta", "param", "source", "track", "wbr");

    /// <summary>Void elements that reopen formatting first, as text would.</summary>
    public static readonly FrozenSet<string> ReconstructingVoid = FrozenSet.Create(StringComparer.Ordinal,
        "area", "br", "embed", "image", "img", "input", "isindex", "keygen", "wbr");

    /// <summary>Elements whose text the tokenizer reads raw, to their end tag, once the tree builder inserts them.</summary>
    public static readonly FrozenSet<string> RawText = FrozenSet.Create(StringComparer.Ordinal,
        "iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp");

    /// <summary>Start tags ignored in the body: they only mean something inside a table or a frameset.</summary>
    public static readonly FrozenSet<string> TableParts = FrozenSet.Create(StringComparer.Ordinal,
        "caption", "col", "colgroup", "frame", "head", "tbody", "td", "tfoot", "th", "thead", "tr");

    public static readonly FrozenSet<string> TableSections = FrozenSet.Create(StringComparer.Ordinal, "tbody", "tfoot", "thead");

    public static readonly FrozenSet<string> TableCells = FrozenSet.Create(StringComparer.Ordinal, "td", "th");

    /// <summary>Where text is table text (whitespace stays, anything else is moved out) rather than body text.</summary>
    public static readonly FrozenSet<string> TableMajor = FrozenSet.Create(StringComparer.Ordinal, "table", "tbody", "tfoot", "thead", "tr");

    /// <summary>Start tags that end the current cell, row or caption and are then handled by the enclosing table.</summary>
    public static readonly FrozenSet<string> TableStructure = FrozenSet.Create(StringComparer.Ordinal,
        "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr");

    /// <summary>End tags a table ignores.</summary>
    public static readonly FrozenSet<string> TableIgnoredEnds = FrozenSet.Create(StringComparer.Ordinal,
        "body", "caption", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr");

    /// <summary>HTML tags that break out of SVG and MathML back into HTML.</summary>
    public static readonly FrozenSet<string> ForeignBreakout = FrozenSet.Create(StringComparer.Ordinal,
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
        "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
        "ruby", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "tt", "u", "ul", "var");

    /// <summary>SVG element names the parser writes in camel case: an HTML end tag (compared exactly) never matches them.</summary>
    public static readonly FrozenSet<string> SvgCamelCase = FrozenSet.Create(StringComparer.Ordinal,
        "altglyph", "altglyphdef", "altglyphitem", "animatecolor", "animatemotion", "animatetransform", "clippath",
        "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "feconvolvematrix", "fediffuselighting",
        "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood", "fefunca", "fefuncb", "fefuncg", "fefuncr",
        "fegaussianblur", "feimage", "femerge", "femergenode", "femorphology", "feoffset", "fepointlight",
        "fespecularlighting", "fespotlight", "fetile", "feturbulence", "foreignobject", "glyphref", "lineargradient",
        "radialgradient", "textpath");
}

/// <summary>An element on the modelled stack of open elements, or in the list of active formatting elements.</summary>
internal sealed class ModelElement(string name, MarkupNamespace ns, bool certain, int attributesStart, int attributesLength)
{
    /// <summary>The tag name, lower case.</summary>
    public string Name { get; } = name;

    public MarkupNamespace Namespace { get; } = ns;

    /// <summary>
    /// False where the parser may have ignored the tag that made this element (a cell inside a template, a paragraph
    /// that a table may have closed). Closing such an element removes only it, never what was opened after it, so
    /// that the model can only overstate the parser's depth, never understate it.
    /// </summary>
    public bool Certain { get; set; } = certain;

    public bool IsOpen { get; set; }

    /// <summary>Nodes inserted into this element (text runs counted one each), which adoption moves to a clone.</summary>
    public int Children { get; set; }

    /// <summary>Where the start tag's attributes lie in the page, compared byte for byte when formatting elements repeat.</summary>
    public int AttributesStart { get; } = attributesStart;

    public int AttributesLength { get; } = attributesLength;

    public bool IsHtml => Namespace == MarkupNamespace.Html;

    /// <summary>A MathML <c>annotation-xml</c> whose encoding is HTML: HTML tags inside it stay inside it.</summary>
    public bool IsHtmlAnnotation { get; init; }

    /// <summary>Whether an HTML-rule comparison (exact, by local name) with a lower-case tag name matches.</summary>
    public bool Is(string tagName) => Name == tagName && !(Namespace == MarkupNamespace.Svg && HtmlElementKinds.SvgCamelCase.Contains(Name));

    public bool IsHtmlElement(string tagName) => IsHtml && Name == tagName;

    public bool IsSpecial => Namespace switch
    {
        MarkupNamespace.Html => HtmlElementKinds.Special.Contains(Name),
        MarkupNamespace.Svg => HtmlElementKinds.SvgHtmlPoints.Contains(Name),
        _ => HtmlElementKinds.MathTextPoints.Contains(Name) || Name == "annotation-xml",
    };

    /// <summary>Bounds the default scope (and so every narrower scope).</summary>
    public bool IsScoping => Namespace switch
    {
        MarkupNamespace.Html => HtmlElementKinds.Scoping.Contains(Name),
        MarkupNamespace.Svg => HtmlElementKinds.SvgHtmlPoints.Contains(Name),
        _ => HtmlElementKinds.MathTextPoints.Contains(Name) || Name == "annotation-xml",
    };

    public ModelElement Clone() => new(Name, Namespace, certain: true, AttributesStart, AttributesLength) { IsHtmlAnnotation = IsHtmlAnnotation };

    public override string ToString() => Certain ? Name : Name + "?";
}
