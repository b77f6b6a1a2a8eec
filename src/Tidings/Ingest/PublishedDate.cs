using System.Globalization;
using System.Text.RegularExpressions;
using Tidings.Extraction;

namespace Tidings.Ingest;

/// <summary>
/// Reads the publication dates that feeds write (ISO 8601, RFC 822/1123 as in RSS, "19 November 2019",
/// "November 19, 2019", "2019/11/19", Unix time) into the one form the rest of the pipeline reads: ISO 8601,
/// date-only where only the day is known, with the time and UTC offset only where the feed gave them
/// (<c>2019-11-19</c>, <c>2019-11-19T10:00:00</c>, <c>2019-11-19T10:00:00Z</c>, <c>2019-11-19T10:00:00+01:00</c>).
/// The day is kept as written, never moved to another time zone.
/// </summary>
internal static partial class PublishedDate
{
    /// <summary>A date is a few dozen characters; anything longer is not one, and is not searched.</summary>
    private const int MaxLength = 100;

    /// <summary>
    /// Unix times are accepted from 1973-03-03 (10^8 s): a smaller number is more likely a year or an id than a date.
    /// From 10^11 on (the year 5138 in seconds) a number is read as milliseconds, as JavaScript writes them.
    /// </summary>
    private const double MinUnixSeconds = 1e8, MinUnixMilliseconds = 1e11, MaxUnixMilliseconds = 1e14;

    /// <summary>Two-digit years (RFC 822) below this are 20xx, the rest 19xx.</summary>
    private const int TwoDigitYearPivot = 50;

    private const string MonthNames =
        "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    private const string WeekdayPrefix = @"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";

    private const string Time = @"(?:(?:\s+|\s*,\s*|\s+at\s+|T)(?<H>\d{1,2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,]\d+)?)?\s*(?<ampm>[ap]\.?m\.?)?\s*(?<z>Z|[+-]\d{2}(?::?\d{2})?|[a-z]{2,5})?)?";

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    /// <summary>"Tue, 19 Nov 2019 10:00:00 GMT", "19 November 2019", "19. Nov. 19".</summary>
    [GeneratedRegex("^" + WeekdayPrefix + @"(?<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?<mon>" + MonthNames + @")\.?,?\s+(?<y>\d{4}|\d{2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    /// <summary>"November 19, 2019", "Tue, Nov 19 2019 10:00 AM".</summary>
    [GeneratedRegex("^" + WeekdayPrefix + @"(?<mon>" + MonthNames + @")\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    /// <summary>"2019/11/19", "2019.11.19 10:00".</summary>
    [GeneratedRegex(@"^(?<y>\d{4})[/.](?<m>\d{1,2})[/.](?<d>\d{1,2})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    /// <summary>"19.11.2019" (day first, as dotted dates are written), "19/11/2019" or "11/19/2019" where only one order is a date.</summary>
    [GeneratedRegex(@"^(?<a>\d{1,2})(?<sep>[/.-])(?<b>\d{1,2})\k<sep>(?<y>\d{4})" + Time + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YearLast();

    /// <summary>A Unix time: ASCII digits, the only ones <see cref="double.Parse(string, IFormatProvider)"/> reads.</summary>
    [GeneratedRegex(@"^[0-9]+(?:\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>The ISO 8601 form of <paramref name="value"/>, or null with the reason it cannot be read.</summary>
    public static string? Normalise(string value, out string? problem)
    {
        problem = null;
        string text = value.Trim();
        if (text.Length > MaxLength)
        {
            problem = "is too long to be a date";
            return null;
        }
        if (DatePatterns.TryReadCanonicalIso(text, out int year, out int month, out int day, out var clock, out bool utc))
            return Compose(year, month, day, clock, pm: null, utc ? "Z" : null, out problem);
        if (Number().IsMatch(text))
            return FromUnixTime(double.Parse(text, CultureInfo.InvariantCulture), out problem);
        Match m;
        if ((m = Iso().Match(text)).Success || (m = YearFirst().Match(text)).Success)
            return Compose(DatePatterns.Number(m, "y"), DatePatterns.Number(m, "m"), DatePatterns.Number(m, "d"), m, out problem);
        if ((m = DayMonthYear().Match(text)).Success || (m = MonthDayYear().Match(text)).Success)
            return Compose(Year(m.Groups["y"].Value), Month(m.Groups["mon"].Value), DatePatterns.Number(m, "d"), m, out problem);
        if ((m = YearLast().Match(text)).Success)
        {
            int a = DatePatterns.Number(m, "a"), b = DatePatterns.Number(m, "b");
            bool dayFirst = m.Groups["sep"].Value == "." || a > 12;
            if (!dayFirst && b <= 12 && a != b)
            {
                problem = "has day and month in an order that cannot be told (write it as ISO 8601, YYYY-MM-DD)";
                return null;
            }
            return dayFirst ? Compose(DatePatterns.Number(m, "y"), b, a, m, out problem) : Compose(DatePatterns.Number(m, "y"), a, b, m, out problem);
        }
        problem = "is not a date in a form Tidings reads (ISO 8601, RFC 1123, '19 November 2019', 'November 19, 2019', '2019/11/19' or Unix seconds)";
        return null;
    }

    /// <summary>A Unix time (seconds, or milliseconds when too large to be seconds) as a UTC date-time.</summary>
    public static string? FromUnixTime(double value, out string? problem)
    {
        problem = null;
        if (double.IsNaN(value) || value < MinUnixSeconds || value >= MaxUnixMilliseconds)
        {
            problem = "is a number but not a plausible Unix time in seconds";
            return null;
        }
        double seconds = value >= MinUnixMilliseconds ? value / 1000 : value;
        var time = DateTime.UnixEpoch.AddSeconds(Math.Floor(seconds));
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static string? Compose(int year, int month, int day, Match m, out string? problem) =>
        Compose(year, month, day,
            m.Groups["H"].Success ? (DatePatterns.Number(m, "H"), DatePatterns.Number(m, "M"), m.Groups["S"].Success ? DatePatterns.Number(m, "S") : 0) : null,
            m.Groups["ampm"].Success ? char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p' : null,
            m.Groups["z"].Success ? m.Groups["z"].Value : null, out problem);

    /// <param name="year">The year.</param>
    /// <param name="month">The month.</param>
    /// <param name="day">The day of the month.</param>
    /// <param name="clock">The time as written, if any.</param>
    /// <param name="pm">On a 12-hour clock, whether after noon; null on a 24-hour clock.</param>
    /// <param name="zone">The zone as written (an offset, "Z" or an abbreviation), if any.</param>
    /// <param name="problem">Why the fields are no date, or null.</param>
    private static string? Compose(int year, int month, int day, (int Hour, int Minute, int Second)? clock, bool? pm, string? zone, out string? problem)
    {
        problem = null;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = "is not a real calendar day";
            return null;
        }
        string date = $"{year:0000}-{month:00}-{day:00}";
        if (clock is not var (hour, minute, second))
            return date;
        if (pm is { } afternoon)
        {
            if (hour is < 1 or > 12)
            {
                problem = "has an hour that does not exist on a 12-hour clock";
                return null;
            }
            hour = hour % 12 + (afternoon ? 12 : 0);
        }
        // A leap second (:60) is kept as the last second of its minute.
        if (hour > 23 || minute > 59 || second > 60)
        {
            problem = "has a time of day that does not exist";
            return null;
        }
        string time = $"{date}T{hour:00}:{minute:00}:{Math.Min(second, 59):00}";
        return zone is null ? time : time + Offset(zone);
    }

    /// <summary>"Z", "+01:00" or "" (a zone name that is not a fixed offset: the local time stands as written).</summary>
    private static string Offset(string zone)
    {
        if (zone[0] is '+' or '-')
        {
            string digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            string hours = digits[..2], minutes = digits.Length >= 4 ? digits[2..4] : "00";
            return hours == "00" && minutes == "00" ? "Z" : $"{zone[0]}{hours}:{minutes}";
        }
        return zone.ToUpperInvariant() switch
        {
            "Z" or "GMT" or "UT" or "UTC" => "Z",
            "EST" => "-05:00",
            "EDT" or "AST" => "-04:00",
            "CST" => "-06:00",
            "CDT" => "-05:00",
            "MST" => "-07:00",
            "MDT" => "-06:00",
            "PST" => "-08:00",
            "PDT" => "-07:00",
            "BST" or "CET" or "WAT" => "+01:00",
            "CEST" or "EET" => "+02:00",
            "EEST" or "MSK" => "+03:00",
            "JST" or "KST" => "+09:00",
            _ => "",
        };
    }

    private static int Year(string text)
    {
        int year = DatePatterns.Number(text);
        return text.Length == 2 ? year + (year < TwoDigitYearPivot ? 2000 : 1900) : year;
    }

    private static int Month(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };
}
