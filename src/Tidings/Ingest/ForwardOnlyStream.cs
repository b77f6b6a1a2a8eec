namespace Tidings.Ingest;

/// <summary>
/// A stream that is only read, front to back: the readers' wrappers (checked gzip, the compressed-tail recorder, a
/// sniffed prefix put back) implement <see cref="Read(Span{byte})"/> and say how far they are, nothing else.
/// </summary>
internal abstract class ForwardOnlyStream : Stream
{
    public abstract override int Read(Span<byte> buffer);

    /// <summary>Bytes read so far, where the stream counts them.</summary>
    protected virtual long Consumed => throw new NotSupportedException();

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
