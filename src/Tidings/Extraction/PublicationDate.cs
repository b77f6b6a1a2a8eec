using System.Globalization;

namespace Tidings.Extraction;

/// <summary>
/// A publication date as precise as its source: always the day, the time of day only where the source gave it,
/// and the UTC offset only where the source stated one. The day is kept as written, never shifted to local time,
/// because a newsroom's "18 September" is the fact, not its UTC conversion.
/// </summary>
public readonly record struct PublicationDate(DateOnly Day, TimeOnly? Time = null, TimeSpan? Offset = null)
    : IComparable<PublicationDate>
{
    public int CompareTo(PublicationDate other)
    {
        int byDay = Day.CompareTo(other.Day);
        return byDay != 0 ? byDay : (Time ?? TimeOnly.MinValue).CompareTo(other.Time ?? TimeOnly.MinValue);
    }

    public static bool operator <(PublicationDate a, PublicationDate b) => a.CompareTo(b) < 0;
    public static bool operator >(PublicationDate a, PublicationDate b) => a.CompareTo(b) > 0;
    public static bool operator <=(PublicationDate a, PublicationDate b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PublicationDate a, PublicationDate b) => a.CompareTo(b) >= 0;

    /// <summary>ISO 8601: date-only where only the day is known.</summary>
    public override string ToString()
    {
        if (Time is not { } time)
            return Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string local = $"{Day:yyyy-MM-dd}T{time:HH:mm:ss}";
        if (Offset is not { } offset)
            return local;
        return offset == TimeSpan.Zero ? local + "Z" : local + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses ISO 8601 dates and date-times as found in JSONL and HTML metadata.</summary>
    public static bool TryParseIso(string? value, out PublicationDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        string text = value.Trim();
        int year, month, dayOfMonth;
        (int Hour, int Minute, int Second)? clock;
        TimeSpan? offset;
        if (DatePatterns.TryReadCanonicalIso(text, out year, out month, out dayOfMonth, out clock, out bool utc))
        {
            offset = utc ? TimeSpan.Zero : null;
        }
        else
        {
            var m = DatePatterns.Iso().Match(text);
            if (!m.Success)
                return false;
            (year, month, dayOfMonth) = (DatePatterns.Number(m, "y"), DatePatterns.Number(m, "m"), DatePatterns.Number(m, "d"));
            clock = m.Groups["H"].Success ? (DatePatterns.Number(m, "H"), DatePatterns.Number(m, "M"), m.Groups["S"].Success ? DatePatterns.Number(m, "S") : 0) : null;
            offset = m.Groups["z"].Success ? DatePatterns.ParseOffset(m.Groups["z"].Value) : null;
        }
        if (!DatePatterns.TryMakeDay(year, month, dayOfMonth, out var day) || clock is { Hour: > 23 } or { Minute: > 59 } or { Second: > 59 })
            return false;
        date = new PublicationDate(day, clock is var (h, min, s) ? new TimeOnly(h, min, s) : null, offset);
        return true;
    }
}
