using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class WhiteSpaceTests
{
    [Theory]
    [InlineData("  Harbour \n\t quay  ", "Harbour quay")]
    [InlineData("Mag\u00ADda\u00ADle\u00ADner wine", "Magdalener wine")]
    [InlineData("zero\u200Bwidth\uFEFF join", "zerowidth join")]
    [InlineData("می\u200Cخواهم", "می\u200Cخواهم")]
    public void Collapses_spacing_and_drops_invisible_characters(string text, string expected) =>
        Assert.Equal(expected, WhiteSpace.Collapse(text));

    [Fact]
    public void A_page_reads_words_whole_across_soft_hyphens()
    {
        var page = HtmlPageReader.Read(System.Text.Encoding.UTF8.GetBytes(
            "<html><body><article><p>St. Mag\u00ADda\u00ADle\u00ADner wines con\u00ADvince with a gentle fruit and a fine balance of acidity and tannin, served slightly cool.</p></article></body></html>"));
        Assert.Contains(page.Paragraphs, p => p.StartsWith("St. Magdalener wines convince", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_text_reads_words_whole_across_soft_hyphens()
    {
        var cleaned = PlainTextCleaner.Clean("The St. Mag\u00ADda\u00ADle\u00ADner vineyards above Bolzano were harvested early this year, the growers' association said on Monday.");
        Assert.Contains(cleaned.Paragraphs, p => p.Contains("St. Magdalener vineyards", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_without_invisible_characters_is_returned_as_it_is()
    {
        const string Text = "Harbour quay reopens";
        Assert.Same(Text, WhiteSpace.WithoutInvisible(Text));
        Assert.Equal("Magdalener", WhiteSpace.WithoutInvisible("Mag\u00ADda\u00ADle\u00ADner"));
    }
}
