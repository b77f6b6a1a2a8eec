namespace Tidings.Fingerprints;

/// <summary>
/// How one person or street is written differently by different reports: with or without a title, a middle name or a
/// home town ("Detroit Police Chief James Craig", "James Craig"; "Zion Willis of Canarsie"), surname first
/// ("Graham, Shadale"), or with a given name or street name spelt a letter or two apart ("Taleik"/"Taliek Bristel",
/// "Smilax"/"Smilex Road"). Names here are lower case, words separated by single spaces.
/// </summary>
internal static class NameForms
{
    /// <summary>
    /// The last two words of the name before any "of": the given name and surname of a person, the name and kind of a
    /// street, however much else a report writes around them.
    /// </summary>
    public static string Core(string name)
    {
        string head = Head(name);
        int last = head.LastIndexOf(' ');
        int before = last > 0 ? head.LastIndexOf(' ', last - 1) : -1;
        return before < 0 ? head : head[(before + 1)..];
    }

    /// <summary>The name before any "of": "Zion Willis of Canarsie" is Zion Willis.</summary>
    private static string Head(string name) => name.IndexOf(" of ", StringComparison.Ordinal) is var of and > 0 ? name[..of] : name;

    /// <summary>
    /// Whether two names of two words or more are one name: every word of the shorter (before any "of", two different
    /// words at least) is a word of the longer, in any order; or their <see cref="Core"/>s differ only in one word
    /// <see cref="SpeltAlike"/>. Two cores alike after different words ("UN Security Council", "National Security
    /// Council") are not one name.
    /// </summary>
    public static bool SameAllowingSpelling(string a, string b) => SameAllowingSpelling(Words(a), Words(b));

    /// <inheritdoc cref="SameAllowingSpelling(string, string)"/>
    /// <param name="x">The first name's <see cref="Words"/>.</param>
    /// <param name="y">The second name's <see cref="Words"/>.</param>
    public static bool SameAllowingSpelling(string[] x, string[] y)
    {
        if (x.Length < 2 || y.Length < 2)
            return false;
        var (shorter, longer) = x.Length <= y.Length ? (x, y) : (y, x);
        if (shorter.All(longer.Contains))
            return true;
        if (x.Length != 2 || y.Length != 2)
            return false;
        return (x[1] == y[1] && x[0] != y[0] && SpeltAlike(x[0], y[0])) || (x[0] == y[0] && x[1] != y[1] && SpeltAlike(x[1], y[1]));
    }

    /// <summary>The different words of the name before any "of", in order: what <see cref="SameAllowingSpelling(string[], string[])"/> compares.</summary>
    public static string[] Words(string name) => Head(name).Split(' ').Distinct().ToArray();

    /// <summary>
    /// Two spellings of one word of a name: a transliteration ("Sergey", "Sergei") or a typing slip. Four letters at
    /// least and the same first letter, so that "Ann" and "Ian" or "Mark" and "Dirk" stay apart.
    /// </summary>
    public static bool SpeltAlike(string a, string b) =>
        a.Length >= 4 && b.Length >= 4 && a[0] == b[0] && EditDistance(a, b) <= 2;

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
