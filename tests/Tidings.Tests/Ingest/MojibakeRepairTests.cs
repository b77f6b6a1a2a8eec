using System.Text;
using CsCheck;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

public sealed class MojibakeRepairTests
{
    [Theory]
    [InlineData("A harbour masterâ€™s guide", "A harbour master’s guide")]
    [InlineData("Quay works â€” a timeline", "Quay works — a timeline")]
    [InlineData("Caf\u00C3\u00A9 on the quay", "Café on the quay")]
    [InlineData("ÐŸÑ€Ð¸Ñ\u0081Ñ‚Ð°Ð½ÑŒ", "Пристань")]
    [InlineData("Tide tables â\u0080\u0094 Harbour Docs", "Tide tables — Harbour Docs")]
    public void Double_encoded_text_is_read_as_written(string garbled, string written) =>
        Assert.Equal(written, MojibakeRepair.Repair(garbled));

    [Theory]
    [InlineData("Ein Fuß“ und ein „Zitat“")]
    [InlineData("Année, café, naïve, São Paulo, Ærø")]
    [InlineData("Preis: 20 € – °C ± ½")]
    [InlineData("港口重新开放")]
    public void Real_accented_text_is_left_as_it_is(string text) =>
        Assert.Same(text, MojibakeRepair.Repair(text));

    /// <summary>Any text encoded as UTF-8 and read back byte by byte as Latin-1 comes back whole.</summary>
    [Fact]
    public void Text_read_as_latin1_is_restored()
    {
        string[] pieces = ["a", "b", " ", "c", "’", "—", "é", "ü", "ß", "П", "р", "€", "中", "™", "…", "😀"];
        Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 40].Select(string.Concat).Sample(text =>
        {
            string garbled = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
            return MojibakeRepair.Repair(garbled) == text;
        }, iter: 300);
    }
}
