using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class ArticleTests
{
    [Theory]
    [InlineData("www.Example.com", "example.com")]
    [InlineData("pittsburgh.cbslocal.com", "cbslocal.com")]
    [InlineData("news.bbc.co.uk", "bbc.co.uk")]
    [InlineData("alice.blogspot.com", "alice.blogspot.com")]
    [InlineData(" The Moscow Times ", "the moscow times")]
    [InlineData("Apple", "apple")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void An_outlet_is_its_name_or_its_site_family(string? source, string? outlet) =>
        Assert.Equal(outlet, Article.OutletOf(source));
}
