namespace Tidings.Ingest;

/// <summary>What <see cref="PushbackReader.ReadLine"/> found.</summary>
internal enum LineStatus { Line, TooLong, End }

/// <summary>
/// A buffered reader of a stream that counts lines and can push bytes back, so that a reader that finds it lost the
/// framing (a wrong length) can scan again what it already read. Searches run over the buffer, never byte by byte.
/// </summary>
internal sealed class PushbackReader(Stream stream)
{
    /// <summary>How much is read from the stream at a time: large enough that searches run at memory speed.</summary>
    private const int ChunkBytes = 1 << 16;

    private byte[] _buffer = new byte[ChunkBytes];
    private int _start, _end;
    private bool _ended;

    /// <summary>The 1-based number of the line the next byte belongs to.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The offset of the next byte in the stream.</summary>
    public long Position { get; private set; }

    /// <summary>How many bytes the stream has given so far.</summary>
    public long BytesFromStream { get; private set; }

    /// <summary>The stream's length, once its end was reached; null before.</summary>
    public long? End => _ended ? BytesFromStream : null;

    /// <summary>The bytes read from the stream and not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Buffers at least <paramref name="count"/> bytes unless the stream ends first; returns how many are buffered.</summary>
    public int Ensure(int count)
    {
        while (_end - _start < count && Fill())
        {
        }
        return _end - _start;
    }

    public void Consume(int count)
    {
        Line += _buffer.AsSpan(_start, count).Count((byte)'\n');
        _start += count;
        Position += count;
    }

    /// <summary>Puts bytes back in front of the unread ones, as if they had not been read.</summary>
    public void Unread(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        Line -= bytes.Count((byte)'\n');
        Position -= bytes.Length;
        if (_start >= bytes.Length)
        {
            _start -= bytes.Length;
            bytes.CopyTo(_buffer.AsSpan(_start));
            return;
        }
        int unread = _end - _start;
        var grown = new byte[Math.Max(bytes.Length + unread, ChunkBytes)];
        bytes.CopyTo(grown);
        _buffer.AsSpan(_start, unread).CopyTo(grown.AsSpan(bytes.Length));
        _buffer = grown;
        _start = 0;
        _end = bytes.Length + unread;
    }

    /// <summary>
    /// The next LF- or CRLF-terminated line without its break; a line longer than <paramref name="maxLength"/> is
    /// consumed through its break and reported as too long, without being held.
    /// </summary>
    public LineStatus ReadLine(int maxLength, out byte[]? line)
    {
        line = null;
        int searched = 0;
        while (true)
        {
            var unread = Buffered;
            int newline = unread[searched..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int end = searched + newline;
                if (end > maxLength)
                {
                    Consume(end + 1);
                    return LineStatus.TooLong;
                }
                line = unread[..(end > 0 && unread[end - 1] == '\r' ? end - 1 : end)].ToArray();
                Consume(end + 1);
                return LineStatus.Line;
            }
            if (unread.Length > maxLength)
            {
                SkipLine();
                return LineStatus.TooLong;
            }
            searched = unread.Length;
            if (!Fill())
            {
                var last = Buffered;
                if (last.IsEmpty)
                    return LineStatus.End;
                line = last.ToArray();
                Consume(last.Length);
                return LineStatus.Line;
            }
        }
    }

    /// <summary>Consumes the rest of the current line, however long, through its break.</summary>
    public void SkipLine()
    {
        while (true)
        {
            int newline = Buffered.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Consume(newline + 1);
                return;
            }
            Consume(_end - _start);
            if (!Fill())
                return;
        }
    }

    /// <summary>Consumes line breaks (LF or CRLF) in bulk; a bomb of empty lines costs a vectorised count.</summary>
    public void SkipLineBreaks()
    {
        while (true)
        {
            int text = Buffered.IndexOfAnyExcept((byte)'\r', (byte)'\n');
            if (text >= 0)
            {
                Consume(text);
                return;
            }
            Consume(_end - _start);
            if (!Fill())
                return;
        }
    }

    /// <summary>Copies up to <paramref name="destination"/>'s length of the next bytes into it; returns how many there were.</summary>
    public int Read(Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            if (_end == _start && !Fill())
                break;
            int n = Math.Min(_end - _start, destination.Length - copied);
            _buffer.AsSpan(_start, n).CopyTo(destination[copied..]);
            Consume(n);
            copied += n;
        }
        return copied;
    }

    /// <summary>Reads more after the unread bytes, moving them to the front or growing the buffer; false at the end.</summary>
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
            Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0)
        {
            _ended = true;
            return false;
        }
        _end += n;
        BytesFromStream += n;
        return true;
    }
}
