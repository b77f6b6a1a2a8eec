using System.Text;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction.Html;

/// <summary>A page is read in the charset its bytes are in, whatever it declares, and never silently becomes U+FFFD.</summary>
public sealed class PageCharsetTests
{
    private const string Russian =
        "Портовое управление Вельдмарка в понедельник вновь открыло северный причал после трёхнедельного закрытия, сообщили официальные лица. "
        + "Инженеры заменили сорок метров морской стены, которую в марте подмыли штормы, и испытали новые краны.";

    private const string German =
        "Der Bürgermeister von Köln eröffnete am Montag die neue Brücke über den Rhein, nachdem die Arbeiten drei Jahre gedauert hatten. "
        + "Die Stadtwerke schätzen, dass täglich über zwölftausend Fahrräder die Brücke überqueren werden.";

    private const string Japanese =
        "ヴェルドマーク港湾局は月曜日、三週間の閉鎖を経て北側の岸壁を再開したと当局者が明らかにした。"
        + "技術者らは三月の嵐で損傷した防波堤四十メートルを交換し、新しいクレーンを試験した。";

    private static Encoding Legacy(string name) => CodePagesEncodingProvider.Instance.GetEncoding(name)!;

    private static string Page(string head, string paragraph) =>
        $"<html><head>{head}<title>Quay</title></head><body><article><p>{paragraph}</p></article></body></html>";

    private static IReadOnlyList<string> Paragraphs(byte[] bytes) => HtmlPageReader.Read(bytes).Paragraphs;

    [Theory]
    [InlineData("<meta charset=\"utf-8\">")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">")]
    [InlineData("")]
    public void A_windows_1251_page_is_read_in_cyrillic_whatever_it_declares(string head)
    {
        var bytes = Legacy("windows-1251").GetBytes(Page(head, Russian));
        Assert.Contains(Russian, Paragraphs(bytes));
    }

    [Fact]
    public void A_page_that_declares_its_legacy_charset_correctly_is_read_in_it()
    {
        var bytes = Legacy("windows-1251").GetBytes(Page("<meta charset=\"windows-1251\">", Russian));
        Assert.Contains(Russian, Paragraphs(bytes));
    }

    [Theory]
    [InlineData("<meta charset=\"utf-8\">")]
    [InlineData("")]
    [InlineData("<meta charset=\"iso-8859-1\">")]
    public void A_windows_1252_page_keeps_its_accents(string head)
    {
        var bytes = Legacy("windows-1252").GetBytes(Page(head, German));
        Assert.Contains(German, Paragraphs(bytes));
    }

    [Theory]
    [InlineData("<meta charset=\"shift_jis\">")]
    [InlineData("<meta charset=\"utf-8\">")]
    public void A_shift_jis_page_is_read_in_japanese(string head)
    {
        var bytes = Legacy("shift_jis").GetBytes(Page(head, Japanese));
        Assert.Contains(Japanese, Paragraphs(bytes));
    }

    [Fact]
    public void A_utf8_page_with_a_stray_latin1_byte_stays_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Page("<meta charset=\"utf-8\">", German) + "<footer>© 2024</footer>").ToList();
        bytes.InsertRange(bytes.Count - 20, Legacy("windows-1252").GetBytes("\u00A9"));
        Assert.Contains(German, Paragraphs([.. bytes]));
    }

    [Fact]
    public void No_page_text_is_replacement_characters_for_legacy_bytes()
    {
        foreach (var (charset, text) in new[] { ("windows-1251", Russian), ("windows-1252", German), ("shift_jis", Japanese) })
        {
            var bytes = Legacy(charset).GetBytes(Page("<meta charset=\"utf-8\">", text));
            Assert.DoesNotContain(Paragraphs(bytes), p => p.Contains('\uFFFD', StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-8")]
    public void A_page_with_a_byte_order_mark_is_read_in_its_encoding(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Page("", German))).ToArray();
        Assert.Contains(German, Paragraphs(bytes));
    }

    [Fact]
    public void An_ascii_page_with_character_references_keeps_its_accents()
    {
        var bytes = Encoding.ASCII.GetBytes(Page("", "Der B&uuml;rgermeister von K&#246;ln er&#xF6;ffnete am Montag die neue Br&uuml;cke &uuml;ber den Rhein, nachdem die Arbeiten drei Jahre gedauert hatten."));
        Assert.Contains("Der Bürgermeister von Köln eröffnete am Montag die neue Brücke über den Rhein, nachdem die Arbeiten drei Jahre gedauert hatten.", Paragraphs(bytes));
    }
}
