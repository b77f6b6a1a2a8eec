using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>Who copied whom: the earliest published is the original; where dates cannot decide, the most complete.</summary>
internal static class Provenance
{
    public static string Original(Fingerprint a, int orderA, Fingerprint b, int orderB)
    {
        if (a.Article.Published is { } da && b.Article.Published is { } db && da.Day != db.Day)
            return da < db ? a.Id : b.Id;
        if (a.WordCount != b.WordCount)
            return a.WordCount > b.WordCount ? a.Id : b.Id;
        return orderA <= orderB ? a.Id : b.Id;
    }

    /// <summary>
    /// Copy groups are the connected components of the relations; each group's root is the member that
    /// wins <see cref="Original"/> against every other, so copies of copies resolve to the first original.
    /// </summary>
    public static Dictionary<string, string> Roots(IReadOnlyList<Fingerprint> fingerprints, List<CopyRelation> relations)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < fingerprints.Count; i++)
            order.TryAdd(fingerprints[i].Id, i);
        var parent = order.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
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
        foreach (var group in order.Keys.GroupBy(Find))
        {
            var members = group.ToList();
            string best = members[0];
            foreach (var m in members.Skip(1))
                best = Original(fingerprints[order[best]], order[best], fingerprints[order[m]], order[m]);
            foreach (var m in members)
                roots[m] = best;
        }
        return roots;
    }
}
