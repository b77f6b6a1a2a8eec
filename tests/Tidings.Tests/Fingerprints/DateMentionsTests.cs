using System.Globalization;
using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class DateMentionsTests
{
    // A Wednesday.
    private static readonly DateOnly Published = new(2024, 3, 13);

    private static DateMention Only(string text)
    {
        var found = DateMentions.Find(text, Published);
        return Assert.Single(found);
    }

    [Theory]
    [InlineData("The mayor resigned on Monday.", "2024-03-11")]
    [InlineData("The council said on Wednesday it would reply.", "2024-03-13")]
    [InlineData("The mayor will travel to Oslo on Friday.", "2024-03-15")]
    [InlineData("The mayor is due to arrive on Monday.", "2024-03-18")]
    [InlineData("The strike ended last Thursday.", "2024-03-07")]
    [InlineData("The vote takes place next Tuesday.", "2024-03-19")]
    [InlineData("The bridge closed yesterday.", "2024-03-12")]
    [InlineData("Talks resume tomorrow.", "2024-03-14")]
    [InlineData("The ferry sank on the 9th (local time).", "2024-03-09")]
    [InlineData("The ferry will sail on the 20th.", "2024-03-20")]
    [InlineData("The fire broke out on the 28th.", "2024-02-28")]
    [InlineData("The dam was opened on 4 March.", "2024-03-04")]
    [InlineData("Elections were held on November 30.", "2023-11-30")]
    public void Resolves_relative_dates_against_the_publication_day(string text, string expected)
    {
        var mention = Only(text);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), mention.Day);
        Assert.True(mention.Relative);
        Assert.Equal(DatePrecision.Day, mention.Precision);
    }

    [Theory]
    [InlineData("Shares fell last week.", "2024-03-04", DatePrecision.Week)]
    [InlineData("Prices rose last month.", "2024-02-01", DatePrecision.Month)]
    [InlineData("The law passed last year.", "2023-01-01", DatePrecision.Year)]
    public void Vaguer_phrases_name_the_start_of_their_period(string text, string expected, DatePrecision precision)
    {
        var mention = Only(text);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), mention.Day);
        Assert.Equal(precision, mention.Precision);
    }

    [Fact]
    public void The_second_day_of_a_range_follows_the_first()
    {
        // Published on a Wednesday: "Monday" is this week's, and "Thursday" the one after it, not last week's.
        var found = DateMentions.Find("Running from Monday to Thursday, the summit covers trade.", Published);
        Assert.Equal([new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 14)], found.Select(f => f.Day));
    }

    [Fact]
    public void A_full_date_is_read_once_with_its_weekday_and_points_at_its_text()
    {
        const string text = "Filed Friday 8 March 2024 from Lisbon.";
        var mention = Only(text);
        Assert.Equal(new DateOnly(2024, 3, 8), mention.Day);
        Assert.False(mention.Relative);
        Assert.Equal("8 March 2024", text.Substring(mention.Index, mention.Length));
    }

    [Fact]
    public void Without_a_publication_day_only_full_dates_resolve()
    {
        var found = DateMentions.Find("On Monday, 4 March 2024, and again yesterday.", null);
        Assert.Equal([new DateOnly(2024, 3, 4)], found.Select(f => f.Day));
    }

    [Fact]
    public void The_event_day_is_the_first_nearby_day_in_the_lead()
    {
        const string text = "The minister will begin a four-day visit to Oslo on Monday, officials said. Her predecessor went there on 2 May 2019.";
        Assert.Equal(new DateOnly(2024, 3, 18), DateMentions.EventDay(text, Published));
        Assert.Equal(Published, DateMentions.EventDay("The minister spoke about 2 May 2019.", Published));
    }

    [Fact]
    public void A_follow_up_recalls_the_day_of_its_happening()
    {
        const string text = "Two men were arrested on Tuesday in connection with a shooting on January 20th outside a bar on Calder Street.";
        Assert.Equal((new DateOnly(2024, 3, 12), new DateOnly(2024, 1, 20)), DateMentions.LeadDays(text, Published));
        // A day within the event window is the event's own, not a recalled one; years ago is background.
        Assert.Equal((new DateOnly(2024, 3, 11), (DateOnly?)null), DateMentions.LeadDays("Police said on Monday that the shooting on March 5 was not random.", Published));
        Assert.Equal((Published, (DateOnly?)null), DateMentions.LeadDays("The bar first opened on 2 May 2019.", Published));
    }

    [Fact]
    public void The_recalled_day_may_come_after_the_lead_but_not_far_into_the_text()
    {
        string paragraph = string.Concat(Enumerable.Repeat("The suspect appeared in court and was held without bail, prosecutors said. ", 10));
        const string recall = "He is charged over the shooting on January 20th outside a bar.";
        Assert.Equal(new DateOnly(2024, 1, 20), DateMentions.LeadDays(paragraph + recall, Published).Recalled);
        Assert.Null(DateMentions.LeadDays(paragraph + paragraph + paragraph + recall, Published).Recalled);
        // The event day is still the lead's: a day of the week that far in is background.
        Assert.Equal(Published, DateMentions.LeadDays(paragraph + "It happened on Monday.", Published).EventDay);
    }

    [Fact]
    public void Weekdays_resolve_within_a_week_of_publication()
    {
        Gen.Select(Gen.Int[0, 20_000], Gen.Int[0, 6], Gen.Bool).Sample((offset, weekday, future) =>
        {
            var published = new DateOnly(2000, 1, 1).AddDays(offset);
            string name = ((DayOfWeek)weekday).ToString();
            string text = future ? $"The team will play on {name}." : $"The team played on {name}.";
            var day = Assert.Single(DateMentions.Find(text, published)).Day;
            Assert.Equal((DayOfWeek)weekday, day.DayOfWeek);
            int distance = day.DayNumber - published.DayNumber;
            Assert.InRange(distance, future ? 0 : -6, future ? 6 : 0);
        });
    }

    /// <summary>Skipping the patterns a text cannot match (no digit, no weekday, no relative-day cue) finds exactly what trying them all finds.</summary>
    [Fact]
    public void Skipping_impossible_patterns_changes_no_mention()
    {
        string[] pieces = ["3", "18", "31", "1987", "٣", "on the ", "rd", "th", "March", "Sept ", "Monday", "SUNDAY", "days", "day",
            "yesterday", "Today", "tonight", "this ", "last ", "next ", "past ", "coming ", "last wee", "k", "\u212A", "month", "YEAR",
            "morning", "evening", "to ", "will ", " ", ", ", ".", "and ", "-", "\n"];
        var published = new DateOnly(2023, 9, 20);
        Gen.Int[0, pieces.Length - 1].Array[0, 16].Select(picks => string.Concat(picks.Select(i => pieces[i]))).Sample(text =>
        {
            Assert.Equal(DateMentions.Find(text, published, monthFirst: false, skipImpossible: false), DateMentions.Find(text, published, monthFirst: false, skipImpossible: true));
            Assert.Equal(DateMentions.Find(text, null, monthFirst: false, skipImpossible: false), DateMentions.Find(text, null, monthFirst: false, skipImpossible: true));
        }, iter: 20_000);
    }
}
