using Tidings.Copies;
using Tidings.Fingerprints;

namespace Tidings.Tests.Copies;

public sealed class RecentWordSequencesTests
{
    [Fact]
    public void Gives_back_an_equal_copy_until_the_slot_is_reused()
    {
        var recent = new RecentWordSequences(2);
        var first = WordSequence.Read("The ferry left at dawn. It carried forty passengers to the island.");
        recent.Keep(0, first);
        recent.Keep(1, WordSequence.Read("A short one."));
        var copy = recent.Find(0);
        Assert.NotNull(copy);
        Assert.Equal(first.Words, copy.Words);
        Assert.Equal(first.Terms, copy.Terms);
        Assert.Equal(first.Sentences, copy.Sentences);
        Assert.True(first.SentenceSignature(1).SequenceEqual(copy.SentenceSignature(1)));

        // Article 2 takes article 0's slot; a shorter text must not leave the longer one's words behind.
        var third = WordSequence.Read("Rain.");
        recent.Keep(2, third);
        Assert.Null(recent.Find(0));
        Assert.Equal(third.Words, recent.Find(2)!.Words);
        Assert.Equal(third.Sentences, recent.Find(2)!.Sentences);
    }
}
