using Tidings.Evaluation;
using Tidings.Pipeline;
using Tidings.Tests.Synthesis;

namespace Tidings.Tests.Evaluation;

public sealed class FactScoresTests
{
    private const string Wire = """
        Estonian Foreign Minister Arvo Tamm will begin a three-day visit to Lisbon on Monday, his ministry said on Saturday.
        The visit follows a meeting in Riga last month between Tamm and Sergey Volkov, the chairman of the Baltic Grid Council.
        Officials said the ministers would also sign an agreement on joint naval exercises in the Atlantic.
        """;

    private const string Independent = """
        Arvo Tamm, Estonia's foreign minister, arrives in Lisbon on Monday for a three-day visit, his ministry said.
        Before the trip, Tamm met Baltic Grid Council chairman Sergei Volkov in Riga last month, officials said.
        The Portuguese government hopes for a deal on cheaper electricity imports, a spokeswoman said.
        """;

    private static StoryResult Run() => new StoryPipeline().Analyse(
    [
        StorySynthesizerTests.Article("wire", Wire, "2024-03-02", "Estonian minister to visit Lisbon") with { Source = "balticwire.example" },
        StorySynthesizerTests.Article("daily", Independent, "2024-03-02", "Tamm heads to Lisbon") with { Source = "lisbondaily.example" },
    ]);

    [Fact]
    public void Unjudged_pairs_come_with_both_sentences_and_count_no_fact()
    {
        var scores = FactScores.Compute(Run(), []);
        Assert.True(scores.Corroborated >= 1);
        Assert.Equal(0, scores.Judged);
        var riga = Assert.Single(scores.Unjudged, p => p.FactText.Contains("Riga", StringComparison.Ordinal));
        Assert.Contains("Volkov in Riga", riga.WitnessText, StringComparison.Ordinal);
        Assert.Equal("wire", riga.Fact.Article);
        Assert.Equal("daily", riga.Witness.Article);
        Assert.Equal(0, scores.OutletCountedTwice);
    }

    [Fact]
    public void A_fact_is_one_statement_only_when_every_witness_is_judged_the_same()
    {
        var result = Run();
        var pairs = FactScores.Compute(result, []).Unjudged;
        var allSame = pairs.Select(p => new FactJudgement(p.Fact, p.Witness, true)).ToList();
        var scores = FactScores.Compute(result, allSame);
        Assert.Equal(scores.Corroborated, scores.Judged);
        Assert.Equal(1.0, scores.Precision);
        Assert.Empty(scores.Unjudged);

        // Judged either way round, a pair is the same judgement; one witness that states something else spoils its fact.
        var oneWrong = allSame.Select((j, i) => i == 0 ? new FactJudgement(j.Witness, j.Fact, false) : j).ToList();
        var spoiled = FactScores.Compute(result, oneWrong);
        Assert.Equal(scores.Judged, spoiled.Judged);
        Assert.Equal(scores.OneStatement - 1, spoiled.OneStatement);
        Assert.Empty(scores.Refuted);
        // The pair judged otherwise is the one to read, with both its sentences.
        var refuted = Assert.Single(spoiled.Refuted);
        Assert.Equal((pairs[0].Fact, pairs[0].Witness), (refuted.Fact, refuted.Witness));
        Assert.Equal(pairs[0].WitnessText, refuted.WitnessText);
    }

    [Fact]
    public void A_sentence_whose_length_changed_is_no_longer_judged()
    {
        var result = Run();
        var pairs = FactScores.Compute(result, []).Unjudged;
        var stale = pairs.Select(p => new FactJudgement(p.Fact with { Length = p.Fact.Length + 1 }, p.Witness, true)).ToList();
        Assert.Equal(0, FactScores.Compute(result, stale).Judged);
    }
}
