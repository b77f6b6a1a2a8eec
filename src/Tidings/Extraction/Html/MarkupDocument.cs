using System.Collections;
using System.Text;
using AngleSharp.Common;
using AngleSharp.Dom;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace Tidings.Extraction.Html;

/// <summary>
/// A node of a parsed page in Tidings' own document tree. AngleSharp's tree builder (the HTML specification's tree
/// construction, foster parenting, the adoption agency) builds it through AngleSharp's construction interfaces, so the
/// tree is the one AngleSharp's own DOM would have; but a node here is a name, attributes and children, with none of
/// the live collections, attribute observers, URL resolution or selector engine of a browser DOM, which extraction
/// never uses and pays for while parsing. Extraction queries the tree with plain walks.
/// </summary>
internal abstract class MarkupNode : IConstructableNode
{
    private List<MarkupNode>? _children;
    private NodeList? _nodeList;

    /// <summary>The children in document order: elements and text.</summary>
    public IReadOnlyList<MarkupNode> Children => _children ?? (IReadOnlyList<MarkupNode>)[];

    public MarkupNode? Parent { get; private set; }

    public MarkupElement? ParentElement => Parent as MarkupElement;

    /// <summary>Every text below this node, in document order, as the DOM's <c>textContent</c> gives it (scripts and
    /// styles included).</summary>
    public string TextContent
    {
        get
        {
            if (_children is [MarkupText only])
                return only.Data;
            // Measured first, then copied once: a page's body text (scripts and styles with it) runs to hundreds of
            // thousands of characters, and a builder would copy it twice.
            int length = 0;
            foreach (var node in DescendantNodes())
            {
                if (node is MarkupText t)
                    length += t.Data.Length;
            }
            return string.Create(length, this, static (span, root) =>
            {
                foreach (var node in root.DescendantNodes())
                {
                    if (node is MarkupText t)
                    {
                        t.Data.CopyTo(span);
                        span = span[t.Data.Length..];
                    }
                }
            });
        }
    }

    /// <summary>The elements below this node in document order, walked without recursion: a page may nest deep.</summary>
    public IEnumerable<MarkupElement> Descendants() => DescendantNodes().OfType<MarkupElement>();

    /// <summary>The first element below this node that <paramref name="match"/> accepts, in document order.</summary>
    public MarkupElement? FirstDescendant(Func<MarkupElement, bool> match) => Descendants().FirstOrDefault(match);

    private IEnumerable<MarkupNode> DescendantNodes()
    {
        if (_children is null)
            yield break;
        var pending = new Stack<(MarkupNode Parent, int Next)>();
        pending.Push((this, 0));
        while (pending.Count > 0)
        {
            var (parent, next) = pending.Pop();
            var children = parent._children!;
            if (next >= children.Count)
                continue;
            pending.Push((parent, next + 1));
            var child = children[next];
            yield return child;
            if (child._children is { Count: > 0 })
                pending.Push((child, 0));
        }
    }

    private List<MarkupNode> Own => _children ??= [];

    private protected void Insert(int index, MarkupNode child)
    {
        child.Parent = this;
        Own.Insert(index, child);
    }

    /// <summary>Text joins the text node before it, as the specification's "insert a character" does.</summary>
    private void InsertText(int index, StringOrMemory text)
    {
        if (index > 0 && _children![index - 1] is MarkupText before)
            before.Append(text);
        else
            Insert(index, new MarkupText(text.ToString()));
    }

    /// <summary>Children leave the tree (a template's content lives in its own fragment, which nothing here reads).</summary>
    private protected void DropChildren()
    {
        if (_children is null)
            return;
        foreach (var child in _children)
            child.Parent = null;
        _children.Clear();
    }

    StringOrMemory IConstructableNode.NodeName => NodeName;

    private protected abstract string NodeName { get; }

    NodeFlags IConstructableNode.Flags => Flags;

    private protected virtual NodeFlags Flags => NodeFlags.None;

    IConstructableNode? IConstructableNode.Parent
    {
        get => Parent;
        set => Parent = (MarkupNode?)value;
    }

    IConstructableNodeList IConstructableNode.ChildNodes => _nodeList ??= new NodeList(Own);

    void IConstructableNode.RemoveFromParent() => ((IConstructableNode?)Parent)?.RemoveChild(this);

    void IConstructableNode.RemoveChild(IConstructableNode childNode)
    {
        var child = (MarkupNode)childNode;
        if (_children?.Remove(child) == true)
            child.Parent = null;
    }

    void IConstructableNode.RemoveNode(int idx, IConstructableNode childNode)
    {
        _children!.RemoveAt(idx);
        ((MarkupNode)childNode).Parent = null;
    }

    void IConstructableNode.InsertNode(int idx, IConstructableNode childNode) => Insert(idx, (MarkupNode)childNode);

    void IConstructableNode.AddNode(IConstructableNode node) => Add((MarkupNode)node);

    private protected virtual void Add(MarkupNode node) => Insert(Own.Count, node);

    // White space is kept whatever the builder asks: AngleSharp's own DOM keeps it, and the spaces between inline
    // elements are the spaces between words.
    void IConstructableNode.AppendText(StringOrMemory text, bool emitWhiteSpaceOnly) => InsertText(Own.Count, text);

    void IConstructableNode.InsertText(int idx, StringOrMemory text, bool emitWhiteSpaceOnly) => InsertText(idx, text);

    private sealed class NodeList(List<MarkupNode> nodes) : IConstructableNodeList
    {
        public IConstructableNode this[int index] => nodes[index];

        public int Length => nodes.Count;

        public void Clear()
        {
            foreach (var node in nodes)
                node.Parent = null;
            nodes.Clear();
        }

        public IEnumerator<IConstructableNode> GetEnumerator() => nodes.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>A run of text. Pieces the tokenizer hands over one by one are joined once, when the text is read.</summary>
internal sealed class MarkupText(string data) : MarkupNode
{
    private string _data = data;
    private StringBuilder? _pending;

    public string Data
    {
        get
        {
            if (_pending is not null)
            {
                _data = _pending.ToString();
                _pending = null;
            }
            return _data;
        }
    }

    internal void Append(StringOrMemory text) => (_pending ??= new StringBuilder(_data)).Append(text.Memory.Span);

    private protected override string NodeName => "#text";
}

/// <summary>One attribute, its name lower-cased by the tokenizer.</summary>
internal sealed class MarkupAttribute(string name, string value) : IConstructableAttr
{
    public string Name { get; } = name;

    public string Value { get; set; } = value;

    StringOrMemory IConstructableAttr.Name => Name;

    StringOrMemory IConstructableAttr.Value
    {
        get => Value;
        set => Value = value.ToString();
    }
}

/// <summary>
/// An element. The tree builder tells kinds apart by the construction interface an element implements (a script's
/// end tag runs it, a form sets the form pointer, a template moves its content to a fragment), so each kind is a
/// subclass of its own; none of them runs, submits or renders here.
/// </summary>
internal class MarkupElement : MarkupNode, IConstructableElement
{
    private readonly NodeFlags _flags;
    private Attributes? _attributes;

    private protected MarkupElement(string localName, MarkupNamespace ns, NodeFlags flags)
    {
        LocalName = localName;
        Namespace = ns;
        _flags = flags;
    }

    /// <summary>The element of that name and kind; <paramref name="flags"/> tell the tree builder how it nests.</summary>
    public static MarkupElement Create(string localName, MarkupNamespace ns, NodeFlags flags) => ns switch
    {
        MarkupNamespace.Svg => new SvgElement(localName, flags),
        MarkupNamespace.MathMl => new MathElement(localName, flags),
        _ => localName switch
        {
            "script" => new ScriptElement(flags),
            "meta" => new MetaElement(flags),
            "frame" => new FrameElement(flags),
            "template" => new TemplateElement(flags),
            "form" => new FormElement(flags),
            _ => new MarkupElement(localName, ns, flags),
        },
    };

    public string LocalName { get; }

    public MarkupNamespace Namespace { get; }

    public bool IsHtml => Namespace == MarkupNamespace.Html;

    /// <summary>The attribute's value, or null when the element has none of that (lower-case) name.</summary>
    public string? GetAttribute(string name) => _attributes?.Find(name)?.Value;

    public bool HasAttribute(string name) => _attributes?.Find(name) is not null;

    public string? Id => GetAttribute("id");

    public string? ClassName => GetAttribute("class");

    /// <summary>Whether the class attribute lists <paramref name="name"/> among its space-separated names.</summary>
    public bool HasClass(string name)
    {
        if (ClassName is not { } classes)
            return false;
        foreach (var range in classes.AsSpan().SplitAny(" \t\n\r\f"))
        {
            if (classes.AsSpan(range).SequenceEqual(name))
                return true;
        }
        return false;
    }

    /// <summary>Whether the attribute's value contains <paramref name="part"/>, case-sensitively (CSS <c>[name*=part]</c>).</summary>
    public bool AttributeContains(string name, string part) =>
        GetAttribute(name) is { } value && value.Contains(part, StringComparison.Ordinal);

    /// <summary>The element children, in document order.</summary>
    public IEnumerable<MarkupElement> ElementChildren => Children.OfType<MarkupElement>();

    public int ChildElementCount => Children.Count(c => c is MarkupElement);

    /// <summary>This element or the nearest above it that <paramref name="match"/> accepts (the DOM's <c>closest</c>).</summary>
    public MarkupElement? Closest(Func<MarkupElement, bool> match)
    {
        for (var e = this; e is not null; e = e.ParentElement)
        {
            if (match(e))
                return e;
        }
        return null;
    }

    public override string ToString() => $"<{LocalName}>";

    private protected override string NodeName => LocalName;

    private protected override NodeFlags Flags => _flags;

    /// <summary>The namespace a namespace URI names; anything but SVG and MathML is HTML.</summary>
    public static MarkupNamespace NamespaceOf(string? uri) =>
        uri == NamespaceNames.SvgUri ? MarkupNamespace.Svg : uri == NamespaceNames.MathMlUri ? MarkupNamespace.MathMl : MarkupNamespace.Html;

    StringOrMemory IConstructableElement.NamespaceUri => Namespace switch
    {
        MarkupNamespace.Svg => NamespaceNames.SvgUri,
        MarkupNamespace.MathMl => NamespaceNames.MathMlUri,
        _ => NamespaceNames.HtmlUri,
    };

    StringOrMemory IConstructableElement.LocalName => LocalName;

    StringOrMemory IConstructableElement.Prefix => StringOrMemory.Empty;

    IConstructableNamedNodeMap IConstructableElement.Attributes => _attributes ??= new Attributes();

    ISourceReference? IConstructableElement.SourceReference { get => null; set { } }

    void IConstructableElement.SetAttribute(string? namespaceUri, StringOrMemory name, StringOrMemory value) => Set(name, value);

    void IConstructableElement.SetOwnAttribute(StringOrMemory name, StringOrMemory value) => Set(name, value);

    StringOrMemory IConstructableElement.GetAttribute(StringOrMemory namespaceUri, StringOrMemory name) =>
        _attributes?.Find(name.Memory.Span)?.Value ?? StringOrMemory.Empty;

    /// <summary>A start tag's attributes: the tokenizer has already dropped repeated names, the first one kept.</summary>
    void IConstructableElement.SetAttributes(StructAttributes attributes)
    {
        if (attributes.Count == 0)
            return;
        _attributes ??= new Attributes();
        for (int i = 0; i < attributes.Count; i++)
            _attributes.Items.Add(new MarkupAttribute(attributes[i].Name.ToString(), attributes[i].Value.ToString()));
    }

    bool IConstructableElement.HasAttribute(StringOrMemory name) => _attributes?.Find(name.Memory.Span) is not null;

    void IConstructableElement.SetupElement()
    {
    }

    void IConstructableElement.AddComment(ref StructHtmlToken token)
    {
    }

    IConstructableNode IConstructableElement.ShallowCopy()
    {
        var copy = Create(LocalName, Namespace, _flags);
        if (_attributes is not null)
        {
            foreach (var attribute in _attributes.Items)
                copy.Set(attribute.Name, attribute.Value);
        }
        return copy;
    }

    private void Set(StringOrMemory name, StringOrMemory value)
    {
        _attributes ??= new Attributes();
        if (_attributes.Find(name.Memory.Span) is { } existing)
            existing.Value = value.ToString();
        else
            _attributes.Items.Add(new MarkupAttribute(name.ToString(), value.ToString()));
    }

    private sealed class Attributes : IConstructableNamedNodeMap
    {
        public List<MarkupAttribute> Items { get; } = new(2);

        public MarkupAttribute? Find(ReadOnlySpan<char> name)
        {
            foreach (var attribute in Items)
            {
                if (name.SequenceEqual(attribute.Name))
                    return attribute;
            }
            return null;
        }

        public IConstructableAttr? this[StringOrMemory name] => Find(name.Memory.Span);

        public int Length => Items.Count;

        public bool SameAs(IConstructableNamedNodeMap? attributes)
        {
            if (attributes is not Attributes other || other.Items.Count != Items.Count)
                return false;
            foreach (var attribute in Items)
            {
                if (other.Find(attribute.Name)?.Value != attribute.Value)
                    return false;
            }
            return true;
        }
    }
}

// Nothing runs: no script, no meta refresh or charset switch (the page was decoded before parsing), no form.
internal sealed class ScriptElement(NodeFlags flags) : MarkupElement("script", MarkupNamespace.Html, flags), IConstructableScriptElement
{
    Task IConstructableScriptElement.RunAsync(CancellationToken cancel) => Task.CompletedTask;

    bool IConstructableScriptElement.Prepare(IConstructableDocument document) => false;
}

internal sealed class MetaElement(NodeFlags flags) : MarkupElement("meta", MarkupNamespace.Html, flags), IConstructableMetaElement
{
    void IConstructableMetaElement.Handle()
    {
    }
}

internal sealed class FrameElement(NodeFlags flags) : MarkupElement("frame", MarkupNamespace.Html, flags), IConstructableFrameElement;

internal sealed class FormElement(NodeFlags flags) : MarkupElement("form", MarkupNamespace.Html, flags), IConstructableFormElement;

/// <summary>A template's content belongs to its fragment, outside the tree, as in AngleSharp's DOM: its children are
/// neither text nor elements of the page.</summary>
internal sealed class TemplateElement(NodeFlags flags) : MarkupElement("template", MarkupNamespace.Html, flags), IConstructableTemplateElement
{
    void IConstructableTemplateElement.PopulateFragment() => DropChildren();
}

internal sealed class SvgElement(string localName, NodeFlags flags) : MarkupElement(localName, MarkupNamespace.Svg, flags), IConstructableSvgElement;

internal sealed class MathElement(string localName, NodeFlags flags) : MarkupElement(localName, MarkupNamespace.MathMl, flags), IConstructableMathElement;

/// <summary>A parsed page: its root element, head, body and title found as a browser's document finds them.</summary>
internal sealed class MarkupDocument(TextSource source) : MarkupNode, IConstructableDocument
{
    /// <summary>The root element (<c>&lt;html&gt;</c>).</summary>
    public MarkupElement? DocumentElement => Children.OfType<MarkupElement>().FirstOrDefault();

    public MarkupElement? Head => DocumentElement?.ElementChildren.FirstOrDefault(e => e.LocalName == "head");

    /// <summary>The body, or the frameset that stands in its place.</summary>
    public MarkupElement? Body => DocumentElement?.ElementChildren.FirstOrDefault(e => e.LocalName is "body" or "frameset");

    /// <summary>The first HTML <c>&lt;title&gt;</c>'s text (an SVG title is an image's caption), empty without one.</summary>
    public string Title => Elements.FirstOrDefault(e => e.LocalName == "title" && e.IsHtml)?.TextContent ?? string.Empty;

    /// <summary>The HTML script elements, in document order.</summary>
    public IEnumerable<MarkupElement> Scripts => Elements.Where(e => e.LocalName == "script" && e.IsHtml);

    private MarkupElement[]? _elements;
    private ArraySegment<MarkupElement> _bodyElements;

    /// <summary>Every element in document order. Metadata, dates and headlines ask a dozen questions of a page, each
    /// of which would walk the whole tree: it is walked once, after parsing, and the questions scan this list.</summary>
    public IReadOnlyList<MarkupElement> Elements
    {
        get
        {
            if (_elements is null)
                Index();
            return _elements!;
        }
    }

    /// <summary>The elements below the body, in document order (a contiguous part of <see cref="Elements"/>).</summary>
    public IReadOnlyList<MarkupElement> BodyElements
    {
        get
        {
            if (_elements is null)
                Index();
            return _bodyElements;
        }
    }

    private void Index()
    {
        var elements = Descendants().ToArray();
        var body = Body;
        int start = body is null ? elements.Length : Array.IndexOf(elements, body) + 1;
        // The body is the last child of the root element that holds elements, so its subtree runs to the end of the
        // list, but for what the parser appends to the root after a frameset.
        int end = elements.Length;
        while (end > start && !IsBelow(elements[end - 1], body!))
            end--;
        _bodyElements = new ArraySegment<MarkupElement>(elements, start, end - start);
        _elements = elements;
    }

    private static bool IsBelow(MarkupElement element, MarkupElement ancestor)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (ReferenceEquals(e, ancestor))
                return true;
        }
        return false;
    }

    private protected override string NodeName => "#document";

    /// <summary>Whether the tree was copied from AngleSharp's DOM (<see cref="From"/>) rather than built directly.</summary>
    public bool Copied { get; private init; }

    /// <summary>The same tree, read from a document AngleSharp's own DOM holds.</summary>
    public static MarkupDocument From(AngleSharp.Dom.IDocument source)
    {
        var document = new MarkupDocument(new TextSource(string.Empty)) { Copied = true };
        var pending = new Stack<(AngleSharp.Dom.INode From, MarkupNode To)>();
        pending.Push((source, document));
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            foreach (var child in from.ChildNodes)
            {
                MarkupNode copy;
                if (child is AngleSharp.Dom.IText text)
                {
                    copy = new MarkupText(text.Data);
                }
                else if (child is AngleSharp.Dom.IElement element)
                {
                    var e = MarkupElement.Create(element.LocalName, MarkupElement.NamespaceOf(element.NamespaceUri), NodeFlags.None);
                    foreach (var attribute in element.Attributes)
                        ((IConstructableElement)e).SetOwnAttribute(attribute.Name, attribute.Value);
                    copy = e;
                    pending.Push((element, e));
                }
                else
                {
                    continue;
                }
                ((IConstructableNode)to).AddNode(copy);
            }
        }
        return document;
    }

    /// <summary>
    /// Whether the tree builder meant to foster-parent an element out of a table. Its generic form looks for the table
    /// (and a template) on its stack of open elements by AngleSharp's own element classes, which this tree does not
    /// use, and so hands the element to the document instead: the tree is then not the one AngleSharp's DOM would
    /// hold, and the page is parsed into that DOM instead.
    /// </summary>
    public bool Fostered { get; private set; }

    private protected override void Add(MarkupNode node)
    {
        if (node is MarkupElement && DocumentElement is not null)
            Fostered = true;
        base.Add(node);
    }

    TextSource IConstructableDocument.Source => source;

    IDisposable? IConstructableDocument.Builder { get; set; }

    QuirksMode IConstructableDocument.QuirksMode { get; set; }

    IConstructableElement? IConstructableDocument.Head => Head;

    IConstructableElement IConstructableDocument.DocumentElement => DocumentElement!;

    bool IConstructableDocument.IsLoading => false;

    void IConstructableDocument.PerformMicrotaskCheckpoint()
    {
    }

    void IConstructableDocument.ProvideStableState()
    {
    }

    void IConstructableDocument.AddComment(ref StructHtmlToken token)
    {
    }

    void IConstructableDocument.TrackError(Exception exception)
    {
    }

    Task IConstructableDocument.WaitForReadyAsync(CancellationToken cancelToken) => Task.CompletedTask;

    Task IConstructableDocument.FinishLoadingAsync() => Task.CompletedTask;

    void IConstructableDocument.ApplyManifest()
    {
    }

    void IConstructableDocument.Clear() => DropChildren();
}
