using System.IO.Compression;
using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

public sealed class DocumentReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static List<IngestItem> Read(params string[] inputs) => new DocumentReader().Read(inputs).ToList();

    [Fact]
    public void Text_file_id_is_the_file_name_without_extensions()
    {
        var path = _folder.Write("story-one.txt", "A council voted on Monday to close the bridge for repairs.");
        var item = Assert.IsType<AcceptedDocument>(Assert.Single(Read(path)));
        Assert.Equal("story-one", item.Document.Id);
        Assert.IsType<PlainTextBody>(item.Document.Body);
    }

    [Fact]
    public void Gzipped_text_is_decompressed_and_keeps_its_stem()
    {
        string path = System.IO.Path.Combine(_folder.Path, "packed.txt.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes("The harbour reopened after the storm."));
        var item = Assert.IsType<AcceptedDocument>(Assert.Single(Read(path)));
        Assert.Equal("packed", item.Document.Id);
        Assert.Equal("The harbour reopened after the storm.", ((PlainTextBody)item.Document.Body).Text);
    }

    [Fact]
    public void Folders_are_read_recursively_in_ordinal_order_with_ids_relative_to_the_folder()
    {
        _folder.Write("b/second.txt", "Second article text here.");
        _folder.Write("a/first.txt", "First article text here.");
        _folder.Write("top.txt", "An article at the top of the folder.");
        var ids = Read(_folder.Path).OfType<AcceptedDocument>().Select(d => d.Document.Id).ToList();
        Assert.Equal(["a/first", "b/second", "top"], ids);
    }

    [Fact]
    public void Empty_file_is_rejected_by_name()
    {
        var path = _folder.Write("empty.txt", "  \n ");
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Equal(path, rejection.Origin.Input);
        Assert.Contains("empty", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_file_is_rejected()
    {
        var path = _folder.WriteBytes("photo.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02, 0x03]);
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Contains("binary", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_names_the_line()
    {
        // Mostly UTF-8 ("café", "naïve") with one broken sequence: damaged UTF-8, not a legacy character set.
        var bytes = Encoding.UTF8.GetBytes("Line one is fine: café.\nLine two too: naïve.\nLine three breaks: ").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var path = _folder.WriteBytes("broken.txt", bytes);
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Contains("invalid UTF-8 at line 3", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_file_is_rejected_without_reading_it_all()
    {
        string path = System.IO.Path.Combine(_folder.Path, "huge.txt");
        using (var f = File.Create(path))
        {
            var line = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
            for (int i = 0; i < 50 * 1024; i++)
                f.Write(line);
        }
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read(path)));
        Assert.Contains("larger than the 10 MB limit", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_bad_lines_are_rejected_with_line_numbers_and_the_rest_is_read()
    {
        var path = _folder.Write("feed.jsonl", string.Join('\n',
            """{"id": "good-1", "text": "The mayor opened the library.", "source": "Daily Example", "published": "2024-02-03"}""",
            """{not json""",
            """{"id": "no-text", "title": "Headline only"}""",
            """[1, 2, 3]""",
            "",
            """{"text": "An article without an id."}"""));
        var items = Read(path);
        var accepted = items.OfType<AcceptedDocument>().Select(a => a.Document).ToList();
        var rejected = items.OfType<Rejection>().ToList();
        Assert.Equal(["good-1", "feed-6"], accepted.Select(d => d.Id));
        Assert.Equal("Daily Example", accepted[0].Hints.Source);
        Assert.Equal([2, 3, 4], rejected.Select(r => r.Origin.Line!.Value));
        Assert.Contains("not valid JSON", rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("neither", rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("JSON object", rejected[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_is_read_as_jsonl()
    {
        var stdin = new MemoryStream(Encoding.UTF8.GetBytes("""{"id": "s1", "text": "Piped in."}""" + "\n"));
        var reader = new DocumentReader(openStandardInput: () => stdin);
        var item = Assert.IsType<AcceptedDocument>(Assert.Single(reader.Read(["-"])));
        Assert.Equal("s1", item.Document.Id);
        Assert.Equal("stdin", item.Document.Origin.Input);
    }

    [Fact]
    public void Missing_folder_is_rejected_and_other_inputs_still_read()
    {
        var good = _folder.Write("ok.txt", "A short but real article.");
        var items = Read(System.IO.Path.Combine(_folder.Path, "does-not-exist"), good);
        Assert.Contains("no such file or folder", Assert.IsType<Rejection>(items[0]).Reason, StringComparison.Ordinal);
        Assert.IsType<AcceptedDocument>(items[1]);
    }

    [Fact]
    public void A_lone_surrogate_escape_loses_no_input_named_before_or_after_it()
    {
        var before = _folder.Write("before.txt", "The ferry service resumed on Tuesday after the storm.");
        var feed = _folder.Write("feed.jsonl", "{\"id\": \"s\", \"text\": \"Cut emoji \\ud83d here, then the council met.\"}\n{\"id\": \"t\", \"text\": \"A second record.\"}\n");
        var after = _folder.Write("after.txt", "The bridge reopened on Wednesday.");
        var items = Read(before, feed, after);
        Assert.Equal(["before", "s", "t", "after"], items.OfType<AcceptedDocument>().Select(d => d.Document.Id));
        var warning = Assert.Single(items.OfType<IngestWarning>());
        Assert.Equal(new SourceLocation(feed, 1), warning.Origin);
        Assert.Contains("\"text\"", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_ids_default_to_the_relative_stem_and_line()
    {
        _folder.Write("feeds/wire.jsonl", "{\"text\": \"An article without an id.\"}\n");
        var item = Assert.IsType<AcceptedDocument>(Assert.Single(Read(_folder.Path)));
        Assert.Equal("feeds/wire-1", item.Document.Id);
    }

    [Fact]
    public void Unsupported_extension_is_rejected()
    {
        var path = _folder.Write("notes.docx", "whatever");
        Assert.Contains("unsupported file type", Assert.IsType<Rejection>(Assert.Single(Read(path))).Reason, StringComparison.Ordinal);
    }
}
