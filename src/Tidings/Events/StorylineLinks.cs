namespace Tidings.Events;

/// <summary>
/// The storyline links (continues or recurs) between events, both ways, each event's as one sorted array. A merge moves
/// the links to the absorbing event; a checkpoint written before merges did so may still name a merged-away event, which
/// readers resolve to the event it joined.
/// </summary>
/// <remarks>
/// Every event of a storyline usually resembles every other (each replay of a recurring event resembles all the
/// earlier ones), so links linking each to each grew with the square of the storyline; an event now keeps only its
/// nearest predecessors (<see cref="LinkNearest"/>). As a hash set per event they took 44 MB at 190,000 replayed Reuters
/// articles, about 390 bytes for an event with eight links; an array of eight takes 56. An event gains links a few at a
/// time, in passes, so copying its array on each new link costs little.
/// </remarks>
internal sealed class StorylineLinks
{
    private readonly Dictionary<int, int[]> _of = [];

    /// <summary>The events linked to <paramref name="number"/>, in ascending order.</summary>
    public IReadOnlyList<int> Of(int number) => _of.GetValueOrDefault(number, []);

    /// <summary>Links two events both ways; false when <paramref name="earlier"/> already named <paramref name="later"/>.</summary>
    public bool Link(int earlier, int later)
    {
        bool added = Insert(earlier, later);
        Insert(later, earlier);
        return added;
    }

    /// <summary>
    /// Links two events both ways, unless <paramref name="later"/> already links to <paramref name="maxEarlier"/>
    /// events before it, each after <paramref name="earlier"/>: an event keeps its nearest predecessors. When one it
    /// keeps is older than <paramref name="earlier"/>, the oldest is let go for it, and named in
    /// <paramref name="dropped"/> (else -1). False when nothing was linked.
    /// </summary>
    public bool LinkNearest(int earlier, int later, int maxEarlier, out int dropped)
    {
        dropped = -1;
        var links = _of.GetValueOrDefault(later, []);
        if (Array.BinarySearch(links, earlier) >= 0)
            return false;
        int before = ~Array.BinarySearch(links, later);
        if (before >= maxEarlier)
        {
            // Sorted: the first is the oldest predecessor.
            if (links[0] > earlier)
                return false;
            dropped = links[0];
            Remove(later, dropped);
            Remove(dropped, later);
        }
        return Link(earlier, later);
    }

    /// <summary>Whether the two events are linked.</summary>
    public bool Has(int a, int b) => Array.BinarySearch(_of.GetValueOrDefault(a, []), b) >= 0;

    /// <summary>
    /// Gives the links of an event merged away to the event that absorbed it, and names that event in its place in
    /// every event it linked to, so that links name standing events (which <see cref="LinkNearest"/> counts); returns
    /// the events they name (empty when it had none).
    /// </summary>
    public IReadOnlyList<int> MoveTo(int from, int into)
    {
        if (!_of.Remove(from, out var moved))
            return [];
        foreach (int other in moved)
        {
            Remove(other, from);
            if (other != into)
                Insert(other, into);
        }
        var union = _of.GetValueOrDefault(into, []).Union(moved).Where(other => other != into).Order().ToArray();
        if (union.Length > 0)
            _of[into] = union;
        return moved;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_of.Count);
        foreach (var (number, links) in _of)
        {
            writer.Write(number);
            writer.Write(links.Length);
            foreach (int other in links)
                writer.Write(other);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a checkpoint written when links were sets holds them unordered.</summary>
    public void Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        _of.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
        {
            int number = reader.ReadInt32();
            var links = new int[reader.ReadInt32()];
            for (int n = 0; n < links.Length; n++)
                links[n] = reader.ReadInt32();
            Array.Sort(links);
            _of[number] = links;
        }
    }

    /// <remarks>Nothing to remove is no fault: a checkpoint written before <see cref="MoveTo"/> named absorbing events still names merged-away ones, whose links moved.</remarks>
    private void Remove(int number, int other)
    {
        if (!_of.TryGetValue(number, out var links))
            return;
        int at = Array.BinarySearch(links, other);
        if (at < 0)
            return;
        if (links.Length == 1)
        {
            _of.Remove(number);
            return;
        }
        var shrunk = new int[links.Length - 1];
        links.AsSpan(0, at).CopyTo(shrunk);
        links.AsSpan(at + 1).CopyTo(shrunk.AsSpan(at));
        _of[number] = shrunk;
    }

    private bool Insert(int number, int other)
    {
        var links = _of.GetValueOrDefault(number, []);
        int at = Array.BinarySearch(links, other);
        if (at >= 0)
            return false;
        at = ~at;
        var grown = new int[links.Length + 1];
        links.AsSpan(0, at).CopyTo(grown);
        grown[at] = other;
        links.AsSpan(at).CopyTo(grown.AsSpan(at + 1));
        _of[number] = grown;
        return true;
    }
}
