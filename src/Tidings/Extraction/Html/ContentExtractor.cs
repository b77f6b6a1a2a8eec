using System.Text.RegularExpressions;

namespace Tidings.Extraction.Html;

/// <summary>The article body found in a page: its lines in reading order, and what was left out, with reasons.</summary>
internal sealed record PageContent(IReadOnlyList<string> Paragraphs, IReadOnlyList<RemovedLine> Removed);

/// <summary>
/// Finds a page's main content by scoring blocks. Each line of prose (length, commas, sentence shape, few links)
/// votes for the elements above it, nearest most; an element's vote is then weighed by its tag, by the labels its
/// author gave it (class, id, role, itemprop) and by its link density. The best element and those of its siblings that
/// look like more of the same form the article; inside it, link lists, share bars, captions, comment sections and
/// other labelled boilerplate are dropped. No one signal decides alone: a <c>comments</c> class cannot remove the bulk
/// of a page's prose, and an <c>&lt;article&gt;</c> tag only adds weight.
/// </summary>
internal static partial class ContentExtractor
{
    /// <summary>Lines shorter than this (letters and digits) are labels or links, not prose, and cast no vote.</summary>
    private const int ProseMinChars = 25;

    public static PageContent Extract(PageTree tree)
    {
        MarkBoilerplate(tree);
        ScoreCandidates(tree);
        var chosen = ChooseContent(tree);
        return Collect(tree, chosen);
    }

    /// <summary>
    /// Labelled and structural boilerplate (nav, aside, footer, comment sections, share bars...). A label never removes
    /// the bulk of a page's prose: a page-wide wrapper called <c>l-outer--nav</c> is a layout, not a menu. Comment
    /// sections are protected only when they are nearly all the prose, because then the page is the discussion.
    /// </summary>
    private static void MarkBoilerplate(PageTree tree)
    {
        for (int i = tree.Nodes.Count - 1; i >= 0; i--)
        {
            var node = tree.Nodes[i];
            foreach (var line in node.Lines)
            {
                if (IsProse(line))
                    node.ProseChars += line.TextChars;
            }
            if (node.Parent is { } parent)
                parent.ProseChars += node.ProseChars;
        }
        double pageProse = Math.Max(1, tree.Root.ProseChars);
        foreach (var node in tree.Nodes)
        {
            if (node.Tag is "body" or "html")
                continue;
            bool structural = node.Tag is "nav" or "aside" or "footer" or "figure" or "figcaption" or "form" or "header" or "menu";
            bool labelled = ElementLabels.IsBoilerplate(node.Hints);
            if (!structural && !labelled)
                continue;
            double share = node.ProseChars / pageProse;
            bool comments = labelled && ElementLabels.IsComments(node.Hints);
            bool contentLabel = ElementLabels.IsContent(node.Hints);
            if (share >= (comments ? 0.9 : 0.5) || (contentLabel && !comments && share >= 0.25))
                continue;
            node.IsBoilerplate = true;
        }
    }

    private static bool IsProse(PageLine line) =>
        line.TextChars >= 80 && line.LinkDensity < 0.3 && SentenceEnd().IsMatch(line.Text);

    private static bool InBoilerplate(PageNode node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n.IsBoilerplate)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Each element's score is the sum of its lines' worth: prose counts for its length, link lines and labelled
    /// boilerplate against it, short plain lines (labels, list items) a little against. The element with the best sum
    /// holds most of the prose and least of the rest: the deepest container of the article, however its author split
    /// the text into small boxes.
    /// </summary>
    private static void ScoreCandidates(PageTree tree)
    {
        for (int i = tree.Nodes.Count - 1; i >= 0; i--)
        {
            var node = tree.Nodes[i];
            bool boilerplate = InBoilerplate(node);
            foreach (var line in node.Lines)
                node.ContentScore += LineWorth(line, boilerplate);
            if (node.Parent is { } parent)
                parent.ContentScore += node.ContentScore;
        }
        foreach (var node in tree.Nodes)
        {
            if (node.ContentScore > 0)
                node.ContentScore *= TagFactor(node) * LabelFactor(node);
        }
    }

    /// <summary>How much a line adds to its containers, in characters of evidence.</summary>
    internal static double LineWorth(PageLine line, bool inBoilerplate)
    {
        if (inBoilerplate)
            return -line.TextChars;
        double links = line.LinkDensity;
        if (links > 0.5)
            return -line.TextChars;
        if (line.TextChars < ProseMinChars)
            return -0.25 * line.TextChars - 2;
        double worth = line.TextChars * (1 - 2 * links);
        int commas = 0;
        foreach (char c in line.Text)
        {
            if (c is ',' or '，' or '、' or '،' or ';')
                commas++;
        }
        if (SentenceEnd().IsMatch(line.Text))
            worth += 20;
        return worth + 10 * Math.Min(commas, 10);
    }

    private static bool IsParagraphTag(string tag) =>
        tag is "p" or "li" or "pre" or "blockquote" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "dd" or "dt" or "td" or "th" or "font" or "center" or "address";

    /// <summary>Tags and labels scale an element's vote rather than add to it, so they break ties between
    /// containers of similar prose but cannot make a 50-character box outrank the article.</summary>
    private static double TagFactor(PageNode node) => node.Tag switch
    {
        "article" or "main" => 1.3,
        "div" or "section" or "td" or "blockquote" or "pre" => 1.1,
        "ol" or "ul" or "dl" or "li" or "form" or "dd" or "dt" or "address" => 0.8,
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" or "body" => 0.7,
        _ => 1,
    };

    private static double LabelFactor(PageNode node)
    {
        if (node.Hints.Length == 0)
            return 1;
        double factor = 1;
        if (ElementLabels.IsArticleBody(node.Hints))
            factor *= 1.5;
        if (ElementLabels.IsContent(node.Hints))
            factor *= 1.25;
        if (ElementLabels.IsBoilerplate(node.Hints))
            factor *= 0.6;
        return factor;
    }

    /// <summary>
    /// The top-scoring element, lifted to an ancestor when the runners-up sit under one (an article split into
    /// several scored sections), then widened to the siblings that score like it or hold clean prose.
    /// </summary>
    private static List<PageNode> ChooseContent(PageTree tree)
    {
        PageNode? best = null;
        foreach (var node in tree.Nodes)
        {
            if (node.ContentScore > 0 && !node.IsBoilerplate && (best is null || node.ContentScore > best.ContentScore))
                best = node;
        }
        return [best ?? tree.Root];
    }

    private static PageContent Collect(PageTree tree, List<PageNode> chosen)
    {
        var kept = new List<string>();
        var removed = new List<RemovedLine>();
        var junkLists = new HashSet<PageNode>(ReferenceEqualityComparer.Instance);
        foreach (var line in tree.Lines)
        {
            if (!chosen.Any(c => line.Owner.IsWithin(c)))
                continue;
            string? reason = Reject(line, chosen, junkLists);
            if (reason is null)
                kept.Add(line.Text);
            else
                removed.Add(new RemovedLine(line.Text, reason));
        }
        return new PageContent(kept, removed);
    }

    private static string? Reject(PageLine line, List<PageNode> chosen, HashSet<PageNode> linkLists)
    {
        for (var n = line.Owner; n is not null; n = n.Parent)
        {
            if (n.IsBoilerplate)
                return $"inside <{n.Tag}> labelled as boilerplate";
            if (chosen.Contains(n))
                break;
            if (linkLists.Contains(n) || IsLinkList(n))
            {
                linkLists.Add(n);
                return "in a list of links";
            }
        }
        if (line.TextChars > 0 && line.LinkDensity > 0.8 && line.TextChars < 40 && line.Owner.Tag is not ("p" or "pre" or "blockquote"))
            return "a link on its own";
        if (line.TextChars < 40 && JunkLine().IsMatch(line.Text))
            return "share, advertising or read-more label";
        return null;
    }

    /// <summary>Several short lines, mostly links: a menu, tag cloud or related-articles list.</summary>
    private static bool IsLinkList(PageNode node) =>
        node.Tag is "ul" or "ol" or "div" or "section" or "dl" or "nav" or "p"
        && node.LinkDensity > 0.5 && node.TextChars < 1500 && CountLines(node) >= 2;

    private static int CountLines(PageNode node)
    {
        int count = node.Lines.Count;
        foreach (var child in node.Children)
            count += CountLines(child);
        return count;
    }

    [GeneratedRegex(@"[.!?…。！？:""“”»«)]\s*$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklama|share( this)?( article| story| on \w+)?|teilen|tweet|print|drucken|e-?mail|read more|weiterlesen|mehr lesen|lire la suite|leer más|continue reading|skip to (?:main )?content|zum inhalt springen|follow us|like|top|back to top|nach oben|\d+ comments?|\d+ kommentare?)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex JunkLine();
}
