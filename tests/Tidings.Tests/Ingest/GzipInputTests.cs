using System.IO.Compression;
using CsCheck;
using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

/// <summary>Gzip as it arrives: cut short, damaged, not gzip at all, in many members, or a bomb.</summary>
public sealed class GzipInputTests : IDisposable
{
    private const string Article = "The harbour authority reopened the northern quay on Monday after two weeks of repairs, its director said.";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(data);
        return buffer.ToArray();
    }

    internal static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    private static List<IngestItem> Read(string path, IngestLimits? limits = null) =>
        PosixTestSupport.WithinSeconds(10, () => new DocumentReader(limits).Read([path]).ToList());

    /// <summary>A long article, so that a cut leaves a real first half behind.</summary>
    private static string LongArticle() => string.Join(" ", Enumerable.Range(0, 400).Select(i => $"Sentence {i} of the report on the quay repairs."));

    [Theory]
    [InlineData("story.txt.gz", 2)]
    [InlineData("story.txt.gz", 4)]
    [InlineData("story.txt.gz", 9)]
    [InlineData("page.html.gz", 2)]
    [InlineData("page.html.gz", 200)]
    public void A_cut_gzip_article_is_rejected_as_truncated_not_accepted_in_part(string name, int cutBytes)
    {
        string text = name.StartsWith("page", StringComparison.Ordinal) ? $"<html><body><p>{LongArticle()}</p></body></html>" : LongArticle();
        var gz = Gzip(text);
        var path = _folder.WriteBytes(name, gz[..^cutBytes]);
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Equal(path, rejection.Origin.Input);
        Assert.StartsWith("truncated gzip", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_cut_in_half_is_rejected_as_truncated()
    {
        var gz = Gzip(LongArticle());
        var path = _folder.WriteBytes("half.txt.gz", gz[..(gz.Length / 2)]);
        Assert.StartsWith("truncated gzip", Assert.IsType<Rejection>(Assert.Single(Read(path))).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_checksum_is_corrupt_gzip()
    {
        var gz = Gzip(Article);
        gz[^6] ^= 0x55;
        var path = _folder.WriteBytes("damaged.txt.gz", gz);
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.StartsWith("corrupt gzip", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("compression method", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_named_gz_is_not_gzip_data()
    {
        var path = _folder.Write("plain.txt.gz", Article);
        Assert.StartsWith("not gzip data", Assert.IsType<Rejection>(Assert.Single(Read(path))).Reason, StringComparison.Ordinal);
    }

    /// <summary>The reader sizes its buffer by the size the last member records; any split into members, large or
    /// small last, still reads back every byte, as does the same text in HTML and plain files.</summary>
    [Fact]
    public void Any_split_into_gzip_members_reads_back_the_whole_text()
    {
        int file = 0;
        Gen.Select(Gen.Int[1, 300_000], Gen.Int[0, 300_000].Array[0, 3]).Sample((size, cuts) =>
        {
            var text = string.Create(size, size, (span, _) =>
            {
                for (int i = 0; i < span.Length; i++)
                    span[i] = (char)('a' + (i * 7919 % 26));
            });
            text = "Harbour " + text;
            var points = cuts.Select(c => Math.Min(c, text.Length)).Append(0).Append(text.Length).Distinct().Order().ToArray();
            byte[] members = [.. points.Zip(points.Skip(1)).SelectMany(p => Gzip(text[p.First..p.Second]))];
            int n = Interlocked.Increment(ref file);   // samples run on several threads at once
            var gz = _folder.WriteBytes($"split{n}.txt.gz", members);
            var plain = _folder.Write($"plain{n}.txt", text);
            foreach (var path in (string[])[gz, plain])
            {
                var document = Assert.IsType<AcceptedDocument>(Assert.Single(Read(path))).Document;
                Assert.Equal(text, ((PlainTextBody)document.Body).Text);
            }
        }, iter: 60);
    }

    [Fact]
    public void A_file_of_several_gzip_members_cut_inside_its_last_is_refused_wherever_the_cut_falls()
    {
        byte[] first = Gzip("First part of the article. "), last = Gzip(LongArticle());
        for (int cut = 1; cut < last.Length; cut += 7)
        {
            var path = _folder.WriteBytes($"cut-members-{cut}.txt.gz", [.. first, .. last[..^cut]]);
            var item = Assert.Single(Read(path));
            Assert.True(item is Rejection, $"cut {cut} bytes from the end: {item}");
        }
    }

    [Fact]
    public void A_file_of_several_gzip_members_is_read_whole()
    {
        var path = _folder.WriteBytes("members.txt.gz", [.. Gzip("First half of the article. "), .. Gzip(Article)]);
        var document = Assert.IsType<AcceptedDocument>(Assert.Single(Read(path))).Document;
        Assert.Equal("First half of the article. " + Article, ((PlainTextBody)document.Body).Text);
    }

    [Fact]
    public void A_cut_last_jsonl_line_is_truncated_gzip_at_that_line_and_earlier_lines_are_kept()
    {
        string jsonl = $"{{\"id\": \"one\", \"text\": \"{Article}\"}}\n{{\"id\": \"two\", \"text\": \"{LongArticle()}\"}}\n";
        var gz = Gzip(jsonl);
        var path = _folder.WriteBytes("feed.jsonl.gz", gz[..(gz.Length * 3 / 4)]);
        var items = Read(path);
        Assert.Equal("one", Assert.IsType<AcceptedDocument>(items[0]).Document.Id);
        var rejection = Assert.IsType<Rejection>(Assert.Single(items.Skip(1)));
        Assert.Equal(new SourceLocation(path, 2), rejection.Origin);
        Assert.StartsWith("truncated gzip", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jsonl_gzip_cut_in_its_trailer_keeps_its_whole_lines_and_says_the_file_is_cut()
    {
        var gz = Gzip($"{{\"id\": \"one\", \"text\": \"{Article}\"}}\n");
        var path = _folder.WriteBytes("feed.jsonl.gz", gz[..^3]);
        var items = Read(path);
        Assert.Equal("one", Assert.IsType<AcceptedDocument>(items[0]).Document.Id);
        var rejection = Assert.IsType<Rejection>(items[1]);
        Assert.Equal(new SourceLocation(path), rejection.Origin);
        Assert.StartsWith("truncated gzip", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_member_jsonl_gzip_is_verified_by_its_last_member()
    {
        var line = Encoding.UTF8.GetBytes($"{{\"text\": \"{Article}\"}}\n");
        var path = _folder.WriteBytes("chunks.jsonl.gz", [.. Gzip(line), .. Gzip(line), .. Gzip(line)]);
        var items = Read(path);
        Assert.Equal(3, items.OfType<AcceptedDocument>().Count());
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public void A_gzip_bomb_of_blank_lines_is_refused_early()
    {
        // 1 GB of newlines: one member of 16 MB written 64 times (GZipStream reads concatenated members as one).
        var member = Gzip(Enumerable.Repeat((byte)'\n', 16 * 1024 * 1024).ToArray());
        string path = Path.Combine(_folder.Path, "bomb.jsonl.gz");
        using (var file = File.Create(path))
        {
            for (int i = 0; i < 64; i++)
                file.Write(member);
        }
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.StartsWith("gzip bomb refused", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(path, rejection.Origin.Input);
    }

    [Fact]
    public void Decompressed_bytes_per_input_are_capped()
    {
        var random = new Random(7);
        var words = new[] { "quay", "harbour", "storm", "council", "repairs", "ferry", "tide", "crane" };
        var jsonl = new StringBuilder();
        for (int i = 0; i < 200; i++)
            jsonl.Append($"{{\"text\": \"{string.Join(' ', Enumerable.Range(0, 200).Select(_ => words[random.Next(words.Length)]))}\"}}\n");
        var path = _folder.WriteBytes("big.jsonl.gz", Gzip(jsonl.ToString()));
        var limits = new IngestLimits { MaxDecompressedBytes = 64 * 1024 };
        var items = Read(path, limits);
        var rejection = Assert.IsType<Rejection>(items[^1]);
        Assert.Contains("limit for one input", rejection.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(items.OfType<AcceptedDocument>());
    }

    [Fact]
    public void A_real_corpus_that_compresses_well_is_read_past_the_ratio_check()
    {
        var random = new Random(11);
        var words = "the a council harbour voted on monday to reopen northern quay after repairs storm ferry said director port".Split(' ');
        var jsonl = new StringBuilder();
        for (int i = 0; i < 2000; i++)
            jsonl.Append($"{{\"id\": \"r{i}\", \"source\": \"Daily Example\", \"text\": \"{string.Join(' ', Enumerable.Range(0, 150).Select(_ => words[random.Next(words.Length)]))}\"}}\n");
        var path = _folder.WriteBytes("corpus.jsonl.gz", Gzip(jsonl.ToString()));
        var limits = new IngestLimits { ExpansionCheckAfterBytes = 256 * 1024 };
        var items = Read(path, limits);
        Assert.Equal(2000, items.OfType<AcceptedDocument>().Count());
        Assert.Equal(2000, items.Count);
    }

    [Fact]
    public void A_gzipped_article_over_the_limit_is_refused_by_what_it_expands_to()
    {
        var path = _folder.WriteBytes("huge.txt.gz", Gzip(Enumerable.Repeat((byte)'a', 11 * 1024 * 1024).ToArray()));
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Equal("decompresses to more than the 10 MB limit for one article", rejection.Reason);
    }

    [Fact]
    public void An_empty_gzip_file_is_empty()
    {
        var path = _folder.WriteBytes("nothing.txt.gz", []);
        Assert.Equal("empty file", Assert.IsType<Rejection>(Assert.Single(Read(path))).Reason);
    }
}
