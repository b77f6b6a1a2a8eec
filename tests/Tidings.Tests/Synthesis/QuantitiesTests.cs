using Tidings.Synthesis;

namespace Tidings.Tests.Synthesis;

public sealed class QuantitiesTests
{
    [Fact]
    public void Counts_and_offsets_are_read_from_words_and_figures()
    {
        var found = Quantities.In("Three days before the vote, 1,200 protesters marched for 2 hours.");
        Assert.Contains(found, q => q.Value == 3 && q.Unit == "day apart");
        Assert.Contains(found, q => q.Value == 1200 && q.Unit == "protester");
        Assert.Contains(found, q => q.Value == 2 && q.Unit == "hour");
    }

    /// <summary>The patterns' digits include other scripts', which the number parser does not read: skipped, not a crash.</summary>
    [Fact]
    public void Figures_in_another_script_are_skipped()
    {
        Assert.DoesNotContain(Quantities.In("٣ days before the vote, ١٢ protesters marched."), q => q.Unit is "day apart" or "protester");
    }
}
