using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>The outcome of cleaning one plain-text article.</summary>
public sealed record CleanedText(
    string? Title,
    string? Byline,
    PublicationDate? Dateline,
    string? FooterUrl,
    IReadOnlyList<string> SelfNames,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<RemovedLine> Removed);

/// <summary>
/// Removes the lines a naive scraper leaves around an article (banners, appeals, ads, captions, comment forms,
/// share lines) and picks out the headline, byline and dateline. Each line is judged by its own features
/// (length, punctuation, reader address, call-to-action vocabulary), by its position relative to the article's
/// prose, and by its neighbours: an appeal rarely stops after one paragraph.
/// </summary>
public static partial class PlainTextCleaner
{
    private enum Role { Unknown, Body, Title, Byline, Dateline, Removed }

    private sealed class Line(LineFeatures features)
    {
        public LineFeatures F { get; } = features;
        /// <summary>The line's <see cref="Normalise"/>d form, read by several rules, so made once.</summary>
        public string Normal => _normal ??= Normalise(F.Text);
        private string? _normal;
        public Role Role { get; set; }
        public string? Reason { get; set; }
        /// <summary>Removed as part of a reader appeal, which spreads to its neighbours.</summary>
        public bool IsAppeal { get; private set; }
        public bool IsCaption => Reason == CaptionReason;
        public void Remove(string reason) => (Role, Reason) = (Role.Removed, reason);
        public void RemoveAsAppeal(string reason) => (Role, Reason, IsAppeal) = (Role.Removed, reason, true);
    }

    private const string CaptionReason = "image caption or credit";

    /// <summary>How many lines from the top may still hold the headline; banners above it are rarely more.</summary>
    private const int HeadlineSearchLines = 8;

    /// <summary>Lines at most this long are navigation or labels when they sit outside the article's prose.</summary>
    private const int LabelMaxWords = 6;

    /// <summary>Cleans <paramref name="text"/>. <paramref name="recurringLines"/> holds normalised lines that the same
    /// publisher repeats across otherwise different articles (cross-document evidence of boilerplate).</summary>
    public static CleanedText Clean(string text, string? titleHint = null, IReadOnlySet<string>? recurringLines = null)
    {
        var lines = Split(text);
        string? footerUrl = null;

        foreach (var line in lines)
            ClassifyAlone(line, ref footerUrl);
        MarkRepeatsAndCaptionPairs(lines);
        if (recurringLines is { Count: > 0 })
        {
            foreach (var line in lines)
            {
                if (line.Role == Role.Unknown && IsTemplate(line, recurringLines))
                    line.Remove("recurs across this publisher's other articles");
            }
        }
        int titleIndex = FindTitle(lines, titleHint);
        PropagateAppeals(lines, titleIndex);
        MarkHeaderAndTail(lines, titleIndex);

        string? byline = null;
        PublicationDate? dateline = null;
        var paragraphs = new List<string>();
        var removed = new List<RemovedLine>();
        var selfNames = new List<string>();
        foreach (var line in lines)
        {
            switch (line.Role)
            {
                case Role.Byline:
                    byline ??= CleanByline(line.F.Text);
                    break;
                case Role.Dateline:
                    dateline ??= DateFinder.FirstFullDate(line.F.Text);
                    break;
                case Role.Removed:
                    removed.Add(new RemovedLine(line.F.Text, line.Reason!));
                    CollectSelfNames(line.F.Text, selfNames);
                    break;
                case Role.Title:
                    break;
                default:
                    paragraphs.Add(line.F.Text);
                    break;
            }
        }
        string? title = titleIndex >= 0 ? lines[titleIndex].F.Text : null;
        return new CleanedText(title, byline, dateline, footerUrl, selfNames, paragraphs, removed);
    }

    /// <summary>Share of a line's words in sentences its publisher prints elsewhere for it to be template.</summary>
    private const double TemplateShare = 0.6;

    /// <summary>The line recurs whole, or most of its words are in sentences that recur.</summary>
    private static bool IsTemplate(Line line, IReadOnlySet<string> recurring)
    {
        string normal = line.Normal;
        if (recurring.Contains(normal))
            return true;
        int words = normal.Count(c => c == ' ') + 1, inTemplate = 0;
        foreach (var sentence in Fingerprints.SentenceSplitter.Split(line.F.Text))
        {
            string s = Normalise(sentence.Text);
            if (recurring.Contains(s))
                inTemplate += s.Count(c => c == ' ') + 1;
        }
        return inTemplate >= TemplateShare * words;
    }

    /// <summary>Normal form for comparing lines across documents: case, spacing and punctuation do not matter.</summary>
    public static string Normalise(string line) => LineWords.Normalise(line);

    private static List<Line> Split(string text)
    {
        // A scraper that copied the page's text keeps its soft hyphens; the reader sees each word whole.
        var raw = WhiteSpace.WithoutInvisible(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        // A line that stays alone has its features read at once, its word count among them; a unit that lines join keeps
        // its word count as they join and has its features read once it is whole. Recounting the joined text for every
        // continuation line made a paragraph of ten thousand short lower-case lines quadratic, and counting each line's
        // words apart from its features read every line twice.
        var units = new List<(string Text, bool Heading, int Links, int Words, LineFeatures? Features)>();
        foreach (var r in raw)
        {
            var (t, heading, links) = MarkdownUnwrapper.Unwrap(r.Replace('\u00A0', ' '));
            if (t.Length == 0)
                continue;
            // A sentence broken across lines by the scraper: the previous line does not end a sentence and this one
            // continues it in lower case. Rejoining keeps "every sentence of the reporting" whole.
            if (units.Count > 0 && !heading && char.IsLower(t[0]) && units[^1] is { Heading: false, Words: >= 6 } prev
                && !(prev.Features?.EndsSentence ?? LineFeatures.EndsWithSentenceEnd(prev.Text)))
            {
                units[^1] = (prev.Text + " " + t, false, prev.Links + links, prev.Words + LineWords.Count(t), null);
                continue;
            }
            var features = LineFeatures.Of(t, heading, links);
            units.Add((t, heading, links, features.Words, features));
        }
        return units.Select(u => new Line(u.Features ?? LineFeatures.Of(u.Text, u.Heading, u.Links))).ToList();
    }

    private static void ClassifyAlone(Line line, ref string? footerUrl)
    {
        var f = line.F;
        string t = f.Text;
        if (BoilerplateVocabulary.UrlLine().IsMatch(t))
        {
            footerUrl ??= BoilerplateVocabulary.Url().Match(t) is { Success: true } u ? u.Value.TrimEnd('>', '.') : null;
            line.Remove("source URL line");
            return;
        }
        if (f.Hashtags >= 3 && f.Hashtags * 2 >= f.Words)
        {
            line.Remove("hashtag line");
            return;
        }
        if (BoilerplateVocabulary.RelatedLink().IsMatch(t))
        {
            line.Remove("related-article link");
            return;
        }
        // Each rule's cheap condition on the line's features comes before its pattern, which would otherwise scan every
        // long paragraph of every article for vocabulary that only counts on short lines.
        if (f.Words <= 12 && BoilerplateVocabulary.ReportingCredit().IsMatch(t))
        {
            line.Role = Role.Body;
            return;
        }
        if (f.Words <= 30 && (BoilerplateVocabulary.CaptionMarker().IsMatch(t) || BoilerplateVocabulary.TrailingCredit().IsMatch(t)))
        {
            line.Remove(CaptionReason);
            return;
        }
        // On a long paragraph, appeal vocabulary counts only when the site speaks as itself ("we", "our"): a review
        // telling readers what their subscription does is reporting. No appeal box runs to hundreds of words, though:
        // a whole article that a scraper left on one line mentions a free trial in passing, and is still the article.
        if ((f.Words <= 40 || (f.SiteVoice > 0 && f.Words <= AppealMaxWords)) && BoilerplateVocabulary.FindStrong(t) is { } strong)
        {
            // A bare "Advertisement" where a scraper cut an advert out is not an appeal box: the first-person prose on
            // either side of it is the article, which spreading the appeal to its neighbours would remove paragraph by
            // paragraph.
            if (f.Words <= 2 && strong.Value.Contains("advertisement", StringComparison.OrdinalIgnoreCase))
                line.Remove("advertisement marker");
            else
                line.RemoveAsAppeal($"call to action (\"{strong.Value.ToLowerInvariant()}\")");
            return;
        }
        if ((f.Words <= 3 || (f.ReaderAddress > 0 && f.Words <= 12) || (f.Words <= LabelMaxWords && BoilerplateVocabulary.Imperative().IsMatch(t)))
            && BoilerplateVocabulary.Weak().Match(t) is { Success: true } weak)
        {
            line.RemoveAsAppeal($"call to action (\"{weak.Value.ToLowerInvariant()}\")");
            return;
        }
        if (f.SiteVoice > 0 && f.ReaderAddress >= 3 && f.ReaderAddress * 12 >= f.Words)
        {
            line.RemoveAsAppeal("addresses the reader (appeal)");
            return;
        }
        if (BoilerplateVocabulary.RelativeTimestamp().IsMatch(t))
        {
            line.Remove("timestamp");
            return;
        }
        if (IsDateline(f))
        {
            line.Role = Role.Dateline;
            return;
        }
        if (f.Words <= 10 && !f.EndsSentence && BoilerplateVocabulary.ByPrefix().IsMatch(t))
        {
            line.Role = Role.Byline;
            return;
        }
        if (f.Words <= 8 && BoilerplateVocabulary.RoleByline().IsMatch(t))
            line.Role = Role.Byline;
    }

    /// <summary>
    /// Whether the line is a dateline: a full date with at most a weekday, a time and a zone around it, not a sentence.
    /// A scraper that takes an article's first line for its headline declares such a line as the title.
    /// </summary>
    public static bool IsDateline(string line) => IsDateline(LineFeatures.Of(line.Trim(), isHeading: false, links: 0));

    // Every written full date has digits; most short lines have none, and the date patterns are costly to try.
    private static bool IsDateline(LineFeatures f) =>
        f.Words <= 12 && f.HasDigit && DateFinder.FirstFullDate(f.Text) is not null && IsMostlyDate(f.Text);

    private static bool IsMostlyDate(string t)
    {
        string rest = DatePatterns.DayMonthYear().Replace(t, " ");
        rest = DatePatterns.MonthDayYear().Replace(rest, " ");
        rest = DatePatterns.IsoInText().Replace(rest, " ");
        rest = DatePatterns.TimeOfDay().Replace(rest, " ");
        rest = WeekdayOrFiller().Replace(rest, " ");
        return LineWords.Count(rest) <= 2;
    }

    [GeneratedRegex(@"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|updated|last|published|posted|on|at)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayOrFiller();

    /// <summary>The longest paragraph that site-voiced appeal vocabulary removes: a donation or subscription box, not an article.</summary>
    private const int AppealMaxWords = 150;

    /// <summary>The longest line that counts as a pasted repeat.</summary>
    private const int RepeatedLineMaxWords = 25;

    /// <summary>
    /// An ad pasted twice, or a caption followed by itself plus a credit: lines a writer never repeats.
    /// Only short lines count, because long quotations are sometimes repeated on purpose.
    /// </summary>
    private static void MarkRepeatsAndCaptionPairs(List<Line> lines)
    {
        // Lines with the same normal form have the same number of words, so only short lines need theirs.
        var counts = new Dictionary<string, int>(lines.Count, StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.F.Words <= RepeatedLineMaxWords)
                counts[line.Normal] = counts.GetValueOrDefault(line.Normal) + 1;
        }
        foreach (var line in lines)
        {
            if (line.Role != Role.Removed && line.F.Words <= RepeatedLineMaxWords && counts[line.Normal] > 1)
                line.Remove("repeated line (pasted advertisement or caption)");
        }
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            var next = lines[i + 1];
            if (next.IsCaption)
            {
                var current = lines[i];
                if (current.Role != Role.Removed && current.F.Words <= 30
                    && next.F.Text.StartsWith(current.F.Text.TrimEnd('.'), StringComparison.Ordinal))
                    current.Remove(CaptionReason);
            }
            // A caption marker such as "picture explanation," announces that the next line is the caption.
            var marker = lines[i];
            if (marker.IsCaption && marker.F.Words <= 3
                && marker.F.Text.TrimEnd().EndsWith(',') && next.Role != Role.Removed && next.F.Words <= 40)
                next.Remove(CaptionReason);
        }
    }

    private static int FindTitle(List<Line> lines, string? titleHint)
    {
        if (!string.IsNullOrWhiteSpace(titleHint))
        {
            string hint = Normalise(titleHint);
            for (int i = 0; i < Math.Min(lines.Count, HeadlineSearchLines); i++)
            {
                if (LineWords.NormaliseTo([lines[i].F.Text], hint))
                {
                    lines[i].Role = Role.Title;
                    return i;
                }
            }
            // The headline is known from metadata and is not in the text: nothing in the text is a headline.
            return -1;
        }
        int limit = Math.Min(lines.Count, HeadlineSearchLines);
        for (int i = 0; i < limit; i++)
        {
            if (lines[i].F.IsHeading && lines[i].Role == Role.Unknown && lines[i].F.Words >= 3)
                return MarkTitle(lines, i);
        }
        for (int i = 0; i < limit; i++)
        {
            var f = lines[i].F;
            if (lines[i].Role != Role.Unknown)
                continue;
            if (f.IsStrongBody && f.EndsSentence)
                break;
            if (f.Words is >= 4 and <= 30 && f.StartsUpper && !f.Text.EndsWith('.'))
                return MarkTitle(lines, i);
        }
        return -1;
    }

    private static int MarkTitle(List<Line> lines, int index)
    {
        lines[index].Role = Role.Title;
        for (int i = 0; i < index; i++)
        {
            if (lines[i].Role is Role.Unknown or Role.Body)
                lines[i].Remove("site banner above the headline");
        }
        return index;
    }

    /// <summary>
    /// Donation and subscription appeals run over several paragraphs, only some of which use the telltale words.
    /// A paragraph next to an appeal that also speaks to the reader, or names the site itself, belongs to it.
    /// </summary>
    private static void PropagateAppeals(List<Line> lines, int titleIndex)
    {
        // A longer paragraph in the site's voice next to a pasted advert is the article speaking, not the appeal. An
        // appeal box is a few lines: the appeal spreads at most AppealSpreadLines lines from a line whose own words
        // name it, so that a first-person article below a "follow us" line is not taken paragraph by paragraph.
        for (int round = 0; round < AppealSpreadLines; round++)
        {
            var joining = new List<Line>();
            for (int i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                if (line.Role != Role.Unknown || i == titleIndex)
                    continue;
                bool besideAppeal = IsAppeal(lines, i - 1) || IsAppeal(lines, i + 1);
                if (besideAppeal && ((line.F.SiteVoice > 0 && line.F.Words <= AppealParagraphMaxWords) || line.F.Words <= 3))
                    joining.Add(line);
            }
            if (joining.Count == 0)
                return;
            foreach (var line in joining)
                line.RemoveAsAppeal("part of a reader appeal");
        }
    }

    /// <summary>How many lines an appeal spreads from the line whose vocabulary named it.</summary>
    private const int AppealSpreadLines = 3;

    /// <summary>Appeal paragraphs are short; prose longer than this beside one is the article's own.</summary>
    private const int AppealParagraphMaxWords = 80;

    private static bool IsAppeal(List<Line> lines, int i) => i >= 0 && i < lines.Count && lines[i].IsAppeal;

    /// <summary>
    /// Outside the article's prose (before its first and after its last strong paragraph), short lines are
    /// navigation, labels and buttons; a short line between two paragraphs of prose may be a subheading and stays.
    /// Between the headline and the prose, a short run of capitalised words is the byline.
    /// </summary>
    private static void MarkHeaderAndTail(List<Line> lines, int titleIndex)
    {
        int first = lines.FindIndex(l => l.Role is Role.Unknown or Role.Body && l.F.IsStrongBody);
        int last = lines.FindLastIndex(l => l.Role is Role.Unknown or Role.Body && l.F.IsStrongBody);
        if (first < 0)
            return;
        for (int i = 0; i < first; i++)
        {
            var line = lines[i];
            if (line.Role != Role.Unknown)
                continue;
            var f = line.F;
            if (i > titleIndex && f.Words is >= 2 and <= 4 && f.CapitalisedWords == f.Words && !f.HasDigit && !f.EndsSentence && titleIndex >= 0)
                line.Role = Role.Byline;
            else if (f.Words <= LabelMaxWords - 3 && !f.EndsSentence)
                line.Remove("navigation or label line");
        }
        for (int i = last + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Role == Role.Unknown && line.F.Words <= LabelMaxWords)
                line.Remove("trailing navigation or button");
        }
    }

    private static string CleanByline(string text)
    {
        return BoilerplateVocabulary.BylineLead().Replace(text, "").Trim().TrimEnd(',');
    }

    /// <summary>Sites name themselves in their own banners and appeals; that name is evidence of the publisher.</summary>
    private static void CollectSelfNames(string text, List<string> names)
    {
        foreach (Match m in BoilerplateVocabulary.TheName().Matches(text))
            names.Add(m.Value.TrimEnd('’', '\'', '-'));
    }
}
