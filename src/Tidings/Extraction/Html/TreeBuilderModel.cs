using static Tidings.Extraction.Html.HtmlElementKinds;

namespace Tidings.Extraction.Html;

/// <summary>What the parser would do with a start tag: whether it reaches the parser, and whether raw text follows.</summary>
internal enum StartVerdict
{
    Keep,
    /// <summary>The parser would ignore the tag, or it would nest too deep: it is removed and its text kept.</summary>
    Drop,
    /// <summary>Kept; what follows, up to the element's end tag, is raw text (script, style, title, text area).</summary>
    RawText,
    /// <summary>Kept, but the element would nest too deep: its end tag is written straight after it, leaving it empty.</summary>
    KeepClosed,
    /// <summary>Kept; the rest of the page is text (<c>&lt;plaintext&gt;</c>).</summary>
    RestIsText,
}

/// <summary>
/// A model of the HTML tree builder, as AngleSharp implements it, on tags alone: the stack of open elements, the list
/// of active formatting elements with its markers, the form pointer, and insertion modes read off the stack. It
/// decides, tag by tag, what the parser would do, so that the nesting limiter can drop what the parser would ignore
/// and what would nest too deep, and can count what the parser would build: elements, formatting elements reopened
/// across blocks, and runs of the adoption agency algorithm, which are where hostile markup costs superlinear time.
/// Where the model cannot be sure (quirks, templates, tables inside paragraphs), it errs towards more depth, never
/// less: an element the parser may not have opened is marked uncertain and closing it closes nothing else.
/// </summary>
internal sealed class TreeBuilderModel
{
    /// <summary>Runs of the adoption agency's outer loop allowed per misnested end tag, as in the specification.</summary>
    private const int AdoptionOuterLoops = 8;

    /// <summary>After this many nodes the adoption agency stops cloning formatting elements between the two blocks.</summary>
    private const int AdoptionInnerClones = 3;

    /// <summary>Stop after this many reprocessing steps for one token; the parser never needs more than a handful.</summary>
    private const int MaxReprocessing = 16;

    private readonly List<ModelElement> _stack = [];
    /// <summary>Open elements by name, so that a search for a name that is not open costs nothing.</summary>
    private readonly Dictionary<string, int> _openCounts = new(StringComparer.Ordinal);
    /// <summary>The open elements that decide the insertion mode (table parts, select, template), in stack order.</summary>
    private readonly List<ModelElement> _modeElements = [];
    private readonly List<ModelElement?> _active = [];
    private readonly byte[] _html;
    private readonly MarkupScanner _scanner;
    private readonly bool _scripting;
    private readonly int _maxDepth;
    private readonly int _maxActiveFormatting;
    private ModelElement? _form;
    /// <summary>The element the current start tag inserted, if any.</summary>
    private ModelElement? _lastInserted;
    private readonly HashSet<string> _closedDocument = new(StringComparer.Ordinal);

    /// <param name="html">The page, for comparing attributes of repeated formatting elements.</param>
    /// <param name="scanner">The page's scanner, for reading attributes that change what a tag does.</param>
    /// <param name="scripting">Whether <c>&lt;noscript&gt;</c> holds raw text, as when the parser runs with scripting on.</param>
    /// <param name="maxDepth">Start tags that would open an element deeper than this are dropped.</param>
    /// <param name="maxActiveFormatting">Formatting start tags that would make the active list longer than this are dropped.</param>
    public TreeBuilderModel(byte[] html, MarkupScanner scanner, bool scripting, int maxDepth, int maxActiveFormatting)
    {
        _html = html;
        _scanner = scanner;
        _scripting = scripting;
        _maxDepth = maxDepth;
        _maxActiveFormatting = maxActiveFormatting;
        Push(new ModelElement("html", MarkupNamespace.Html, true, 0, 0));
        Push(new ModelElement("body", MarkupNamespace.Html, true, 0, 0));
        Elements = 0;
    }

    /// <summary>
    /// The page opens with <c>&lt;!DOCTYPE html&gt;</c>, so the parser is in no-quirks mode and a table closes an open
    /// paragraph. Otherwise the model cannot tell (no doctype means quirks, legacy doctypes either), and the paragraph
    /// is kept but marked uncertain.
    /// </summary>
    public bool NoQuirks { get; set; }

    /// <summary>Open elements below html and body.</summary>
    public int Depth => _stack.Count - 2;

    /// <summary>Elements the parser creates: one per inserted tag, plus implied, reopened and cloned ones.</summary>
    public int Elements { get; private set; }

    /// <summary>Elements created without a tag of their own: formatting reopened across blocks, adoption's clones, implied table parts.</summary>
    public int Amplified { get; private set; }

    /// <summary>The deepest the stack got (below html and body).</summary>
    public int PeakDepth { get; private set; }

    /// <summary>Runs of the adoption agency's outer loop that moved nodes (a furthest block existed).</summary>
    public int Adoptions { get; private set; }

    /// <summary>Nodes the adoption agency moved from a block into a clone: repeated adoptions under one block move its children again and again.</summary>
    public long MovedNodes { get; private set; }

    /// <summary>Whether text or a CDATA section here would land in SVG or MathML, where <c>&lt;![CDATA[</c> is a section.</summary>
    public bool InForeignContent => !Current.IsHtml;

    private ModelElement Current => _stack[^1];

    public StartVerdict Start(in MarkupToken tag)
    {
        string name = tag.Name;
        bool atCap = Depth >= _maxDepth && OpensElement(name, tag.SelfClosing);
        // At the cap a tag that closes something first (a paragraph, a list item, SVG it breaks out of) may still
        // go in; a block is opened and closed at once, so that its text still starts a new line; anything else
        // would only nest deeper and is dropped.
        if (atCap && !MayCloseBeforeInserting(tag) && !PageTree.BlockTags.Contains(name))
            return StartVerdict.Drop;
        _lastInserted = null;
        var verdict = Dispatch(tag);
        if (atCap && verdict == StartVerdict.Keep && Depth > _maxDepth && _lastInserted is { } inserted
            && ReferenceEquals(Current, inserted) && End(inserted.Name))
            return StartVerdict.KeepClosed;
        return verdict;
    }

    /// <summary>Whether the parser may close an element on this start tag before it inserts the new one.</summary>
    private bool MayCloseBeforeInserting(in MarkupToken tag)
    {
        string name = tag.Name;
        var current = Current;
        if (!current.IsHtml && !IsHtmlPointForStart(current, name))
            return ForeignBreakout.Contains(name) || name == "font";
        var mode = Mode();
        if (mode is InsertionMode.Template)
            return !TableStructure.Contains(name) && MayCloseInBody(name);
        if (mode is not (InsertionMode.Body or InsertionMode.Cell or InsertionMode.Caption))
            return true;
        return (mode != InsertionMode.Body && TableStructure.Contains(name)) || MayCloseInBody(name);
    }

    private bool MayCloseInBody(string name) => name switch
    {
        "li" => IsOpenByName("li") || IsOpenByName("p"),
        "dd" or "dt" => IsOpenByName("dd") || IsOpenByName("dt") || IsOpenByName("p"),
        "button" => IsOpenByName("button"),
        "a" => LastActive("a") is not null,
        "nobr" => IsOpenByName("nobr"),
        "option" or "optgroup" => Current.IsHtmlElement("option"),
        "rb" or "rtc" or "rp" or "rt" => IsOpenByName("ruby"),
        "table" or "form" => IsOpenByName("p"),
        _ when Headings.Contains(name) => IsOpenByName("p") || (Current.IsHtml && Headings.Contains(Current.Name)),
        _ => ParagraphClosingBlocks.Contains(name) && IsOpenByName("p"),
    };

    private StartVerdict Dispatch(in MarkupToken tag)
    {
        for (int step = 0; step < MaxReprocessing; step++)
        {
            var outcome = StartOnce(tag);
            if (outcome is { } verdict)
                return verdict;
        }
        return StartVerdict.Keep;
    }

    /// <summary>A start tag the parser makes up (for <c>&lt;/br&gt;</c> and a stray <c>&lt;/p&gt;</c>), dispatched like a real one.</summary>
    private void DispatchImplied(string name) =>
        Dispatch(new MarkupToken(MarkupKind.StartTag, 0, 0, name, 0, 0, 0, false));

    public bool End(in MarkupToken tag) => End(tag.Name);

    private bool End(string name)
    {
        for (int step = 0; step < MaxReprocessing; step++)
        {
            var outcome = EndOnce(name);
            if (outcome is { } keep)
                return keep;
        }
        return true;
    }

    /// <summary>Characters between tags: in the body they reopen implicitly closed formatting elements.</summary>
    public void Text(bool whitespaceOnly)
    {
        TextInto(whitespaceOnly);
        Current.Children++;
    }

    private void TextInto(bool whitespaceOnly)
    {
        var current = Current;
        if (!current.IsHtml && !IsHtmlPointForText(current))
            return;
        switch (Mode())
        {
            case InsertionMode.Select or InsertionMode.SelectInTable:
                return;
            case InsertionMode.ColumnGroup when whitespaceOnly:
                return;
            case InsertionMode.ColumnGroup or InsertionMode.Table or InsertionMode.TableBody or InsertionMode.Row:
                if (current.IsHtmlElement("colgroup"))
                    Pop();
                if (whitespaceOnly && TableMajor.Contains(Current.Name) && Current.IsHtml)
                    return;
                Reconstruct();
                return;
            default:
                Reconstruct();
                return;
        }
    }

    /// <summary>Whether inserting this tag would open an element that stays open (and so counts towards depth).</summary>
    private bool OpensElement(string name, bool selfClosing) =>
        !(HtmlElementKinds.Void.Contains(name) || RawText.Contains(name) || name is "html" or "body" or "head" or "col" or "frame" or "plaintext"
          || (name == "noscript" && _scripting) || (selfClosing && name is "svg" or "math"));

    private enum InsertionMode { Body, Table, TableBody, Row, Cell, Caption, ColumnGroup, Select, SelectInTable, Template }

    /// <summary>The insertion mode, read off the stack as the parser resets it: the nearest table part, select or template decides.</summary>
    private InsertionMode Mode()
    {
        if (_modeElements.Count == 0)
            return InsertionMode.Body;
        switch (_modeElements[^1].Name)
        {
            case "select":
                for (int j = _modeElements.Count - 2; j >= 0; j--)
                {
                    if (_modeElements[j].Name == "template")
                        return InsertionMode.Select;
                    if (_modeElements[j].Name == "table")
                        return InsertionMode.SelectInTable;
                }
                return InsertionMode.Select;
            case "td" or "th":
                return InsertionMode.Cell;
            case "tr":
                return InsertionMode.Row;
            case "tbody" or "thead" or "tfoot":
                return InsertionMode.TableBody;
            case "caption":
                return InsertionMode.Caption;
            case "colgroup":
                return InsertionMode.ColumnGroup;
            case "table":
                return InsertionMode.Table;
            default:
                return InsertionMode.Template;
        }
    }

    private static bool DecidesMode(ModelElement e) =>
        e.IsHtml && e.Name is "select" or "td" or "th" or "tr" or "tbody" or "thead" or "tfoot" or "caption" or "colgroup" or "table" or "template";

    private bool IsOpenByName(string name) => _openCounts.TryGetValue(name, out int count) && count > 0;

    // ---- start tags ----

    /// <summary>One pass over a start tag; null when the stack changed and the tag must be processed again.</summary>
    private StartVerdict? StartOnce(in MarkupToken tag)
    {
        string name = tag.Name;
        var current = Current;
        if (!current.IsHtml && !IsHtmlPointForStart(current, name))
            return ForeignStart(tag);
        switch (Mode())
        {
            case InsertionMode.Table:
                return TableStart(tag);
            case InsertionMode.TableBody:
                if (name == "tr")
                {
                    ClearBackTo(TableSections);
                    Insert(tag, MarkupNamespace.Html);
                    return StartVerdict.Keep;
                }
                if (name is "td" or "th")
                {
                    ClearBackTo(TableSections);
                    InsertImplied("tr");
                    return null;
                }
                if (name is "caption" or "col" or "colgroup" or "tbody" or "tfoot" or "thead")
                {
                    if (FindInScope(TableSections, Scope.Table) is null)
                        return StartVerdict.Drop;
                    ClearBackTo(TableSections);
                    Pop();
                    return null;
                }
                return TableStart(tag);
            case InsertionMode.Row:
                if (name is "td" or "th")
                {
                    ClearBackTo("tr");
                    Insert(tag, MarkupNamespace.Html);
                    _active.Add(null);
                    return StartVerdict.Keep;
                }
                if (TableStructure.Contains(name))
                    return CloseRow() ? null : StartVerdict.Drop;
                return TableStart(tag);
            case InsertionMode.Cell:
                if (TableStructure.Contains(name))
                    return CloseCell() ? null : StartVerdict.Drop;
                return BodyStart(tag);
            case InsertionMode.Caption:
                if (TableStructure.Contains(name))
                    return CloseCaption() ? null : StartVerdict.Drop;
                return BodyStart(tag);
            case InsertionMode.ColumnGroup:
                if (name == "col")
                    return InsertVoid(reconstruct: false);
                if (name == "template")
                    return BodyStart(tag);
                if (!Current.IsHtmlElement("colgroup"))
                    return StartVerdict.Drop;
                Pop();
                return null;
            case InsertionMode.SelectInTable when name is "caption" or "table" or "tbody" or "tfoot" or "thead" or "tr" or "td" or "th":
                if (FindInScope("select", Scope.Select) is not { } select)
                    return StartVerdict.Drop;
                PopThrough(select);
                return null;
            case InsertionMode.Select or InsertionMode.SelectInTable:
                return SelectStart(tag);
            case InsertionMode.Template when TableStructure.Contains(name):
                if (name == "col")
                    return InsertVoid(reconstruct: false);
                // Inside a template a table part is inserted only while the template's content has no other element
                // yet; the model does not track that, so the element may be a phantom.
                Insert(tag, MarkupNamespace.Html, certain: false);
                if (name is "td" or "th" or "caption")
                    _active.Add(null);
                return StartVerdict.Keep;
            default:
                return BodyStart(tag);
        }
    }

    private StartVerdict? TableStart(in MarkupToken tag)
    {
        string name = tag.Name;
        switch (name)
        {
            case "caption":
                ClearBackTo("table");
                _active.Add(null);
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "colgroup":
                ClearBackTo("table");
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "col":
                ClearBackTo("table");
                InsertImplied("colgroup");
                return null;
            case "tbody" or "tfoot" or "thead":
                ClearBackTo("table");
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "td" or "th" or "tr":
                ClearBackTo("table");
                InsertImplied("tbody");
                return null;
            case "table":
                if (FindInScope("table", Scope.Table) is not { } open)
                    return StartVerdict.Drop;
                PopThrough(open);
                return null;
            case "form":
                if (_form is not null)
                    return StartVerdict.Drop;
                _form = new ModelElement("form", MarkupNamespace.Html, true, tag.AttributesStart, 0);
                Elements++;
                return StartVerdict.Keep;
            default:
                return BodyStart(tag);
        }
    }

    private StartVerdict? SelectStart(in MarkupToken tag)
    {
        switch (tag.Name)
        {
            case "option":
                if (Current.IsHtmlElement("option"))
                    Pop();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "optgroup":
                if (Current.IsHtmlElement("option"))
                    Pop();
                if (Current.IsHtmlElement("optgroup"))
                    Pop();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "select":
                if (FindInScope("select", Scope.Select) is not { } select)
                    return StartVerdict.Drop;
                PopThrough(select);
                return StartVerdict.Keep;
            case "input" or "keygen" or "textarea":
                if (FindInScope("select", Scope.Select) is not { } open)
                    return StartVerdict.Drop;
                PopThrough(open);
                return null;
            case "script" or "template":
                return BodyStart(tag);
            default:
                return StartVerdict.Drop;
        }
    }

    /// <summary>The "in body" rules for start tags, which every other mode falls back on.</summary>
    private StartVerdict BodyStart(in MarkupToken tag)
    {
        string name = tag.Name;
        switch (name)
        {
            case "html" or "body":
                return StartVerdict.Keep;
            case "frameset":
                // A frameset replaces the body only on a page that has shown nothing yet; otherwise it is ignored.
                Insert(tag, MarkupNamespace.Html, certain: false);
                return StartVerdict.Keep;
            case "a":
                return FormattingStart(tag, adoptFirst: true);
            case "nobr":
                return FormattingStart(tag, adoptFirst: false);
            case "form":
                if (_form is not null)
                    return StartVerdict.Drop;
                CloseParagraphInButtonScope();
                _form = Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "li":
                CloseListItem(static e => e.IsHtmlElement("li"));
                CloseParagraphInButtonScope();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "dd" or "dt":
                CloseListItem(static e => e.IsHtmlElement("dd") || e.IsHtmlElement("dt"));
                CloseParagraphInButtonScope();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "button":
                if (FindInScope("button", Scope.Default) is { } button)
                {
                    GenerateImpliedEndTags(null);
                    PopThrough(button);
                }
                Reconstruct();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "table":
                if (FindInScope("p", Scope.Button) is { } paragraph)
                {
                    if (NoQuirks)
                        CloseParagraph(paragraph);
                    else
                        MarkUncertainFrom(paragraph);
                }
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "hr":
                CloseParagraphInButtonScope();
                return InsertVoid(reconstruct: false);
            case "xmp":
                CloseParagraphInButtonScope();
                Reconstruct();
                return StartVerdict.RawText;
            case "plaintext":
                CloseParagraphInButtonScope();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.RestIsText;
            case "noscript" when _scripting:
                return StartVerdict.RawText;
            case "template":
                _active.Add(null);
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "select":
                Reconstruct();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "option" or "optgroup":
                if (Current.IsHtmlElement("option"))
                    AnyOtherEnd("option");
                Reconstruct();
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "rb" or "rtc":
                if (FindInScope("ruby", Scope.Default) is not null)
                    GenerateImpliedEndTags(null);
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "rp" or "rt":
                if (FindInScope("ruby", Scope.Default) is not null)
                    GenerateImpliedEndTags("rtc");
                Insert(tag, MarkupNamespace.Html);
                return StartVerdict.Keep;
            case "svg" or "math":
                Reconstruct();
                if (tag.SelfClosing)
                {
                    Elements++;
                    return StartVerdict.Keep;
                }
                Insert(tag, name == "svg" ? MarkupNamespace.Svg : MarkupNamespace.MathMl);
                return StartVerdict.Keep;
            case "applet" or "marquee" or "object":
                Reconstruct();
                Insert(tag, MarkupNamespace.Html);
                _active.Add(null);
                return StartVerdict.Keep;
        }
        if (name == "head")
            return StartVerdict.Keep;
        if (TableParts.Contains(name))
            return StartVerdict.Drop;
        if (RawText.Contains(name))
            return StartVerdict.RawText;
        if (name == "isindex")
            Elements += IsIndexElements - 1;
        if (HtmlElementKinds.Void.Contains(name))
            return InsertVoid(ReconstructingVoid.Contains(name));
        if (Formatting.Contains(name))
            return FormattingStart(tag, adoptFirst: false);
        if (Headings.Contains(name))
        {
            CloseParagraphInButtonScope();
            if (Current.IsHtml && Headings.Contains(Current.Name))
                Pop();
            Insert(tag, MarkupNamespace.Html);
            return StartVerdict.Keep;
        }
        if (ParagraphClosingBlocks.Contains(name))
        {
            CloseParagraphInButtonScope();
            Insert(tag, MarkupNamespace.Html);
            return StartVerdict.Keep;
        }
        Reconstruct();
        Insert(tag, MarkupNamespace.Html);
        return StartVerdict.Keep;
    }

    /// <summary>isindex expands into a form, two rules, a label, a prompt and an input, all closed again.</summary>
    private const int IsIndexElements = 6;

    private StartVerdict InsertVoid(bool reconstruct)
    {
        if (reconstruct)
            Reconstruct();
        Current.Children++;
        Elements++;
        return StartVerdict.Keep;
    }

    /// <summary>
    /// a, b, font, nobr and the like. A new <c>&lt;a&gt;</c> first closes an open one by adoption; a tag that would
    /// grow the list of active formatting elements past its cap is dropped, since every element on that list may be
    /// reopened by every later paragraph.
    /// </summary>
    private StartVerdict FormattingStart(in MarkupToken tag, bool adoptFirst)
    {
        string name = tag.Name;
        var openAnchor = adoptFirst ? LastActive("a") : null;
        int growth = (openAnchor is null ? 1 : 0) - (NoahWouldRemove(tag) ? 1 : 0);
        if (growth > 0 && ActiveAfterMarker() >= _maxActiveFormatting)
            return StartVerdict.Drop;
        if (openAnchor is not null)
        {
            Adopt("a");
            Remove(openAnchor);
            _active.Remove(openAnchor);
        }
        Reconstruct();
        if (name == "nobr" && FindInScope("nobr", Scope.Default) is not null)
        {
            Adopt("nobr");
            Reconstruct();
        }
        var element = Insert(tag, MarkupNamespace.Html);
        AddFormatting(element);
        return StartVerdict.Keep;
    }

    private StartVerdict? ForeignStart(in MarkupToken tag)
    {
        string name = tag.Name;
        bool breakout = ForeignBreakout.Contains(name) || (name == "font" && _scanner.HasAttribute(tag, "color", "face", "size"));
        if (breakout)
        {
            // Close foreign elements up to HTML or an integration point, then handle the tag as HTML; inside an
            // annotation-xml that declares HTML content the tag is simply inserted there.
            do
            {
                if (Current.IsHtmlAnnotation)
                {
                    Insert(tag, MarkupNamespace.Html);
                    return StartVerdict.Keep;
                }
                Pop();
            }
            while (!Current.IsHtml && !IsIntegrationPoint(Current) && _stack.Count > 2);
            return null;
        }
        if (tag.SelfClosing)
        {
            Elements++;
            return StartVerdict.Keep;
        }
        var element = new ModelElement(name, Current.Namespace, true, tag.AttributesStart, tag.AttributesEnd - tag.AttributesStart)
        {
            IsHtmlAnnotation = Current.Namespace == MarkupNamespace.MathMl && name == "annotation-xml"
                               && _scanner.AttributeIs(tag, "encoding", "text/html", "application/xhtml+xml"),
        };
        Push(element);
        _lastInserted = element;
        return StartVerdict.Keep;
    }

    private static bool IsIntegrationPoint(ModelElement e) => e.Namespace switch
    {
        MarkupNamespace.Svg => SvgHtmlPoints.Contains(e.Name),
        MarkupNamespace.MathMl => MathTextPoints.Contains(e.Name),
        _ => false,
    };

    /// <summary>Start tags inside these foreign elements follow the HTML rules.</summary>
    private static bool IsHtmlPointForStart(ModelElement current, string name) => current.Namespace switch
    {
        MarkupNamespace.Svg => SvgHtmlPoints.Contains(current.Name),
        MarkupNamespace.MathMl => (MathTextPoints.Contains(current.Name) && name is not ("mglyph" or "malignmark"))
                                  || (current.Name == "annotation-xml" && name == "svg"),
        _ => true,
    };

    private static bool IsHtmlPointForText(ModelElement current) => IsIntegrationPoint(current);

    // ---- end tags ----

    /// <summary>One pass over an end tag: true to keep it, false to drop it (the parser would ignore it), null to process it again.</summary>
    private bool? EndOnce(string name)
    {
        // AngleSharp hands every token but mglyph and malignmark start tags inside a MathML text point to the HTML rules.
        var current = Current;
        if (!current.IsHtml && !(current.Namespace == MarkupNamespace.MathMl && MathTextPoints.Contains(current.Name)))
            return ForeignEnd(name);
        return HtmlEnd(name);
    }

    private bool? HtmlEnd(string name)
    {
        switch (Mode())
        {
            case InsertionMode.Table:
                return TableEnd(name);
            case InsertionMode.TableBody:
                if (TableSections.Contains(name))
                {
                    if (FindInScope(name, Scope.Table) is not { } section)
                        return false;
                    PopThrough(section);
                    return true;
                }
                if (name == "table")
                {
                    if (FindInScope(TableSections, Scope.Table) is null)
                        return false;
                    ClearBackTo(TableSections);
                    Pop();
                    return null;
                }
                if (name is "body" or "caption" or "col" or "colgroup" or "html" or "td" or "th" or "tr")
                    return false;
                return TableEnd(name);
            case InsertionMode.Row:
                if (name == "tr")
                    return CloseRow();
                if (name == "table")
                    return CloseRow() ? null : false;
                if (TableSections.Contains(name))
                {
                    if (FindInScope(name, Scope.Table) is null)
                        return false;
                    CloseRow();
                    return null;
                }
                if (name is "body" or "caption" or "col" or "colgroup" or "html" or "td" or "th")
                    return false;
                return TableEnd(name);
            case InsertionMode.Cell:
                if (name is "td" or "th")
                {
                    if (FindInScope(name, Scope.Table) is null)
                        return false;
                    return CloseCell();
                }
                if (name is "table" or "tbody" or "tfoot" or "thead" or "tr")
                {
                    if (FindInScope(name, Scope.Table) is null)
                        return false;
                    CloseCell();
                    return null;
                }
                if (name is "body" or "caption" or "col" or "colgroup" or "html")
                    return false;
                return BodyEnd(name);
            case InsertionMode.Caption:
                if (name == "caption")
                    return CloseCaption();
                if (name == "table")
                    return CloseCaption() ? null : false;
                if (name is "body" or "col" or "colgroup" or "html" or "tbody" or "td" or "tfoot" or "th" or "thead" or "tr")
                    return false;
                return BodyEnd(name);
            case InsertionMode.ColumnGroup:
                if (name == "colgroup")
                {
                    if (!Current.IsHtmlElement("colgroup"))
                        return false;
                    Pop();
                    return true;
                }
                if (name == "col")
                    return false;
                if (name == "template")
                    return BodyEnd(name);
                if (!Current.IsHtmlElement("colgroup"))
                    return false;
                Pop();
                return null;
            case InsertionMode.SelectInTable when name is "caption" or "table" or "tbody" or "tfoot" or "thead" or "tr" or "td" or "th":
                if (FindInScope(name, Scope.Table) is null || FindInScope("select", Scope.Select) is not { } openSelect)
                    return false;
                PopThrough(openSelect);
                return null;
            case InsertionMode.Select or InsertionMode.SelectInTable:
                return SelectEnd(name);
            default:
                return BodyEnd(name);
        }
    }

    private bool? TableEnd(string name)
    {
        if (name == "table")
        {
            if (FindInScope("table", Scope.Table) is not { } table)
                return false;
            PopThrough(table);
            return true;
        }
        if (name == "template")
            return BodyEnd(name);
        if (TableIgnoredEnds.Contains(name))
            return false;
        return BodyEnd(name);
    }

    private bool SelectEnd(string name)
    {
        switch (name)
        {
            case "optgroup":
                if (Current.IsHtmlElement("option") && _stack.Count > 1 && _stack[^2].IsHtmlElement("optgroup"))
                    Pop();
                if (!Current.IsHtmlElement("optgroup"))
                    return false;
                Pop();
                return true;
            case "option":
                if (!Current.IsHtmlElement("option"))
                    return false;
                Pop();
                return true;
            case "select":
                if (FindInScope("select", Scope.Select) is not { } select)
                    return false;
                PopThrough(select);
                return true;
            case "template":
                return BodyEnd(name);
            default:
                return false;
        }
    }

    /// <summary>The "in body" rules for end tags.</summary>
    private bool BodyEnd(string name)
    {
        switch (name)
        {
            case "body" or "html" or "head":
                // Each one makes the parser search the whole stack for the body, and a second changes nothing.
                return _closedDocument.Add(name);
            case "p":
                // Without an open paragraph the parser makes an empty one, as if "<p>" had come first.
                if (FindInScope("p", Scope.Button) is null)
                    DispatchImplied("p");
                if (FindInScope("p", Scope.Button) is { } paragraph)
                    CloseParagraph(paragraph);
                return true;
            case "li":
                return CloseByEndTag("li", Scope.ListItem, impliedExcept: "li");
            case "dd" or "dt":
                return CloseByEndTag(name, Scope.Default, impliedExcept: name);
            case "form":
                var form = _form;
                _form = null;
                if (form is not null && FindInScope("form", Scope.Default) is not null)
                {
                    GenerateImpliedEndTags(null);
                    if (form.IsOpen)
                        Remove(form);
                }
                return true;
            case "br":
                // "</br>" is "<br>", dispatched afresh: inside SVG or MathML it breaks out of them first.
                DispatchImplied("br");
                return true;
            case "applet" or "marquee" or "object":
                if (!CloseByEndTag(name, Scope.Default, impliedExcept: null))
                    return false;
                ClearActiveToMarker();
                return true;
            case "template":
                var template = LastOpen("template");
                if (template is null)
                    return false;
                GenerateImpliedEndTags(null);
                PopThrough(template);
                ClearActiveToMarker();
                return true;
        }
        if (BlockEnds.Contains(name))
            return CloseByEndTag(name, Scope.Default, impliedExcept: null);
        if (Headings.Contains(name))
        {
            if (FindInScope(Headings, Scope.Default) is null)
                return false;
            GenerateImpliedEndTags(null);
            PopThrough(FindInScope(Headings, Scope.Default)!);
            return true;
        }
        if (Formatting.Contains(name))
            return Adopt(name);
        return AnyOtherEnd(name);
    }

    private bool CloseByEndTag(string name, Scope scope, string? impliedExcept)
    {
        if (FindInScope(name, scope) is null)
            return false;
        GenerateImpliedEndTags(impliedExcept);
        if (FindInScope(name, scope) is { } element)
            PopThrough(element);
        return true;
    }

    /// <summary>An end tag with no rule of its own closes the nearest element of its name, unless a special element comes first.</summary>
    private bool AnyOtherEnd(string name)
    {
        if (!IsOpenByName(name))
            return false;
        for (int i = _stack.Count - 1; i >= 1; i--)
        {
            var node = _stack[i];
            if (node.Is(name))
            {
                GenerateImpliedEndTags(name);
                PopThrough(node);
                return true;
            }
            if (node.IsSpecial)
                return false;
        }
        return false;
    }

    private bool? ForeignEnd(string name)
    {
        // With no element of that name open, the walk down the stack ends at the first HTML element, whose rules
        // search from the top again: skip the walk.
        if (!IsOpenByName(name))
            return HtmlEnd(name);
        var node = Current;
        for (int i = _stack.Count - 1; i > 1; i--)
        {
            if (node.Name == name)
            {
                PopThrough(node);
                return true;
            }
            node = _stack[i - 1];
            if (node.IsHtml)
                return HtmlEnd(name);
        }
        return false;
    }

    // ---- table helpers ----

    private bool CloseCell()
    {
        if (FindInScope(TableCells, Scope.Table) is not { } cell)
            return false;
        GenerateImpliedEndTags(null);
        PopThrough(cell);
        ClearActiveToMarker();
        return true;
    }

    private bool CloseRow()
    {
        if (FindInScope("tr", Scope.Table) is not { } row)
            return false;
        PopThrough(row);
        return true;
    }

    private bool CloseCaption()
    {
        if (FindInScope("caption", Scope.Table) is not { } caption)
            return false;
        GenerateImpliedEndTags(null);
        PopThrough(caption);
        ClearActiveToMarker();
        return true;
    }

    /// <summary>Pops until the current node is one of <paramref name="names"/>, a template or the root.</summary>
    private void ClearBackTo(params ReadOnlySpan<string> names)
    {
        while (_stack.Count > 2)
        {
            var current = Current;
            if (current.IsHtml && (current.Name == "template" || Contains(names, current.Name)))
                return;
            Pop();
        }
    }

    private void ClearBackTo(IReadOnlySet<string> names)
    {
        while (_stack.Count > 2)
        {
            var current = Current;
            if (current.IsHtml && (current.Name == "template" || names.Contains(current.Name)))
                return;
            Pop();
        }
    }

    private static bool Contains(ReadOnlySpan<string> names, string name)
    {
        foreach (var n in names)
        {
            if (n == name)
                return true;
        }
        return false;
    }

    // ---- paragraphs and list items ----

    private void CloseParagraphInButtonScope()
    {
        if (FindInScope("p", Scope.Button) is { } paragraph)
            CloseParagraph(paragraph);
    }

    private void CloseParagraph(ModelElement paragraph)
    {
        GenerateImpliedEndTags("p");
        if (paragraph.IsOpen)
            PopThrough(paragraph);
    }

    /// <summary>An li (or dd/dt) closes the nearest open one, unless a special element other than address, div or p lies between.</summary>
    private void CloseListItem(Func<ModelElement, bool> isItem)
    {
        for (int i = _stack.Count - 1; i >= 1; i--)
        {
            var node = _stack[i];
            if (isItem(node))
            {
                GenerateImpliedEndTags(node.Name);
                PopThrough(node);
                return;
            }
            if (node.IsSpecial && !(node.IsHtml && node.Name is "address" or "div" or "p"))
                return;
        }
    }

    private void MarkUncertainFrom(ModelElement element)
    {
        for (int i = _stack.Count - 1; i >= 0; i--)
        {
            _stack[i].Certain = false;
            if (ReferenceEquals(_stack[i], element))
                return;
        }
    }

    private void GenerateImpliedEndTags(string? except)
    {
        while (_stack.Count > 2 && Current.IsHtml && ImpliedEnd.Contains(Current.Name) && Current.Name != except)
            Pop();
    }

    // ---- scopes ----

    private enum Scope { Default, ListItem, Button, Table, Select }

    private ModelElement? FindInScope(string name, Scope scope)
    {
        if (!IsOpenByName(name))
            return null;
        for (int i = _stack.Count - 1; i >= 0; i--)
        {
            var node = _stack[i];
            if (node.Is(name))
                return node;
            if (Bounds(node, scope))
                return null;
        }
        return null;
    }

    private ModelElement? FindInScope(IReadOnlySet<string> names, Scope scope)
    {
        bool anyOpen = false;
        foreach (var name in names)
            anyOpen |= IsOpenByName(name);
        if (!anyOpen)
            return null;
        for (int i = _stack.Count - 1; i >= 0; i--)
        {
            var node = _stack[i];
            if (node.IsHtml && names.Contains(node.Name))
                return node;
            if (Bounds(node, scope))
                return null;
        }
        return null;
    }

    private static bool Bounds(ModelElement node, Scope scope) => scope switch
    {
        Scope.Table => node.IsHtml && node.Name is "html" or "table" or "template",
        Scope.Select => !(node.IsHtml && node.Name is "optgroup" or "option"),
        Scope.ListItem => node.IsScoping || (node.IsHtml && node.Name is "ol" or "ul"),
        Scope.Button => node.IsScoping || node.IsHtmlElement("button"),
        _ => node.IsScoping,
    };

    private ModelElement? LastOpen(string name)
    {
        if (!IsOpenByName(name))
            return null;
        for (int i = _stack.Count - 1; i >= 0; i--)
        {
            if (_stack[i].IsHtmlElement(name))
                return _stack[i];
        }
        return null;
    }

    // ---- the stack ----

    private ModelElement Insert(in MarkupToken tag, MarkupNamespace ns, bool certain = true)
    {
        var element = new ModelElement(tag.Name, ns, certain, tag.AttributesStart, tag.AttributesEnd - tag.AttributesStart);
        Push(element);
        _lastInserted = element;
        return element;
    }

    private void InsertImplied(string name)
    {
        Push(new ModelElement(name, MarkupNamespace.Html, true, 0, 0));
        Amplified++;
    }

    private void Push(ModelElement element)
    {
        if (_stack.Count > 0)
            Current.Children++;
        _stack.Add(element);
        Opened(element);
        Elements++;
        if (Depth > PeakDepth)
            PeakDepth = Depth;
    }

    private void Pop()
    {
        var element = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        Closed(element);
    }

    private void Remove(ModelElement element)
    {
        int index = _stack.LastIndexOf(element);
        if (index <= 1)
            return;
        _stack.RemoveAt(index);
        Closed(element);
    }

    private void Opened(ModelElement element)
    {
        element.IsOpen = true;
        _openCounts[element.Name] = _openCounts.GetValueOrDefault(element.Name) + 1;
        if (DecidesMode(element))
            _modeElements.Add(element);
    }

    private void Closed(ModelElement element)
    {
        element.IsOpen = false;
        _openCounts[element.Name]--;
        if (DecidesMode(element))
            _modeElements.RemoveAt(_modeElements.LastIndexOf(element));
    }

    /// <summary>Closes <paramref name="target"/> and everything opened after it; an uncertain target closes alone.</summary>
    private void PopThrough(ModelElement target)
    {
        if (!target.Certain)
        {
            Remove(target);
            return;
        }
        int index = _stack.LastIndexOf(target);
        if (index <= 1)
            return;
        while (_stack.Count > index)
            Pop();
    }

    // ---- active formatting elements ----

    private ModelElement? LastActive(string name)
    {
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var entry = _active[i];
            if (entry is null)
                return null;
            if (entry.Name == name)
                return entry;
        }
        return null;
    }

    private int ActiveAfterMarker()
    {
        int count = 0;
        for (int i = _active.Count - 1; i >= 0 && _active[i] is not null; i--)
            count++;
        return count;
    }

    private void ClearActiveToMarker()
    {
        while (_active.Count > 0)
        {
            var entry = _active[^1];
            _active.RemoveAt(_active.Count - 1);
            if (entry is null)
                return;
        }
    }

    /// <summary>The "Noah's Ark" clause: a fourth identical formatting element pushes out the earliest of three.</summary>
    private void AddFormatting(ModelElement element)
    {
        int index = NoahIndex(element.Name, element.AttributesStart, element.AttributesLength);
        if (index >= 0)
            _active.RemoveAt(index);
        _active.Add(element);
    }

    private bool NoahWouldRemove(in MarkupToken tag) =>
        NoahIndex(tag.Name, tag.AttributesStart, tag.AttributesEnd - tag.AttributesStart) >= 0;

    private int NoahIndex(string name, int attributesStart, int attributesLength)
    {
        int count = 0;
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var entry = _active[i];
            if (entry is null)
                return -1;
            if (entry.Name == name && entry.IsHtml && SameAttributes(entry, attributesStart, attributesLength) && ++count == 3)
                return i;
        }
        return -1;
    }

    /// <summary>Attributes written identically (spacing and a trailing slash aside) are equal; the parser may find more pairs equal.</summary>
    private bool SameAttributes(ModelElement entry, int start, int length) =>
        Trim(entry.AttributesStart, entry.AttributesLength).SequenceEqual(Trim(start, length));

    private ReadOnlySpan<byte> Trim(int start, int length) =>
        _html.AsSpan(start, length).Trim(" \t\n\r\f/"u8);

    /// <summary>Reopens the formatting elements that a block's end closed implicitly, after the last marker or open one.</summary>
    private void Reconstruct()
    {
        if (_active.Count == 0)
            return;
        var last = _active[^1];
        if (last is null || last.IsOpen)
            return;
        int index = _active.Count - 1;
        while (index > 0)
        {
            var entry = _active[--index];
            if (entry is null || entry.IsOpen)
            {
                index++;
                break;
            }
        }
        for (; index < _active.Count; index++)
        {
            var clone = _active[index]!.Clone();
            Push(clone);
            _active[index] = clone;
            Amplified++;
        }
    }

    /// <summary>
    /// The adoption agency algorithm, step for step as AngleSharp runs it, so that the model's stack stays the
    /// parser's: a misnested end tag of a formatting element clones it below the nearest block and moves that
    /// block's children, up to eight times per tag. Returns whether the tag did anything.
    /// </summary>
    private bool Adopt(string name)
    {
        var current = Current;
        if (current.IsHtmlElement(name) && !_active.Contains(current))
        {
            Pop();
            return true;
        }
        bool acted = false;
        for (int outer = 0; outer < AdoptionOuterLoops; outer++)
        {
            int listIndex = -1;
            for (int j = _active.Count - 1; j >= 0 && _active[j] is not null; j--)
            {
                if (_active[j]!.Name == name)
                {
                    listIndex = j;
                    break;
                }
            }
            if (listIndex < 0)
                return AnyOtherEnd(name) || acted;
            var formatting = _active[listIndex]!;
            int openIndex = _stack.IndexOf(formatting);
            if (openIndex < 0)
            {
                _active.RemoveAt(listIndex);
                return true;
            }
            if (FindInScope(formatting.Name, Scope.Default) is null)
                return acted;
            int bookmark = listIndex;
            int furthestIndex = -1;
            for (int j = openIndex + 1; j < _stack.Count; j++)
            {
                if (_stack[j].IsSpecial)
                {
                    furthestIndex = j;
                    break;
                }
            }
            if (furthestIndex < 0)
            {
                PopThrough(formatting);
                _active.Remove(formatting);
                return true;
            }
            Adoptions++;
            acted = true;
            var furthest = _stack[furthestIndex];
            var lastNode = furthest;
            int index = furthestIndex;
            for (int inner = 1; ; inner++)
            {
                var node = _stack[--index];
                if (ReferenceEquals(node, formatting))
                    break;
                if (inner > AdoptionInnerClones)
                    _active.Remove(node);
                int activeIndex = _active.IndexOf(node);
                if (activeIndex < 0)
                {
                    _stack.RemoveAt(index);
                    Closed(node);
                    continue;
                }
                var clone = node.Clone();
                Amplified++;
                Elements++;
                Closed(node);
                Opened(clone);
                _stack[index] = clone;
                _active[activeIndex] = clone;
                if (ReferenceEquals(lastNode, furthest))
                    bookmark++;
                lastNode = clone;
            }
            var replacement = formatting.Clone();
            Amplified++;
            Elements++;
            MovedNodes += furthest.Children;
            replacement.Children = furthest.Children;
            furthest.Children = 1;
            _active.Remove(formatting);
            if (bookmark > _active.Count)
                bookmark = _active.Count;
            _active.Insert(bookmark, replacement);
            Remove(formatting);
            _stack.Insert(_stack.IndexOf(furthest) + 1, replacement);
            Opened(replacement);
        }
        return acted;
    }
}
