using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tidings.Fingerprints;

/// <summary>
/// The 64-bit hash of a word's folded characters. The characters, zero-padded to stripes of <see cref="StripeChars"/>,
/// are read as four 64-bit lanes per stripe, mixed in pairs by a 64x64-to-128-bit multiply folded to 64 bits (XXH3's
/// mixing for short inputs) and finished with SplitMix64. Unlike a character-at-a-time hash, a stripe costs two
/// multiplies that do not wait on each other, and a word read as a vector hashes without leaving the vector: reading
/// words is most of copy detection's time.
/// </summary>
internal static class FoldedWordHash
{
    /// <summary>Characters per stripe: one 256-bit vector of UTF-16 code units.</summary>
    public const int StripeChars = 16;

    private const ulong Key0 = 0xBE4BA423396CFEB8, Key1 = 0x1CAD21F72C81017C, Key2 = 0xDB979083E96DD4DE, Key3 = 0x1F67B3B7A4A44072;
    private const ulong LengthKey = 0x78E5C0CC4EE679CB, StripeKey = 0x2172FFCC7DD05A82;

    /// <summary>The hash of a word of at most <see cref="StripeChars"/> characters given as one zero-padded stripe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(Vector256<ushort> stripe, int length)
    {
        var lanes = stripe.AsUInt64();
        return Finish(Stripe(lanes.GetElement(0), lanes.GetElement(1), lanes.GetElement(2), lanes.GetElement(3), 0) + (ulong)length * LengthKey);
    }

    /// <summary>The hash of a word of any length; equal to <see cref="Of(Vector256{ushort}, int)"/> on the same characters.</summary>
    public static ulong Of(ReadOnlySpan<char> folded)
    {
        ulong sum = 0;
        Span<char> stripe = stackalloc char[StripeChars];
        for (int s = 0, at = 0; at < folded.Length; s++, at += StripeChars)
        {
            stripe.Clear();
            folded.Slice(at, Math.Min(StripeChars, folded.Length - at)).CopyTo(stripe);
            var lanes = MemoryMarshal.Cast<char, ulong>(stripe);
            sum += Stripe(lanes[0], lanes[1], lanes[2], lanes[3], (ulong)s * StripeKey);
        }
        return Finish(sum + (ulong)folded.Length * LengthKey);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Stripe(ulong c0, ulong c1, ulong c2, ulong c3, ulong salt) =>
        MultiplyFold(c0 ^ Key0 ^ salt, c1 ^ Key1) + MultiplyFold(c2 ^ Key2, c3 ^ Key3 ^ salt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyFold(ulong a, ulong b)
    {
        ulong high = Math.BigMul(a, b, out ulong low);
        return high ^ low;
    }

    /// <summary>The SplitMix64 finaliser: spreads every input bit over the whole word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
