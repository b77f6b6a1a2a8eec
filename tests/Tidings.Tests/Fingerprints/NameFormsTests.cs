using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class NameFormsTests
{
    [Theory]
    [InlineData("detroit police chief james craig", "james craig")]
    [InlineData("victoria irene whitehurst", "victoria whitehurst")]
    [InlineData("zion willis of canarsie", "zion willis")]
    [InlineData("graham shadale of manhattan", "shadale graham")]
    [InlineData("taleik bristel", "taliek bristel")]
    [InlineData("smilax road", "smilex road")]
    [InlineData("south etting terrace", "etting terrace")]
    public void One_person_or_street_written_two_ways_is_one_name(string a, string b)
    {
        Assert.True(NameForms.SameAllowingSpelling(a, b));
        Assert.True(NameForms.SameAllowingSpelling(b, a));
    }

    [Theory]
    [InlineData("ann vale", "ian vale")]
    [InlineData("mark hale", "dirk hale")]
    [InlineData("un security council", "national security council")]
    [InlineData("getty bitcoin", "bitcoin bitcoin")]
    [InlineData("vale", "dorian vale")]
    [InlineData("calder street", "penrose street")]
    public void Different_names_that_share_words_are_not_one_name(string a, string b)
    {
        Assert.False(NameForms.SameAllowingSpelling(a, b));
        Assert.False(NameForms.SameAllowingSpelling(b, a));
    }

    [Theory]
    [InlineData("detroit police chief james craig", "james craig")]
    [InlineData("zion willis of canarsie", "zion willis")]
    [InlineData("calder street", "calder street")]
    [InlineData("vale", "vale")]
    public void The_core_of_a_name_is_its_last_two_words_before_any_of(string name, string core) =>
        Assert.Equal(core, NameForms.Core(name));
}
