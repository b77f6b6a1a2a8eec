using Tidings.Evaluation;

namespace Tidings.Tests.Evaluation;

public sealed class CopyMakerTests
{
    /// <summary>A report that is mostly quotations, with a few sentences of its own between them.</summary>
    private static readonly string QuotingReport = string.Join("\n",
        "\"We will rebuild the harbour wall before the winter storms,\" the mayor said on Monday.",
        "\"Every family on the quay deserves to sleep without fear of the sea,\" she added.",
        "The wall collapsed in March after three days of gales along the northern coast of the island.",
        "\"The money is there and the engineers are ready to begin work this month,\" a council spokesman said.",
        "\"I have never seen the water come so far into the town,\" said a fisherman who has worked there for forty years.",
        "Repairs are expected to cost about four million euros and to take most of the summer to complete.",
        "\"We cannot let this happen again,\" the mayor told reporters outside the town hall.",
        "The council will vote on the contract at its next meeting, which is scheduled for the second week of May.",
        "\"It is the biggest project this council has taken on in a generation,\" the spokesman said.");

    [Fact]
    public void A_partial_copy_rests_on_three_sentences_and_forty_words_outside_quotation_marks()
    {
        const string host = "A host article about something else entirely, long enough to hold a pasted block.\nIts second paragraph says more about that other subject, in words of its own.";
        int made = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var copy = new CopyMaker(new Random(seed), ["alpha", "beta"]).PartialCopy(QuotingReport, host);
            if (copy is null)
                continue;
            made++;
            var lifted = QuotingReport.Split('\n').Where(copy.Contains).ToList();
            var ownWords = lifted.Where(s => !s.Contains('"', StringComparison.Ordinal)).ToList();
            Assert.True(ownWords.Count >= 3, $"seed {seed}: {ownWords.Count} sentences outside quotation marks");
            Assert.True(ownWords.Sum(s => s.Split(' ').Length) >= CopyMaker.MinimumBlockWords, $"seed {seed}");
        }
        Assert.True(made > 0, "a block that starts early enough holds all three of the report's own sentences");
    }
}
