namespace Tidings.Copies;

/// <summary>
/// A multimap from 64-bit band keys to article numbers in one flat array, 8 bytes a posting: the key's top 32 bits
/// and the article. Open addressing with linear probing keeps a key's postings in one cache-friendly run, and no
/// per-key objects are allocated, which is what keeps the index under a kilobyte per article.
/// </summary>
/// <remarks>
/// Only 32 bits of a key are kept, so two keys collide once in four billion; a collision can only add a candidate,
/// which verification then rejects. Keys whose postings reach a cap are not extended: a sentence that thousands of
/// pages share (a newsletter line, a wire credit) says nothing about which of them copy each other.
/// </remarks>
internal sealed class PostingTable
{
    private const double MaxLoad = 0.8;

    private ulong[] _slots = new ulong[1024];
    private int _count;

    public int Count => _count;

    /// <summary>Bytes held by the table.</summary>
    public long Bytes => _slots.LongLength * sizeof(ulong);

    /// <summary>Adds the articles filed under <paramref name="key"/> (at most <paramref name="cap"/>) and returns how many there were.</summary>
    public int Collect(ulong key, List<int> into, int cap)
    {
        uint fingerprint = Fingerprint(key);
        int found = 0;
        for (int i = Home(fingerprint, _slots.Length); ; i = i + 1 == _slots.Length ? 0 : i + 1)
        {
            ulong slot = _slots[i];
            if (slot == 0)
                return found;
            if ((uint)(slot >> 32) == fingerprint && found++ < cap)
                into.Add((int)(uint)slot);
        }
    }

    /// <summary>
    /// Reads a key's home slot. Touching all of an article's keys first, independently, lets the processor fetch their
    /// cache lines in parallel: a large table misses the cache on nearly every key, and looking the keys up one after
    /// another would wait for each miss in turn.
    /// </summary>
    public ulong Touch(ulong key) => _slots[Home(Fingerprint(key), _slots.Length)];

    public void Add(ulong key, int article)
    {
        if (_count + 1 > _slots.Length * MaxLoad)
            Grow();
        Insert(_slots, ((ulong)Fingerprint(key) << 32) | (uint)article);
        _count++;
    }

    /// <summary>
    /// Makes room for this many postings in all at once: rehashing a large table touches every entry at random, so a
    /// caller that knows its batch size saves the repeated growth.
    /// </summary>
    public void EnsureCapacity(long postings)
    {
        long needed = (long)(postings / MaxLoad) + 1;
        if (needed > _slots.Length && needed < Array.MaxLength)
            Resize((int)needed);
    }

    /// <summary>Grows by half rather than doubling, so the table is never less than about half full.</summary>
    private void Grow() => Resize(_slots.Length + _slots.Length / 2);

    private void Resize(int length)
    {
        var larger = new ulong[length];
        foreach (ulong slot in _slots)
        {
            if (slot != 0)
                Insert(larger, slot);
        }
        _slots = larger;
    }

    private static void Insert(ulong[] slots, ulong entry)
    {
        int i = Home((uint)(entry >> 32), slots.Length);
        while (slots[i] != 0)
            i = i + 1 == slots.Length ? 0 : i + 1;
        slots[i] = entry;
    }

    /// <summary>Never zero, since a zero slot marks an empty one.</summary>
    private static uint Fingerprint(ulong key) => (uint)(key >> 32) | 1;

    /// <summary>Maps the fingerprint onto the table (Lemire's multiply-shift), which needs no power-of-two size.</summary>
    private static int Home(uint fingerprint, int length) => (int)(((ulong)fingerprint * (ulong)length) >> 32);
}
