using System.Buffers.Binary;
using System.Text;

namespace Tidings.Ingest;

/// <summary>
/// Reads the inputs a user names (files, folders, gzip, JSONL, WARC, standard input) into documents.
/// It never throws for one bad record or file: any bytes in give documents, rejections and warnings out, in bounded
/// time and memory, and the rest of the batch goes on.
/// </summary>
public sealed class DocumentReader
{
    /// <summary>The name under which standard input is read.</summary>
    public const string StandardInput = "-";

    /// <summary>Reads from files go through a buffer this large: big enough that a read is one system call per chunk.</summary>
    private const int FileBufferBytes = 1 << 16;

    private readonly IngestLimits _limits;
    private readonly Func<Stream> _openStandardInput;

    public DocumentReader(IngestLimits? limits = null, Func<Stream>? openStandardInput = null)
    {
        _limits = limits ?? IngestLimits.Default;
        _openStandardInput = openStandardInput ?? Console.OpenStandardInput;
    }

    /// <summary>
    /// Yields every record of every input, in the order named; folders are walked in ordinal path order for
    /// determinism. A file's id is its path relative to the folder named (see <see cref="InputKind.IdStem"/>).
    /// </summary>
    public IEnumerable<IngestItem> Read(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            foreach (var item in ReadInput(input))
                yield return item;
        }
    }

    /// <summary>
    /// The records of JSONL that arrived other than as a file (an HTTP request's body): each is named
    /// <c><paramref name="input"/>:LINE</c>, and an id-less record gets <c><paramref name="input"/>-LINE</c>.
    /// </summary>
    public IEnumerable<IngestItem> ReadJsonl(Stream stream, string input) => ReadJsonl(stream, input, input, null);

    private IEnumerable<IngestItem> ReadInput(string input)
    {
        if (input == StandardInput)
        {
            using var stdin = _openStandardInput();
            foreach (var item in ReadJsonl(stdin, "stdin", "stdin", null))
                yield return item;
            yield break;
        }
        var facts = FileProbe.Probe(input, followLinks: true, out var error);
        if (facts is not { } found)
        {
            yield return new Rejection(new SourceLocation(input), FolderWalker.DescribeUnreadable(input, error!));
            yield break;
        }
        if (found.Kind == EntryKind.Regular)
        {
            foreach (var item in ReadFile(input, "", found))
                yield return item;
            yield break;
        }
        if (found.Kind != EntryKind.Directory)
        {
            yield return new Rejection(new SourceLocation(input), FolderWalker.NotRegular(found.Kind));
            yield break;
        }
        bool any = false;
        foreach (var entry in FolderWalker.Walk(input, found))
        {
            any = true;
            if (entry is UnreadEntry unread)
            {
                yield return unread.Rejection;
                continue;
            }
            var file = (FoundFile)entry;
            foreach (var item in ReadFile(file.Path, file.RelativeFolder, file.Facts))
                yield return item;
        }
        if (!any)
            yield return new Rejection(new SourceLocation(input), "folder holds no files");
    }

    private IEnumerable<IngestItem> ReadFile(string path, string relativeFolder, EntryFacts facts)
    {
        var origin = new SourceLocation(path);
        var kind = InputKind.Of(path);
        if (kind.Format == InputFormat.Unsupported)
        {
            yield return new Rejection(origin,
                $"unsupported file type '{Path.GetExtension(path)}' (expected .txt, .html, .htm, .jsonl or .warc, optionally .gz)");
            yield break;
        }
        if (facts.Size == 0)
        {
            yield return new Rejection(origin, "empty file");
            yield break;
        }
        bool whole = kind.Format is InputFormat.PlainText or InputFormat.Html;
        if (whole && !kind.Gzipped && facts.Size > _limits.MaxArticleBytes)
        {
            yield return new Rejection(origin, $"larger than the {TextDecoding.DescribeSize(_limits.MaxArticleBytes)} limit for one article");
            yield break;
        }
        var (stream, expected, openError) = Open(path, kind.Gzipped, whole);
        if (stream is null)
        {
            yield return new Rejection(origin, openError!);
            yield break;
        }
        using (stream)
        {
            string id = kind.IdStem(relativeFolder);
            var items = kind.Format switch
            {
                InputFormat.Jsonl => ReadJsonl(stream, path, id, stream as CheckedGzipStream),
                InputFormat.Warc => ReadWarc(stream, path, id),
                _ => ReadWholeFile(stream, path, id, kind, expected),
            };
            foreach (var item in items)
                yield return item;
        }
    }

    /// <summary>Opens the file; for a whole-file article, also the size its data says it has (see <see cref="ExpectedSize"/>).</summary>
    private (Stream? Stream, long Expected, string? Error) Open(string path, bool gzipped, bool whole)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes);
            long expected = whole ? ExpectedSize(file, gzipped) : 0;
            return (gzipped ? new CheckedGzipStream(file, _limits, callerKeepsOutput: whole) : file, expected, null);
        }
        catch (UnauthorizedAccessException)
        {
            file?.Dispose();
            return (null, 0, "cannot read: permission denied");
        }
        catch (IOException e)
        {
            file?.Dispose();
            return (null, 0, $"cannot open: {e.Message}");
        }
    }

    private IEnumerable<IngestItem> ReadWholeFile(Stream stream, string path, string id, InputKind kind, long expected)
    {
        var origin = new SourceLocation(path);
        var (bytes, error) = ReadBounded(stream, _limits.MaxArticleBytes, kind.Gzipped, expected);
        if (bytes is null)
        {
            yield return new Rejection(origin, error!);
            yield break;
        }
        if (bytes.Length == 0 || bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            yield return new Rejection(origin, "empty file");
            yield break;
        }
        if (kind.Format == InputFormat.Html)
        {
            if (TextDecoding.LooksBinary(bytes))
                yield return new Rejection(origin, "binary content, not text or HTML");
            else
                yield return new AcceptedDocument(new RawDocument(id, origin, new HtmlBody(bytes), DocumentHints.None));
            yield break;
        }
        var decoded = TextDecoding.DecodeText(bytes);
        if (decoded.Text is null)
        {
            yield return new Rejection(origin, decoded.Error!);
            yield break;
        }
        if (decoded.Warning is not null)
            yield return new IngestWarning(origin, decoded.Warning);
        yield return new AcceptedDocument(new RawDocument(id, origin, new PlainTextBody(MojibakeRepair.Repair(decoded.Text)), DocumentHints.None));
    }

    /// <summary>Twice the room, but never more than one byte past the limit (enough to see it passed).</summary>
    private static byte[] Grown(byte[] buffer, long limit)
    {
        var grown = new byte[(int)Math.Min(Math.Max((long)buffer.Length * 2, 81920), Math.Min(limit + 1, Array.MaxLength))];
        buffer.CopyTo(grown, 0);
        return grown;
    }

    /// <summary>
    /// The size a whole file's data says it has: a plain file's length, or the size a gzip file records in its last
    /// four bytes (of its last member, and modulo 4 GiB: a guess that reading corrects), read through the file already
    /// open, which is left at its start. 0 when neither can be read (a pipe, a file too short to be gzip).
    /// </summary>
    private static long ExpectedSize(FileStream file, bool gzipped)
    {
        if (!file.CanSeek)
            return 0;
        long length = file.Length;
        if (!gzipped)
            return length;
        if (length < 18)
            return 0;
        Span<byte> recorded = stackalloc byte[4];
        file.Seek(length - 4, SeekOrigin.Begin);
        int read = file.ReadAtLeast(recorded, recorded.Length, throwOnEndOfStream: false);
        file.Seek(0, SeekOrigin.Begin);
        return read == recorded.Length ? BinaryPrimitives.ReadUInt32LittleEndian(recorded) : 0;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes; a larger input is refused without being held in memory. A gzip
    /// stream is read to its end, so that a cut one is found out before its first half passes as a whole article.
    /// </summary>
    /// <param name="stream">The file's data, decompressed where it is gzip.</param>
    /// <param name="limit">The most bytes one article may have.</param>
    /// <param name="gzipped">Whether the file is gzip, for the error message.</param>
    /// <param name="expected">The size the data says it has (a plain file's length, a gzip file's recorded size), 0 when
    /// unknown: read straight into an array of that size, the bytes are copied once instead of three times (into a
    /// growing buffer, through its doublings, into the result).</param>
    private static (byte[]? Bytes, string? Error) ReadBounded(Stream stream, long limit, bool gzipped, long expected)
    {
        try
        {
            var buffer = new byte[expected > 0 && expected <= limit ? expected : 81920];
            int length = 0;
            while (length <= limit)
            {
                if (length == buffer.Length)
                {
                    if (length == expected)
                    {
                        // Full at the size the data gave: it ends here, or holds more than it said (a gzip file of
                        // several members records only the last one's size).
                        int next = stream.ReadByte();
                        if (next < 0)
                            break;
                        buffer = Grown(buffer, limit);
                        buffer[length++] = (byte)next;
                        continue;
                    }
                    buffer = Grown(buffer, limit);
                }
                int n = stream.Read(buffer, length, buffer.Length - length);
                if (n == 0)
                    break;
                length += n;
            }
            if (length > limit)
            {
                return (null, gzipped
                    ? $"decompresses to more than the {TextDecoding.DescribeSize(limit)} limit for one article"
                    : $"larger than the {TextDecoding.DescribeSize(limit)} limit for one article");
            }
            if (stream is CheckedGzipStream { LastMemberUnchecked: { } last } && !CheckedGzipStream.EndsWith(buffer.AsSpan(0, length), last))
                return (null, CheckedGzipStream.TruncatedReason);
            return (length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray(), null);
        }
        catch (IngestDataException e)
        {
            return (null, e.Message);
        }
        catch (IOException e)
        {
            return (null, $"read failed ({e.Message})");
        }
    }

    private IEnumerable<IngestItem> ReadWarc(Stream stream, string path, string id)
    {
        foreach (var item in new WarcReader(stream, path, id, _limits.MaxArticleBytes).Read())
            yield return item;
        if (stream is CheckedGzipStream { EndUnverified: true })
            yield return UnverifiedEnd(path);
    }

    private IEnumerable<IngestItem> ReadJsonl(Stream stream, string input, string stem, CheckedGzipStream? gzip)
    {
        bool any = false;
        var lines = new ByteLineReader(Utf8Jsonl(stream), _limits.MaxArticleBytes);
        while (true)
        {
            ByteLine line;
            bool read;
            string? failure = null;
            try
            {
                read = lines.TryRead(out line);
            }
            catch (IOException e)
            {
                (read, line) = (false, default);
                failure = e is IngestDataException ? e.Message : $"read failed ({e.Message})";
            }
            if (failure is not null)
            {
                // A stream that fails inside a record is blamed on that record; between records, on the file.
                yield return lines.InsideLine
                    ? new Rejection(new SourceLocation(input, lines.CurrentLine), failure)
                    : new Rejection(new SourceLocation(input), $"{failure} (after line {lines.CurrentLine - 1})");
                yield break;
            }
            if (!read)
                break;
            any = true;
            var origin = new SourceLocation(input, line.Number);
            if (line.TooLong)
            {
                yield return new Rejection(origin, $"record larger than the {TextDecoding.DescribeSize(_limits.MaxArticleBytes)} limit for one article");
                continue;
            }
            foreach (var item in JsonlRecordParser.Parse(line.Bytes, origin, $"{stem}-{line.Number}"))
                yield return item;
        }
        if (!any)
            yield return new Rejection(new SourceLocation(input), "empty input: no JSONL records");
        else if (gzip is { EndUnverified: true })
            yield return UnverifiedEnd(input);
    }

    private static IngestWarning UnverifiedEnd(string input) => new(new SourceLocation(input),
        "the end of this gzip file could not be verified (its last member is too large to check): if it was cut short, its last record may be incomplete");

    /// <summary>JSONL as UTF-8: a UTF-16 file (known by its byte-order mark) is transcoded, a UTF-8 byte-order mark dropped.</summary>
    private static Stream Utf8Jsonl(Stream stream)
    {
        var start = new byte[3];
        int n = 0;
        try
        {
            int r;
            while (n < start.Length && (r = stream.Read(start, n, start.Length - n)) > 0)
                n += r;
        }
        catch (IOException)
        {
            // The failure will recur on the next read and be reported by the line reader, with its line.
        }
        var head = start.AsSpan(0, n);
        if (TextDecoding.Utf16ByBom(head) is { } utf16)
            return Encoding.CreateTranscodingStream(new PrefixedStream(head[2..].ToArray(), stream), utf16, Encoding.UTF8);
        return new PrefixedStream(head.StartsWith("\uFEFF"u8) ? [] : head.ToArray(), stream);
    }

    /// <summary>A few bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : ForwardOnlyStream
    {
        private int _taken;

        public override int Read(Span<byte> buffer)
        {
            if (_taken < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _taken);
                prefix.AsSpan(_taken, n).CopyTo(buffer);
                _taken += n;
                return n;
            }
            return rest.Read(buffer);
        }
    }
}
