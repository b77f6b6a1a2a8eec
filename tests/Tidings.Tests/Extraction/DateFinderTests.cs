using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class DateFinderTests
{
    [Theory]
    [InlineData("Monday 18 September 2023 09:16 EDT", "2023-09-18T09:16:00-04:00")]
    [InlineData("September 18, 2023", "2023-09-18")]
    [InlineData("Published 3 Feb. 2021", "2021-02-03")]
    public void Finds_datelines_and_keeps_the_day_as_written(string text, string expected) =>
        Assert.Equal(expected, DateFinder.FirstFullDate(text)!.Value.ToString());

    [Fact]
    public void Month_and_year_alone_are_not_a_date_but_bound_when_text_was_written()
    {
        const string text = "He was replaced in May 2024, officials said on Friday.";
        Assert.Null(DateFinder.FirstFullDate(text));
        Assert.Equal(new DateOnly(2024, 5, 1), DateFinder.LatestMentionedMonth(text));
    }

    [Fact]
    public void The_modal_verb_may_is_not_a_month() =>
        Assert.Null(DateFinder.LatestMentionedMonth("Prices may 2030 targets aside rise."));

    [Fact]
    public void Reads_the_day_from_a_url_path() =>
        Assert.Equal(new DateOnly(2023, 9, 18), DateFinder.FromUrl("https://example.org/2023/09/18/some-story-a82497"));

    [Theory]
    [InlineData("https://example.org/notices/29-10-2021", "2021-10-29")]
    [InlineData("https://example.org/notices/10.29.2021/", "2021-10-29")]
    [InlineData("https://example.org/notices/03-04-2021", null)]
    public void Reads_a_year_last_path_segment_only_when_the_day_is_unmistakable(string url, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateFinder.FromUrl(url));

    [Theory]
    [InlineData("2013-01-30T03:43:55", "2013-01-30T03:43:55")]
    [InlineData("2024-05-16T12:45:00+01:00", "2024-05-16T12:45:00+01:00")]
    [InlineData("2024-05-16", "2024-05-16")]
    public void Iso_dates_round_trip_with_their_precision(string iso, string expected)
    {
        Assert.True(PublicationDate.TryParseIso(iso, out var date));
        Assert.Equal(expected, date.ToString());
    }

    [Fact]
    public void Impossible_dates_are_refused() => Assert.False(PublicationDate.TryParseIso("2023-02-30", out _));
}
