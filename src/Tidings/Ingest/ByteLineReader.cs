namespace Tidings.Ingest;

internal readonly record struct ByteLine(int Number, byte[] Bytes, bool TooLong);

/// <summary>
/// Splits a stream into lines of raw bytes, so that one line of invalid UTF-8 or one oversized line
/// is rejected alone instead of failing the whole file.
/// </summary>
internal sealed class ByteLineReader(Stream stream, long maxLineBytes) : IDisposable
{
    private readonly BufferedStream _stream = new(stream, 1 << 16);

    /// <summary>1-based number of the last line read.</summary>
    public int LineNumber { get; private set; }

    public bool TryRead(out ByteLine line)
    {
        using var buffer = new MemoryStream();
        bool tooLong = false;
        int b;
        bool sawAny = false;
        while ((b = _stream.ReadByte()) >= 0)
        {
            sawAny = true;
            if (b == '\n')
                break;
            if (tooLong)
                continue;
            if (buffer.Length >= maxLineBytes)
            {
                tooLong = true;
                continue;
            }
            buffer.WriteByte((byte)b);
        }
        if (!sawAny)
        {
            line = default;
            return false;
        }
        LineNumber++;
        line = new ByteLine(LineNumber, tooLong ? [] : buffer.ToArray(), tooLong);
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
