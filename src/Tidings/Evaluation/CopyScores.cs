using Tidings.Copies;

namespace Tidings.Evaluation;

/// <summary>
/// A gold copy label: the source texts an article was made from, and how it was made from them
/// (<c>duplicate</c>, <c>near-duplicate</c>, <c>partial-copy</c>, <c>rewrite</c>), or no relation for a source's own text.
/// </summary>
/// <remarks><see cref="CopyOf"/>, when given, names the article the copy was made from; a source with two texts
/// (a wire story printed twice) then only pairs the copy with the text it was made from.</remarks>
public sealed record CopyLabel(IReadOnlySet<string> Origins, CopyKind? Relation, string? CopyOf = null);

/// <summary>Counts behind one precision/recall figure.</summary>
public sealed record PairTally(int Gold, int Predicted, int Correct)
{
    public PrecisionRecall Score => new(Predicted == 0 ? 1 : (double)Correct / Predicted, Gold == 0 ? 1 : (double)Correct / Gold);
}

/// <summary>
/// Copy detection against gold origins, over article pairs. Two articles are gold copies when they share an origin;
/// predicted copies when they fall in one copy group. Per relation, a gold pair is a copy and its own source (the
/// article with the origin and no relation), scored against the detector's direct relation of that kind; pairs of
/// two copies of one source have no single gold kind and count only overall.
/// </summary>
public sealed record CopyScores(int Articles, PairTally Overall, IReadOnlyDictionary<CopyKind, PairTally> ByRelation,
    IReadOnlyList<(string A, string B)> Missed, IReadOnlyList<(string A, string B)> Unwanted)
{
    public static CopyScores Compute(IReadOnlyDictionary<string, CopyLabel> gold, CopyGraph predicted)
    {
        var ids = gold.Keys.Where(predicted.RootOf.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var present = ids.ToHashSet(StringComparer.Ordinal);

        var goldPairs = new HashSet<(string, string)>();
        foreach (var group in ids.SelectMany(id => gold[id].Origins.Select(o => (Origin: o, Id: id))).GroupBy(x => x.Origin))
        {
            var members = group.Select(x => x.Id).Distinct().Order(StringComparer.Ordinal).ToList();
            for (int i = 0; i < members.Count; i++)
            {
                for (int j = i + 1; j < members.Count; j++)
                    goldPairs.Add((members[i], members[j]));
            }
        }
        var predictedPairs = new HashSet<(string, string)>();
        foreach (var group in ids.GroupBy(predicted.OriginOf))
        {
            var members = group.ToList();
            for (int i = 0; i < members.Count; i++)
            {
                for (int j = i + 1; j < members.Count; j++)
                    predictedPairs.Add((members[i], members[j]));
            }
        }
        var overall = new PairTally(goldPairs.Count, predictedPairs.Count, predictedPairs.Count(goldPairs.Contains));

        var byRelation = new Dictionary<CopyKind, PairTally>();
        var direct = predicted.Relations
            .Where(r => present.Contains(r.A) && present.Contains(r.B))
            .ToDictionary(r => Ordered(r.A, r.B), r => r.Kind);
        foreach (var kind in Enum.GetValues<CopyKind>())
        {
            var goldOfKind = goldPairs.Where(p => GoldKind(gold, p) == kind).ToList();
            var predictedOfKind = direct.Where(d => d.Value == kind && (!goldPairs.Contains(d.Key) || GoldKind(gold, d.Key) is not null)).Select(d => d.Key).ToList();
            int correct = predictedOfKind.Count(p => GoldKind(gold, p) == kind);
            byRelation[kind] = new PairTally(goldOfKind.Count, predictedOfKind.Count, correct);
        }
        return new CopyScores(ids.Count, overall, byRelation,
            goldPairs.Where(p => !predictedPairs.Contains(p)).Order().ToList(),
            predictedPairs.Where(p => !goldPairs.Contains(p)).Order().ToList());
    }

    /// <summary>The kind of a gold pair: defined when one is a copy and the other the source's own text.</summary>
    private static CopyKind? GoldKind(IReadOnlyDictionary<string, CopyLabel> gold, (string A, string B) pair)
    {
        var (a, b) = (gold[pair.A], gold[pair.B]);
        if (!a.Origins.Overlaps(b.Origins))
            return null;
        return (a.Relation, b.Relation) switch
        {
            (null, { } kind) when b.CopyOf is null || b.CopyOf == pair.A => kind,
            ({ } kind, null) when a.CopyOf is null || a.CopyOf == pair.B => kind,
            _ => null,
        };
    }

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
