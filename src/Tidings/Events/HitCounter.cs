namespace Tidings.Events;

/// <summary>
/// Hits per event number, counted afresh by each index lookup and read before the next: what decides which events an
/// article is scored against and which a pass compares. Event numbers are dense, so the counts are an array indexed
/// by number with a list of the numbers hit (to read and reset them): a lookup counts thousands of postings, each an
/// array increment rather than a hash table's lookup and store.
/// </summary>
internal sealed class HitCounter
{
    private int[] _counts = [];
    private readonly List<int> _hit = [];

    /// <summary>Forgets the last lookup's hits.</summary>
    public void Clear()
    {
        foreach (int number in _hit)
            _counts[number] = 0;
        _hit.Clear();
    }

    public void Add(int number)
    {
        if (number >= _counts.Length)
            Array.Resize(ref _counts, Math.Max(number + 1, 2 * _counts.Length));
        if (_counts[number]++ == 0)
            _hit.Add(number);
    }

    /// <summary>
    /// The events with the most hits, at most <paramref name="count"/>, most first (ties to the older event), chosen in
    /// one pass: sorting every event that shares a common term would cost more than scoring the chosen ones.
    /// </summary>
    public List<int> MostHits(int count)
    {
        var best = new List<(int Hits, int Event)>(count + 1);
        foreach (int number in _hit)
        {
            var candidate = (_counts[number], number);
            if (best.Count == count && !Better(candidate, best[^1]))
                continue;
            int at = best.Count;
            while (at > 0 && Better(candidate, best[at - 1]))
                at--;
            best.Insert(at, candidate);
            if (best.Count > count)
                best.RemoveAt(best.Count - 1);
        }
        return [.. best.Select(b => b.Event)];

        static bool Better((int Hits, int Event) x, (int Hits, int Event) y) => x.Hits > y.Hits || (x.Hits == y.Hits && x.Event < y.Event);
    }
}
