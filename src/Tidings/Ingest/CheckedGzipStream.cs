using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Tidings.Ingest;

/// <summary>
/// Input bytes that cannot be used, with a reason worded for the user. Readers catch it (it is an
/// <see cref="IOException"/>) and turn it into a <see cref="Rejection"/>.
/// </summary>
internal sealed class IngestDataException(string reason) : IOException(reason);

/// <summary>
/// Decompresses a gzip file and checks what <see cref="GZipStream"/> does not: a file cut short (GZipStream returns
/// what it has and stops, so half an article would pass as a whole one), data that is not gzip at all, and bombs
/// (a small file that expands without bound). zlib already verifies the checksum of every complete member; the only
/// member it cannot verify is one whose end is missing, so at the end of the data the file's last 8 bytes must be a
/// gzip trailer (CRC-32 and length) that matches the end of the output. The last member's output is the output's
/// final ISIZE bytes (a file may hold many members, as .warc.gz does), checked against the tail kept here, or, where
/// the caller reads the whole output into one array anyway, by the caller against the end of that array.
/// </summary>
/// <remarks>Failures are thrown as <see cref="IngestDataException"/> from <see cref="Read(Span{byte})"/>.</remarks>
internal sealed class CheckedGzipStream : ForwardOnlyStream
{
    /// <summary>
    /// How much of the output is kept to check the last member's trailer. A .warc.gz member is one record and a
    /// chunked .jsonl.gz member is at most a few MB; a file whose last member is larger is one plain member checked
    /// whole, or gets a warning that its end could not be verified.
    /// </summary>
    private const int KeptTailBytes = 16 * 1024 * 1024;

    /// <summary>A gzip member's trailer: CRC-32 then length modulo 2^32, both little-endian.</summary>
    private const int TrailerBytes = 8;

    /// <summary>The smallest gzip member: a 10-byte header, an empty 2-byte deflate block and the trailer.</summary>
    private const int MinMemberBytes = 20;

    private readonly TailStream _compressed;
    private readonly GZipStream _gzip;
    private readonly IngestLimits _limits;
    private readonly Crc32 _crc = new();
    /// <summary>The output's last bytes, for the last member's check; null where the caller keeps the whole output.</summary>
    private readonly OutputTail? _tail;
    private long _produced;
    private bool _ended;
    private IngestDataException? _failure;

    /// <param name="compressed">The gzip file.</param>
    /// <param name="limits">The expansion and size limits.</param>
    /// <param name="callerKeepsOutput">The caller reads the whole output into one array (a whole-file article): no tail
    /// is copied here, and a last member the whole output's checksum does not confirm is left to the caller, in
    /// <see cref="LastMemberUnchecked"/>, to check against the end of that array.</param>
    public CheckedGzipStream(Stream compressed, IngestLimits limits, bool callerKeepsOutput = false)
    {
        _compressed = new TailStream(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
        _limits = limits;
        _tail = callerKeepsOutput ? null : new OutputTail(KeptTailBytes);
    }

    /// <summary>
    /// Set at the end of the data where the caller keeps the output and the file holds several members: the last
    /// member's recorded size and checksum, which the output's last bytes must match (<see cref="EndsWith"/>).
    /// </summary>
    public (uint Size, uint Crc)? LastMemberUnchecked { get; private set; }

    /// <summary>Whether <paramref name="output"/> ends with the member's output: its last bytes have the recorded checksum.</summary>
    public static bool EndsWith(ReadOnlySpan<byte> output, (uint Size, uint Crc) member) =>
        member.Size <= output.Length && Crc32.HashToUInt32(output[^(int)member.Size..]) == member.Crc;

    /// <summary>Why a file that ends before its compressed data does is refused.</summary>
    public const string TruncatedReason = "truncated gzip: the file ends before its compressed data does (an interrupted download or copy?)";

    /// <summary>True once the data ended and its last member could be neither confirmed nor refuted (see <see cref="KeptTailBytes"/>).</summary>
    public bool EndUnverified { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (_failure is not null)
            throw _failure;
        if (_ended || buffer.IsEmpty)
            return 0;
        try
        {
            return ReadChecked(buffer);
        }
        catch (IngestDataException e)
        {
            _failure = e;
            throw;
        }
    }

    private int ReadChecked(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException)
        {
            throw new IngestDataException(_compressed.StartsLikeGzip
                ? "corrupt gzip: the compressed data is damaged (a checksum or block does not match)"
                : "not gzip data: the file is named .gz but does not start with the gzip signature");
        }
        if (n == 0)
        {
            _ended = true;
            VerifyEnd();
            return 0;
        }
        var output = buffer[..n];
        _produced += n;
        _crc.Append(output);
        _tail?.Append(output);
        if (_produced > _limits.MaxDecompressedBytes)
            throw new IngestDataException($"gzip data expands to more than the {TextDecoding.DescribeSize(_limits.MaxDecompressedBytes)} limit for one input");
        if (_produced > _limits.ExpansionCheckAfterBytes && _produced > _compressed.BytesRead * _limits.MaxExpansionRatio)
            throw new IngestDataException($"gzip bomb refused: {TextDecoding.DescribeSize(_compressed.BytesRead)} expanded to over "
                + $"{TextDecoding.DescribeSize(_produced)}, more than {_limits.MaxExpansionRatio} times its size; no real article data compresses so well");
        return n;
    }


    private void VerifyEnd()
    {
        if (_compressed.BytesRead == 0)
            return;
        if (_compressed.BytesRead < MinMemberBytes || !_compressed.TryGetLast(TrailerBytes, out var trailer))
            throw Truncated();
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4));
        if (size == (uint)_produced && crc == _crc.GetCurrentHashAsUInt32())
            return;
        if (_produced <= uint.MaxValue && size > _produced)
            throw Truncated();
        if (_tail is null)
        {
            LastMemberUnchecked = (size, crc);
            return;
        }
        if (_tail.Holds(size))
        {
            if (_tail.Crc(size) != crc)
                throw Truncated();
            return;
        }
        EndUnverified = true;
    }

    private static IngestDataException Truncated() => new(TruncatedReason);

    protected override long Consumed => _produced;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _compressed.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The compressed bytes as read: how many, whether they begin with the gzip signature, and the last few.</summary>
    private sealed class TailStream(Stream inner) : ForwardOnlyStream
    {
        /// <summary>More than the trailer, so that a short final read still leaves the whole trailer here.</summary>
        private const int Kept = 64;
        private readonly byte[] _last = new byte[Kept];
        private readonly byte[] _first = new byte[2];

        public long BytesRead { get; private set; }

        public bool StartsLikeGzip => BytesRead >= 2 && _first[0] == 0x1F && _first[1] == 0x8B;

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            var read = buffer[..n];
            for (long i = BytesRead; i < 2 && i - BytesRead < n; i++)
                _first[i] = read[(int)(i - BytesRead)];
            if (n >= Kept)
            {
                read[^Kept..].CopyTo(_last);
            }
            else if (n > 0)
            {
                _last.AsSpan(n).CopyTo(_last);
                read.CopyTo(_last.AsSpan(Kept - n));
            }
            BytesRead += n;
            return n;
        }

        public bool TryGetLast(int count, out byte[] bytes)
        {
            bytes = _last[^count..];
            return BytesRead >= count;
        }

        protected override long Consumed => BytesRead;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// The last bytes of the output, up to a capacity, in a buffer that grows only as the output does: in order from
    /// index 0 until it reaches the capacity, then a ring whose oldest byte is at <c>_next</c>.
    /// </summary>
    private sealed class OutputTail(int capacity)
    {
        private byte[] _ring = [];
        private int _next;
        private long _count;

        public bool Holds(uint size) => size <= Math.Min(_count, _ring.Length);

        public void Append(ReadOnlySpan<byte> data)
        {
            if (data.Length >= capacity)
            {
                Grow(capacity);
                data[^capacity..].CopyTo(_ring);
                _next = 0;
                _count += data.Length;
                return;
            }
            if (_ring.Length < capacity && _next + data.Length > _ring.Length)
                Grow((int)Math.Min(capacity, Math.Max((long)_ring.Length * 2, _next + data.Length)));
            int first = Math.Min(data.Length, _ring.Length - _next);
            data[..first].CopyTo(_ring.AsSpan(_next));
            data[first..].CopyTo(_ring);
            _next += data.Length;
            if (_ring.Length == capacity)
                _next %= capacity;
            _count += data.Length;
        }

        /// <summary>Grows the buffer, keeping its content in order from index 0 (it has not wrapped yet).</summary>
        private void Grow(int size)
        {
            if (size <= _ring.Length)
                return;
            Array.Resize(ref _ring, size);
        }

        public uint Crc(uint size)
        {
            var crc = new Crc32();
            int start = (int)(((long)_next - size + _ring.Length) % _ring.Length);
            if (size == 0)
                return crc.GetCurrentHashAsUInt32();
            if (start + size <= _ring.Length)
            {
                crc.Append(_ring.AsSpan(start, (int)size));
            }
            else
            {
                crc.Append(_ring.AsSpan(start));
                crc.Append(_ring.AsSpan(0, (int)(size - (_ring.Length - start))));
            }
            return crc.GetCurrentHashAsUInt32();
        }
    }
}
