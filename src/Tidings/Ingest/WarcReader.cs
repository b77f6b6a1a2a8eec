using System.IO.Compression;
using System.Text;

namespace Tidings.Ingest;

/// <summary>
/// Reads WARC files (ISO 28500, as written by news crawls such as Common Crawl): every <c>response</c> record whose
/// HTTP payload is HTML becomes a document, with the record's target URI as its URL. Other records (requests,
/// metadata, images) are skipped silently; a malformed record is rejected with the line it starts on, and reading
/// stops only when the file's framing is lost. <c>.warc.gz</c> holds one gzip member per record, which the
/// caller's <see cref="GZipStream"/> reads as one stream.
/// </summary>
/// <remarks>The caller owns <paramref name="stream"/>; give it a buffered one, since headers are read byte by byte.</remarks>
internal sealed class WarcReader(Stream stream, string input, long maxRecordBytes)
{
    /// <summary>Header blocks are a few hundred bytes; a longer line means this is not WARC framing.</summary>
    private const int MaxHeaderLine = 64 * 1024;

    private readonly Stream _stream = stream;
    private int _line = 1;

    public IEnumerable<IngestItem> Read()
    {
        int records = 0, documents = 0;
        while (true)
        {
            int start = _line;
            Dictionary<string, string>? headers;
            string? error;
            try
            {
                (headers, error) = ReadHeaderBlock(out start);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                (headers, error) = (null, $"read failed ({e.Message})");
            }
            if (headers is null && error is null)
                break;
            if (headers is null)
            {
                yield return new Rejection(new SourceLocation(input, start), error!);
                yield break;
            }
            records++;
            if (!headers.TryGetValue("content-length", out var lengthText) || !long.TryParse(lengthText, out long length) || length < 0)
            {
                yield return new Rejection(new SourceLocation(input, start), "WARC record without a valid Content-Length; the rest of the file cannot be framed");
                yield break;
            }
            bool wanted = headers.TryGetValue("warc-type", out var type) && type.Equals("response", StringComparison.OrdinalIgnoreCase);
            if (!wanted || length > maxRecordBytes)
            {
                bool skipped = Skip(length);
                if (wanted)
                    yield return new Rejection(new SourceLocation(input, start), $"WARC record larger than the {TextDecoding.DescribeSize(maxRecordBytes)} limit for one article");
                if (!skipped)
                {
                    yield return new Rejection(new SourceLocation(input, start), "WARC record truncated: the file ends inside it");
                    yield break;
                }
                continue;
            }
            byte[]? block = ReadBlock(length);
            if (block is null)
            {
                yield return new Rejection(new SourceLocation(input, start), "WARC record truncated: the file ends inside it");
                yield break;
            }
            var item = ToDocument(block, headers, start, records);
            if (item is not null)
            {
                documents++;
                yield return item;
            }
        }
        if (records == 0)
            yield return new Rejection(new SourceLocation(input), "empty WARC file: no records");
        else if (documents == 0)
            yield return new Rejection(new SourceLocation(input), $"no HTML responses among {records} WARC records");
    }

    /// <summary>An HTML response becomes a document; other payloads (images, redirects, JSON) are not articles.</summary>
    private IngestItem? ToDocument(byte[] block, Dictionary<string, string> warc, int line, int record)
    {
        var origin = new SourceLocation(input, line);
        string id = $"{Path.GetFileName(input)}-{record}";
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
        byte[] body = block[(int)payload.Position..];
        try
        {
            if (http.TryGetValue("transfer-encoding", out var transfer) && transfer.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                body = Dechunk(body);
            if (http.TryGetValue("content-encoding", out var encoding))
                body = Decode(body, encoding.Trim().ToLowerInvariant());
        }
        catch (InvalidDataException e)
        {
            return new Rejection(origin, $"HTTP payload cannot be decoded ({e.Message})");
        }
        if (body.Length == 0 || body.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
            return new Rejection(origin, "empty HTML response");
        if (TextDecoding.LooksBinary(body))
            return new Rejection(origin, "binary content in an HTML response");
        return new AcceptedDocument(new RawDocument(id, origin, new HtmlBody(body), new DocumentHints(Url: uri)));
    }

    /// <summary>Reads "Name: value" lines up to a blank line. Returns (null, null) at a clean end of file.</summary>
    private (Dictionary<string, string>? Headers, string? Error) ReadHeaderBlock(out int firstLine)
    {
        string? first;
        do
        {
            firstLine = _line;
            first = ReadLine();
            if (first is null)
                return (null, null);
        }
        while (first.Length == 0);
        if (!first.StartsWith("WARC/", StringComparison.Ordinal))
            return (null, $"not a WARC record: expected a 'WARC/1.x' line, found '{Truncate(first)}'");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (ReadLine() is { } line)
        {
            if (line.Length == 0)
                return (headers, null);
            AddHeader(headers, line);
        }
        return (null, "WARC header block truncated: the file ends inside it");
    }

    private static Dictionary<string, string>? ReadHttpHeaders(Stream payload, out int status)
    {
        status = 0;
        string? statusLine = ReadLine(payload);
        if (statusLine is null || !statusLine.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase))
            return null;
        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[1], out status))
            return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (ReadLine(payload) is { } line && line.Length > 0)
            AddHeader(headers, line);
        return headers;
    }

    /// <summary>A WARC header line; the line count follows every newline so rejections can name the record's line.</summary>
    private string? ReadLine()
    {
        string? line = ReadLine(_stream, stopWhenTooLong: true, out bool complete, out bool tooLong);
        if (tooLong)
            throw new InvalidDataException($"a header line longer than {MaxHeaderLine} bytes");
        if (complete)
            _line++;
        return line;
    }

    /// <summary>One LF- or CRLF-terminated line of header text, at most <see cref="MaxHeaderLine"/> characters kept;
    /// null at the end of the stream. WARC framing stops at an over-long line, since what follows is not WARC.</summary>
    private static string? ReadLine(Stream s, bool stopWhenTooLong, out bool complete, out bool tooLong)
    {
        var sb = new StringBuilder();
        complete = tooLong = false;
        int b;
        bool any = false;
        while ((b = s.ReadByte()) >= 0)
        {
            any = true;
            if (b == '\n')
            {
                complete = true;
                break;
            }
            if (sb.Length >= MaxHeaderLine)
            {
                tooLong = true;
                if (stopWhenTooLong)
                    break;
            }
            else if (b != '\r')
                sb.Append((char)b);
        }
        return any ? sb.ToString() : null;
    }

    private static string? ReadLine(Stream s) => ReadLine(s, stopWhenTooLong: false, out _, out _);

    /// <summary>"Name: value", as WARC and HTTP headers both write it; a line without a name is ignored.</summary>
    private static void AddHeader(Dictionary<string, string> headers, string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
    }

    private byte[]? ReadBlock(long length)
    {
        var block = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = _stream.Read(block, read, (int)Math.Min(length - read, 1 << 16));
            if (n == 0)
                return null;
            read += n;
        }
        _line += block.AsSpan().Count((byte)'\n');
        return block;
    }

    private bool Skip(long length)
    {
        var buffer = new byte[1 << 16];
        while (length > 0)
        {
            int n = _stream.Read(buffer, 0, (int)Math.Min(length, buffer.Length));
            if (n == 0)
                return false;
            _line += buffer.AsSpan(0, n).Count((byte)'\n');
            length -= n;
        }
        return true;
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
            if (!int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out int size) || size < 0)
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

    private static byte[] Decode(byte[] body, string encoding)
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
            decoder.CopyTo(output);
            return output.ToArray();
        }
    }

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
