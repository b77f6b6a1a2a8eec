using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The copy relations of a batch and, for each article, the root original of its copy group.</summary>
public sealed record CopyGraph(IReadOnlyList<CopyRelation> Relations, IReadOnlyDictionary<string, string> RootOf)
{
    /// <summary>The original this article copies (directly or through other copies), or null for an original.</summary>
    public string? CopyOf(string id) => RootOf.TryGetValue(id, out var root) && root != id ? root : null;

    /// <summary>The independent origin an article counts as: itself, or the root of its copy group.</summary>
    public string OriginOf(string id) => RootOf.GetValueOrDefault(id, id);
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
