using System.Text;

namespace Tidings.Extraction.Html;

/// <summary>
/// One element of a page, reduced to what content scoring needs. Scoring runs on this small tree rather than on the
/// page's <see cref="MarkupDocument"/> because it visits every element several times and needs only blocks, lines and
/// their totals. Text is held only by <see cref="PageLine"/>s; a node knows its totals.
/// </summary>
internal sealed class PageNode(string tag, string hints, LabelSet labels, PageNode? parent)
{
    public string Tag { get; } = tag;
    /// <summary>Lower-cased class, id, role and itemprop, space-separated: the author's own labels for the element.</summary>
    public string Hints { get; } = hints;
    /// <summary>What <see cref="Hints"/> say the element is, read once when the tree is built.</summary>
    public LabelSet Labels { get; } = labels;
    public PageNode? Parent { get; } = parent;
    public List<PageNode> Children { get; } = [];
    /// <summary>Lines whose nearest block-level ancestor is this node, in document order.</summary>
    public List<PageLine> Lines { get; } = [];
    public int Depth { get; } = parent is null ? 0 : parent.Depth + 1;

    /// <summary>Letters and digits in this subtree, and how many of those sit inside links.</summary>
    public int TextChars { get; set; }
    public int LinkChars { get; set; }
    /// <summary>Letters and digits of this subtree's prose lines (long, few links): what an author wrote, not a menu.</summary>
    public int ProseChars { get; set; }
    public double ContentScore { get; set; }
    public bool IsBoilerplate { get; set; }

    public double LinkDensity => TextChars == 0 ? 0 : (double)LinkChars / TextChars;

    /// <summary>Whether this element or one above it was judged boilerplate.</summary>
    public bool IsInBoilerplate()
    {
        for (var n = this; n is not null; n = n.Parent)
        {
            if (n.IsBoilerplate)
                return true;
        }
        return false;
    }

    /// <summary>Document position of the first line in this subtree, or <see cref="int.MaxValue"/> when it has none.</summary>
    public int FirstLineOrder()
    {
        int first = Lines.Count > 0 ? Lines[0].Order : int.MaxValue;
        foreach (var child in Children)
        {
            int c = child.FirstLineOrder();
            if (c < first)
                first = c;
        }
        return first;
    }

    public bool IsWithin(PageNode ancestor)
    {
        for (var n = this; n is not null; n = n.Parent)
        {
            if (ReferenceEquals(n, ancestor))
                return true;
        }
        return false;
    }

    public override string ToString() => $"<{Tag} {Hints}> text {TextChars} links {LinkChars} score {ContentScore:0.0}";
}

/// <summary>A run of inline text between block boundaries: the unit the reader sees as one paragraph or line.</summary>
internal sealed class PageLine(PageNode owner, int order, string text, int textChars, int linkChars)
{
    public PageNode Owner { get; } = owner;
    /// <summary>Position in the document, so lines from several subtrees can be put back in reading order.</summary>
    public int Order { get; } = order;
    public string Text { get; } = text;
    public int TextChars { get; } = textChars;
    public int LinkChars { get; } = linkChars;
    public double LinkDensity => TextChars == 0 ? 0 : (double)LinkChars / TextChars;
}

/// <summary>The reduced tree of a page body, built in one iterative walk so hostile nesting cannot overflow the stack.</summary>
internal sealed class PageTree
{
    /// <summary>Never text: dropped with everything inside them.</summary>
    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "video", "audio",
        "button", "select", "option", "input", "textarea", "map", "head", "title", "meta", "link", "math", "picture", "source", "dialog",
        // A ruby annotation's reading (furigana) is printed small above its word: the word is the text.
        "rt", "rp",
    };

    /// <summary>Elements that start a new line. Everything else is inline and joins the current line.</summary>
    public static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "body", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt",
        "blockquote", "pre", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "header", "footer",
        "nav", "aside", "form", "fieldset", "legend", "address", "hr", "br", "center", "details", "summary", "hgroup", "menu", "html",
    };

    /// <summary>Above this depth elements are flattened into their ancestor; real pages stay far below it.</summary>
    private const int MaxDepth = 400;

    public PageNode Root { get; }
    public IReadOnlyList<PageLine> Lines { get; }
    public IReadOnlyList<PageNode> Nodes { get; }

    private PageTree(PageNode root, List<PageLine> lines, List<PageNode> nodes) => (Root, Lines, Nodes) = (root, lines, nodes);

    /// <param name="root">The element to read (the body).</param>
    /// <param name="budget">What the page may still make the parser build, for markup read from templates.</param>
    /// <param name="vocabulary">Label tokens read on earlier pages, if the caller reads many.</param>
    public static PageTree Build(MarkupElement root, MarkupBudget budget, LabelVocabulary? vocabulary = null)
    {
        var builder = new Builder(budget, vocabulary);
        return builder.Run(root);
    }

    private sealed class Builder(MarkupBudget budget, LabelVocabulary? vocabulary)
    {
        private readonly List<PageLine> _lines = [];
        private readonly List<PageNode> _nodes = [];
        private readonly StringBuilder _text = new();
        private int _chars, _linkChars;
        private PageNode? _lineOwner;
        // A page repeats its labels across many elements (every card, every column): each distinct one is read once.
        private readonly Dictionary<string, LabelSet> _labels = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LabelKinds> _tokenKinds = new(StringComparer.Ordinal);

        public PageTree Run(MarkupElement rootElement)
        {
            var root = Node(rootElement, null);
            _nodes.Add(root);
            // Frames: (node, owner block, link depth, exit marker).
            var stack = new Stack<(MarkupNode Dom, PageNode Block, bool InLink, bool Exit)>();
            stack.Push((rootElement, root, false, true));
            PushChildren(stack, rootElement, root, false);
            while (stack.Count > 0)
            {
                var (dom, block, inLink, exit) = stack.Pop();
                if (exit)
                {
                    if (dom is MarkupElement closing && (BlockTags.Contains(closing.LocalName) || ReferenceEquals(dom, rootElement)))
                        Flush();
                    continue;
                }
                if (dom is MarkupText textNode)
                {
                    Append(textNode.Data, block, inLink);
                    continue;
                }
                if (dom is not MarkupElement el)
                    continue;
                string tag = el.LocalName;
                if (tag is "script" or "noscript" && IsMarkupTemplate(el))
                {
                    // Blogger ships the post body as a script template, and Discourse serves whole threads inside
                    // <noscript>; what a reader without scripts sees is the page's text, in markup.
                    // The markup is the page's own: bound it as the page itself was bounded before parsing, and read
                    // it as a page's body, as a browser without scripts would show it.
                    string markup = NestingLimiter.Limit(el.TextContent, budget, scripting: false);
                    var fragment = HtmlDocumentLoader.Parse(markup, scripting: false).Body?.Children ?? [];
                    for (int i = fragment.Count - 1; i >= 0; i--)
                        stack.Push((fragment[i], block, inLink, false));
                    continue;
                }
                if (Invisible.Contains(tag) || IsHidden(el))
                    continue;
                if (tag == "br" || tag == "hr")
                {
                    Flush();
                    continue;
                }
                if (tag == "img")
                {
                    continue;
                }
                var owner = block;
                if (BlockTags.Contains(tag) && block.Depth < MaxDepth)
                {
                    Flush();
                    owner = Node(el, block);
                    block.Children.Add(owner);
                    _nodes.Add(owner);
                }
                else if (BlockTags.Contains(tag))
                {
                    Flush();
                }
                bool link = inLink || tag == "a";
                stack.Push((el, owner, link, true));
                PushChildren(stack, el, owner, link);
            }
            Flush();
            Totals();
            return new PageTree(root, _lines, _nodes);
        }

        private static void PushChildren(Stack<(MarkupNode, PageNode, bool, bool)> stack, MarkupNode parent, PageNode block, bool inLink)
        {
            var children = parent.Children;
            for (int i = children.Count - 1; i >= 0; i--)
                stack.Push((children[i], block, inLink, false));
        }

        private void Append(string data, PageNode block, bool inLink)
        {
            if (_lineOwner is not null && !ReferenceEquals(_lineOwner, block) && _text.Length > 0)
            {
                // Inline text directly after a closed block belongs to the outer block: a new line.
                Flush();
            }
            _lineOwner ??= block;
            foreach (char c in data)
            {
                // The reader sees a word whole across its soft hyphens, and so must every stage that reads its words.
                if (WhiteSpace.IsInvisible(c))
                    continue;
                if (char.IsWhiteSpace(c))
                {
                    if (_text.Length > 0 && _text[^1] != ' ')
                        _text.Append(' ');
                    continue;
                }
                if (_text.Length == 0)
                    _lineOwner = block;
                _text.Append(c);
                if (char.IsLetterOrDigit(c))
                {
                    _chars++;
                    if (inLink)
                        _linkChars++;
                }
            }
        }

        private static readonly char[] LineEdges = [' ', '\u200C', '\u200D'];

        private void Flush()
        {
            if (_lineOwner is not null)
            {
                // White space is a single ' ' here (Append collapses it); a joiner at a line's edge joins nothing.
                string line = _text.ToString().Trim(LineEdges);
                if (line.Length > 0)
                {
                    var pageLine = new PageLine(_lineOwner, _lines.Count, line, _chars, _linkChars);
                    _lines.Add(pageLine);
                    _lineOwner.Lines.Add(pageLine);
                }
            }
            _text.Clear();
            _chars = _linkChars = 0;
            _lineOwner = null;
        }

        private PageNode Node(MarkupElement el, PageNode? parent)
        {
            string hints = Hints(el);
            if (!_labels.TryGetValue(hints, out var labels))
                _labels[hints] = labels = ElementLabels.Read(hints, _tokenKinds, vocabulary);
            return new PageNode(el.LocalName, hints, labels, parent);
        }

        /// <summary>Subtree totals, children before parents: nodes were added parent first, so walk backwards.</summary>
        private void Totals()
        {
            for (int i = _nodes.Count - 1; i >= 0; i--)
            {
                var node = _nodes[i];
                foreach (var line in node.Lines)
                {
                    node.TextChars += line.TextChars;
                    node.LinkChars += line.LinkChars;
                }
                if (node.Parent is { } parent)
                {
                    parent.TextChars += node.TextChars;
                    parent.LinkChars += node.LinkChars;
                }
            }
        }
    }

    /// <summary>A template script, or a <c>&lt;noscript&gt;</c> holding a real page rather than a tracking pixel or a
    /// "please enable JavaScript" line.</summary>
    private static bool IsMarkupTemplate(MarkupElement el)
    {
        if (el.LocalName == "script")
        {
            return el.GetAttribute("type") is { } type && type.Equals("text/template", StringComparison.OrdinalIgnoreCase)
                && el.TextContent.Contains("<p", StringComparison.OrdinalIgnoreCase);
        }
        string text = el.TextContent;
        return text.Length >= 500 && (text.Contains("<p", StringComparison.OrdinalIgnoreCase) || text.Contains("<div", StringComparison.OrdinalIgnoreCase));
    }

    private static string Hints(MarkupElement el)
    {
        string? cls = el.GetAttribute("class");
        string? id = el.Id;
        string? role = el.GetAttribute("role");
        string? itemprop = el.GetAttribute("itemprop");
        if (cls is null && id is null && role is null && itemprop is null)
            return string.Empty;
        // Most labelled elements have a class alone, most often already lower-case: read as it is, it costs nothing.
        if (id is null && role is null && itemprop is null)
            return cls!.Trim().ToLowerInvariant();
        return $"{cls} {id} {role} {itemprop}".Trim().ToLowerInvariant();
    }

    /// <summary>A segment that React streams after the shell: <c>&lt;div hidden id="S:3"&gt;</c>.</summary>
    private static bool IsStreamedSegment(MarkupElement el) =>
        el.LocalName == "div" && el.Id is { Length: > 2 } id && id.StartsWith("S:", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsHidden(MarkupElement el)
    {
        // React's streaming renderer sends a suspended part of the page (often the whole article) late, in a hidden
        // <div id="S:0">, and a script moves it into place: the reader sees it.
        if (el.HasAttribute("hidden"))
            return !IsStreamedSegment(el);
        if (el.GetAttribute("aria-hidden") == "true" && el.LocalName != "body" && el.LocalName != "main" && el.LocalName != "article")
            return true;
        var style = el.GetAttribute("style");
        if (style is null)
            return false;
        var compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }
}
