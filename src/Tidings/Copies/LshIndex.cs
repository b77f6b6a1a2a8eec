using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// Locality-sensitive hashing over MinHash signatures: articles sharing any band become candidate pairs.
/// With b bands of r rows, a pair of Jaccard J becomes a candidate with probability 1-(1-J^r)^b.
/// </summary>
public sealed class LshIndex
{
    /// <summary>
    /// Two rows per band, 64 bands: a pair at content-word Jaccard 0.2 (a heavy rewrite) is found with probability 0.93,
    /// at 0.3 with 0.9973. Cheap verification makes the extra candidates affordable at this stage.
    /// </summary>
    public const int RowsPerBand = 2;

    private readonly Dictionary<(int Band, ulong Key), List<int>> _buckets = [];
    private int _count;

    /// <summary>Adds a signature and returns the indices of earlier signatures that share a band with it, ascending.</summary>
    public IReadOnlyList<int> AddAndQuery(MinHashSignature signature)
    {
        int id = _count++;
        var candidates = new SortedSet<int>();
        var values = signature.Values;
        for (int band = 0; band < MinHashSignature.Length / RowsPerBand; band++)
        {
            ulong key = 14695981039346656037UL;
            for (int r = 0; r < RowsPerBand; r++)
                key = unchecked((key ^ values[band * RowsPerBand + r]) * 1099511628211UL);
            if (!_buckets.TryGetValue((band, key), out var bucket))
                _buckets[(band, key)] = bucket = [];
            foreach (var other in bucket)
                candidates.Add(other);
            bucket.Add(id);
        }
        return candidates.ToList();
    }
}
