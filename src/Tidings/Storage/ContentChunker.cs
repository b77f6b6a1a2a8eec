namespace Tidings.Storage;

/// <summary>Receives one chunk cut by a <see cref="ContentChunker"/>; the span is valid only during the call.</summary>
public delegate void ChunkReceiver(ReadOnlySpan<byte> chunk);

/// <summary>
/// Cuts a stream of bytes into chunks where its content says rather than at fixed offsets (a gear rolling hash, as in
/// FastCDC): a cut falls after a byte whose last 64 bytes hash to a value with <see cref="MaskBits"/> low zero bits.
/// Bytes changed, inserted or removed in one place move only the cuts near them, so two versions of a large state that
/// differ in a few places share most of their chunks. Two checkpoints of a 100,000-article store's engine state 100
/// articles apart (33 MB) share about 90% of their bytes in chunks of this size, where fixed parts of a megabyte share none.
/// </summary>
public sealed class ContentChunker(ChunkReceiver receive)
{
    /// <summary>No cut before this many bytes: tiny chunks cost a row each and dedupe little more.</summary>
    public const int MinBytes = 2 * 1024;

    /// <summary>A cut here whatever the content (long runs of one byte have no cut of their own).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>One cut per 8 KiB after the minimum on average: chunks of about 10 KiB.</summary>
    internal const int MaskBits = 13;

    private const ulong Mask = (1UL << MaskBits) - 1;

    /// <summary>A fixed pseudo-random value per byte (SplitMix64 from a fixed seed), so that the same bytes are cut the same way in every process.</summary>
    internal static readonly ulong[] Gear = MakeGear();

    private readonly byte[] _chunk = new byte[MaxBytes];
    private int _filled;
    private ulong _hash;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var gear = Gear;
        while (!bytes.IsEmpty)
        {
            int take = Math.Min(bytes.Length, _chunk.Length - _filled), used = take;
            bool cut = false;
            ulong hash = _hash;
            // A byte leaves the hash 64 bytes after it entered, and no cut falls before the minimum: the bytes before the
            // minimum's last 64 cannot decide a cut, and are copied without being hashed.
            for (int i = Math.Clamp(MinBytes - 64 - _filled, 0, take); i < take; i++)
            {
                hash = (hash << 1) + gear[bytes[i]];
                if (_filled + i + 1 >= MinBytes && (hash & Mask) == 0)
                {
                    used = i + 1;
                    cut = true;
                    break;
                }
            }
            bytes[..used].CopyTo(_chunk.AsSpan(_filled));
            (_hash, _filled) = (hash, _filled + used);
            bytes = bytes[used..];
            if (cut || _filled == _chunk.Length)
                Emit();
        }
    }

    /// <summary>Hands over the last chunk, if any bytes are left.</summary>
    public void Complete()
    {
        if (_filled > 0)
            Emit();
    }

    private void Emit()
    {
        receive(_chunk.AsSpan(0, _filled));
        _filled = 0;
    }

    private static ulong[] MakeGear()
    {
        var gear = new ulong[256];
        ulong state = 0x7469_6469_6E67_7321;   // "tidings!"
        for (int i = 0; i < gear.Length; i++)
        {
            ulong z = state += 0x9E37_79B9_7F4A_7C15;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            gear[i] = z ^ (z >> 31);
        }
        return gear;
    }
}
