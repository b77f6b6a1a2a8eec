using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Tidings.Ingest;

/// <summary>
/// Reads WARC files (ISO 28500, as written by news crawls such as Common Crawl): every <c>response</c> record whose
/// HTTP payload is HTML becomes a document, with the record's target URI as its URL. Other records (requests,
/// metadata, images) are skipped silently. A malformed record (truncated, a Content-Length that is missing, negative,
/// too small or too large) is rejected with the line it starts on, and reading resumes at the next line that begins
/// with <c>WARC/1.</c>, so one bad record costs only itself. A length is trusted only when the block it gives is
/// followed by the record separator (CRLF CRLF). <c>.warc.gz</c> holds one gzip member per record, which the
/// caller's stream reads as one.
/// </summary>
internal sealed class WarcReader(Stream stream, string input, string stem, long maxRecordBytes)
{
    /// <summary>Header lines are a few hundred bytes; a longer line means this is not WARC framing.</summary>
    private const int MaxHeaderLine = 64 * 1024;

    /// <summary>A header block is a dozen lines; a megabyte of them is not a WARC header.</summary>
    private const int MaxHeaderBlockBytes = 1024 * 1024;

    /// <summary>The start of every record, and where reading resumes after a bad one.</summary>
    private static ReadOnlySpan<byte> RecordStart => "WARC/1."u8;

    /// <summary>"WARC/1." and a minor version of up to 3 digits, then CRLF: enough bytes to tell a version line.</summary>
    private const int MaxVersionLine = 12;

    private static ReadOnlySpan<byte> Separator => "\r\n\r\n"u8;

    /// <summary>
    /// How many bytes may be read a second time, beyond the size of the file itself, after records turn out not to
    /// end where their length says. Reading them again is what lets one bad record cost only itself; the allowance
    /// bounds what a file of nothing but wrong lengths can cost (each claims up to an article's limit), at well under a
    /// second of copying.
    /// </summary>
    private const long RescanAllowanceBytes = 256L * 1024 * 1024;

    private readonly PushbackReader _in = new(stream);
    private readonly long _maxHeld = Math.Min(maxRecordBytes, Array.MaxLength);
    private int _records, _documents, _reported;
    private long _rescanned;
    private bool _resyncing;

    public IEnumerable<IngestItem> Read()
    {
        var items = new List<IngestItem>();
        bool more = true;
        while (more)
        {
            long line = _in.Line;
            try
            {
                more = ReadRecord(items, ref line);
            }
            catch (IOException e)
            {
                items.Add(new Rejection(new SourceLocation(input, line), e is IngestDataException ? e.Message : $"read failed ({e.Message})"));
                more = false;
            }
            foreach (var item in items)
            {
                if (item is Rejection)
                    _reported++;
                yield return item;
            }
            items.Clear();
        }
        if (_reported > 0)
            yield break;
        if (_records == 0)
            yield return new Rejection(new SourceLocation(input), "empty WARC file: no records");
        else if (_documents == 0)
            yield return new Rejection(new SourceLocation(input), $"no HTML responses among {_records} WARC records");
    }

    /// <summary>Reads one record (or skips garbage up to one); false at the end of the file.</summary>
    private bool ReadRecord(List<IngestItem> items, ref long start)
    {
        if (!SeekRecordStart(items))
            return false;
        start = _in.Line;
        var origin = new SourceLocation(input, start);
        _records++;
        var (headers, headerError) = ReadHeaderBlock();
        if (headers is null)
            return Reject(items, origin, headerError!);
        if (!headers.TryGetValue("content-length", out var lengthText)
            || !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            return Reject(items, origin, $"WARC record without a valid Content-Length ('{Truncate(lengthText ?? "")}')");
        }
        bool wanted = headers.TryGetValue("warc-type", out var type) && type.Equals("response", StringComparison.OrdinalIgnoreCase);
        const string Truncated = "WARC record truncated: the file ends inside it (or its Content-Length is too large)";
        string mismatch = $"WARC record's Content-Length ({length}) does not match its block: no record separator after it";
        if (_in.End is { } end && _in.Position + length > end)
            return Reject(items, origin, Truncated);
        if (wanted && length <= _maxHeld)
        {
            var block = new byte[length];
            int read = _in.Read(block);
            if (read < length)
                return Reject(items, origin, Truncated, block.AsSpan(0, read));
            if (!SeparatorFollows())
                return Reject(items, origin, mismatch, block);
            if (ToDocument(block, headers, origin) is { } item)
                items.Add(item);
            return true;
        }
        var (complete, retained) = SkipBlock(length);
        if (!complete)
            return Reject(items, origin, Truncated, retained);
        if (!SeparatorFollows())
            return Reject(items, origin, mismatch, retained);
        if (wanted)
            items.Add(new Rejection(origin, $"WARC record larger than the {TextDecoding.DescribeSize(maxRecordBytes)} limit for one article"));
        return true;
    }

    /// <summary>
    /// Rejects the record and resumes at the next record start, searched for from <paramref name="reread"/> (what was
    /// read of its block, which may hold the next records) onwards; false when the rescan allowance is spent.
    /// </summary>
    private bool Reject(List<IngestItem> items, SourceLocation origin, string reason, ReadOnlySpan<byte> reread = default)
    {
        _rescanned += reread.Length;
        if (_rescanned > RescanAllowanceBytes + _in.BytesFromStream)
        {
            items.Add(new Rejection(origin, reason + "; too many records in this file have a wrong length: the rest of it is not read"));
            return false;
        }
        _in.Unread(reread);
        items.Add(new Rejection(origin, reason + "; reading resumes at the next record"));
        _resyncing = true;
        return true;
    }

    /// <summary>
    /// Moves to the next record start: a <c>WARC/1.x</c> version line. It is searched for anywhere, not only at the
    /// start of a line, because a record cut short runs straight into the next one. What is skipped is garbage:
    /// reported once (with the line it starts on) unless it is what is left of a record already rejected. False at the
    /// end of the file.
    /// </summary>
    private bool SeekRecordStart(List<IngestItem> items)
    {
        bool reported = _resyncing;
        _resyncing = false;
        while (true)
        {
            _in.SkipLineBreaks();
            int buffered = _in.Ensure(RecordStart.Length);
            if (buffered == 0)
                return false;
            var view = _in.Buffered;
            int at = view.IndexOf(RecordStart);
            if (at == 0)
            {
                _in.Ensure(MaxVersionLine);
                if (IsVersionLine(_in.Buffered))
                    return true;
                at = -1;
                view = _in.Buffered[..1];
            }
            // Garbage up to the match, or all but a tail that may begin a match in the bytes still to come.
            int garbage = at > 0 ? at : buffered < RecordStart.Length ? buffered : Math.Max(1, view.Length - (RecordStart.Length - 1));
            var skipped = _in.Buffered[..garbage];
            int text = skipped.IndexOfAnyExcept(" \t\r\n"u8);
            if (!reported && text >= 0)
            {
                long line = _in.Line + skipped[..text].Count((byte)'\n');
                var rest = skipped[text..];
                int end = rest.IndexOfAny((byte)'\r', (byte)'\n');
                string found = Encoding.UTF8.GetString(rest[..Math.Min(end >= 0 ? end : rest.Length, 60)]);
                items.Add(new Rejection(new SourceLocation(input, line),
                    $"not a WARC record: expected a 'WARC/1.x' line, found '{Truncate(found)}'; skipped to the next record"));
                reported = true;
            }
            _in.Consume(garbage);
        }
    }

    /// <summary>"WARC/1.0" or "WARC/1.1" (any minor version) and the end of the line.</summary>
    private static bool IsVersionLine(ReadOnlySpan<byte> view)
    {
        var rest = view[RecordStart.Length..];
        int digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return digits > 0 && (rest[digits..].StartsWith("\r\n"u8) || rest[digits..].StartsWith("\n"u8));
    }

    /// <summary>Reads "Name: value" lines up to a blank line.</summary>
    private (Dictionary<string, string>? Headers, string? Error) ReadHeaderBlock()
    {
        _in.ReadLine(MaxHeaderLine, out _);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long size = 0;
        while (true)
        {
            var status = _in.ReadLine(MaxHeaderLine, out var line);
            if (status == LineStatus.End)
                return (null, "WARC header block truncated: the file ends inside it");
            if (status == LineStatus.TooLong)
                return (null, $"WARC header line longer than {TextDecoding.DescribeSize(MaxHeaderLine)}");
            if (line!.Length == 0)
                return (headers, null);
            int next = line.AsSpan().IndexOf(RecordStart);
            if (next >= 0)
            {
                // The next record began before this header block ended (a block cut short, or one without its blank
                // line): read it as a record of its own.
                _rescanned += line.Length - next + 2;
                _in.Unread([.. line.AsSpan(next), (byte)'\r', (byte)'\n']);
                return (null, next == 0 ? "WARC header block without the blank line that ends it" : "WARC header block cut short: the next record begins inside it");
            }
            size += line.Length;
            if (size > MaxHeaderBlockBytes)
                return (null, $"WARC header block larger than {TextDecoding.DescribeSize(MaxHeaderBlockBytes)}");
            AddHeader(headers, Encoding.UTF8.GetString(line));
        }
    }

    /// <summary>True when the record separator (or the end of the file, or a part of the separator and then the end) comes next; consumes it.</summary>
    private bool SeparatorFollows()
    {
        int buffered = _in.Ensure(Separator.Length);
        var next = _in.Buffered[..Math.Min(buffered, Separator.Length)];
        // Fewer than four bytes were buffered only at the end of the file.
        if (!Separator.StartsWith(next))
            return false;
        _in.Consume(next.Length);
        return true;
    }

    /// <summary>
    /// Skips a block that is not held whole (not an article, or too large to be one). Since its length may be wrong,
    /// the bytes from the first record start inside it are kept (up to the article limit), so that reading can resume
    /// there if the block turns out not to end where its length says.
    /// </summary>
    private (bool Complete, byte[] Retained) SkipBlock(long length)
    {
        MemoryStream? retained = null;
        long remaining = length;
        while (remaining > 0)
        {
            int buffered = _in.Ensure(RecordStart.Length);
            if (buffered == 0)
                return (false, retained?.ToArray() ?? []);
            var view = _in.Buffered[..(int)Math.Min(buffered, remaining)];
            // Keep the last bytes for the next view unless this is all there is, so that no record start is cut in two.
            int take = view.Length == remaining || buffered < RecordStart.Length ? view.Length : view.Length - RecordStart.Length + 1;
            if (retained is null)
            {
                int at = view.IndexOf(RecordStart);
                if (at >= 0 && at < take)
                {
                    retained = new MemoryStream();
                    retained.Write(view[at..take]);
                }
            }
            else
            {
                retained.Write(view[..take]);
                if (retained.Length > _maxHeld)
                    retained = null;
            }
            _in.Consume(take);
            remaining -= take;
        }
        return (true, retained?.ToArray() ?? []);
    }

    /// <summary>An HTML response becomes a document; other payloads (images, redirects, JSON) are not articles.</summary>
    private IngestItem? ToDocument(byte[] block, Dictionary<string, string> warc, SourceLocation origin)
    {
        string id = $"{stem}-{_records}";
        warc.TryGetValue("warc-target-uri", out var uri);
        uri = uri?.Trim('<', '>');
        using var payload = new MemoryStream(block, writable: false);
        var http = ReadHttpHeaders(payload, out int status);
        if (http is null)
            return new Rejection(origin, "WARC response without an HTTP status line and headers");
        if (status is < 200 or >= 300)
            return null;
        if (http.TryGetValue("content-type", out var contentType) && !contentType.Contains("html", StringComparison.OrdinalIgnoreCase))
            return null;
        byte[]? body = block[(int)payload.Position..];
        try
        {
            if (http.TryGetValue("transfer-encoding", out var transfer) && transfer.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                body = Dechunk(body);
            if (http.TryGetValue("content-encoding", out var encoding))
                body = Decode(body, encoding.Trim().ToLowerInvariant(), maxRecordBytes);
        }
        catch (InvalidDataException e)
        {
            return new Rejection(origin, $"HTTP payload cannot be decoded ({e.Message})");
        }
        if (body is null)
            return new Rejection(origin, $"HTTP payload decodes to more than the {TextDecoding.DescribeSize(maxRecordBytes)} limit for one article");
        if (body.Length == 0 || body.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
            return new Rejection(origin, "empty HTML response");
        if (TextDecoding.LooksBinary(body))
            return new Rejection(origin, "binary content in an HTML response");
        _documents++;
        return new AcceptedDocument(new RawDocument(id, origin, new HtmlBody(body), new DocumentHints(Url: uri)));
    }

    private static Dictionary<string, string>? ReadHttpHeaders(Stream payload, out int status)
    {
        status = 0;
        string? statusLine = ReadLine(payload);
        if (statusLine is null || !statusLine.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase))
            return null;
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out status))
            return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (ReadLine(payload) is { } line && line.Length > 0)
            AddHeader(headers, line);
        return headers;
    }

    /// <summary>One LF- or CRLF-terminated line of a block held in memory, as Latin-1; null at its end.</summary>
    private static string? ReadLine(Stream s)
    {
        var sb = new StringBuilder();
        int b;
        bool any = false;
        while ((b = s.ReadByte()) >= 0)
        {
            any = true;
            if (b == '\n')
                break;
            if (b != '\r' && sb.Length < MaxHeaderLine)
                sb.Append((char)b);
        }
        return any ? sb.ToString() : null;
    }

    /// <summary>"Name: value", as WARC and HTTP headers both write it; a line without a name is ignored.</summary>
    private static void AddHeader(Dictionary<string, string> headers, string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
    }

    /// <summary>HTTP/1.1 chunked transfer coding: hexadecimal size lines, each followed by that many bytes.</summary>
    internal static byte[] Dechunk(byte[] body)
    {
        using var input = new MemoryStream(body, writable: false);
        using var output = new MemoryStream();
        while (ReadLine(input) is { } sizeLine)
        {
            string hex = sizeLine.Split(';')[0].Trim();
            if (hex.Length == 0)
                continue;
            if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size < 0)
                throw new InvalidDataException($"bad chunk size '{Truncate(hex)}'");
            if (size == 0)
                break;
            var chunk = new byte[Math.Min(size, body.Length)];
            int n = input.Read(chunk, 0, chunk.Length);
            output.Write(chunk, 0, n);
            if (n < size)
                break;
        }
        return output.ToArray();
    }

    /// <summary>Undoes a content coding, refusing (null) output over <paramref name="limit"/>: a compressed payload can be a bomb too.</summary>
    private static byte[]? Decode(byte[] body, string encoding, long limit)
    {
        Stream? decoder = encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "deflate" => new ZLibStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => null,
        };
        if (decoder is null)
            return body;
        using (decoder)
        {
            using var output = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = decoder.Read(chunk)) > 0)
            {
                if (output.Length + n > limit)
                    return null;
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
        }
    }

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
