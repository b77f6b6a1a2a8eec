using System.IO.Compression;

namespace Tidings.Ingest;

/// <summary>
/// Reads the inputs a user names (files, folders, gzip, JSONL, standard input) into documents.
/// It never throws for one bad record: the record becomes a <see cref="Rejection"/> and the batch goes on.
/// </summary>
public sealed class DocumentReader
{
    /// <summary>The name under which standard input is read.</summary>
    public const string StandardInput = "-";

    private readonly IngestLimits _limits;
    private readonly Func<Stream> _openStandardInput;

    public DocumentReader(IngestLimits? limits = null, Func<Stream>? openStandardInput = null)
    {
        _limits = limits ?? IngestLimits.Default;
        _openStandardInput = openStandardInput ?? Console.OpenStandardInput;
    }

    /// <summary>Yields every record of every input, in the order named; folders are walked in ordinal path order for determinism.</summary>
    public IEnumerable<IngestItem> Read(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            foreach (var item in ReadInput(input))
                yield return item;
        }
    }

    private IEnumerable<IngestItem> ReadInput(string input)
    {
        if (input == StandardInput)
        {
            using var stdin = _openStandardInput();
            foreach (var item in ReadJsonl(stdin, "stdin", "stdin"))
                yield return item;
            yield break;
        }
        if (Directory.Exists(input))
        {
            var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
                yield return new Rejection(new SourceLocation(input), "folder holds no files");
            foreach (var file in files)
            {
                foreach (var item in ReadFile(file))
                    yield return item;
            }
            yield break;
        }
        if (!File.Exists(input))
        {
            yield return new Rejection(new SourceLocation(input), "no such file or folder");
            yield break;
        }
        foreach (var item in ReadFile(input))
            yield return item;
    }

    private IEnumerable<IngestItem> ReadFile(string path)
    {
        var kind = InputKind.Of(path);
        if (kind.Format == InputFormat.Unsupported)
        {
            yield return new Rejection(new SourceLocation(path),
                $"unsupported file type '{Path.GetExtension(path)}' (expected .txt, .html, .htm, .jsonl or .warc, optionally .gz)");
            yield break;
        }
        var (stream, openError) = Open(path, kind.Gzipped);
        if (stream is null)
        {
            yield return new Rejection(new SourceLocation(path), $"cannot open: {openError}");
            yield break;
        }
        using (stream)
        {
            var items = kind.Format switch
            {
                InputFormat.Jsonl => ReadJsonl(stream, path, kind.Stem),
                InputFormat.Warc => new WarcReader(new BufferedStream(stream, 1 << 16), path, _limits.MaxArticleBytes).Read(),
                _ => ReadWholeFile(stream, path, kind),
            };
            foreach (var item in items)
                yield return item;
        }
    }

    private static (Stream? Stream, string? Error) Open(string path, bool gzipped)
    {
        try
        {
            Stream stream = File.OpenRead(path);
            return (gzipped ? new GZipStream(stream, CompressionMode.Decompress) : stream, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    private IEnumerable<IngestItem> ReadWholeFile(Stream stream, string path, InputKind kind)
    {
        var origin = new SourceLocation(path);
        byte[]? bytes;
        string? error;
        try
        {
            (bytes, error) = ReadBounded(stream, _limits.MaxArticleBytes);
        }
        catch (InvalidDataException e)
        {
            (bytes, error) = (null, $"corrupt gzip data ({e.Message})");
        }
        catch (IOException e)
        {
            (bytes, error) = (null, $"read failed ({e.Message})");
        }
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
        if (TextDecoding.LooksBinary(bytes))
        {
            yield return new Rejection(origin, "binary content, not text or HTML");
            yield break;
        }
        if (kind.Format == InputFormat.Html)
        {
            yield return new AcceptedDocument(new RawDocument(kind.Stem, origin, new HtmlBody(bytes), DocumentHints.None));
            yield break;
        }
        if (!TextDecoding.TryDecodeUtf8(bytes, out var text, out var decodeError))
        {
            yield return new Rejection(origin, decodeError!);
            yield break;
        }
        yield return new AcceptedDocument(new RawDocument(kind.Stem, origin, new PlainTextBody(MojibakeRepair.Repair(text)), DocumentHints.None));
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; a larger input is refused without being held in memory.</summary>
    private static (byte[]? Bytes, string? Error) ReadBounded(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
                return (null, $"larger than the {TextDecoding.DescribeSize(limit)} limit for one article");
            buffer.Write(chunk, 0, n);
        }
        return (buffer.ToArray(), null);
    }

    private IEnumerable<IngestItem> ReadJsonl(Stream stream, string input, string stem)
    {
        bool any = false;
        using var lines = new ByteLineReader(stream, _limits.MaxArticleBytes);
        while (true)
        {
            ByteLine line;
            string? failure = null;
            try
            {
                if (!lines.TryRead(out line))
                    break;
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                failure = $"read failed ({e.Message})";
                line = default;
            }
            if (failure is not null)
            {
                yield return new Rejection(new SourceLocation(input, lines.LineNumber), failure);
                yield break;
            }
            var origin = new SourceLocation(input, line.Number);
            if (line.TooLong)
            {
                yield return new Rejection(origin, $"record larger than the {TextDecoding.DescribeSize(_limits.MaxArticleBytes)} limit for one article");
                any = true;
                continue;
            }
            if (line.Bytes.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0)
                continue;
            any = true;
            yield return JsonlRecordParser.Parse(line.Bytes, origin, $"{stem}-{line.Number}");
        }
        if (!any)
            yield return new Rejection(new SourceLocation(input), "empty input: no JSONL records");
    }
}
