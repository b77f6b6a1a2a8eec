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
        var listing = ListingDetector.Find(tree);
        // A page whose largest repeated block (result cards, a product grid, a thread of posts) outweighs its best
        // prose by far, or that has no prose at all, is a listing: its items, links and all, are the content.
        bool noProse = chosen[0].ContentScore <= 0;
        if (listing is not null && (noProse || listing.Chars >= 3 * Math.Max(200, chosen[0].ProseChars)))
            return Collect(tree, [listing.Container], keepLinks: true);
        return Collect(tree, chosen, keepLinks: false);
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
            if (node.Tag == "dialog" || node.Tag is not ("body" or "html" or "main" or "article") && ElementLabels.IsOverlay(node.Hints)
                && node.TextChars < 0.8 * tree.Root.TextChars)
            {
                // An overlay's text is not the page's prose: it neither counts nor protects anything. One that holds
                // nearly all the page's text is a layout wrapper (Drupal's dialog-off-canvas-main-canvas).
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
        var discussions = new List<PageNode>();
        foreach (var node in tree.Nodes)
        {
            if (node.Tag is "body" or "html" || node.IsBoilerplate)
                continue;
            bool structural = node.Tag is "nav" or "aside" or "footer" or "figcaption" or "form" or "header" or "menu";
            // Headings carry generated anchor ids ("nav_nur_die_folie__1"); their labels say nothing about them.
            bool labelled = !IsHeading(node.Tag) && ElementLabels.IsBoilerplate(node.Hints);
            if (!structural && !labelled)
                continue;
            double share = node.ProseChars / pageProse;
            bool comments = labelled && ElementLabels.IsComments(node.Hints);
            bool contentLabel = ElementLabels.IsContent(node.Hints) && !ElementLabels.IsRelated(node.Hints);
            bool related = labelled && ElementLabels.IsRelated(node.Hints);
            // Inside a discussion that is the page, each post's own "comment" label is the content's, too.
            if (comments && discussions.Exists(node.IsWithin))
                continue;
            if (!related && (share >= (comments ? 0.9 : 0.5) || (contentLabel && !comments && share >= 0.25)))
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
    }

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
        line.TextChars >= 80 && line.LinkDensity < 0.3 && SentenceEnd().IsMatch(line.Text);

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
        if (best is null)
            return [tree.Root];
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
        var region = body;
        for (int i = 0; i < RepeatReach && region.Parent is { } up && up.Tag is not ("body" or "html"); i++)
            region = up;
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
        var region = body;
        for (int i = 0; i < StandfirstReach && region.Parent is { } up && up.Tag is not ("body" or "html"); i++)
            region = up;
        int bodyStart = body.FirstLineOrder();
        foreach (var node in tree.Nodes)
        {
            if (node.TextChars < 40 || node.LinkDensity > 0.3 || !ElementLabels.IsStandfirst(node.Hints) || !node.IsWithin(region)
                || chosen.Any(c => node.IsWithin(c) || c.IsWithin(node)) || node.IsInBoilerplate() || node.FirstLineOrder() > bodyStart)
                continue;
            yield return node;
        }
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
                lines.Add((line, Reject(line, chosen, junkLists, keepLinks)));
        }
        // A short heading over a section that was removed ("Auch interessant", "Related topics") goes with it.
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            var (line, reason) = lines[i];
            if (reason is null && lines[i + 1].Reason is { } next && next != CaptionReason
                && line.TextChars < 60 && !SentenceEnd().IsMatch(line.Text) && line.Owner.Tag is not ("p" or "li" or "td"))
                lines[i] = (line, "heading of a removed section");
        }
        var kept = lines.Where(l => l.Reason is null).Select(l => l.Line.Text).ToList();
        var removed = lines.Where(l => l.Reason is not null).Select(l => new RemovedLine(l.Line.Text, l.Reason!)).ToList();
        return new PageContent(kept, removed);
    }

    private const string CaptionReason = "figure or caption";

    private static string? Reject(PageLine line, List<PageNode> chosen, HashSet<PageNode> linkLists, bool keepLinks)
    {
        for (var n = line.Owner; n is not null; n = n.Parent)
        {
            if (n.IsBoilerplate)
                return n.Tag is "figcaption" ? CaptionReason : $"inside <{n.Tag}> labelled as boilerplate";
            if (chosen.Contains(n))
                break;
            if (!keepLinks && (linkLists.Contains(n) || IsLinkList(n)))
            {
                linkLists.Add(n);
                return "in a list of links";
            }
        }
        // A bare address the author printed in the text ("http://www.openpetition.de", an e-mail) is content.
        if (!keepLinks && line.LinkDensity >= 0.75 && line.TextChars < 250 && !AddressText().IsMatch(line.Text) && line.Owner.Tag != "td")
            return "mostly a link";
        if (line.TextChars < 40 && JunkLine().IsMatch(line.Text))
            return "share, advertising or read-more label";
        if (line.TextChars < 120 && RelatedMarker().IsMatch(line.Text))
            return "points to other articles";
        if (line.TextChars < 150 && (FilingLine().IsMatch(line.Text) || IsDateLine(line)))
            return "date, category or filing line";
        if (line.TextChars < 160 && (CreditLine().IsMatch(line.Text) || BoilerplateVocabulary.CaptionMarker().IsMatch(line.Text)))
            return "image credit";
        if (line.TextChars < 400 && CopyrightNotice().IsMatch(line.Text))
            return "copyright notice";
        if (line.TextChars < 120 && (BoilerplateVocabulary.Strong().IsMatch(line.Text) || AppealLine().IsMatch(line.Text)))
            return "reader appeal or site notice";
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

    /// <summary>A short line that is mostly a date: "Donnerstag, 31. Mai 2012", "23.10.2018", "24. März 2004, 19:49 | Genesis".</summary>
    private static bool IsDateLine(PageLine line)
    {
        if (line.TextChars > 60)
            return false;
        // "Termin: 29.02.2020" and "Einsendeschluss: 03.11.2019" are facts of the article, not its dateline.
        if (LabelColon().IsMatch(line.Text) || !WrittenDates.All(line.Text).Any())
            return false;
        return line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 7;
    }

    [GeneratedRegex(@"^\W*(?:kategorien?|categor(?:y|ies|ía|ie)|tags?|schlagw(?:ö|oe)rter|stichw(?:ö|oe)rter|posted (?:in|on|by)|filed under|abgelegt unter|ver(?:ö|oe)ffentlicht (?:am|in|von)|erstellt (?:am|von)|letzte (?:ä|ae)nderung|zuletzt (?:aktualisiert|ge(?:ä|ae)ndert)|aktualisiert(?: am)?|last (?:updated|modified)|published|publié le|publicado|pubblicato|dieser (?:eintrag|beitrag) wurde|der beitrag wurde|ver(?:ö|oe)ffentlichung\s*:|release date|news date|permalink|permalien|(?:presse)?kontakt\s*:?\s*$|ansprechpartner(?:in)?\s*:?\s*$|pressesprecher|autor(?:en|in)?\s*:?\s*$|contacts?\s*:?\s*$|media contact|press contact|telefon\s*:|tel\.\s*:?\s*\+?\d|fax\s*:|this (?:entry|post) was posted|geschrieben (?:am|von)|written by|von\s+\p{Lu}[\p{L}.]+\s+\p{Lu}[\p{L}.]+\s*$|by\s+\p{Lu}[\p{L}.]+(?:\s+\p{Lu}[\p{L}.]+)?\s*$|\(?\s*noch keine bewertungen|\d+\s+(?:kommentare?|comments?|bewertungen|likes?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FilingLine();

    [GeneratedRegex(@"^\W{0,3}(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightNotice();

    [GeneratedRegex(@"^\p{L}[\p{L} ]*:\s")]
    private static partial Regex LabelColon();

    [GeneratedRegex(@"://|www\.|@\w|\.(?:com|org|net|de|fr|html?)\b")]
    private static partial Regex AddressText();

    [GeneratedRegex(@"^\W*(?:foto|fotos|photo|photos|photograph|bild|bilder|image|images|credit|credits|crédits?(?: photos?)?|beitragsbild|titelbild|quelle|source|copyright|©|abbildung|abb\.|grafik|grafico|gráfico|graphique|fig\.|figure)\b\s*(?:\d+\s*)?(?:by|von|:|/|©|-)|^vergrößern\b|^(?:abbildung|grafico|grafik)\s|^\(?(?:credit|foto|photo|bild)\s*:|\((?:credit|foto|photo)\s*:[^)]*\)\s*$|^©|(?:istock|shutterstock|getty images|dpa|imago|picture alliance|bestimage)(?:\.com)?\s*\)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CreditLine();

    [GeneratedRegex(@"\b(?:unterstützen sie|unterstütze uns|jetzt (?:abonnieren|spenden|teilen|unterstützen|anmelden|registrieren)|newsletter|abonnieren sie|melden sie sich an|bitte registrieren|registrieren sie sich|einloggen|spenden sie|war (?:der|dieser) artikel (?:nützlich|hilfreich)|artikel teilen|if you enjoyed|consider supporting|support (?:us|our)|abonnez-vous|inscrivez-vous|suscríbete|iscriviti|pour lire la suite|to (?:view|read) the full story|subscribe now|warning: .* in /|unterstütze|subskrypcj|zapraszamy do|latest news straight to your|download (?:the|our) app|(?:canal|channel) de telegram|on telegram|advertise with|hacemos periodismo|cancela cuando|enthält werbung|^\W*werbung\W|^anzeige\s*[-–:]|affiliate[- ]links?|we recommend the best products|exklusive angebote|artikel gefallen|vergiss nicht zu teilen|nicht eingeloggt)", RegexOptions.IgnoreCase)]
    private static partial Regex AppealLine();

    [GeneratedRegex(@"^\W*(?:auch interessant|related(?: topics| articles| posts| stories| content)?\b|read (?:more|also|next)\b|see also|more on this|more from|most (?:read|popular)|you (?:may|might) also like|recommended for you|trending now|à lire aussi|lire aussi|(?:le|te) puede interesar|lea también|vea también|puedes ver|lesen sie auch|lies auch|schon gelesen|mehr zum thema|mehr dazu|weitere (?:artikel|beiträge|informationen|infos|news|meldungen|themen)\b|das könnte (?:dich|sie)|passend dazu|dazu passend|meistgelesen|czytaj (?:więcej|też|także)|zobacz (?:też|także)|leggi anche|potrebbe interessarti|siguenos en|síguenos en|follow us on|mehr interessantes|noch mehr (?:infos|artikel|themen)|weitere aktuelle|kommende (?:events|termine|veranstaltungen)|contexto de la noticia|más noticias|plus d'articles|more (?:stories|news|articles)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex RelatedMarker();

    [GeneratedRegex(@"^\W*(?:advertisement|anzeige|drukuj|imprimir|imprimer|stampa|werbung|publicité|publicidad|pubblicità|reklama|share( this)?( article| story| on \w+)?|teilen|tweet|print|drucken|e-?mail|read more|weiterlesen|mehr lesen|mehr anzeigen|show more|load more|mehr laden|lire la suite|leer más|continue reading|skip to (?:main )?content|zum inhalt springen|follow us|like|top|back to top|nach oben|\d+ comments?|\d+ kommentare?)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex JunkLine();
}
