using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CsCheck;
using Tidings.Extraction.Html;

namespace Tidings.Tests.Extraction.Html;

/// <summary>
/// Tidings' document tree is built by AngleSharp's tree builder; these tests hold it to the tree AngleSharp's own DOM
/// builds from the same markup, node for node, on tag soup that exercises every repair the builder makes.
/// </summary>
public sealed class MarkupDocumentTests
{
    /// <summary>Markup pieces that make the tree builder repair: misnesting, tables, foreign content, raw text.</summary>
    private static readonly string[] Pieces =
    [
        "<p>", "</p>", "<div class=\"a b\">", "</div>", "<b>", "</b>", "<i>", "</i>", "<a href=\"/x\">", "</a>", "<table>", "</table>",
        "<tr>", "<td>", "</td>", "<li>", "<ul>", "</ul>", "<h1>", "</h1>", "<span id=s>", "</span>", "<br>", "<svg><title>t</title>", "</svg>",
        "<math><mi>x</mi>", "</math>", "<script>var a = '<b>';</script>", "<style>p { }</style>", "<noscript><p>n</p></noscript>",
        "<template><p>hidden</p></template>", "<select><option>o", "</select>", "<form>", "</form>", "<button>", "<nobr>", "<font color=red>",
        "<textarea>t</textarea>", "<title>x</title>", "<meta name=k content=v>", " ", "text", "&amp; &copy", "<pre>\n", "<hr>", "<img src=i>",
        "<frameset>", "<body class=late>", "<html lang=en>", "<head>", "</body>", "<input type=hidden>", "<caption>", "<col>",
    ];

    [Fact]
    public void Tag_soup_builds_the_tree_AngleSharp_builds()
    {
        Gen.Int[0, Pieces.Length - 1].Array[0, 40]
            .Select(indices => string.Concat(indices.Select(i => Pieces[i])))
            .Where(ParsesInAngleSharp)
            .Sample(markup => Assert.Equal(AngleSharpTree(markup), OwnTree(markup)), iter: 10_000);
    }

    /// <summary>Where the generic builder clears the stack past a template (it knows templates by AngleSharp's class),
    /// and where it foster-parents an element out of a table: AngleSharp's DOM parses those pages.</summary>
    [Theory]
    [InlineData("<table><template><caption>x</caption></template>y</table>")]
    [InlineData("<table><tr><template><td>x</td></template></tr></table>")]
    [InlineData("<table><TEMPLATE><caption>x</caption></TEMPLATE>y</table>")]
    [InlineData("<table><tr><td>cell</td></tr><div>fostered</div><tr><td>next</td></tr></table>")]
    [InlineData("<table><b>bold<div>block</b>after</div></table>")]
    public void Templates_in_tables_and_fostered_elements_build_the_tree_AngleSharp_builds(string markup) =>
        Assert.Equal(AngleSharpTree(markup), OwnTree(markup));

    [Theory]
    [InlineData("<div class=a class=b id=x ID=y>text</div>")]
    [InlineData("<p>one<p>two</p><html lang=en class=late><body class=late id=b>")]
    public void Repeated_attributes_keep_the_first_value_as_AngleSharp_does(string markup) =>
        Assert.Equal(AngleSharpTree(markup), OwnTree(markup));

    [Fact]
    public void An_ordinary_page_is_built_directly_and_a_fostering_one_is_copied()
    {
        Assert.False(HtmlDocumentLoader.Parse($"<article><h1>Quay</h1><p>{HtmlPages.Lead}</p></article>").Copied);
        Assert.True(HtmlDocumentLoader.Parse("<table><tr><td>cell</td></tr><div>fostered</div></table>").Copied);
        Assert.True(HtmlDocumentLoader.Parse("<p>x</p><template><p>y</p></template>").Copied);
    }

    [Fact]
    public void Template_contents_are_not_part_of_the_page()
    {
        var document = HtmlDocumentLoader.Parse("<body><p>seen</p><template><p>unseen</p></template></body>");
        Assert.Equal("seen", document.Body!.TextContent);
    }

    [Fact]
    public void Title_is_the_first_html_title_not_an_svg_caption()
    {
        var document = HtmlDocumentLoader.Parse("<body><svg><title>icon</title></svg><title>Page</title></body>");
        Assert.Equal("Page", document.Title);
    }

    /// <summary>
    /// AngleSharp itself throws on a few soups (a null reference deep in its tree builder, or an index out of range
    /// where it adds an element in a table: about one soup in a few hundred thousand): nothing to compare.
    /// </summary>
    private static bool ParsesInAngleSharp(string markup)
    {
        try
        {
            AngleSharpTree(markup);
            return true;
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static string OwnTree(string markup)
    {
        var text = new StringBuilder();
        Write(HtmlDocumentLoader.Parse(markup), 0, text);
        return text.ToString();

        static void Write(MarkupNode node, int depth, StringBuilder text)
        {
            foreach (var child in node.Children)
            {
                if (child is MarkupText t)
                {
                    AppendText(text, depth, t.Data);
                    continue;
                }
                var e = (MarkupElement)child;
                AppendElement(text, depth, e.Namespace, e.LocalName, e.GetAttribute);
                Write(e, depth + 1, text);
            }
        }
    }

    private static string AngleSharpTree(string markup)
    {
        using var document = new HtmlParser(HtmlDocumentLoader.Options).ParseDocument(markup);
        var text = new StringBuilder();
        Write(document, 0, text);
        return text.ToString();

        static void Write(INode node, int depth, StringBuilder text)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText t)
                {
                    AppendText(text, depth, t.Data);
                    continue;
                }
                if (child is not IElement e)
                    continue;
                AppendElement(text, depth, MarkupElement.NamespaceOf(e.NamespaceUri), e.LocalName, e.GetAttribute);
                Write(e, depth + 1, text);
            }
        }
    }

    /// <summary>The attributes the two dumps show, where an element has them.</summary>
    private static readonly string[] ShownAttributes = ["class", "id", "href", "color", "name", "content", "src", "type", "lang"];

    private static void AppendText(StringBuilder text, int depth, string data)
    {
        if (data.Length > 0)
            text.Append(' ', depth).Append('"').Append(data).Append("\"\n");
    }

    private static void AppendElement(StringBuilder text, int depth, MarkupNamespace ns, string localName, Func<string, string?> attribute)
    {
        text.Append(' ', depth).Append(ns).Append(':').Append(localName);
        foreach (var name in ShownAttributes)
        {
            if (attribute(name) is { } value)
                text.Append(' ').Append(name).Append('=').Append(value);
        }
        text.Append('\n');
    }
}
