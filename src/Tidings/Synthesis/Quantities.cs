using System.Text.RegularExpressions;

namespace Tidings.Synthesis;

/// <summary>A number a sentence states about something: its value, what it counts (a unit such as "day" or "people"), and the words that state it.</summary>
internal sealed record Quantity(string Unit, double Value, string Written);

/// <summary>
/// Reads the numbers a sentence states and what they count, so that two reports of one fact can be compared: "a
/// four-day visit", "for four days", "from Monday to Thursday" (four days, counted inclusively), "12 people", "two days
/// before".
/// Durations are counted in days, weeks, months and years as written, not converted.
/// </summary>
internal static partial class Quantities
{
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30,
        ["hundred"] = 100, ["dozen"] = 12,
    };

    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    [GeneratedRegex(@"(?<![\p{L}\d.,])(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a\s+dozen|dozen)(?:[\s\-]+)(?<unit>(?!(?:of|per|and|or|to|in|on|at|the|a|an|percent)\b)(?-i:[a-z]+)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndNoun();

    [GeneratedRegex(@"\b(?:from\s+)?(?<a>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:to|until|through|till|-|–)\s+(?<b>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayRange();

    /// <summary>
    /// How far apart two events came: "two days before the visit", "a week earlier". The gap is counted whichever way
    /// it is told ("talks two days before the visit", "the visit two days after the talks"), so "a day before" and "two
    /// days after" the same two events disagree; a four-day visit is another detail. "Two days ago" is no gap between
    /// events: it counts from the day of writing, which differs between reports.
    /// </summary>
    [GeneratedRegex(@"(?<![\p{L}\d])(?<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)[\s\-]+(?<unit>hours?|days?|weeks?|months?|years?)\s+(?:before|after|earlier|later)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeOffset();

    public static List<Quantity> In(string sentence)
    {
        var found = new List<Quantity>();
        var offsets = RelativeOffset().Matches(sentence);
        foreach (Match m in offsets)
        {
            string number = m.Groups["n"].Value;
            // \d also matches digits of other scripts ("٣ days before"), which double.Parse rejects: such an offset is skipped.
            double value = number.ToLowerInvariant() is "a" or "an" ? 1
                : NumberWords.TryGetValue(number, out int word) ? word
                : double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) ? parsed : double.NaN;
            if (double.IsNaN(value))
                continue;
            found.Add(new Quantity($"{Singular(m.Groups["unit"].Value.ToLowerInvariant())} apart", value, m.Value));
        }
        foreach (Match m in NumberAndNoun().Matches(sentence))
        {
            // The number of an offset counts how long before, not how long something lasted.
            if (offsets.Any(o => m.Index >= o.Index && m.Index < o.Index + o.Length))
                continue;
            string number = m.Groups["n"].Value;
            double value = NumberWords.TryGetValue(number.Replace("a ", "", StringComparison.OrdinalIgnoreCase).Trim(), out int word)
                ? word
                : double.TryParse(number.Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) ? parsed : double.NaN;
            if (double.IsNaN(value))
                continue;
            string unit = Singular(m.Groups["unit"].Value.ToLowerInvariant());
            // A four-digit number before a noun is a year ("2023 talks"), not a count.
            if (value is >= 1900 and <= 2100 && !number.Contains(',', StringComparison.Ordinal))
                continue;
            found.Add(new Quantity(unit, value, m.Value));
        }
        foreach (Match m in WeekdayRange().Matches(sentence))
        {
            int a = Array.IndexOf(Weekdays, m.Groups["a"].Value.ToLowerInvariant());
            int b = Array.IndexOf(Weekdays, m.Groups["b"].Value.ToLowerInvariant());
            found.Add(new Quantity("day", ((b - a + 7) % 7) + 1, m.Value));
        }
        return found;
    }

    private static string Singular(string noun) => noun switch
    {
        "people" or "person" => "people",
        "days" => "day",
        _ when noun.EndsWith("ies", StringComparison.Ordinal) && noun.Length > 4 => noun[..^3] + "y",
        _ when noun.EndsWith('s') && !noun.EndsWith("ss", StringComparison.Ordinal) && noun.Length > 3 => noun[..^1],
        _ => noun,
    };
}
