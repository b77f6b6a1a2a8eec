using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// The word sequences of the most recently filed articles, kept for verification because copies follow their
/// originals within minutes to hours of a feed. Each is copied into buffers that belong to its slot and are reused
/// by the article that later takes the slot: the buffers live as long as the detector, so the collector never copies
/// them, whereas keeping each article's own arrays made every collection move the whole window twice (to the middle
/// generation, then to the old one) and left it there as garbage.
/// </summary>
internal sealed class RecentWordSequences(int capacity)
{
    /// <summary>Longer texts are not kept: a slot keeps its largest buffers, and verification can read them again.</summary>
    public const int MaxWords = 4096;

    private readonly Slot[] _slots = Enumerable.Range(0, capacity).Select(_ => new Slot()).ToArray();

    private sealed class Slot
    {
        public int Number = -1;
        public WordSequence.Parts Parts = WordSequence.Parts.Empty;
    }

    public void Keep(int number, WordSequence words)
    {
        var slot = _slots[number % _slots.Length];
        slot.Number = -1;
        if (words.WordCount > MaxWords)
            return;
        words.CopyTo(ref slot.Parts);
        slot.Number = number;
    }

    /// <summary>A copy of the kept sequence of article <paramref name="number"/>, or null when its slot has been reused.</summary>
    public WordSequence? Find(int number)
    {
        var slot = _slots[number % _slots.Length];
        return slot.Number == number ? WordSequence.From(slot.Parts) : null;
    }
}
