using System.Buffers;

namespace Tidings.Ingest;

/// <summary>One non-blank line: its 1-based number and bytes without the line break (valid until the next read), or a
/// mark that it was longer than the limit and was skipped unread.</summary>
internal readonly record struct ByteLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);

/// <summary>
/// Splits a stream into its non-blank lines of raw bytes, so that one line of invalid UTF-8 or one oversized line is
/// rejected alone instead of failing the whole file. Lines are found with vectorised searches over a buffer, and runs
/// of blank lines are skipped in bulk, so that billions of them cost seconds rather than minutes; line numbers are
/// 64-bit for the same reason.
/// </summary>
internal sealed class ByteLineReader(Stream stream, long maxLineBytes)
{
    /// <summary>How much is read from the stream at a time: large enough that searches run at memory speed.</summary>
    private const int ChunkBytes = 1 << 16;

    /// <summary>What a blank line may hold besides its line break.</summary>
    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t\r\n"u8);

    /// <summary>A buffer never grows past this, even for a larger line limit: longer lines are skipped unread.</summary>
    private readonly int _maxLine = (int)Math.Min(maxLineBytes, Array.MaxLength - ChunkBytes);

    private byte[] _buffer = new byte[ChunkBytes];
    private int _start, _end;
    private bool _ended;
    private long _breaks;

    /// <summary>The number of the line being read, or of the next one.</summary>
    public long CurrentLine => _breaks + 1;

    /// <summary>True while a non-blank line has started but not yet ended, so a failing stream can be blamed on it.</summary>
    public bool InsideLine { get; private set; }

    /// <summary>Reads the next non-blank line; false at the end of the stream. Exceptions of the stream pass through.</summary>
    public bool TryRead(out ByteLine line)
    {
        line = default;
        if (!SkipBlank())
            return false;
        InsideLine = true;
        int searched = 0;
        while (true)
        {
            int length = _end - _start;
            int newline = _buffer.AsSpan(_start + searched, length - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int end = _start + searched + newline;
                line = end - _start > _maxLine ? SkipLongLine() : Take(end, end + 1);
                return true;
            }
            if (length > _maxLine)
            {
                line = SkipLongLine();
                return true;
            }
            searched = length;
            if (!Fill())
            {
                line = Take(_end, _end);
                return true;
            }
        }
    }

    /// <summary>
    /// Skips blank lines, counting their breaks, and the blanks that begin the next line (a record's leading white
    /// space means nothing); false when only blanks were left.
    /// </summary>
    private bool SkipBlank()
    {
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            int text = unread.IndexOfAnyExcept(Blank);
            int skipped = text < 0 ? unread.Length : text;
            _breaks += unread[..skipped].Count((byte)'\n');
            _start += skipped;
            if (text >= 0)
                return true;
            if (!Fill())
                return false;
        }
    }

    private ByteLine Take(int end, int next)
    {
        int stop = end > _start && _buffer[end - 1] == '\r' ? end - 1 : end;
        var line = new ByteLine(CurrentLine, _buffer.AsMemory(_start, stop - _start), TooLong: false);
        if (next > end)
            _breaks++;
        _start = next;
        InsideLine = false;
        return line;
    }

    /// <summary>Drops a line over the limit without keeping it, up to and including its line break.</summary>
    private ByteLine SkipLongLine()
    {
        long number = CurrentLine;
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                _breaks++;
                break;
            }
            _start = _end;
            if (!Fill())
                break;
        }
        InsideLine = false;
        return new ByteLine(number, ReadOnlyMemory<byte>.Empty, TooLong: true);
    }

    /// <summary>Reads more into the buffer after its unread bytes, moving or growing it as needed; false at the end.</summary>
    private bool Fill()
    {
        if (_ended)
            return false;
        int unread = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, (long)_maxLine + ChunkBytes + 1));
        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0)
        {
            _ended = true;
            return false;
        }
        _end += n;
        return true;
    }
}
