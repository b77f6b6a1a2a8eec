using Tidings.Fingerprints;

namespace Tidings.Synthesis;

/// <summary>
/// Where independent origins state one fact differently: a number of the same unit ("a four-day visit" against "a
/// three-day visit"; "four-day" and "Monday to Thursday" agree), the day it happened, or who holds the same role
/// ("hosted by Foreign Minister Lavrov" against "hosted by Foreign Minister Shoigu"). Only origins that each state a
/// single value are compared: a sentence that lists several numbers of one unit does not say which is the fact's.
/// </summary>
internal static class DisagreementFinder
{
    public static List<Disagreement> Find(IReadOnlyList<List<StatedSentence>> facts)
    {
        var found = new List<Disagreement>();
        foreach (var fact in facts.Where(f => StatedSentence.Origins(f) >= 2))
        {
            var values = new List<(string Detail, string Value, string Key, StatedSentence Sentence)>();
            var samePublicationDay = new Lazy<bool>(() => fact.Select(s => s.Published).Distinct().Count() == 1, LazyThreadSafetyMode.None);
            foreach (var s in fact)
            {
                values.AddRange(CountsAndDays(s, samePublicationDay.Value).Select(v => (v.Detail, v.Value, v.Key, s)));
                foreach (var name in NameFinder.Find([s.Text]).Select(EntityMerger.Unqualified))
                {
                    foreach (var role in name.Aliases.Append(name.Name).SelectMany(n => RoleFinder.Roles(s.Text, n)).Distinct(StringComparer.OrdinalIgnoreCase))
                        values.Add(("role: " + role.ToLowerInvariant(), name.Name, name.Name.ToLowerInvariant(), s));
                }
            }
            foreach (var detail in values.GroupBy(v => v.Detail))
            {
                // One value per origin, or the origin is not compared.
                var perOrigin = detail.GroupBy(v => v.Sentence.Origin).Where(g => g.Select(v => v.Key).Distinct().Count() == 1).ToList();
                var keys = perOrigin.Select(g => g.First().Key).Distinct().ToList();
                if (perOrigin.Count < 2 || keys.Count < 2 || (detail.Key.StartsWith("role: ", StringComparison.Ordinal) && SameNames(perOrigin.Select(g => g.First().Value).ToList())))
                    continue;
                // A fact may group sentences through a third; two values conflict only where the sentences that state
                // them say mostly the same thing ("a three-day visit" and "a four-day visit" to Lisbon on Monday).
                var stated = perOrigin.Select(g => g.First()).ToList();
                bool conflict = stated.Any(a => stated.Any(b => a.Key != b.Key && a.Sentence.Overlap(b.Sentence) >= SameStatement));
                if (!conflict)
                    continue;
                var sides = perOrigin.SelectMany(g => g).GroupBy(v => v.Key).Select(side => new DisagreeingValue(
                    side.First().Value,
                    [.. side.Select(v => v.Sentence.Article).Distinct()],
                    [.. side.Select(v => v.Sentence.Evidence).Distinct()])).ToList();
                found.Add(new Disagreement(fact[0].Text, detail.Key, sides));
            }
        }
        return found;
    }

    /// <summary>
    /// Whether two sentences that say mostly the same thing state one detail differently: each gives one value of a
    /// number's unit or of the day, and the values differ. Such a pair is one statement told two ways, and the fact
    /// that holds both is where the disagreement shows.
    /// </summary>
    public static bool StateDifferently(StatedSentence a, StatedSentence b)
    {
        if (a.Overlap(b) < SameStatement)
            return false;
        bool samePublicationDay = a.Published == b.Published;
        var ofB = CountsAndDays(b, samePublicationDay).GroupBy(v => v.Detail).Where(g => g.Select(v => v.Key).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        return CountsAndDays(a, samePublicationDay).GroupBy(v => v.Detail).Any(g =>
            g.Select(v => v.Key).Distinct().Count() == 1 && ofB.TryGetValue(g.Key, out var key) && key != g.First().Key);
    }

    /// <summary>The numbers a sentence states, by unit, and the days it names. A relative day ("on Sunday") is given
    /// only for articles published the same day: resolved from different days, the same words may name the same Sunday
    /// or not.</summary>
    private static IEnumerable<(string Detail, string Value, string Key)> CountsAndDays(StatedSentence s, bool samePublicationDay) =>
        Quantities.In(s.Text).Select(q => (q.Unit, q.Written, q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(s.Days
                .Where(d => !d.Relative || samePublicationDay)
                .Select(d => ("date", s.Text.Substring(d.Index, d.Length), d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Share of the shorter sentence's content terms that the longer must hold for two sentences to make one statement.</summary>
    private const double SameStatement = 0.5;


    /// <summary>One person under every name: a transliteration or a shorter form of the same name ("Trump", "Donald Trump").</summary>
    private static bool SameNames(List<string> names) => names.All(a => names.All(b => EntityMerger.SamePerson(a, b) || ShorterForm(a, b) || ShorterForm(b, a)));

    private static bool ShorterForm(string shorter, string longer)
    {
        var words = longer.Split(' ');
        return shorter.Split(' ').All(w => words.Contains(w, StringComparer.OrdinalIgnoreCase));
    }
}
