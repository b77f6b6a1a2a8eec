using System.Text.RegularExpressions;

namespace Tidings.Extraction.Html;

/// <summary>The article body found in a page: its lines in reading order, and what was left out, with reasons.</summary>
internal sealed record PageContent(IReadOnlyList<string> Paragraphs, IReadOnlyList<RemovedLine> Removed);

/// <summary>
/// Finds a page's main content. First, boilerplate is marked by structure (nav, aside, footer) and by the labels the
/// page's author gave each element (class, id, role, itemprop), except that no label may remove the bulk of the page's
/// prose. Then every element scores the sum of its lines' worth (prose for its length, link lines and boilerplate
/// against it), scaled a little by its tag and labels; the best-scoring element is the deepest container that holds
/// most of the article and least of the rest. Its sibling boxes, repeated body boxes and the standfirst above it join
/// it; inside, link lists, share bars, captions, datelines, credits and appeals are dropped, each with its reason.
/// No one signal decides alone: a <c>comments</c> class cannot remove a page that is all discussion, and an
/// <c>&lt;article&gt;</c> tag only adds weight.
/// </summary>
internal static partial class ContentExtractor
{
    /// <summary>Lines shorter than this (letters and digits) are labels or links, not prose, and count slightly against.</summary>
    private const int ProseMinChars = 25;

    /// <summary>A listing must hold this many times the best prose (and at least the floor) to be the content instead.</summary>
    private const int ListingOutweighs = 3;
    private const int ListingFloorChars = 200;

    /// <summary>A listing whose text is at least this much links is a list of links (a menu, "more stories", a product grid).</summary>
    private const double LinkListDensity = 0.8;

    /// <summary>Prose that outweighs a list of links whatever the page calls it; marked as the article, a little is enough.</summary>
    private const int LinkListYieldsToProse = 2000, LinkListYieldsToArticleProse = 250;

    /// <summary>Shares of the page's prose above which a label cannot make an element boilerplate: half for most labels,
    /// a quarter when the element also calls itself content, nearly all for a comment section.</summary>
    private const double ProtectedShare = 0.5, ProtectedContentShare = 0.25, ProtectedDiscussionShare = 0.9;

    /// <summary>Below this much prose, a page's shares are taken of its text outside links instead.</summary>
    private const int ProselessPageChars = 100;

    public static PageContent Extract(PageTree tree)
    {
        MarkBoilerplate(tree);
        ScoreCandidates(tree);
        var chosen = ChooseContent(tree);
        var listing = ListingDetector.Find(tree);
        // A page whose largest repeated block (result cards, a product grid, a thread of posts) outweighs its best
        // prose by far, or that has no prose at all, is a listing: its items, links and all, are the content.
        // A listing inside the body (its references, a gallery's captions) is part of it, and the body is weighed with
        // its sibling and repeated boxes (a report printed as one box per section).
        bool noProse = chosen[0].ContentScore <= 0;
        int bodyProse = chosen.Where(c => c.Tag == chosen[0].Tag && c.Hints == chosen[0].Hints).Sum(c => c.ProseChars);
        if (listing is not null && (noProse || listing.Chars >= ListingOutweighs * Math.Max(ListingFloorChars, bodyProse) && !IsLinkListBesideBody(listing, chosen[0], bodyProse)))
            return listing.Container.IsWithin(chosen[0]) ? Collect(tree, chosen, keepLinks: true) : Collect(tree, [listing.Container], keepLinks: true);
        return Collect(tree, chosen, keepLinks: false);
    }

    /// <summary>
    /// A list of links (a menu, "more stories") beside a body that the page marks as its article (an
    /// <c>&lt;article&gt;</c> element or an article-body label) or that is long: the body is the content, however many
    /// links the list holds. A shop's product grid under a category's short description stays the content: neither is
    /// marked as an article.
    /// </summary>
    private static bool IsLinkListBesideBody(Listing listing, PageNode body, int bodyProse)
    {
        // A list in a <nav> or <aside> is a site's menu, however much it describes its entries.
        if (SelfOrAncestor(listing.Container, static n => n.Tag is "nav" or "aside"))
            return bodyProse >= LinkListYieldsToArticleProse;
        if (listing.Container.LinkDensity < LinkListDensity)
            return false;
        if (bodyProse >= LinkListYieldsToProse)
            return true;
        return bodyProse >= LinkListYieldsToArticleProse && SelfOrAncestor(body, IsMarkedArticle);
    }

    /// <summary>An element the page marks as its article: an <c>&lt;article&gt;</c>, or one labelled as the article body.</summary>
    private static bool IsMarkedArticle(PageNode node) => node.Tag == "article" || node.Labels.IsArticleBody;

    /// <summary>Whether the element or one above it is such.</summary>
    private static bool SelfOrAncestor(PageNode node, Func<PageNode, bool> such) => such(node) || Ancestor(node, such) is not null;

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
            if (node.Tag == "dialog" || node.Tag is not ("body" or "html" or "main" or "article") && node.Labels.IsOverlay
                && !node.Labels.IsArticleBody && node.TextChars < 0.8 * tree.Root.TextChars)
            {
                // An overlay's text is not the page's prose: it neither counts nor protects anything. One that holds
                // nearly all the page's text is a layout wrapper (Drupal's dialog-off-canvas-main-canvas), and one that
                // is also labelled as the article body is the article behind a paywall ("article-body paywall-google").
                node.IsBoilerplate = true;
                continue;
            }
            foreach (var line in node.Lines)
            {
                if (IsProse(line))
                    node.ProseChars += line.TextChars;
            }
            if (node.Parent is { } parent)
                parent.ProseChars += node.ProseChars;
        }
        double pageProse = Math.Max(1, tree.Root.ProseChars);
        bool proseless = tree.Root.ProseChars < ProselessPageChars;
        double pageText = Math.Max(1, tree.Root.TextChars - tree.Root.LinkChars);
        double ShareOf(PageNode node) => proseless ? (double)(node.TextChars - node.LinkChars) / pageText : node.ProseChars / pageProse;
        // A thread printed one element per post, each labelled "comment" (a forum topic, a question and its answers),
        // is the page when its posts together hold nearly all its prose, however small each post's own share.
        var discussions = tree.Nodes
            .Where(n => n.Parent is not null && !IsHeading(n.Tag) && n.Labels.IsBoilerplate && n.Labels.IsComments)
            .GroupBy(n => n.Parent!)
            .Where(posts => posts.Count() > 1 && posts.Sum(ShareOf) >= ProtectedDiscussionShare)
            .Select(posts => posts.Key)
            .ToList();
        var articles = tree.Nodes.Where(n => (n.Tag == "main" || IsMarkedArticle(n))
            && (n.ProseChars > 0 || proseless && n.TextChars - n.LinkChars >= MarkedBodyMinChars)).ToList();
        foreach (var node in tree.Nodes)
        {
            if (node.Tag is "body" or "html" || node.IsBoilerplate)
                continue;
            bool structural = node.Tag is "nav" or "aside" or "footer" or "figcaption" or "form" or "header" or "menu";
            // Headings carry generated anchor ids ("nav_nur_die_folie__1"); their labels say nothing about them.
            bool labelled = !IsHeading(node.Tag) && node.Labels.IsBoilerplate;
            if (!structural && !labelled)
                continue;
            // On a page with hardly any prose (a data sheet, a list of buildings) the bulk of its text is what no label may remove.
            double share = ShareOf(node);
            bool comments = labelled && node.Labels.IsComments;
            bool contentLabel = node.Labels.IsContent && !node.Labels.IsRelated;
            bool related = labelled && node.Labels.IsRelated;
            // Inside a discussion that is the page, each post's own "comment" label is the content's, too.
            if (comments && discussions.Exists(node.IsWithin))
                continue;
            // A sidebar or page footer beside an element the page marks as its article or main content is no wrapper
            // of it, however much prose it holds (an "about this magazine" widget, a party's programme beside a short
            // post, a legal disclaimer under a short guide). One inside such an element is the article's own layout
            // ("sidebar-layout") or footer.
            bool sidebarBesideArticle = (node.Tag is "aside" or "footer" || node.Labels.IsSidebar)
                && !articles.Exists(node.IsWithin) && articles.Exists(a => !a.IsWithin(node));
            if (!related && !sidebarBesideArticle
                && (share >= (comments ? ProtectedDiscussionShare : ProtectedShare) || (contentLabel && !comments && share >= ProtectedContentShare)))
            {
                if (comments)
                    discussions.Add(node);
                continue;
            }
            // A header with prose in it is an article's own head (standfirst, subtitle); a form with prose wraps the
            // page (ASP.NET) or a product's description.
            if (node.Tag is "header" or "form" && !labelled && (node.ProseChars > 0 || HasLongLine(node)))
                continue;
            node.IsBoilerplate = true;
        }
        MarkHeadedBoxes(tree, articles, ShareOf);
        MarkTeaserCards(tree, articles);
    }

    /// <summary>Cards of other posts: at least this many sibling <c>&lt;article&gt;</c>s, each a link and a little text.</summary>
    private const int TeaserCardsMin = 3, TeaserCardMaxChars = 800;

    /// <summary>Prose outside the cards that makes the page an article of its own, beside which cards are other posts.</summary>
    private const int OwnArticleProseChars = 500;

    /// <summary>
    /// A grid of cards, each an <c>&lt;article&gt;</c> holding a link and an excerpt, beside a page's own article is a
    /// list of other posts ("recent posts"), not part of it; on a blog's index page, where the cards are all the prose
    /// there is, they are the content.
    /// </summary>
    private static void MarkTeaserCards(PageTree tree, List<PageNode> articles)
    {
        foreach (var node in tree.Nodes)
        {
            if (node.IsBoilerplate || node.Children.Count < TeaserCardsMin)
                continue;
            var cards = node.Children.Where(c => c.Tag == "article" && !c.IsBoilerplate).ToList();
            if (cards.Count < TeaserCardsMin || !cards.TrueForAll(c => c.LinkChars > 0 && c.TextChars <= TeaserCardMaxChars)
                || tree.Root.ProseChars - cards.Sum(c => c.ProseChars) < OwnArticleProseChars || node.IsInBoilerplate()
                || articles.Exists(a => !cards.Contains(a) && node.IsWithin(a)))
                continue;
            foreach (var card in cards)
                card.IsBoilerplate = true;
        }
    }

    /// <summary>
    /// A box that opens with a heading such as "About the author" or "Related articles" is that, whatever its classes say
    /// (utility-class pages label nothing): the nearest element that begins with the heading and holds more than it goes,
    /// unless it holds the page's article or a quarter of its prose.
    /// </summary>
    private static void MarkHeadedBoxes(PageTree tree, List<PageNode> articles, Func<PageNode, double> shareOf)
    {
        foreach (var line in tree.Lines)
        {
            if (line.TextChars > HeadedBoxHeadingChars || !BoxHeading().IsMatch(line.Text))
                continue;
            // The box is the nearest element that holds more than the heading: above it, the heading may open a row
            // of the layout that holds other things as well.
            var box = line.Owner;
            while (box.TextChars <= line.TextChars && box.Parent is not null)
                box = box.Parent;
            if (box.Tag is "body" or "html" or "main" || box.FirstLineOrder() != line.Order || IsMarkedArticle(box)
                || articles.Exists(a => a.IsWithin(box)) || shareOf(box) >= ProtectedContentShare)
                continue;
            box.IsBoilerplate = true;
        }
    }

    private const int HeadedBoxHeadingChars = 40;

    [GeneratedRegex(@"^\s*(?:about (?:the )?(?:author|authors|reviewer|writer|contributor|editor)s?|author bio(?:graphy)?|disclaimer|related (?:articles|posts|stories|content|reading|topics)|recent (?:articles|posts|stories)|more (?:stories|articles|posts)(?: from .*)?|you (?:may|might) also (?:like|enjoy)|recommended (?:for you|articles|reading|stories|posts)|popular (?:posts|articles|stories)|most (?:read|popular)|read next|über (?:den autor|die autorin|die autoren|diese reihe)|zur person|das könnte (?:sie|dich) auch interessieren|mehr zum thema|weitere artikel|ähnliche (?:artikel|beiträge)|lesen sie auch|à propos de l['’]auteur|sur le même sujet|lire aussi|sobre el autor|te puede interesar)\s*:?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoxHeading();

    /// <summary>A line long enough to be a standfirst or subtitle rather than a label.</summary>
    private static bool HasLongLine(PageNode node)
    {
        var stack = new Stack<PageNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Lines.Any(l => l.TextChars >= 60 && l.LinkDensity < 0.3))
                return true;
            foreach (var child in n.Children)
                stack.Push(child);
        }
        return false;
    }

    private static bool IsProse(PageLine line) =>
        line.TextChars >= 80 && line.LinkDensity < 0.3 && LineFilter.SentenceEnd().IsMatch(line.Text);

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
            bool boilerplate = node.IsInBoilerplate();
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
    private static double LineWorth(PageLine line, bool inBoilerplate)
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
        if (LineFilter.SentenceEnd().IsMatch(line.Text))
            worth += 20;
        return worth + 10 * Math.Min(commas, 10);
    }

    private static bool IsHeading(string tag) => tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

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
        if (node.Labels.IsArticleBody)
            factor *= 1.5;
        if (node.Labels.IsContent)
            factor *= 1.25;
        if (node.Labels.IsBoilerplate)
            factor *= 0.6;
        return factor;
    }

    /// <summary>
    /// The top-scoring element, widened to sibling boxes that score well and hold prose, to repeated boxes of the
    /// body's own kind nearby, and to the standfirst above it.
    /// </summary>
    private static List<PageNode> ChooseContent(PageTree tree)
    {
        PageNode? best = null;
        foreach (var node in tree.Nodes)
        {
            if (node.ContentScore > 0 && !node.IsBoilerplate && (best is null || node.ContentScore > best.ContentScore))
                best = node;
        }
        // A page without prose (lyrics, a results table, a data sheet) gives the scores nothing to go on: the element
        // the page marks as its article body is the better answer.
        if ((best is null || best.ProseChars == 0) && MarkedBody(tree) is { } marked && marked.TextChars > (best?.TextChars ?? 0))
            best = marked;
        if (best is null)
            return [tree.Root];
        // A page of short sections (a service's landing page, a product page) has no body to find: the best block is
        // one section of many. When the page marks its main content and no article in it, the main content is the answer.
        if (best.ProseChars < LandingPageProseChars && !IsMarkedArticle(best)
            && Ancestor(best, static n => n.Tag == "main") is { } main && !main.IsInBoilerplate()
            && !tree.Nodes.Any(n => n.Tag == "article" && n.IsWithin(main) && n.ProseChars >= LandingPageProseChars))
            return [main];
        var chosen = new List<PageNode> { best };
        if (best.Parent is not { } parent)
            return chosen;
        // The article split across sibling boxes (a standfirst box above the body, a second column): siblings that
        // hold prose of their own and score well are more of the same.
        double threshold = Math.Max(SiblingMinimumScore, best.ContentScore * SiblingShare);
        foreach (var sibling in parent.Children)
        {
            if (!ReferenceEquals(sibling, best) && !sibling.IsBoilerplate && sibling.ContentScore >= threshold && sibling.ProseChars > 0)
                chosen.Add(sibling);
        }
        chosen.AddRange(Repeats(tree, best, chosen, threshold));
        chosen.AddRange(Standfirsts(tree, best, chosen));
        return chosen;
    }

    /// <summary>Prose below which the best block of a page that marks its main content is one section of a landing page.</summary>
    private const int LandingPageProseChars = 1000;

    /// <summary>The nearest element above <paramref name="node"/> that is such, if any.</summary>
    private static PageNode? Ancestor(PageNode node, Func<PageNode, bool> such)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            if (such(n))
                return n;
        }
        return null;
    }

    /// <summary>Letters an element marked as the article body must hold to stand in for prose the page lacks.</summary>
    private const int MarkedBodyMinChars = 200;

    /// <summary>The largest element labelled as the article body, or else the largest <c>&lt;article&gt;</c>, outside boilerplate.</summary>
    private static PageNode? MarkedBody(PageTree tree)
    {
        PageNode? labelled = null, article = null;
        foreach (var node in tree.Nodes)
        {
            if (node.TextChars - node.LinkChars < MarkedBodyMinChars || node.IsInBoilerplate())
                continue;
            if (node.Labels.IsArticleBody && (labelled is null || node.TextChars > labelled.TextChars))
                labelled = node;
            else if (node.Tag == "article" && (article is null || node.TextChars > article.TextChars))
                article = node;
        }
        return labelled ?? article;
    }

    /// <summary>How far up the body's repeated pieces may be looked for.</summary>
    private const int RepeatReach = 3;

    /// <summary>
    /// Content management systems print an article as a run of identical boxes (one "ce-bodytext" per section, each
    /// in its own wrapper). Boxes of the body's own kind, nearby and scoring well, are the rest of the article.
    /// </summary>
    private static IEnumerable<PageNode> Repeats(PageTree tree, PageNode body, List<PageNode> chosen, double threshold)
    {
        if (body.Hints.Length == 0)
            yield break;
        var region = Region(body, RepeatReach);
        foreach (var node in tree.Nodes)
        {
            if (node.Tag == body.Tag && node.Hints == body.Hints && !ReferenceEquals(node, body) && node.ContentScore >= threshold
                && node.IsWithin(region) && !chosen.Any(c => node.IsWithin(c) || c.IsWithin(node)) && !node.IsInBoilerplate())
                yield return node;
        }
    }

    /// <summary>How far above the body a standfirst may sit: article header, intro box and body rarely nest deeper.</summary>
    private const int StandfirstReach = 4;

    /// <summary>
    /// The standfirst (lead, intro, summary) that sites print above the body in a header or box of its own: labelled
    /// as such, plain text, before the body, and within a few levels of it.
    /// </summary>
    private static IEnumerable<PageNode> Standfirsts(PageTree tree, PageNode body, List<PageNode> chosen)
    {
        var region = Region(body, StandfirstReach);
        int bodyStart = body.FirstLineOrder();
        foreach (var node in tree.Nodes)
        {
            if (node.TextChars < 40 || node.LinkDensity > 0.3 || !node.Labels.IsStandfirst || !node.IsWithin(region)
                || chosen.Any(c => node.IsWithin(c) || c.IsWithin(node)) || node.IsInBoilerplate() || node.FirstLineOrder() > bodyStart)
                continue;
            yield return node;
        }
    }

    /// <summary>The body's ancestor <paramref name="levels"/> up, stopping below the page body.</summary>
    private static PageNode Region(PageNode body, int levels)
    {
        var region = body;
        for (int i = 0; i < levels && region.Parent is { } up && up.Tag is not ("body" or "html"); i++)
            region = up;
        return region;
    }

    private const double SiblingMinimumScore = 60;
    private const double SiblingShare = 0.1;

    private static PageContent Collect(PageTree tree, List<PageNode> chosen, bool keepLinks)
    {
        var lines = new List<(PageLine Line, string? Reason)>();
        var junkLists = new HashSet<PageNode>(ReferenceEqualityComparer.Instance);
        foreach (var line in tree.Lines)
        {
            if (chosen.Any(c => line.Owner.IsWithin(c)))
                lines.Add((line, LineFilter.Reject(line, chosen, junkLists, keepLinks)));
        }
        // A short heading over a section that was removed ("Auch interessant", "Related topics") goes with it.
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            var (line, reason) = lines[i];
            if (reason is null && lines[i + 1].Reason is { } next && next != LineFilter.CaptionReason
                && line.TextChars < 60 && !LineFilter.SentenceEnd().IsMatch(line.Text) && line.Owner.Tag is not ("p" or "li" or "td"))
                lines[i] = (line, "heading of a removed section");
        }
        DropRepeatedRuns(lines);
        var kept = lines.Where(l => l.Reason is null).Select(l => l.Line.Text).ToList();
        var removed = lines.Where(l => l.Reason is not null).Select(l => new RemovedLine(l.Line.Text, l.Reason!)).ToList();
        return new PageContent(kept, removed);
    }

    private const string CaptionReason = "figure or caption";

    /// <summary>Paragraphs at least this long count as repeated; a short line ("Read more", a label) may rightly recur.</summary>
    private const int RepeatedParagraphChars = 80;

    /// <summary>Consecutive repeated paragraphs that make a second copy of a block rather than a quotation.</summary>
    private const int RepeatedRunParagraphs = 2;

    /// <summary>
    /// A page that prints its article twice (a desktop and a mobile layout, a tab that restates the body) says each
    /// paragraph once: a run of paragraphs that each repeat an earlier one goes. A single repeat stays: a reply quoting
    /// a post, a credit under each picture, a field described alike in a reference.
    /// </summary>
    private static void DropRepeatedRuns(List<(PageLine Line, string? Reason)> lines)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var run = new List<int>();
        for (int i = 0; i <= lines.Count; i++)
        {
            // Past the last line, the run in hand ends.
            if (i < lines.Count)
            {
                var (line, reason) = lines[i];
                if (reason is not null || line.TextChars < RepeatedParagraphChars)
                    continue;
                // A line's text is already spaced as the reader sees it (PageTree collapses it as it reads).
                if (!seen.Add(line.Text))
                {
                    run.Add(i);
                    continue;
                }
            }
            if (run.Count >= RepeatedRunParagraphs)
            {
                foreach (int r in run)
                    lines[r] = (lines[r].Line, "repeats an earlier paragraph");
            }
            run.Clear();
        }
    }
}
