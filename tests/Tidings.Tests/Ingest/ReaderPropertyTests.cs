using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsCheck;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

/// <summary>
/// The readers' promise, for any bytes at all: they end, never throw, and yield only documents, rejections and
/// warnings, each naming the input it came from.
/// </summary>
public sealed class ReaderPropertyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Arbitrary bytes, biased towards the ones that matter to the readers (line breaks, quotes, gzip and WARC framing).</summary>
    private static readonly Gen<byte[]> Bytes = Gen.Frequency(
        (3, Gen.Byte),
        (2, Gen.OneOf((byte)'\n', (byte)'\r', (byte)'"', (byte)'{', (byte)'}', (byte)'\\', (byte)' ', (byte)0)),
        (1, Gen.OneOf((byte)0x1F, (byte)0x8B, (byte)0x08, (byte)0xFF, (byte)0xFE, (byte)0xC3)))
        .Array[0, 600];

    private static readonly byte[][] Fragments =
    [
        "WARC/1.0\r\n"u8.ToArray(), "WARC-Type: response\r\n"u8.ToArray(), "Content-Length: 40\r\n"u8.ToArray(),
        "Content-Length: -1\r\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"u8.ToArray(),
        "<p>The quay reopened.</p>"u8.ToArray(), "{\"text\": \"a\\ud800b\"}\n"u8.ToArray(), "Transfer-Encoding: chunked\r\n"u8.ToArray(),
    ];

    /// <summary>Arbitrary bytes stitched with pieces of real framing, so the generator reaches past the first check.</summary>
    private static readonly Gen<byte[]> Framed = Gen.OneOf(Bytes.Select(b => b), Gen.Int[0, Fragments.Length - 1].Select(i => Fragments[i])).Array[0, 12]
        .Select(parts => parts.SelectMany(p => p).ToArray());

    /// <summary>A file of its own for each sample: CsCheck runs samples on several threads at once.</summary>
    private string Write(string name, byte[] bytes) => _folder.WriteBytes($"{Guid.NewGuid():N}-{name}", bytes);

    private void AssertReadsSafely(string name, byte[] bytes)
    {
        string path = Write(name, bytes);
        var items = new DocumentReader(new IngestLimits { MaxArticleBytes = 4096 }).Read([path]).ToList();
        Assert.All(items, item =>
        {
            Assert.True(item is AcceptedDocument or Rejection or IngestWarning, item.GetType().Name);
            Assert.Equal(path, item.Origin.Input);
        });
        Assert.NotEmpty(items);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(data);
        return buffer.ToArray();
    }

    [Theory]
    [InlineData("any.txt")]
    [InlineData("any.html")]
    [InlineData("any.jsonl")]
    [InlineData("any.warc")]
    public void Any_bytes_in_any_format_are_read_without_an_exception(string name) =>
        Framed.Sample(bytes => AssertReadsSafely(name, bytes), iter: 400);

    [Theory]
    [InlineData("any.txt.gz")]
    [InlineData("any.jsonl.gz")]
    [InlineData("any.warc.gz")]
    public void Gzip_of_any_bytes_whole_cut_or_damaged_is_read_without_an_exception(string name) =>
        Gen.Select(Framed, Gen.Int[0, 3], Gen.Int[0, 1000], (bytes, mode, at) => (bytes, mode, at)).Sample(x =>
        {
            var gz = Gzip(x.bytes);
            if (gz.Length == 0)
            {
                AssertReadsSafely(name, gz);
                return;
            }
            int point = x.at % gz.Length;
            byte[] input = x.mode switch
            {
                0 => gz,
                1 => gz[..point],
                2 => [.. gz[..point], (byte)(gz[point] ^ 0x5A), .. gz[(point + 1)..]],
                _ => [.. gz, .. gz[..point]],
            };
            AssertReadsSafely(name, input);
        }, iter: 300);

    [Fact]
    public void A_cut_gzip_article_is_never_accepted() =>
        Gen.Select(Gen.Char['a', 'z'].Array[1, 3000].Select(c => new string(c)), Gen.Int[0, 100_000], (text, at) => (text, at)).Sample(x =>
        {
            var gz = Gzip(Encoding.UTF8.GetBytes(x.text));
            string path = Write("cut.txt.gz", gz[..(x.at % gz.Length)]);
            var rejection = Assert.IsType<Rejection>(Assert.Single(new DocumentReader().Read([path])));
            Assert.True(rejection.Reason.StartsWith("truncated gzip", StringComparison.Ordinal) || rejection.Reason == "empty file", rejection.Reason);
        }, iter: 300);

    [Fact]
    public void Any_string_in_any_jsonl_field_is_read_without_an_exception()
    {
        string[] fields = ["id", "url", "source", "title", "published", "language", "text", "html", "extra"];
        var anyString = Gen.Frequency(
            (4, Gen.Char),
            (1, Gen.OneOf('\uD800', '\uDC00', '\uFFFF', '\u0000', '"', '\\', '\n')))
            .Array[0, 40].Select(c => new string(c));
        Gen.Select(Gen.Int[0, fields.Length - 1], anyString, Gen.Bool, (field, value, raw) => (field, value, raw)).Sample(x =>
        {
            // Either the string as a JSON encoder writes it (lone surrogates become \uXXXX escapes), or spliced in raw.
            string encoded = x.raw ? "\"" + x.value + "\"" : JsonSerializer.Serialize(x.value);
            string record = $"{{\"{fields[x.field]}\": {encoded}, \"text\": \"The quay reopened on Monday.\"}}\n";
            AssertReadsSafely("fields.jsonl", Encoding.UTF8.GetBytes(record));
        }, iter: 500);
    }
}
