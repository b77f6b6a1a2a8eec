using System.Text;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

/// <summary>Plain-text articles in the character sets they are saved in.</summary>
public sealed class TextDecodingTests : IDisposable
{
    private const string Russian = "Министр транспорта открыл новый контейнерный терминал в порту в понедельник, сообщили в администрации города.";
    private const string German = "Der Bürgermeister von Köln eröffnete am Montag die neue Brücke über den Rhein. „Ein großer Tag“, sagte er.";
    private const string French = "L'économie française a progressé de 0,5 % au troisième trimestre, selon l'Insee, grâce à la consommation des ménages.";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Encoding CodePage(int number) => CodePagesEncodingProvider.Instance.GetEncoding(number)!;

    private List<IngestItem> Read(string name, byte[] bytes) => new DocumentReader().Read([_folder.WriteBytes(name, bytes)]).ToList();

    private string ReadText(string name, byte[] bytes)
    {
        var items = Read(name, bytes);
        Assert.DoesNotContain(items, i => i is Rejection);
        return ((PlainTextBody)items.OfType<AcceptedDocument>().Single().Document.Body).Text;
    }

    [Theory]
    [InlineData(1251, Russian)]
    [InlineData(1252, German)]
    [InlineData(1252, French)]
    public void A_legacy_character_set_is_recognised(int codePage, string text) =>
        Assert.Equal(text, ReadText("legacy.txt", CodePage(codePage).GetBytes(text)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_a_byte_order_mark_is_read(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        Assert.Equal(Russian, ReadText("wide.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes(Russian)]));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_dropped() =>
        Assert.Equal(German, ReadText("bom.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(German)]));

    [Fact]
    public void Double_encoded_utf8_is_still_repaired() =>
        Assert.Equal("A harbour master’s guide", ReadText("mojibake.txt", Encoding.UTF8.GetBytes("A harbour masterâ€™s guide")));

    [Fact]
    public void Damaged_utf8_is_rejected_with_its_line_not_guessed()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(German + "\n" + French + "\nBroken: "), 0xE2, 0x28, 0xA1, .. Encoding.UTF8.GetBytes(" end.")];
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read("damaged.txt", bytes)));
        Assert.StartsWith("invalid UTF-8 at line 3", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_whose_character_set_cannot_be_told_is_read_as_windows_1252_with_a_warning()
    {
        var items = Read("odd.txt", [.. "Price list "u8.ToArray(), 0x81, 0x8D, 0x8F, 0x90, 0x9D, .. " end."u8.ToArray()]);
        Assert.Single(items.OfType<AcceptedDocument>());
        var warning = Assert.Single(items.OfType<IngestWarning>());
        Assert.Contains("windows-1252", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_jsonl_with_a_byte_order_mark_is_read(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        string jsonl = $"{{\"id\": \"ru-1\", \"text\": \"{Russian}\"}}\n{{\"id\": \"de-1\", \"text\": \"{German}\"}}\n";
        var items = Read("wide.jsonl", [.. encoding.GetPreamble(), .. encoding.GetBytes(jsonl)]);
        var documents = items.OfType<AcceptedDocument>().Select(d => d.Document).ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(["ru-1", "de-1"], documents.Select(d => d.Id));
        Assert.Equal(Russian, ((PlainTextBody)documents[0].Body).Text);
        Assert.Equal(2, documents[1].Origin.Line);
    }

    [Fact]
    public void A_utf8_byte_order_mark_on_jsonl_is_dropped()
    {
        var items = Read("bom.jsonl", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes($"{{\"id\": \"x\", \"text\": \"{German}\"}}\n")]);
        Assert.Equal("x", Assert.IsType<AcceptedDocument>(Assert.Single(items)).Document.Id);
    }
}
