using CsCheck;
using Tidings.Storage;

namespace Tidings.Tests.Storage;

public sealed class StoryQueryTests
{
    [Fact]
    public void A_readers_words_are_words_whatever_query_syntax_they_hold()
    {
        Assert.Equal(["kim", "jong", "un"], new StoryQuery { Text = "Kim Jong-un" }.Words());
        Assert.Equal(["near", "or", "title", "x"], new StoryQuery { Text = "\"NEAR( OR title:x*" }.Words());
        Assert.Empty(new StoryQuery { Text = "  \"*()" }.Words());
        Assert.Empty(new StoryQuery().Words());
    }

    [Fact]
    public void Words_are_letters_and_digits_only_lower_case_distinct_and_at_most_eight()
    {
        Gen.String.Sample(text =>
        {
            var words = new StoryQuery { Text = text }.Words();
            Assert.True(words.Count <= 8);
            Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
            Assert.All(words, w => Assert.True(w.Length > 0 && w.All(c => char.IsLetterOrDigit(c) && !char.IsUpper(c)), w));
        });
    }

    [Theory]
    [InlineData(2_000, 2_500, 2_500, StoryActivity.State.New)]       // began among the latest articles
    [InlineData(10, 2_400, 2_500, StoryActivity.State.Growing)]      // began long ago, still joined
    [InlineData(10, 1_400, 2_500, StoryActivity.State.Fading)]       // nothing among the latest
    [InlineData(1, 3, 3, StoryActivity.State.New)]                   // a young store: everything is new
    public void A_storys_activity_is_read_from_when_its_articles_were_stored(long first, long last, long latest, StoryActivity.State expected) =>
        Assert.Equal(expected, StoryActivity.Of(first, last, latest));
}
