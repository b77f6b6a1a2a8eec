using System.Text.RegularExpressions;

namespace Tidings.Extraction.Html;

/// <summary>
/// Judges single lines inside the chosen content: a line may sit in labelled boilerplate or a list of links, or be a
/// share label, a pointer to other articles, a dateline or filing line, an image credit, a copyright notice or a reader
/// appeal. The phrases cover the languages most news is published in; each rule is bounded by line length, because
/// the same words inside a long paragraph are reporting.
/// </summary>
internal static partial class LineFilter
{
    /// <summary>The reason given for lines in figure captions; a removed caption does not take the heading above it along.</summary>
    public const string CaptionReason = "figure or caption";

    /// <summary>Why a line of the chosen content is not article text, or null when it is.</summary>
    public static string? Reject(PageLine line, List<PageNode> chosen, HashSet<PageNode> linkLists, bool keepLinks)
    {
        for (var n = line.Owner; n is not null; n = n.Parent)
        {
            // A listing's items are its content, captions and all: a gallery's captions are its text.
            if (n.IsBoilerplate && !(keepLinks && n.Tag is "figcaption"))
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
        if (line.TextChars < 120 && (BoilerplateVocabulary.FindStrong(line.Text) is not null || AppealLine().IsMatch(line.Text)))
            return "reader appeal or site notice";
        // Phrases no report opens a paragraph with: the line is the notice, however long it runs.
        if (line.TextChars < 400 && NoticeOpening().IsMatch(line.Text))
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
    public static partial Regex SentenceEnd();

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

    [GeneratedRegex(@"^\W*(?:kategorien?|categor(?:y|ies|ía|ie)|tags?|schlagw(?:ö|oe)rter|stichw(?:ö|oe)rter|posted (?:in|on|by)|filed under|abgelegt unter|ver(?:ö|oe)ffentlicht (?:am|in|von)|erstellt (?:am|von)|letzte (?:ä|ae)nderung|zuletzt (?:aktualisiert|ge(?:ä|ae)ndert)|aktualisiert(?: am)?|last (?:updated|modified)|published|publié le|publicado|pubblicato|dieser (?:eintrag|beitrag) wurde|der beitrag wurde|ver(?:ö|oe)ffentlichung\s*:|release date|news date|permalink|permalien|(?:presse)?kontakt\s*:?\s*$|ansprechpartner(?:in)?\s*:?\s*$|pressesprecher|autor(?:en|in)?\s*:?\s*$|contacts?\s*:?\s*$|media contact|press contact|telefon\s*:|tel\.\s*:?\s*\+?\d|fax\s*:|this (?:entry|post) was posted|geschrieben (?:am|von)|written by|von\s+\p{Lu}[\p{L}.]+\s+\p{Lu}[\p{L}.]+\s*$|by\s+\p{Lu}[\p{L}.]+(?:\s+\p{Lu}[\p{L}.]+)?\s*$|\(?\s*noch keine bewertungen|aufrufe\s*:|kommentare insgesamt|hinzugefügt von|\d+\s+(?:kommentare?|comments?|bewertungen|likes?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex FilingLine();

    [GeneratedRegex(@"^\W{0,3}(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightNotice();

    [GeneratedRegex(@"^\p{L}[\p{L} ]*:\s")]
    private static partial Regex LabelColon();

    [GeneratedRegex(@"://|www\.|@\w|\.(?:com|org|net|de|fr|html?)\b")]
    private static partial Regex AddressText();

    [GeneratedRegex(@"^\W*(?:foto|fotos|photo|photos|photograph|bild|bilder|image|images|credit|credits|crédits?(?: photos?)?|beitragsbild|titelbild|quelle|source|copyright|©|abbildung|abb\.|grafik|grafico|gráfico|graphique|fig\.|figure)\b\s*(?:\d+\s*)?(?:by|von|:|/|©|-)|^vergrößern\b|^(?:abbildung|grafico|grafik)\s|^\(?(?:credit|foto|photo|bild)\s*:|\((?:credit|foto|photo)\s*:[^)]*\)\s*$|^©|(?:istock|shutterstock|getty images|dpa|imago|picture alliance|bestimage)(?:\.com)?\s*\)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CreditLine();

    [GeneratedRegex(@"\b(?:unterstützen sie|unterstütze uns|jetzt (?:abonnieren|spenden|teilen|unterstützen|anmelden|registrieren)|newsletter|abonnieren sie|melden sie sich an|bitte registrieren|registrieren sie sich|einloggen|spenden sie|war (?:der|dieser) artikel (?:nützlich|hilfreich)|artikel teilen|if you enjoyed|consider supporting|support (?:us|our)|abonnez-vous|inscrivez-vous|suscríbete|iscriviti|pour lire la suite|to (?:view|read) the full story|subscribe now|warning: .* in /|unterstütze|subskrypcj|zapraszamy do|latest news straight to your|download (?:the|our) app|(?:canal|channel) de telegram|on telegram|advertise with|hacemos periodismo|cancela cuando|enthält werbung|^\W*werbung\W|^anzeige\s*[-–:]|affiliate[- ]links?|we recommend the best products|exklusive angebote|artikel gefallen|vergiss nicht zu teilen|nicht eingeloggt|wie bewerten sie|we want to hear what you think|korzystamy z (?:plików )?cookies|wir respektieren (?:deine|ihre) privatsphäre|letter to the editor via|follow (?:the (?:\S+ ){1,3}|us )on (?:twitter|facebook|instagram)|download the \w+ apps?\b|nuestro canal de youtube|hazte miembro|stay up-to-date|gefällt (?:dir|ihnen) unser|mit anderen teilen|alle angaben ohne gewähr|meinung des autors wieder|sofern nicht anders ausgewiesen|und vorteile sichern)", RegexOptions.IgnoreCase)]
    private static partial Regex AppealLine();

    [GeneratedRegex(@"^\W*(?:auch interessant|related(?: topics| articles| posts| stories| content)?\b|read (?:more|also|next)\b|see also|more on this|more from|most (?:read|popular)|you (?:may|might) also like|recommended for you|trending now|à lire aussi|lire aussi|(?:le|te) puede interesar|lea también|vea también|puedes ver|lesen sie auch|lies auch|schon gelesen|mehr zum thema|mehr dazu|weitere (?:artikel|beiträge|informationen|infos|news|meldungen|themen)\b|das könnte (?:dich|sie)|passend dazu|dazu passend|meistgelesen|czytaj (?:więcej|też|także)|zobacz (?:też|także)|leggi anche|potrebbe interessarti|siguenos en|síguenos en|follow us on|mehr interessantes|noch mehr (?:infos|artikel|themen)|weitere aktuelle|kommende (?:events|termine|veranstaltungen)|contexto de la noticia|más noticias|plus d'articles|more (?:stories|news|articles)\b|mehr themen|zum weiterlesen|meistdiskutiert|das thema könnte|entdecke weitere|vorschau auf den nächsten|alle artikel zu|lust auf mehr)", RegexOptions.IgnoreCase)]
    private static partial Regex RelatedMarker();

    [GeneratedRegex(@"^\W*(?:advertisement|anzeige|drukuj|imprimir|imprimer|stampa|werbung|publicité|publicidad|pubblicità|reklama|share( this)?( article| story| on \w+)?|teilen|tweet|print|drucken|e-?mail|read more|weiterlesen|mehr lesen|mehr anzeigen|show more|load more|mehr laden|lire la suite|leer más|continue reading|skip to (?:main )?content|zum inhalt springen|follow us|like|top|back to top|nach oben|\d+ comments?|\d+ kommentare?|(?:news|artikel|beitrag) teilen|merken|pinnen|bild (?:anzeigen|schließen)|zum rezept|keine kommentare|no comments|sorted by|externer inhalt|schlagworte|like (?:this )?recipe|pdf|quellenangaben|źródło|zusatzinformationen|więcej\]?|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|纠错)(?:\W+(?:print|drucken|teilen|share|tweet|e-?mail|merken|pinnen|bild (?:anzeigen|schließen)))*\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex JunkLine();

    [GeneratedRegex(@"^\W*(?:wir respektieren (?:deine|ihre) privatsphäre|lust auf mehr\?|we recommend the best products|hacemos periodismo|follow (?:the (?:\S+ ){1,3}|us )on (?:twitter|facebook|instagram)|gefällt (?:dir|ihnen) unser|like (?:this )?recipe\?|keine kommentare\b|sorted by:|first-time subscribers|for the latest stories and breaking news|this (?:post|article) contains (?:references to products|affiliate links)|bonus value is an estimated value|(?:dieser|der) (?:beitrag|eintrag) wurde am|erstellt am \w+,? \d|bei diesem beitrag handelt es sich um|dieser text entspricht den|our standards:|jede (?:kleine )?spende|bitte teilen sie uns ihre (?:erfahrung|meinung)|except as otherwise noted, the content of this (?:page|site)|[\w.&®™ -]{1,60} (?:is a|are) (?:registered )?trademarks? of [\w.,&/ -]{1,80}\.?$)", RegexOptions.IgnoreCase)]
    private static partial Regex NoticeOpening();
}
