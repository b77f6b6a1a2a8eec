using System.Numerics;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Tidings.Fingerprints;

/// <summary>
/// A MinHash signature made by one-permutation hashing (Li, Owen and Zhang 2012): each element is hashed once, the
/// hash's top bits pick one of <see cref="Length"/> bins and the rest competes for that bin's minimum. Empty bins
/// borrow from the next filled bin to the right (rotation densification, Shrivastava and Li 2014), so every position
/// compares. The fraction of equal positions estimates the Jaccard similarity with about the error of
/// <see cref="Length"/> independent permutations, sqrt(J(1-J)/k), at the cost of one hash per element instead of k.
/// </summary>
public sealed class MinHashSignature
{
    /// <summary>128 bins: standard error at most 0.044, plenty for candidates that verification then checks exactly.</summary>
    public const int Length = 128;

    /// <summary>Added per bin skipped when a bin borrows, so a borrowed value never equals a genuine one by accident.</summary>
    private const ulong BorrowOffset = 0x9E3779B97F4A7C15;

    private readonly ulong[] _values;

    private MinHashSignature(ulong[] values) => _values = values;

    public ReadOnlySpan<ulong> Values => _values;

    public static ulong HashElement(string element) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(element.AsSpan()));

    public static MinHashSignature Of(IEnumerable<string> elements) => Of(elements.Select(HashElement).ToArray());

    /// <summary>The signature of a set given as well-mixed 64-bit element hashes (repeats are harmless).</summary>
    public static MinHashSignature Of(ReadOnlySpan<ulong> elementHashes)
    {
        var values = new ulong[Length];
        Fill(elementHashes, values);
        return new MinHashSignature(values);
    }

    /// <summary>
    /// Writes a signature of <c>values.Length</c> bins (a power of two from 2 up) into <paramref name="values"/>, for callers
    /// that only band it and need not keep it: copy detection signs every article it reads, and uses only as many bins
    /// as its bands have rows.
    /// </summary>
    public static void Fill(ReadOnlySpan<ulong> elementHashes, Span<ulong> values)
    {
        if (!BitOperations.IsPow2(values.Length) || values.Length is < 2 or > 1 << 16)
            throw new ArgumentException("the number of bins must be a power of two from 2 to 65,536", nameof(values));
        int binBits = BitOperations.Log2((uint)values.Length);
        ulong valueMask = (1UL << (64 - binBits)) - 1;
        values.Fill(ulong.MaxValue);
        foreach (ulong h in elementHashes)
        {
            int bin = (int)(h >> (64 - binBits));
            values[bin] = Math.Min(values[bin], h & valueMask);
        }
        Densify(values, valueMask);
    }

    private static void Densify(Span<ulong> values, ulong valueMask)
    {
        int firstFilled = values.IndexOfAnyExcept(ulong.MaxValue);
        if (firstFilled < 0)
            return;
        // Walk right to left, circularly, so every empty bin sees the nearest filled bin to its right.
        int bins = values.Length, nearest = firstFilled, distance = 0;
        for (int step = 1; step <= bins; step++)
        {
            // bins is a power of two: the mask wraps round without dividing.
            int bin = (firstFilled - step) & (bins - 1);
            if (values[bin] != ulong.MaxValue && values[bin] <= valueMask)
            {
                nearest = bin;
                distance = 0;
                continue;
            }
            distance++;
            values[bin] = unchecked(values[nearest] + BorrowOffset * (ulong)distance) | ~valueMask;
        }
    }

    public double EstimateJaccard(MinHashSignature other)
    {
        int same = 0;
        for (int i = 0; i < Length; i++)
        {
            if (_values[i] == other._values[i])
                same++;
        }
        return (double)same / Length;
    }
}
