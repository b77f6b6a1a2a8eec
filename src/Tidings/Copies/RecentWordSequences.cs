using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// The word sequences of the most recently filed articles, kept for verification because copies follow their
/// originals within minutes to hours of a feed: an article further back is read again from its text.
/// </summary>
/// <remarks>
/// Copying each sequence into buffers owned by its slot, so that the collector would never move the window, was
/// measured slower than this: the copies in and out cost more than the collections they save, once batches are small.
/// </remarks>
internal sealed class RecentWordSequences(int capacity)
{
    private readonly (int Number, WordSequence? Words)[] _slots = new (int, WordSequence?)[capacity];

    public int Capacity => _slots.Length;

    public void Keep(int number, WordSequence words) => _slots[number % _slots.Length] = (number, words);

    /// <summary>Drops article <paramref name="number"/>'s sequence, if kept: its text changed.</summary>
    public void Forget(int number)
    {
        if (Find(number) is not null)
            _slots[number % _slots.Length] = default;
    }

    /// <summary>The kept sequence of article <paramref name="number"/>, or null when a later article has taken its slot.</summary>
    public WordSequence? Find(int number) => _slots[number % _slots.Length] is { Words: { } words } slot && slot.Number == number ? words : null;
}
