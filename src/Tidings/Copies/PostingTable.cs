using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Tidings.Copies;

/// <summary>
/// A multimap from 64-bit band keys to article numbers in one flat array, 8 bytes a posting: the key's top 32 bits
/// (its fingerprint) and the article. No per-key objects are allocated, which is what keeps the index under a
/// kilobyte per article.
/// </summary>
/// <remarks>
/// <para>
/// A fingerprint's home slot grows with the fingerprint (Lemire's multiply-shift), and each run of filled slots is
/// kept sorted by fingerprint: an insertion shifts the rest of its run one slot right. A lookup then stops at the
/// first larger fingerprint instead of walking the whole run, which at 80% load, with common keys filed dozens of
/// times, is tens of slots per lookup, twice per key (lookup, then insertion). A key's postings stay in the order
/// they were filed.
/// </para>
/// <para>
/// Only 32 bits of a key are kept, so two keys collide once in four billion; but a lookup meets every key filed, so
/// with 58 million keys (a million articles) about one lookup in seventy finds a stranger's posting. A collision can
/// only add a candidate, which verification would reject; the detector asks for corroboration before it verifies. Keys whose postings reach a cap are not extended: a sentence that thousands of
/// pages share (a newsletter line, a wire credit) says nothing about which of them copy each other.
/// </para>
/// </remarks>
internal sealed class PostingTable
{
    private const double MaxLoad = 0.8;

    /// <summary>Slots past the last home slot, where the last runs spill over instead of wrapping around (at first; see <see cref="Add"/>).</summary>
    private const int Spill = 4096;

    /// <summary>Home slots; the array is longer by the spill area.</summary>
    private int _homes = 1024;
    private ulong[] _slots = new ulong[1024 + Spill];
    private int _count;

    public int Count => _count;

    /// <summary>Bytes held by the table.</summary>
    public long Bytes => _slots.LongLength * sizeof(ulong);

    /// <summary>Adds the articles filed under <paramref name="key"/> (at most <paramref name="cap"/>) and returns how many there were.</summary>
    public int Collect(ulong key, List<int> into, int cap)
    {
        uint fingerprint = Fingerprint(key);
        var slots = _slots;
        int i = Home(fingerprint, _homes);
        while (slots[i] != 0 && (uint)(slots[i] >> 32) < fingerprint)
            i++;
        int found = 0;
        for (; (uint)(slots[i] >> 32) == fingerprint; i++)
        {
            if (found++ < cap)
                into.Add((int)(uint)slots[i]);
        }
        return found;
    }

    /// <summary>
    /// Asks for a key's home slot to be brought into the cache. Prefetching all of an article's keys first lets the
    /// processor fetch their cache lines in parallel: a large table misses the cache on nearly every key, and looking
    /// the keys up one after another would wait for each miss in turn. A prefetch neither faults nor waits, so the
    /// pointer may go stale if the collector moves the table meanwhile; where there is no prefetch instruction the
    /// slot is read instead, which overlaps fewer misses.
    /// </summary>
    public unsafe ulong Prefetch(ulong key)
    {
        ref ulong slot = ref _slots[Home(Fingerprint(key), _homes)];
        if (Sse.IsSupported)
        {
            // The run a lookup walks often reaches into the next cache line.
            Sse.Prefetch0(Unsafe.AsPointer(ref slot));
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref slot, 8)));
            return 0;
        }
        return slot;
    }

    public void Add(ulong key, int article)
    {
        ulong entry = ((ulong)Fingerprint(key) << 32) | (uint)article;
        // By half rather than doubling, so the table is never less than about half full.
        if (_count + 1 > _homes * MaxLoad)
            Resize(_homes + _homes / 2);
        // A run that reaches the end of the spill area (many postings at the top of the key range) doubles it.
        while (!Insert(_slots, _homes, entry))
            Resize(_homes, 2 * (_slots.Length - _homes));
        _count++;
    }

    /// <summary>
    /// Makes room for this many postings in all at once: rehashing a large table touches every entry, so a caller
    /// that knows its batch size saves the repeated growth.
    /// </summary>
    public void EnsureCapacity(long postings)
    {
        long needed = (long)(postings / MaxLoad) + 1;
        if (needed > _homes && needed + Spill < Array.MaxLength)
            Resize((int)needed);
    }

    /// <summary>Moves the entries into <paramref name="homes"/> home slots, leaving out those of articles from <paramref name="below"/> on.</summary>
    private void Resize(int homes, int spill = Spill, int below = int.MaxValue)
    {
        while (true)
        {
            var larger = new ulong[homes + spill];
            bool fits = true;
            // The old table is sorted by fingerprint from end to end, so each entry lands at its home slot or, where
            // the entries before it have filled that, right after the last of them: where an insertion would put it,
            // without walking the run it joins (which made a rehash quadratic in the runs' lengths).
            int next = 0;
            foreach (ulong slot in _slots)
            {
                if (slot == 0 || (int)(uint)slot >= below)
                    continue;
                int at = Math.Max(Home((uint)(slot >> 32), homes), next);
                if (!(fits = at < larger.Length - 1))
                    break;
                larger[at] = slot;
                next = at + 1;
            }
            if (fits)
            {
                (_slots, _homes) = (larger, homes);
                return;
            }
            spill *= 2;
        }
    }

    /// <summary>
    /// Files an entry after those with the same or a smaller fingerprint; false when its run would reach the last slot,
    /// which stays empty so that every scan ends inside the array.
    /// </summary>
    private static bool Insert(ulong[] slots, int homes, ulong entry)
    {
        uint fingerprint = (uint)(entry >> 32);
        int i = Home(fingerprint, homes);
        while (slots[i] != 0 && (uint)(slots[i] >> 32) <= fingerprint)
            i++;
        int empty = i;
        while (empty < slots.Length - 1 && slots[empty] != 0)
            empty++;
        if (empty == slots.Length - 1)
            return false;
        slots.AsSpan(i, empty - i).CopyTo(slots.AsSpan(i + 1));
        slots[i] = entry;
        return true;
    }

    /// <summary>
    /// A table of the postings of articles numbered below <paramref name="articles"/>: the table as it stood before
    /// the later ones were filed, since a key's later postings never decide whether an earlier one was filed.
    /// </summary>
    public PostingTable Before(int articles)
    {
        int kept = 0;
        foreach (ulong slot in _slots)
            kept += slot != 0 && (int)(uint)slot < articles ? 1 : 0;
        var table = new PostingTable { _slots = _slots, _homes = _homes, _count = kept };
        // Each fingerprint's entries stay in filing order, and the table in fingerprint order: the linear placement of
        // a resize, leaving out the later articles.
        table.Resize(Math.Max(1024, (int)(kept / MaxLoad) + 1), Spill, articles);
        return table;
    }

    /// <summary>Writes the table as it lies in memory, for a checkpoint: reading it back costs one copy, not a rehash.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_homes);
        writer.Write(_count);
        writer.Write(_slots.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_slots.AsSpan()));
    }

    public static PostingTable Read(BinaryReader reader)
    {
        var table = new PostingTable { _homes = reader.ReadInt32(), _count = reader.ReadInt32() };
        table._slots = new ulong[reader.ReadInt32()];
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(table._slots.AsSpan()));
        return table;
    }

    /// <summary>Never zero, since a zero slot marks an empty one.</summary>
    private static uint Fingerprint(ulong key) => (uint)(key >> 32) | 1;

    /// <summary>Maps the fingerprint onto the home slots, in the fingerprints' order (Lemire's multiply-shift).</summary>
    private static int Home(uint fingerprint, int homes) => (int)(((ulong)fingerprint * (ulong)homes) >> 32);
}
