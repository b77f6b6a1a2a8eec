using CsCheck;
using Tidings.Extraction.Html;

namespace Tidings.Tests.Extraction.Html;

public sealed class ElementLabelsTests
{
    [Theory]
    [InlineData("share-bar")]
    [InlineData("site-footer")]
    [InlineData("comments-area")]
    [InlineData("related-articles")]
    [InlineData("widget widget_recent_entries")]
    [InlineData("breadcrumb")]
    [InlineData("home_tile_teaser3")]
    [InlineData("skip-link")]
    [InlineData("skiplinks")]
    [InlineData("skip-to-content")]
    [InlineData("skip")]
    [InlineData("mainmenu")]
    [InlineData("pager")]
    [InlineData("comments-pager")]
    [InlineData("follow-us")]
    [InlineData("follow")]
    public void Boilerplate_labels_are_recognised(string hints) => Assert.True(ElementLabels.Read(hints).IsBoilerplate);

    [Theory]
    [InlineData("post type-post tag-harbour category-news hentry")]
    [InlineData("field field--label-hidden field--name-body")]
    [InlineData("o-section o-section--has-ads")]
    [InlineData("penci-enable-lightbox content")]
    [InlineData("widget blog blog1")]
    [InlineData("commentary opinion")]
    [InlineData("teaser-text description")]
    [InlineData("skip-item")]
    [InlineData("contextmenu Body Body")]
    [InlineData("apageroot__sectionwrapper")]
    [InlineData("js_readmore presentation-box-txt")]
    [InlineData("follow-up__item")]
    public void Labels_that_describe_the_page_or_the_article_are_not_boilerplate(string hints) =>
        Assert.False(ElementLabels.Read(hints).IsBoilerplate);

    [Fact]
    public void A_content_word_does_not_make_a_related_list_the_article()
    {
        Assert.True(ElementLabels.Read("related_post").IsContent);
        Assert.True(ElementLabels.Read("related_post").IsRelated);
    }

    [Theory]
    [InlineData("cookie-consent", true)]
    [InlineData("modal-refund-policy", true)]
    [InlineData("dialog-off-canvas-main-canvas", false)]
    [InlineData("post-content use-lightbox", false)]
    public void Overlays_are_told_from_layout_wrappers(string hints, bool overlay) =>
        Assert.Equal(overlay, ElementLabels.Read(hints).IsOverlay);

    /// <summary>Labels are judged token by token: a label set names a kind when any of its tokens does, in any order.</summary>
    [Fact]
    public void A_label_set_names_what_its_tokens_name()
    {
        var token = Gen.OneOf<string>("comments", "sidebar", "article-body", "teaser", "teaser-text", "related-posts", "modal",
            "has-sidebar", "lead", "col-6", "entry-content", "widget_text", "nav");
        Gen.Select(token.Array[0, 5], token.Array[0, 5]).Sample((a, b) =>
        {
            var joined = ElementLabels.Read(string.Join(' ', a.Concat(b)));
            var apart = ElementLabels.Read(string.Join(' ', a)).Kinds | ElementLabels.Read(string.Join(' ', b)).Kinds;
            Assert.Equal(apart, joined.Kinds);
            Assert.Equal(joined, ElementLabels.Read(string.Join(' ', b.Concat(a))));
        });
    }

    /// <summary>Tokens read on earlier pages, on any thread, are what reading them again gives; the vocabulary stops growing at its bound.</summary>
    [Fact]
    public void The_shared_vocabulary_gives_what_reading_gives_and_stays_bounded()
    {
        var vocabulary = new LabelVocabulary(maxTokens: 100);
        var piece = Gen.OneOf<string>("comment", "ary", "share", "lead", "nav", "ad", "skip", "teaser", "text", "body", "post",
            "sidebar", "widget", "modal", "cookie", "related", "row", "col", "-", "_", "x", "7");
        var tokens = piece.Array[1, 4].Select(string.Concat).Array[300].Single();
        Parallel.ForEach(tokens, token => Assert.Equal(ElementLabels.KindsOf(token), vocabulary.KindsOf(token)));
        // Read again on one thread: threads racing for the last slots may leave one free, which this pass fills.
        foreach (var token in tokens)
            Assert.Equal(ElementLabels.KindsOf(token), vocabulary.KindsOf(token));
        Assert.InRange(vocabulary.Count, Math.Min(100, tokens.Distinct().Count()), 100);
        Assert.Equal(ElementLabels.Read(string.Join(' ', tokens)), ElementLabels.Read(string.Join(' ', tokens), [], vocabulary));
    }
}
