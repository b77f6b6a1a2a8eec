using CsCheck;
using Tidings.Evaluation;

namespace Tidings.Tests.Evaluation;

public sealed class ExtractionScoresTests
{
    [Fact]
    public void Snippets_are_matched_after_collapsing_whitespace()
    {
        var tally = new SnippetTally();
        var (tp, fp, fn) = tally.Add("The quay\n\nreopened   on Monday.\nShare this", ["quay reopened on", "on Tuesday"], ["Share this", "Cookies"]);
        Assert.Equal((1, 1, 1), (tp, fp, fn));
        Assert.Equal(0.5, tally.Score.Precision);
        Assert.Equal(0.5, tally.Score.Recall);
    }

    [Fact]
    public void Soft_hyphens_in_the_gold_or_the_output_do_not_split_words()
    {
        var tally = new SnippetTally();
        Assert.Equal((1, 0, 0), tally.Add("St. Magdalener wines", ["St. Mag\u00ADda\u00ADle\u00ADner"], []));
        Assert.Equal(1, BagOfWords.Score("home assistance program", "Home Assis\u00ADtance Pro\u00ADgram").F1, 6);
    }

    [Fact]
    public void Word_bags_count_repeated_words_once_per_occurrence()
    {
        var score = BagOfWords.Score("the quay the quay the", "The quay reopened");
        Assert.Equal(2.0 / 5, score.Precision, 6);
        Assert.Equal(2.0 / 3, score.Recall, 6);
    }

    [Fact]
    public void Empty_output_against_empty_gold_is_perfect_and_against_text_is_zero()
    {
        Assert.Equal(1, BagOfWords.Score("", "").F1);
        Assert.Equal(0, BagOfWords.Score("", "quay").F1);
    }

    [Fact]
    public void Bag_of_words_precision_and_recall_stay_between_zero_and_one()
    {
        Gen.String.Select(Gen.String).Sample((a, b) =>
        {
            var score = BagOfWords.Score(a, b);
            Assert.InRange(score.Precision, 0, 1);
            Assert.InRange(score.Recall, 0, 1);
        });
    }

    [Fact]
    public void Exact_match_folds_case_and_whitespace_and_counts_wrong_and_missing_apart()
    {
        var tally = new ExactMatchTally();
        Assert.True(tally.Add("Quay  Reopens", "quay reopens"));
        Assert.False(tally.Add("Something else", "quay reopens"));
        Assert.False(tally.Add(null, "quay reopens"));
        Assert.Equal((1, 1, 1), (tally.Correct, tally.Wrong, tally.Missing));
        Assert.Equal(0.5, tally.Score.Precision);
        Assert.Equal(0.5, tally.Score.Recall);
    }
}
