using System.Collections.Frozen;
using AngleSharp;
using AngleSharp.Common;
using AngleSharp.Dom;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace Tidings.Extraction.Html;

/// <summary>
/// Makes the nodes of a <see cref="MarkupDocument"/> for AngleSharp's tree builder. The builder decides what closes
/// what by each element's flags (special, scoping, formatting, implied end...); they are read once from the elements
/// AngleSharp itself creates, so the tree built here is the tree AngleSharp's own DOM would hold.
/// </summary>
internal sealed class MarkupElementFactory : IDomConstructionElementFactory<MarkupDocument, MarkupElement>
{
    private static readonly FrozenDictionary<string, NodeFlags> HtmlFlags;
    private static readonly FrozenDictionary<string, NodeFlags> SvgFlags;
    private static readonly FrozenDictionary<string, NodeFlags> MathFlags;
    private static readonly NodeFlags SvgDefault, MathDefault, UnknownHtml, NoScriptScripting, NoScriptPlain;

#pragma warning disable CA1810 // the tables are read from AngleSharp's elements, which takes statements
    static MarkupElementFactory()
#pragma warning restore CA1810
    {
        using var document = new HtmlParser().ParseDocument(string.Empty);
        static NodeFlags Of(IElement element) => ((IConstructableNode)element).Flags;
        HtmlFlags = typeof(TagNames).GetFields()
            .Select(f => f.GetValue(null)).OfType<string>().Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(name => name, name => Of(document.CreateElement(name)), StringComparer.Ordinal);
        SvgFlags = ((string[])["desc", "foreignObject", "title"])
            .ToFrozenDictionary(name => name, name => Of(document.CreateElement(NamespaceNames.SvgUri, name)), StringComparer.Ordinal);
        MathFlags = ((string[])["mi", "mo", "mn", "ms", "mtext", "annotation-xml"])
            .ToFrozenDictionary(name => name, name => Of(document.CreateElement(NamespaceNames.MathMlUri, name)), StringComparer.Ordinal);
        SvgDefault = Of(document.CreateElement(NamespaceNames.SvgUri, "g"));
        MathDefault = Of(document.CreateElement(NamespaceNames.MathMlUri, "mrow"));
        UnknownHtml = Of(document.CreateElement("x-unknown"));
        NoScriptScripting = NoScriptFlags(scripting: true);
        NoScriptPlain = NoScriptFlags(scripting: false);
    }

    private static NodeFlags NoScriptFlags(bool scripting)
    {
        using var page = new HtmlParser(new HtmlParserOptions { IsScripting = scripting }).ParseDocument("<body><noscript></noscript>");
        return ((IConstructableNode)page.Body!.FirstElementChild!).Flags;
    }

    public MarkupElement Create(MarkupDocument document, StringOrMemory localName, StringOrMemory prefix, NodeFlags flags)
    {
        string name = localName.ToString();
        return MarkupElement.Create(name, MarkupNamespace.Html, HtmlFlags.TryGetValue(name, out var known) ? known : flags | UnknownHtml);
    }

    public MarkupElement CreateNoScript(MarkupDocument document, bool scripting) =>
        MarkupElement.Create("noscript", MarkupNamespace.Html, scripting ? NoScriptScripting : NoScriptPlain);

    /// <summary>A doctype is not kept: an element-less placeholder stands for it.</summary>
    public IConstructableNode CreateDocumentType(MarkupDocument document, StringOrMemory name, StringOrMemory publicIdentifier, StringOrMemory systemIdentifier) =>
        new MarkupText(string.Empty);

    public IConstructableMathElement CreateMath(MarkupDocument document, StringOrMemory name)
    {
        string local = name.ToString();
        return (IConstructableMathElement)MarkupElement.Create(local, MarkupNamespace.MathMl, MathFlags.TryGetValue(local, out var known) ? known : MathDefault);
    }

    public IConstructableSvgElement CreateSvg(MarkupDocument document, StringOrMemory name)
    {
        string local = name.ToString();
        return (IConstructableSvgElement)MarkupElement.Create(local, MarkupNamespace.Svg, SvgFlags.TryGetValue(local, out var known) ? known : SvgDefault);
    }

    public IConstructableMetaElement CreateMeta(MarkupDocument document) => (MetaElement)Html(TagNames.Meta);

    public IConstructableScriptElement CreateScript(MarkupDocument document, bool parserInserted, bool started) => (ScriptElement)Html(TagNames.Script);

    public IConstructableFrameElement CreateFrame(MarkupDocument document) => (FrameElement)Html(TagNames.Frame);

    public IConstructableTemplateElement CreateTemplate(MarkupDocument document) => (TemplateElement)Html(TagNames.Template);

    public IConstructableFormElement CreateForm(MarkupDocument document) => (FormElement)Html(TagNames.Form);

    public MarkupElement CreateUnknown(MarkupDocument document, StringOrMemory tagName) => MarkupElement.Create(tagName.ToString(), MarkupNamespace.Html, UnknownHtml);

    public MarkupDocument CreateDocument(TextSource source, IBrowsingContext? context) => new(source);

    private static MarkupElement Html(string name) => MarkupElement.Create(name, MarkupNamespace.Html, HtmlFlags[name]);
}
