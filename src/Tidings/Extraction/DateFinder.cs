using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>Finds full calendar dates (day, month and year) in text and URLs; partial dates are never completed by guessing.</summary>
public static class DateFinder
{
    /// <summary>The first full date written in <paramref name="text"/>, with its time of day if the same text gives one.</summary>
    public static PublicationDate? FirstFullDate(string text)
    {
        DateOnly? best = null;
        int bestIndex = int.MaxValue;
        foreach (var (day, index) in FullDates(text))
        {
            if (index < bestIndex)
                (best, bestIndex) = (day, index);
        }
        if (best is not { } found)
            return null;
        var time = DatePatterns.TimeOfDay().Match(text, bestIndex);
        if (!time.Success)
            return new PublicationDate(found);
        int h = DatePatterns.Number(time, "H"), m = DatePatterns.Number(time, "M");
        if (time.Groups["ampm"].Success && h < 12 && time.Groups["ampm"].Value.StartsWith('p'))
            h += 12;
        if (h > 23 || m > 59)
            return new PublicationDate(found);
        TimeSpan? offset = time.Groups["zone"].Success ? DatePatterns.ZoneOffset(time.Groups["zone"].Value) : null;
        return new PublicationDate(found, new TimeOnly(h, m), offset);
    }

    /// <summary>Every full date in the text, with its character offset, in any of the forms <see cref="WrittenDates"/> reads.</summary>
    public static IEnumerable<(DateOnly Day, int Index)> FullDates(string text) => WrittenDates.All(text);

    /// <summary>The day a URL's path encodes (/2023/09/18/), if any.</summary>
    public static DateOnly? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return null;
        var m = DatePatterns.InUrl().Match(url);
        if (m.Success)
            return DatePatterns.TryMakeDay(DatePatterns.Number(m, "y"), DatePatterns.Number(m, "m"), DatePatterns.Number(m, "d"), out var day) ? day : null;
        return FromYearLastPath(url);
    }

    /// <summary>
    /// A path segment with the year last is read only when the day is unmistakable (above 12):
    /// "29-10-2021" is European, "10-29-2021" American, and "03-04-2021" could be either.
    /// </summary>
    private static DateOnly? FromYearLastPath(string url)
    {
        var m = DatePatterns.YearLastInUrl().Match(url);
        if (!m.Success)
            return null;
        int a = DatePatterns.Number(m, "a"), b = DatePatterns.Number(m, "b"), year = DatePatterns.Number(m, "y");
        (int month, int day) = a > 12 && b <= 12 ? (b, a) : b > 12 && a <= 12 ? (a, b) : (0, 0);
        return month > 0 && DatePatterns.TryMakeDay(year, month, day, out var result) ? result : null;
    }

    /// <summary>
    /// The earliest day the text can have been written: the latest month or full date it mentions.
    /// A report that mentions "May 2024" was not written in 2023, whatever its headline says.
    /// Bare years are ignored because prose names future years ("elections in 2030").
    /// </summary>
    public static DateOnly? LatestMentionedMonth(string text)
    {
        DateOnly? latest = null;
        foreach (var (day, _) in FullDates(text))
            latest = Max(latest, day);
        foreach (Match m in WrittenDates.MonthLed(text, DatePatterns.MonthYear(), DatePatterns.MonthYearTail(), wordBoundary: true))
        {
            // "may 2030" in lower case is the verb, not the month.
            if (!char.IsUpper(m.Value[0]))
                continue;
            int month = DatePatterns.MonthNumber(m.Groups["mon"].Value);
            if (DatePatterns.TryMakeDay(DatePatterns.Number(m, "y"), month, 1, out var d))
                latest = Max(latest, d);
        }
        return latest;
    }

    private static DateOnly? Max(DateOnly? a, DateOnly b) => a is { } x && x >= b ? x : b;

}
