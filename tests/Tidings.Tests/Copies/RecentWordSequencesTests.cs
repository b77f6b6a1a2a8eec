using Tidings.Copies;
using Tidings.Fingerprints;

namespace Tidings.Tests.Copies;

public sealed class RecentWordSequencesTests
{
    [Fact]
    public void Gives_back_a_sequence_until_a_later_article_takes_its_slot()
    {
        var recent = new RecentWordSequences(2);
        var first = WordSequence.Read("The ferry left at dawn. It carried forty passengers to the island.");
        var second = WordSequence.Read("A short one.");
        recent.Keep(0, first);
        recent.Keep(1, second);
        Assert.Same(first, recent.Find(0));
        Assert.Same(second, recent.Find(1));
        Assert.Null(recent.Find(2));

        var third = WordSequence.Read("Rain.");
        recent.Keep(2, third);
        Assert.Null(recent.Find(0));
        Assert.Same(third, recent.Find(2));
        Assert.Same(second, recent.Find(1));
    }
}
