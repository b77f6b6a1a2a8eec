using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void A_cased_text_splits_before_capitals_and_digits_only()
    {
        var sentences = SentenceSplitter.Split("\"Why?\" he asked. Mr. Smith met U.S. officials. 5 of them agreed.");
        Assert.Equal(["\"Why?\" he asked.", "Mr. Smith met U.S. officials.", "5 of them agreed."], sentences.Select(s => s.Text));
    }

    [Fact]
    public void A_lower_cased_text_splits_before_any_word_but_not_after_abbreviations_initials_or_decimals()
    {
        const string text = "mr. smith met u.s. officials at no. 5 downing street. he said the rate was 2.5 percent, e.g. this year! "
            + "j. r. r. tolkien was not there? the talks went on.";
        var sentences = SentenceSplitter.Split(text);
        Assert.Equal(
            ["mr. smith met u.s. officials at no. 5 downing street.", "he said the rate was 2.5 percent, e.g. this year!", "j. r. r. tolkien was not there?", "the talks went on."],
            sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Text.Length)));
    }

    [Theory]
    [InlineData("the council met on monday and the mayor spoke.", true)]
    [InlineData("the nato summit opened in vilnius. the leaders met on tuesday and talked for hours about the war in ukraine and what comes next for the alliance.", true)]
    [InlineData("The council met on Monday.", false)]
    [InlineData("Совет собрался в понедельник.", false)]
    public void A_text_without_capitals_is_lower_cased(string text, bool expected)
    {
        Assert.Equal(expected, SentenceSplitter.IsLowerCased(text));
    }

    [Fact]
    public void A_text_is_lower_cased_alike_whether_its_capitals_are_counted_by_vector_or_one_by_one() =>
        Gen.OneOf(
                // Lower-case text with capitals around the allowance (one per 200 characters), and blocks beyond ASCII.
                Gen.String[Gen.Frequency((60, Gen.Char['a', 'z']), (10, Gen.Const(' ')), (1, Gen.Char['A', 'Z']), (1, Gen.Char["ÉéДд中"])), 0, 2000],
                Gen.String)
            .Sample(text => Assert.Equal(SentenceSplitter.IsLowerCased(text, vectorised: false), SentenceSplitter.IsLowerCased(text, vectorised: true)), iter: 5000);
}
