using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The copy relations of a batch and, for each article, the root original of its copy group.</summary>
public sealed class CopyGraph(IReadOnlyList<CopyRelation> relations, IReadOnlyDictionary<string, string> rootOf)
{
    public IReadOnlyList<CopyRelation> Relations { get; } = relations;

    public IReadOnlyDictionary<string, string> RootOf { get; } = rootOf;

    /// <summary>The original this article copies (directly or through other copies), or null for an original.</summary>
    public string? CopyOf(string id) => RootOf.TryGetValue(id, out var root) && root != id ? root : null;

    /// <summary>The independent origin an article counts as: itself, or the root of its copy group.</summary>
    public string OriginOf(string id) => RootOf.GetValueOrDefault(id, id);

    private readonly Lazy<ILookup<string, string>> _partners = new(() =>
        relations.SelectMany(r => new[] { (r.A, r.B), (r.B, r.A) }).ToLookup(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    /// <summary>The articles in a verified copy relation with this one, indexed once rather than scanned per article.</summary>
    public IEnumerable<string> PartnersOf(string id) => _partners.Value[id];
}

/// <summary>Finds copy relations: LSH candidates, exact verification, then provenance (who copied whom).</summary>
public static class CopyDetector
{
    public static CopyGraph Detect(IReadOnlyList<Fingerprint> fingerprints)
    {
        var index = new LshIndex();
        var relations = new List<CopyRelation>();
        for (int j = 0; j < fingerprints.Count; j++)
        {
            foreach (int i in index.AddAndQuery(fingerprints[j].Signature))
            {
                var a = fingerprints[i];
                var b = fingerprints[j];
                if (a.Id == b.Id || CopyVerifier.Verify(a, b) is not { } verdict)
                    continue;
                string original = Provenance.Original(a, i, b, j);
                relations.Add(new CopyRelation(a.Id, b.Id, verdict.Kind, original, Math.Round(verdict.Score, 3), verdict.Evidence));
            }
        }
        return new CopyGraph(relations, Provenance.Roots(fingerprints, relations));
    }
}
