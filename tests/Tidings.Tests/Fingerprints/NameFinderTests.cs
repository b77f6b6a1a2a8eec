using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class NameFinderTests
{
    [Fact]
    public void Short_forms_and_titles_merge_into_the_full_name()
    {
        var entities = NameFinder.Find([
            "Foreign Minister Arvo Tamm arrived in Lisbon on Monday.",
            "Mr Tamm met Prime Minister Clara Souza.",
            "Tamm said the talks were useful, and Souza agreed.",
        ]);
        var tamm = Assert.Single(entities, e => e.Name == "Arvo Tamm");
        Assert.Equal(3, tamm.Mentions);
        Assert.Contains(entities, e => e.Name == "Clara Souza" && e.Mentions == 2);
        Assert.DoesNotContain(entities, e => e.Name is "Tamm" or "Mr Tamm" or "Souza");
        Assert.Contains(entities, e => e.Name == "Lisbon");
    }
}
