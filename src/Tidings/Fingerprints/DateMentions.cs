using System.Buffers;
using System.Text.RegularExpressions;
using Tidings.Extraction;

namespace Tidings.Fingerprints;

/// <summary>How exactly a mention pins its date: "on Monday" names a day, "last week" only a week.</summary>
public enum DatePrecision
{
    Day,
    Week,
    Month,
    Year,
}

/// <summary>
/// A date a text refers to, resolved to the calendar: <see cref="Day"/> is the day itself, or the first day of the
/// week, month or year it names. <see cref="Index"/> and <see cref="Length"/> say where the text writes it.
/// </summary>
public sealed record DateMention(DateOnly Day, DatePrecision Precision, int Index, int Length, bool Relative);

/// <summary>
/// Finds the dates a news text refers to, the relative ones resolved against the day it was published: news says
/// "on Monday", "last week" and "on the 18th" far more often than it writes a full date, and the event an article
/// reports is usually a few days before (or, for an announcement, after) its publication.
/// </summary>
/// <remarks>
/// A weekday is read in the past ("the ministry said on Monday": the latest Monday up to the publication day) unless
/// the clause before it speaks of the future ("will begin on Monday", "is due to arrive on Monday": the next one from
/// the publication day on). The second day of a range ("from Monday to Thursday") is the first such day from the first
/// on. A day and month without a year take the publication's year, or the year before when that would put them more
/// than a month after publication. Relative phrases are read in English only; full dates in every language
/// <see cref="WrittenDates"/> reads.
/// </remarks>
public static partial class DateMentions
{
    private static readonly string[] WeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    [GeneratedRegex(@"\b(?:(?<mod>next|last|this|coming|past)\s+)?(?<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b(?!\s*,?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}\s*[./]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?:(?<yesterday>yesterday)|(?<today>today|tonight|this morning|this afternoon|this evening)|(?<tomorrow>tomorrow)|(?<mod>last|this|next|past)\s+(?<unit>week|month|year))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Deictic();

    [GeneratedRegex(@"\bon\s+the\s+(?<d>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|century|floor|anniversary))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalDay();

    [GeneratedRegex(@"\b(?:(?<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mon1>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?|(?<mon2>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+(?<d2>[0-3]?\d)(?:st|nd|rd|th)?\b)(?!\s*,?\s*(?:19|20)\d{2})(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?:will|would|shall|is\s+to|are\s+to|due|scheduled|expected|set\s+to|plans?\s+to|planning|going\s+to|upcoming|next|ahead\s+of|begin|starts?\s+on)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FutureCue();

    [GeneratedRegex(@"\b(?:to|until|till|through|and|-|–)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeJoin();

    /// <summary>
    /// Every date <paramref name="text"/> refers to, in order of position. Without a publication day only full
    /// dates can be resolved.
    /// </summary>
    public static IReadOnlyList<DateMention> Find(string text, DateOnly? published, bool monthFirst = false) =>
        Find(text, published, monthFirst, skipImpossible: true);

    /// <param name="text">The text to read.</param>
    /// <param name="published">The publication day relative dates are resolved against.</param>
    /// <param name="monthFirst">Whether slashed dates are read month first (US English).</param>
    /// <param name="skipImpossible">
    /// Whether patterns that cannot match are skipped: a day and month or an ordinal day needs a digit, a weekday a
    /// word ending in "day", and a relative day one of its cue words. Synthesis reads every sentence of a story, and the
    /// weekday and relative-day patterns try a match at every word starting with one of their first letters (a tenth of
    /// a Reuters run's synthesis). Only tests turn it off, to show that skipping changes nothing.
    /// </param>
    internal static IReadOnlyList<DateMention> Find(string text, DateOnly? published, bool monthFirst, bool skipImpossible)
    {
        var found = new List<DateMention>();
        foreach (var (day, index, length) in WrittenDates.Spans(text, monthFirst))
            found.Add(new DateMention(day, DatePrecision.Day, index, length, false));
        if (published is not { } p)
            return found;
        bool digits = !skipImpossible || WrittenDates.HasDigit(text);
        bool weekdays = !skipImpossible || text.Contains("day", StringComparison.OrdinalIgnoreCase);
        bool deictic = weekdays || text.AsSpan().ContainsAny(DeicticCues);   // "day" is one of its cues
        if (digits)
            AddDayMonths(found, text, p);
        if (deictic)
            AddDeictic(found, text, p);
        if (digits)
            AddOrdinalDays(found, text, p);
        if (weekdays)
            AddWeekdays(found, text, p);
        found.Sort((a, b) => a.Index.CompareTo(b.Index));
        return found;
    }

    /// <summary>
    /// What every match of <see cref="Deictic"/> holds, whatever its case ("wee", since the pattern's case-blind "k"
    /// also matches the Kelvin sign, which no ordinal comparison folds).
    /// </summary>
    private static readonly SearchValues<string> DeicticCues =
        SearchValues.Create(["day", "tonight", "tomorrow", "morning", "afternoon", "evening", "wee", "month", "year"], StringComparison.OrdinalIgnoreCase);

    private static void AddDayMonths(List<DateMention> found, string text, DateOnly p)
    {
        foreach (Match m in DayMonth().Matches(text))
        {
            if (Overlaps(found, m))
                continue;
            int month = WrittenDates.Month((m.Groups["mon1"].Success ? m.Groups["mon1"] : m.Groups["mon2"]).Value.ToLowerInvariant());
            int dayOfMonth = DatePatterns.Number(m, m.Groups["d1"].Success ? "d1" : "d2");
            if (month == 0 || !DatePatterns.TryMakeDay(p.Year, month, dayOfMonth, out var day))
                continue;
            if (day.DayNumber - p.DayNumber > 31 && DatePatterns.TryMakeDay(p.Year - 1, month, dayOfMonth, out var before))
                day = before;
            found.Add(new DateMention(day, DatePrecision.Day, m.Index, m.Length, true));
        }
    }

    private static void AddDeictic(List<DateMention> found, string text, DateOnly p)
    {
        foreach (Match m in Deictic().Matches(text))
        {
            if (Overlaps(found, m))
                continue;
            if (Resolve(m, p) is { } resolved)
                found.Add(new DateMention(resolved.Day, resolved.Precision, m.Index, m.Length, true));
        }
    }

    private static void AddOrdinalDays(List<DateMention> found, string text, DateOnly p)
    {
        foreach (Match m in OrdinalDay().Matches(text))
        {
            if (Overlaps(found, m))
                continue;
            int dayOfMonth = DatePatterns.Number(m, "d");
            bool future = SpeaksOfFuture(text, m.Index);
            // The latest such day up to publication (or the next from it, in the future), in this month or the one before or after.
            var month = new DateOnly(p.Year, p.Month, 1);
            DateOnly? day = null;
            foreach (var candidateMonth in future ? new[] { month, month.AddMonths(1) } : [month, month.AddMonths(-1)])
            {
                if (DatePatterns.TryMakeDay(candidateMonth.Year, candidateMonth.Month, dayOfMonth, out var d) && (future ? d >= p : d <= p))
                {
                    day = d;
                    break;
                }
            }
            if (day is { } resolvedDay)
                found.Add(new DateMention(resolvedDay, DatePrecision.Day, m.Index, m.Length, true));
        }
    }

    private static void AddWeekdays(List<DateMention> found, string text, DateOnly p)
    {
        DateMention? previousWeekday = null;
        foreach (Match m in Weekday().Matches(text))
        {
            if (Overlaps(found, m))
                continue;
            int weekday = Array.IndexOf(WeekdayNames, m.Groups["wd"].Value.ToLowerInvariant());
            var target = (DayOfWeek)((weekday + 1) % 7);
            string modifier = m.Groups["mod"].Value.ToLowerInvariant();
            DateOnly day;
            if (previousWeekday is { } first && m.Index - (first.Index + first.Length) < 12 && RangeJoin().IsMatch(text[(first.Index + first.Length)..m.Index]))
                day = OnOrAfter(first.Day, target);
            else if (modifier is "next" or "coming")
                day = OnOrAfter(p.AddDays(1), target);
            else if (modifier is "last" or "past")
                day = OnOrBefore(p.AddDays(-1), target);
            else if (SpeaksOfFuture(text, m.Index))
                day = OnOrAfter(p, target);
            else
                day = OnOrBefore(p, target);
            var mention = new DateMention(day, DatePrecision.Day, m.Index, m.Length, true);
            found.Add(mention);
            previousWeekday = mention;
        }
    }

    /// <summary>
    /// The day of the happening an article reports: the first day or week its lead refers to within
    /// <see cref="EventWindowDays"/> of publication, else the publication day. Reporters put the when of the news in
    /// the first sentences; later dates are background ("Mr Kim left Russia on Sunday").
    /// </summary>
    public static DateOnly EventDay(string text, DateOnly published, bool monthFirst = false) => LeadDays(text, published, monthFirst).EventDay;

    /// <summary>
    /// The <see cref="EventDay"/>, and the first day the opening (<see cref="RecallCharacters"/>) names well before
    /// publication (more than <see cref="EventWindowDays"/>, within <see cref="RecallYears"/> years): the day of the
    /// happening that a later report follows up ("two men were arrested on Tuesday in connection with a shooting on
    /// February 1st"). One pass over the opening finds both.
    /// </summary>
    public static (DateOnly EventDay, DateOnly? Recalled) LeadDays(string text, DateOnly published, bool monthFirst = false)
    {
        string opening = text.Length > RecallCharacters ? text[..RecallCharacters] : text;
        DateOnly? eventDay = null, recalled = null;
        foreach (var mention in Find(opening, published, monthFirst))
        {
            int before = published.DayNumber - mention.Day.DayNumber;
            if (eventDay is null && mention.Index < LeadCharacters && mention.Precision is DatePrecision.Day or DatePrecision.Week && Math.Abs(before) <= EventWindowDays)
                eventDay = mention.Day;
            else if (recalled is null && mention.Precision == DatePrecision.Day && before > EventWindowDays && before <= RecallYears * 366)
                recalled = mention.Day;
        }
        return (eventDay ?? published, recalled);
    }

    /// <summary>
    /// Where a follow-up names its happening's day: often after the news of the arrest or the verdict and its people,
    /// in the second or third paragraph. On the GVA dev set, reading 600 characters for it gave pairwise F1 0.796,
    /// 1,000 gave 0.808, 1,500 0.809 and 3,000 0.810.
    /// </summary>
    private const int RecallCharacters = 1500;

    /// <summary>How far back a follow-up's recalled day may lie: trials and sentences come within a year or two.</summary>
    private const int RecallYears = 3;

    /// <summary>How far from publication an event day may lie: news reports what happened this week or is about to.</summary>
    private const int EventWindowDays = 10;

    /// <summary>The lead: roughly the first three sentences, where the news itself is told.</summary>
    private const int LeadCharacters = 600;

    private static (DateOnly Day, DatePrecision Precision)? Resolve(Match m, DateOnly p)
    {
        if (m.Groups["yesterday"].Success)
            return (p.AddDays(-1), DatePrecision.Day);
        if (m.Groups["today"].Success)
            return (p, DatePrecision.Day);
        if (m.Groups["tomorrow"].Success)
            return (p.AddDays(1), DatePrecision.Day);
        int step = m.Groups["mod"].Value.ToLowerInvariant() switch
        {
            "last" or "past" => -1,
            "next" => 1,
            _ => 0,
        };
        return m.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "week" => (OnOrBefore(p, DayOfWeek.Monday).AddDays(7 * step), DatePrecision.Week),
            "month" => (new DateOnly(p.Year, p.Month, 1).AddMonths(step), DatePrecision.Month),
            "year" => (new DateOnly(p.Year + step, 1, 1), DatePrecision.Year),
            _ => null,
        };
    }

    /// <summary>Whether the clause before <paramref name="index"/> speaks of what is still to come.</summary>
    private static bool SpeaksOfFuture(string text, int index)
    {
        int start = Math.Max(0, index - 80);
        int clause = text.LastIndexOfAny(['.', ';', '!', '?', '\n'], index - 1 < 0 ? 0 : index - 1, index - start);
        if (clause >= start)
            start = clause + 1;
        return FutureCue().IsMatch(text.AsSpan(start, index - start).ToString());
    }

    private static bool Overlaps(List<DateMention> found, Match m) =>
        found.Exists(f => f.Index < m.Index + m.Length && m.Index < f.Index + f.Length);

    private static DateOnly OnOrBefore(DateOnly day, DayOfWeek weekday) => day.AddDays(-(((int)day.DayOfWeek - (int)weekday + 7) % 7));

    private static DateOnly OnOrAfter(DateOnly day, DayOfWeek weekday) => day.AddDays(((int)weekday - (int)day.DayOfWeek + 7) % 7);
}
