using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Tidings.Fingerprints;

/// <summary>
/// A MinHash signature: for each of <see cref="Length"/> hash permutations, the minimum over a set's elements.
/// The fraction of positions where two signatures agree estimates the sets' Jaccard similarity, with standard
/// error sqrt(J(1-J)/k); by Hoeffding, |estimate - J| exceeds e with probability at most 2exp(-2ke^2).
/// </summary>
public sealed class MinHashSignature
{
    /// <summary>128 permutations: standard error at most 0.044, enough to find candidates that verification then checks exactly.</summary>
    public const int Length = 128;

    private readonly ulong[] _values;

    private MinHashSignature(ulong[] values) => _values = values;

    public ReadOnlySpan<ulong> Values => _values;

    /// <summary>Multipliers (odd) and offsets of the permutations h_i(x) = a_i * x + b_i mod 2^64, from a fixed seed for determinism.</summary>
    private static readonly (ulong A, ulong B)[] Permutations = MakePermutations();

    private static (ulong, ulong)[] MakePermutations()
    {
        var p = new (ulong, ulong)[Length];
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < Length; i++)
            p[i] = (SplitMix(ref state) | 1UL, SplitMix(ref state));
        return p;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public static ulong HashElement(string element) =>
        XxHash64.HashToUInt64(MemoryMarshal.AsBytes(element.AsSpan()));

    public static MinHashSignature Of(IEnumerable<string> elements) => Of(elements.Select(HashElement));

    public static MinHashSignature Of(IEnumerable<ulong> elementHashes)
    {
        var values = new ulong[Length];
        Array.Fill(values, ulong.MaxValue);
        foreach (var x in elementHashes)
        {
            for (int i = 0; i < Length; i++)
            {
                ulong h = unchecked(Permutations[i].A * x + Permutations[i].B);
                if (h < values[i])
                    values[i] = h;
            }
        }
        return new MinHashSignature(values);
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
