using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

public sealed class ByteLineReaderTests
{
    /// <summary>Newlines without end (up to a count), then one more stream's bytes; costs no memory to make.</summary>
    private sealed class BlankLines(long count, byte[] after) : Stream
    {
        private long _left = count;
        private int _after;

        public override int Read(Span<byte> buffer)
        {
            if (_left > 0)
            {
                int n = (int)Math.Min(buffer.Length, _left);
                buffer[..n].Fill((byte)'\n');
                _left -= n;
                return n;
            }
            int m = Math.Min(buffer.Length, after.Length - _after);
            after.AsSpan(_after, m).CopyTo(buffer);
            _after += m;
            return m;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static List<(long Number, string Text, bool TooLong)> Lines(string text, long max = 100)
    {
        var reader = new ByteLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), max);
        var lines = new List<(long, string, bool)>();
        while (reader.TryRead(out var line))
            lines.Add((line.Number, Encoding.UTF8.GetString(line.Bytes.Span), line.TooLong));
        return lines;
    }

    /// <summary>A line's leading white space goes with the blanks: it means nothing in a JSONL record.</summary>
    [Fact]
    public void Blank_lines_are_skipped_and_numbers_count_them()
    {
        Assert.Equal([(2L, "one", false), (5L, "two", false), (6L, "three", false)], Lines("\none\r\n\n \t\r\ntwo\n  three"));
    }

    [Fact]
    public void A_line_over_the_limit_is_skipped_and_the_next_is_read()
    {
        var lines = Lines("short\n" + new string('x', 500) + "\nafter\n", max: 100);
        Assert.Equal([(1L, "short", false), (2L, "", true), (3L, "after", false)], lines);
    }

    [Fact]
    public void A_line_far_over_the_buffer_size_is_skipped_without_being_held()
    {
        var lines = Lines(new string('y', 1_000_000) + "\nafter", max: 1000);
        Assert.Equal([(1L, "", true), (2L, "after", false)], lines);
    }

    [Fact]
    public void Spaces_without_end_are_blank_and_cost_no_memory()
    {
        Assert.Empty(Lines(new string(' ', 3_000_000)));
    }

    /// <summary>
    /// 2.2 billion blank lines, then a record: the record's number is past int.MaxValue (it was negative once) and the
    /// blank lines cost a vectorised count, not a call per byte (this took a minute before).
    /// </summary>
    [Fact]
    public void Billions_of_blank_lines_are_skipped_quickly_and_numbered_in_64_bits()
    {
        const long blank = 2_200_000_000;
        var reader = new ByteLineReader(new BlankLines(blank, "{\"text\": \"x\"}\n"u8.ToArray()), 1024);
        Assert.True(reader.TryRead(out var line));
        Assert.Equal(blank + 1, line.Number);
        Assert.False(reader.TryRead(out _));
    }
}
