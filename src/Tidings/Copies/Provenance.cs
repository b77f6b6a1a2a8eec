using Tidings.Extraction;

namespace Tidings.Copies;

/// <summary>Who copied whom: the earliest published is the original; where dates cannot decide, the most complete.</summary>
internal static class Provenance
{
    /// <summary>What an article offers as its claim to be the original: its arrival number, date and length.</summary>
    public readonly record struct Claim(int Number, PublicationDate? Published, int WordCount);

    /// <summary>
    /// The original of two articles, by number. Dates decide when they name different days (a time of day is too
    /// often a time zone away from the truth); then the longer text, which a copy cuts rather than extends; then
    /// arrival. The answer does not depend on the order of the arguments.
    /// </summary>
    public static int Original(Claim a, Claim b)
    {
        if (a.Published is { } da && b.Published is { } db && da.Day != db.Day)
            return da.Day < db.Day ? a.Number : b.Number;
        if (a.WordCount != b.WordCount)
            return a.WordCount > b.WordCount ? a.Number : b.Number;
        return Math.Min(a.Number, b.Number);
    }

    /// <summary>
    /// Copy groups are the connected components of the relations; each group's root is the member that wins
    /// <paramref name="original"/> against every other, so copies of copies resolve to the first original.
    /// </summary>
    public static Dictionary<string, string> Roots(IReadOnlyList<string> order, IReadOnlyList<CopyRelation> relations, Func<string, string, string> original)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in order)
            parent[id] = id;
        string Find(string x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var r in relations)
        {
            string ra = Find(r.A), rb = Find(r.B);
            if (ra != rb)
                parent[rb] = ra;
        }
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in order.GroupBy(Find))
        {
            string best = group.Aggregate(original);
            foreach (var member in group)
                roots[member] = best;
        }
        return roots;
    }
}
