using System.Globalization;
using CsCheck;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class WrittenDatesTests
{
    [Theory]
    [InlineData("Donnerstag, 31. Mai 2012", "2012-05-31")]
    [InlineData("18 September 2023", "2023-09-18")]
    [InlineData("September 18th, 2023", "2023-09-18")]
    [InlineData("le 3 février 2020", "2020-02-03")]
    [InlineData("18 de septiembre de 2023", "2023-09-18")]
    [InlineData("am 25.08.2015 um 22:30", "2015-08-25")]
    [InlineData("2019/11/13", "2019-11-13")]
    [InlineData("Stand: 12.11.21", "2021-11-12")]
    [InlineData("15 августа 2016, 13:43", "2016-08-15")]
    [InlineData("3 грудня 2021", "2021-12-03")]
    [InlineData("الأربعاء، 07 أكتوبر 2020 12:19", "2020-10-07")]
    [InlineData("الجمعة 24 نيسان / أبريل 2020", "2020-04-24")]
    [InlineData("1 كانون الثاني 2021", "2021-01-01")]
    public void Reads_the_common_written_forms(string text, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), WrittenDates.First(text));
    }

    [Fact]
    public void Slashed_dates_are_day_first_unless_the_page_is_us_english()
    {
        Assert.Equal(new DateOnly(2020, 4, 3), WrittenDates.First("03/04/2020"));
        Assert.Equal(new DateOnly(2020, 3, 4), WrittenDates.First("03/04/2020", monthFirst: true));
        Assert.Equal(new DateOnly(2020, 12, 25), WrittenDates.First("12/25/2020", monthFirst: false));
    }

    [Theory]
    [InlineData("31.02.2020")]
    [InlineData("address 10.12.2020.1")]
    [InlineData("call 030 1234 2020")]
    public void Impossible_or_embedded_numbers_are_not_dates(string text)
    {
        Assert.Null(WrittenDates.First(text));
    }

    [Fact]
    public void Any_day_written_in_the_supported_forms_reads_back_as_itself()
    {
        var days = Gen.Int[new DateOnly(1995, 1, 1).DayNumber, new DateOnly(2030, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);
        string[] formats = ["d MMMM yyyy", "MMMM d, yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d. MMMM yyyy"];
        days.Select(Gen.Int[0, formats.Length - 1]).Sample((day, f) =>
        {
            string text = "Published " + day.ToString(formats[f], CultureInfo.InvariantCulture) + " in Veldmark";
            Assert.Equal(day, WrittenDates.First(text));
        });
    }

    [Fact]
    public void Month_led_dates_found_from_their_tails_are_the_patterns_own_matches()
    {
        string[] pieces =
        [
            "May", "may", "Sept", "Sept.", "września", "mars", "Xmay", "5may", "_may", "ma\u0308rz", "de", "of", "a",
            " ", "  ", "\n", "\u00A0", ".", ",", "-", "5", "12", "31st", "2nd", "2023", "1999", "20231", "9",
        ];
        var texts = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[1, 14].Select(parts => string.Concat(parts));
        texts.Sample(text =>
        {
            Assert.Equal(Spans(WrittenDates.MonthDayYear().Matches(text)), Spans(WrittenDates.MonthLed(text, WrittenDates.MonthDayYear(), WrittenDates.MonthDayYearTail(), wordBoundary: false)));
            Assert.Equal(Spans(DatePatterns.MonthYear().Matches(text)), Spans(WrittenDates.MonthLed(text, DatePatterns.MonthYear(), DatePatterns.MonthYearTail(), wordBoundary: true)));
        }, iter: 20_000);
    }

    private static List<(int, int)> Spans(IEnumerable<System.Text.RegularExpressions.Match> matches) => [.. matches.Select(m => (m.Index, m.Length))];

    /// <summary>The patterns read digits of any script; a date written partly in Arabic-Indic digits is read, not a crash.</summary>
    [Fact]
    public void Digits_of_another_script_are_read_as_numbers()
    {
        Assert.Equal(new DateOnly(2023, 9, 18), WrittenDates.First("18 September 20٢٣"));
        Assert.Equal(new DateOnly(2023, 9, 3), WrittenDates.First("Sept ٣, 2023"));
    }

    /// <summary>Skipping the patterns a text cannot match (no digit, no year of four) finds exactly what trying them all finds.</summary>
    [Fact]
    public void Skipping_impossible_patterns_changes_no_date()
    {
        string[] pieces = ["18", "3", "31", "1987", "2023", "19", "20", "05", "١٩٨٧", "٣", " ", " ", ".", "/", "-", ",", "th", "de ",
            "March", "mar.", "Sept", "września", "Mai", "dlrs", "vs", "Shr", "on ", "\n"];
        Gen.Int[0, pieces.Length - 1].Array[0, 24].Select(picks => string.Concat(picks.Select(i => pieces[i]))).Sample(text =>
        {
            foreach (bool monthFirst in new[] { false, true })
                Assert.Equal(WrittenDates.Spans(text, monthFirst, skipImpossible: false), WrittenDates.Spans(text, monthFirst, skipImpossible: true));
        }, iter: 20_000);
    }
}
