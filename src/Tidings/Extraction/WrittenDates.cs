using System.Globalization;
using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>
/// Full dates as pages write them in several languages: "18 September 2023", "18. September 2023", "September 18,
/// 2023", "18 de septiembre de 2023", "18 сентября 2023", "18 سبتمبر 2023", "24 نيسان / أبريل 2020" (a month named in both
/// Arabic calendars), "18.09.2023", "2023/09/18". Slashed dates are read day first unless that is
/// impossible or the page is in US English, where month comes first.
/// </summary>
public static partial class WrittenDates
{
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "janeiro", "styczeń", "stycznia", "января", "січня", "يناير", "كانون الثاني"],
            ["february", "feb", "februar", "feber", "février", "févr", "fevrier", "febrero", "febbraio", "februari", "fevereiro", "fev", "lutego", "февраля", "лютого", "فبراير", "شباط"],
            ["march", "mar", "märz", "märz", "maerz", "mars", "marzo", "maart", "março", "marco", "mrt", "marca", "марта", "березня", "مارس", "آذار"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "апреля", "квітня", "أبريل", "إبريل", "ابريل", "نيسان"],
            ["may", "mai", "mayo", "maggio", "mag", "mei", "maio", "maja", "мая", "травня", "مايو", "أيار"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "июня", "червня", "يونيو", "يونيه", "حزيران"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "июля", "липня", "يوليو", "يوليه", "تموز"],
            ["august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "августа", "серпня", "أغسطس", "اغسطس", "آب"],
            ["september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro", "września", "сентября", "вересня", "سبتمبر", "أيلول"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "października", "октября", "жовтня", "أكتوبر", "اكتوبر", "تشرين الأول"],
            ["november", "nov", "novembre", "noviembre", "novembro", "listopada", "ноября", "листопада", "نوفمبر", "تشرين الثاني"],
            ["december", "dec", "dezember", "dez", "décembre", "déc", "decembre", "diciembre", "dic", "dicembre", "dezembro", "grudnia", "декабря", "грудня", "ديسمبر", "كانون الأول"],
        ];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            foreach (var n in names[i])
                map.TryAdd(n, i + 1);
        }
        return map;
    }

    private const string MonthAlternation =
        "january|february|march|april|may|june|july|august|september|october|november|december|"
        + "januar|jänner|februar|feber|märz|maerz|mai|juni|juli|oktober|dezember|"
        + "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
        + "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
        + "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
        + "januari|februari|maart|mei|augustus|"
        + "janeiro|fevereiro|março|marco|junho|julho|setembro|outubro|novembro|dezembro|"
        + "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
        + "كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول|"
        + "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|يناير|فبراير|مارس|أبريل|إبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|"
        + "janv|févr|avr|juil|déc|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|okt|nov|dec|dez|ene|abr|ago|dic|gen|mag|giu|lug|ott|set|out|mrt|fev";

    [GeneratedRegex(@"(?<![\p{L}\d])(?<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+|of\s+)?(?<mon>" + MonthAlternation + @")(?:\s*/\s*\p{L}+)?\.?,?\s*(?:de\s+)?(?<y>(?:19|20)\d{2})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"(?<![\p{L}\d])(?<mon>" + MonthAlternation + @")\.?\s+(?<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex MonthDayYear();

    /// <summary>What follows the month in <see cref="MonthDayYear"/>: the day, after white space, and the year.</summary>
    [GeneratedRegex(@"(?<=\s)[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex MonthDayYearTail();

    /// <summary>
    /// The matches in <paramref name="text"/> of <paramref name="full"/>, a pattern that starts with a month name, an
    /// optional dot and white space, found from the matches of <paramref name="tail"/>, the rest of it. A month name
    /// can start almost any word, so the full pattern tried a match at nearly every word of a text ("w" for
    /// "września", "m" for "mai"); its tail starts at a digit after white space, which is rare, and the month is then
    /// the letters right before. <paramref name="wordBoundary"/> says whether the pattern opens with <c>\b</c> (no
    /// word character before the month) rather than <c>(?&lt;![\p{L}\d])</c> (no letter or digit before it).
    /// </summary>
    internal static IEnumerable<Match> MonthLed(string text, Regex full, Regex tail, bool wordBoundary)
    {
        int end = 0;
        foreach (Match t in tail.Matches(text))
        {
            int i = t.Index;
            while (i > 0 && char.IsWhiteSpace(text[i - 1]))
                i--;
            if (i > 0 && text[i - 1] == '.')
                i--;
            int wordEnd = i;
            while (i > 0 && char.IsLetter(text[i - 1]))
                i--;
            if (i == wordEnd || i < end || (i > 0 && (wordBoundary ? IsWordChar(text[i - 1]) : char.IsDigit(text[i - 1]))))
                continue;
            // Bounded to the tail, the pattern cannot run on past it, nor look back before the month (checked above).
            var m = full.Match(text, i, t.Index + t.Length - i);
            if (m.Success && m.Index == i)
            {
                end = m.Index + m.Length;
                yield return m;
            }
        }
    }

    /// <summary>A character of <c>\w</c>: a letter, a decimal digit, a non-spacing mark or a connector.</summary>
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;

    [GeneratedRegex(@"(?<![\d./-])(?<y>(?:19|20)\d{2})(?<sep>[./-])(?<m>[01]?\d)\k<sep>(?<d>[0-3]?\d)(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"(?<![\d./-])(?<a>[0-3]?\d)(?<sep>[./-])(?<b>[0-3]?\d)\k<sep>(?<y>(?:19|20)\d{2}|\d{2})(?![\d]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDayFirst();

    /// <summary>Every full date written in <paramref name="text"/>, with its position, in order of position.</summary>
    public static IEnumerable<(DateOnly Day, int Index)> All(string text, bool monthFirst = false) =>
        Spans(text, monthFirst).Select(s => (s.Day, s.Index));

    /// <summary>Every full date written in <paramref name="text"/>, with where it is written, in order of position.</summary>
    public static IEnumerable<(DateOnly Day, int Index, int Length)> Spans(string text, bool monthFirst = false) =>
        Spans(text, monthFirst, skipImpossible: true);

    /// <summary>Every full date written in <paramref name="text"/>, with where it is written, in order of position.</summary>
    /// <param name="text">The text to read.</param>
    /// <param name="monthFirst">Whether slashed dates are read month first (US English).</param>
    /// <param name="skipImpossible">
    /// Whether patterns that cannot match are skipped: every pattern needs a digit, and all but the numeric one a year
    /// written "19xx" or "20xx". Most sentences and short lines have neither, and each pattern tries a match at every
    /// number (a table of figures has hundreds). Only tests turn it off, to show that skipping changes nothing.
    /// </param>
    internal static IEnumerable<(DateOnly Day, int Index, int Length)> Spans(string text, bool monthFirst, bool skipImpossible)
    {
        var found = new List<(DateOnly Day, int Index, int Length)>();
        bool mayHoldYear = !skipImpossible || HasYear(text);
        if (mayHoldYear)
        {
            foreach (Match m in DayMonthYear().Matches(text))
                Add(found, m, DatePatterns.Number(m, "d"), Month(m.Groups["mon"].Value), DatePatterns.Number(m, "y"));
            foreach (Match m in MonthLed(text, MonthDayYear(), MonthDayYearTail(), wordBoundary: false))
                Add(found, m, DatePatterns.Number(m, "d"), Month(m.Groups["mon"].Value), DatePatterns.Number(m, "y"));
            foreach (Match m in YearFirst().Matches(text))
                Add(found, m, DatePatterns.Number(m, "d"), DatePatterns.Number(m, "m"), DatePatterns.Number(m, "y"));
        }
        if (!mayHoldYear && !HasDigit(text))
            return found;
        foreach (Match m in NumericDayFirst().Matches(text))
        {
            int a = DatePatterns.Number(m, "a"), b = DatePatterns.Number(m, "b");
            string y = m.Groups["y"].Value;
            char sep = m.Groups["sep"].Value[0];
            // Two-digit years and dashes are too ambiguous outside the dotted European form.
            if (y.Length == 2 && sep != '.')
                continue;
            int year = y.Length == 2 ? 2000 + DatePatterns.Number(y) : DatePatterns.Number(y);
            if (sep == '.')
            {
                Add(found, m, a, b, year);
                continue;
            }
            // Slashes and dashes: the page's convention first, the other order when the first is impossible.
            var (day, month) = monthFirst ? (b, a) : (a, b);
            if (!DatePatterns.TryMakeDay(year, month, day, out _))
                (day, month) = (month, day);
            Add(found, m, day, month, year);
        }
        return found.OrderBy(f => f.Index);
    }

    public static DateOnly? First(string text, bool monthFirst = false) =>
        All(text, monthFirst).Select(f => (DateOnly?)f.Day).FirstOrDefault();

    /// <summary>Whether the text holds "19" or "20" followed by two digits (of any script, as <c>\d</c> reads them).</summary>
    private static bool HasYear(string text)
    {
        for (int i = text.AsSpan().IndexOfAny('1', '2'); i >= 0 && i + 3 < text.Length; i = NextCentury(text, i + 1))
        {
            if (((text[i] == '1' && text[i + 1] == '9') || (text[i] == '2' && text[i + 1] == '0')) && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]))
                return true;
        }
        return false;
    }

    private static int NextCentury(string text, int from)
    {
        int next = text.AsSpan(from).IndexOfAny('1', '2');
        return next < 0 ? -1 : from + next;
    }

    /// <summary>Whether the text holds a digit of any script, as <c>\d</c> reads it.</summary>
    internal static bool HasDigit(string text)
    {
        foreach (char c in text)
        {
            if (char.IsDigit(c))
                return true;
        }
        return false;
    }

    /// <summary>The month a name or abbreviation in any of the languages above stands for, or 0.</summary>
    internal static int Month(string name)
    {
        string key = name.ToLowerInvariant().TrimEnd('.');
        return Months.TryGetValue(key, out var month) ? month : 0;
    }

    private static void Add(List<(DateOnly Day, int Index, int Length)> found, Match m, int day, int month, int year)
    {
        if (found.Any(f => f.Index <= m.Index && m.Index < f.Index + 6))
            return;
        if (DatePatterns.TryMakeDay(year, month, day, out var date))
            found.Add((date, m.Index, m.Length));
    }
}
