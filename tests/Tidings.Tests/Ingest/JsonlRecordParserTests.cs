using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

/// <summary>JSONL records as feeds get them wrong: every one gives a document or a rejection, never an exception.</summary>
public sealed class JsonlRecordParserTests
{
    private const string Text = "The harbour authority reopened the northern quay on Monday.";
    private static readonly SourceLocation Origin = new("feed.jsonl", 7);

    private static IReadOnlyList<IngestItem> Parse(string json) => JsonlRecordParser.Parse(Encoding.UTF8.GetBytes(json), Origin, "feed-7");

    private static RawDocument Document(IReadOnlyList<IngestItem> items) => items.OfType<AcceptedDocument>().Single().Document;

    [Theory]
    [InlineData("text")]
    [InlineData("title")]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("url")]
    [InlineData("published")]
    public void A_lone_surrogate_escape_is_read_as_a_replacement_character_with_a_warning_naming_the_field(string field)
    {
        string record = field == "text"
            ? $$"""{"text": "Before \ud800 after. {{Text}}"}"""
            : $$"""{"{{field}}": "x\udc00y", "text": "{{Text}}"}""";
        var items = Parse(record);
        var document = Document(items);
        var warning = items.OfType<IngestWarning>().First();
        Assert.Equal(Origin, warning.Origin);
        Assert.Contains($"field \"{field}\"", warning.Message, StringComparison.Ordinal);
        if (field == "text")
            Assert.Equal($"Before \uFFFD after. {Text}", ((PlainTextBody)document.Body).Text);
        if (field == "title")
            Assert.Equal("x\uFFFDy", document.Hints.Title);
        if (field == "id")
            Assert.Equal("x\uFFFDy", document.Id);
    }

    [Fact]
    public void Paired_surrogate_escapes_and_other_escapes_survive_the_repair()
    {
        var document = Document(Parse("""{"text": "\ud83d\ude00 \u00e9\n\t\"q\" \\ \/ \ud800", "title": "ok"}"""));
        Assert.Equal("😀 é\n\t\"q\" \\ / \uFFFD", ((PlainTextBody)document.Body).Text);
    }

    [Theory]
    [InlineData("""{"text": 12345}""", "\"text\" must be a string", "a number")]
    [InlineData("""{"html": {"p": "x"}, "text": "fine text"}""", "\"html\" must be a string", "an object")]
    [InlineData("""{"text": ["a", "b"]}""", "\"text\" must be a string", "an array")]
    [InlineData("""{"text": true}""", "\"text\" must be a string", "a boolean")]
    public void Text_or_html_that_is_not_a_string_rejects_the_record(string record, string reason, string kind)
    {
        var rejection = Assert.IsType<Rejection>(Assert.Single(Parse(record)));
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.Contains(kind, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_id_is_kept_and_metadata_of_the_wrong_kind_is_left_out_with_a_warning()
    {
        var items = Parse($$"""{"id": 42, "title": 7, "url": ["x"], "source": null, "text": "{{Text}}"}""");
        var document = Document(items);
        Assert.Equal("42", document.Id);
        Assert.Null(document.Hints.Title);
        Assert.Null(document.Hints.Url);
        Assert.Equal(["field \"url\" is an array, not a string: left out", "field \"title\" is a number, not a string: left out"],
            items.OfType<IngestWarning>().Select(w => w.Message));
    }

    [Fact]
    public void An_id_of_another_kind_falls_back_to_the_line_id()
    {
        Assert.Equal("feed-7", Document(Parse($$"""{"id": {"a": 1}, "text": "{{Text}}"}""")).Id);
    }

    [Theory]
    [InlineData("\"Tue, 19 Nov 2019 10:00:00 GMT\"", "2019-11-19T10:00:00Z")]
    [InlineData("\"November 19, 2019\"", "2019-11-19")]
    [InlineData("1574157600", "2019-11-19T10:00:00Z")]
    [InlineData("\"1574157600\"", "2019-11-19T10:00:00Z")]
    [InlineData("\"2019-11-19\"", "2019-11-19")]
    public void Published_dates_in_feed_formats_become_iso_hints(string published, string iso)
    {
        var items = Parse($$"""{"published": {{published}}, "text": "{{Text}}"}""");
        Assert.Equal(iso, Document(items).Hints.Published);
        Assert.Empty(items.OfType<IngestWarning>());
    }

    [Theory]
    [InlineData("\"last Tuesday\"")]
    [InlineData("true")]
    [InlineData("12")]
    public void A_published_value_that_cannot_be_read_is_a_warning_and_the_record_is_kept(string published)
    {
        var items = Parse($$"""{"published": {{published}}, "text": "{{Text}}"}""");
        Assert.Null(Document(items).Hints.Published);
        var warning = Assert.Single(items.OfType<IngestWarning>());
        Assert.Equal(Origin, warning.Origin);
        Assert.Contains("published", warning.Message, StringComparison.Ordinal);
    }
}
