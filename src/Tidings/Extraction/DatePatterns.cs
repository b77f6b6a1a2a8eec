using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>The date shapes that news text and URLs use, and helpers to turn them into days.</summary>
internal static partial class DatePatterns
{
    private const string MonthNames =
        "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[T ](?<H>\d{2}):(?<M>\d{2})(?::(?<S>\d{2})(?:\.\d+)?)?\s*(?<z>Z|[+-]\d{2}:?\d{2})?)?", RegexOptions.CultureInvariant)]
    public static partial Regex Iso();

    /// <summary>"18 September 2023", "Monday 18 Sept. 2023".</summary>
    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<mon>" + MonthNames + @")\.?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex DayMonthYear();

    /// <summary>"September 18, 2023", "Sep. 18 2023".</summary>
    [GeneratedRegex(@"\b(?<mon>" + MonthNames + @")\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MonthDayYear();

    /// <summary>"2023-09-18" inside running text.</summary>
    [GeneratedRegex(@"\b(?<y>(?:19|20)\d{2})-(?<m>\d{2})-(?<d>\d{2})\b", RegexOptions.CultureInvariant)]
    public static partial Regex IsoInText();

    /// <summary>"May 2024", "in March 2019": a month without a day.</summary>
    [GeneratedRegex(@"\b(?<mon>" + MonthNames + @")\.?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MonthYear();

    /// <summary>What follows the month in <see cref="MonthYear"/>: the year after white space (see <see cref="WrittenDates.MonthLed"/>).</summary>
    [GeneratedRegex(@"(?<=\s)(?:19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    public static partial Regex MonthYearTail();

    /// <summary>A bare year in prose ("in 2018", "since 2014").</summary>
    [GeneratedRegex(@"\b(?<y>(?:19[5-9]|20\d)\d)\b", RegexOptions.CultureInvariant)]
    public static partial Regex Year();

    /// <summary>/2023/09/18/, /2023-09-18/ or /20230918/ in a URL path.</summary>
    [GeneratedRegex(@"/(?<y>(?:19|20)\d{2})(?:[/-](?<m>\d{1,2})[/-](?<d>\d{1,2})|(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12]\d|3[01]))(?=[/\-_.]|$)", RegexOptions.CultureInvariant)]
    public static partial Regex InUrl();

    /// <summary>/29-10-2021 or /10.29.2021 in a URL path: day and month in either order, year last.</summary>
    [GeneratedRegex(@"/(?<a>\d{1,2})[-.](?<b>\d{1,2})[-.](?<y>(?:19|20)\d{2})(?=[/\-_.]|$)", RegexOptions.CultureInvariant)]
    public static partial Regex YearLastInUrl();

    /// <summary>A time of day with an optional zone, as datelines print it ("09:16 EDT").</summary>
    [GeneratedRegex(@"\b(?<H>\d{1,2}):(?<M>\d{2})(?:\s*(?<ampm>[ap]\.?m\.?))?(?:\s*(?<zone>[A-Z]{2,4}|GMT[+-]\d{1,2}|UTC))?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex TimeOfDay();

    public static int MonthNumber(string name) => name.ToLowerInvariant()[..3] switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12,
        _ => 0,
    };

    /// <summary>
    /// The fields of a date in the form feeds nearly always write, <c>2019-11-19</c>, <c>2019-11-19T10:00:00</c> or
    /// <c>2019-11-19T10:00:00Z</c> in ASCII digits, read without the patterns; false for any other text, which the
    /// patterns then read (to the same fields where both can). Every article's date is read this way twice, on its way
    /// in and at extraction, and the patterns were a few percent of <c>dedup</c>'s CPU. The fields are not checked
    /// against the calendar: each caller has its own bounds.
    /// </summary>
    /// <param name="text">The date, trimmed.</param>
    /// <param name="year">The year.</param>
    /// <param name="month">The month, as written.</param>
    /// <param name="day">The day, as written.</param>
    /// <param name="time">The hour, minute and second, as written, where the text has a time.</param>
    /// <param name="utc">Whether the time ends in <c>Z</c>.</param>
    public static bool TryReadCanonicalIso(ReadOnlySpan<char> text, out int year, out int month, out int day, out (int Hour, int Minute, int Second)? time, out bool utc)
    {
        (year, month, day, time, utc) = (0, 0, 0, null, false);
        if (text.Length is not (10 or 19 or 20) || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out year) || !TryDigits(text.Slice(5, 2), out month) || !TryDigits(text.Slice(8, 2), out day))
            return false;
        if (text.Length == 10)
            return true;
        if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || (text.Length == 20 && text[19] != 'Z')
            || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute) || !TryDigits(text.Slice(17, 2), out int second))
            return false;
        (time, utc) = ((hour, minute, second), text.Length == 20);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public static bool TryMakeDay(int year, int month, int day, out DateOnly result)
    {
        result = default;
        if (year < 1900 || year > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        result = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// The value of digits that <c>\d</c> matched. The patterns read decimal digits of any script ("٢٠٢٣" is 2023 on an
    /// Arabic page), which <see cref="int.Parse(string)"/> rejects with an exception.
    /// </summary>
    public static int Number(ReadOnlySpan<char> digits)
    {
        int value = 0;
        foreach (char c in digits)
            value = checked((value * 10) + Math.Max(0, System.Globalization.CharUnicodeInfo.GetDecimalDigitValue(c)));
        return value;
    }

    /// <summary>The value of the digits a pattern's group matched (see <see cref="Number(ReadOnlySpan{char})"/>).</summary>
    public static int Number(Match match, string group) => Number(match.Groups[group].ValueSpan);

    public static TimeSpan? ParseOffset(string zone)
    {
        if (zone is "Z" or "z")
            return TimeSpan.Zero;
        string digits = zone.Replace(":", "", StringComparison.Ordinal);
        if (digits.Length != 5)
            return null;
        var span = new TimeSpan(Number(digits.AsSpan(1, 2)), Number(digits.AsSpan(3, 2)), 0);
        return digits[0] == '-' ? -span : span;
    }

    /// <summary>Offsets of the zone abbreviations that English-language datelines use.</summary>
    public static TimeSpan? ZoneOffset(string zone) => zone.ToUpperInvariant() switch
    {
        "UTC" or "GMT" or "Z" => TimeSpan.Zero,
        "BST" or "CET" => TimeSpan.FromHours(1),
        "CEST" or "EET" => TimeSpan.FromHours(2),
        "MSK" or "EEST" => TimeSpan.FromHours(3),
        "EDT" => TimeSpan.FromHours(-4),
        "EST" or "CDT" => TimeSpan.FromHours(-5),
        "CST" or "MDT" => TimeSpan.FromHours(-6),
        "MST" or "PDT" => TimeSpan.FromHours(-7),
        "PST" => TimeSpan.FromHours(-8),
        "JST" or "KST" => TimeSpan.FromHours(9),
        _ => null,
    };
}
