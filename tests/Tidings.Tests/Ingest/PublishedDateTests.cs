using CsCheck;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

public sealed class PublishedDateTests
{
    [Theory]
    [InlineData("2019-11-19", "2019-11-19")]
    [InlineData(" 2019-11-19T10:00:00Z ", "2019-11-19T10:00:00Z")]
    [InlineData("2019-11-19T10:00:00.123+0100", "2019-11-19T10:00:00+01:00")]
    [InlineData("2019-11-19 10:00", "2019-11-19T10:00:00")]
    [InlineData("2019-11-19T23:30:00-05:00", "2019-11-19T23:30:00-05:00")]
    [InlineData("Tue, 19 Nov 2019 10:00:00 GMT", "2019-11-19T10:00:00Z")]
    [InlineData("Tue, 19 Nov 2019 10:00:00 +0100", "2019-11-19T10:00:00+01:00")]
    [InlineData("19 Nov 19 10:00 EST", "2019-11-19T10:00:00-05:00")]
    [InlineData("Tuesday, 19 November 2019", "2019-11-19")]
    [InlineData("19 November 2019", "2019-11-19")]
    [InlineData("19. November 2019", "2019-11-19")]
    [InlineData("November 19, 2019", "2019-11-19")]
    [InlineData("Nov 19 2019 3:05 PM", "2019-11-19T15:05:00")]
    [InlineData("2019/11/19", "2019-11-19")]
    [InlineData("2019.11.19 10:00:30", "2019-11-19T10:00:30")]
    [InlineData("19.11.2019", "2019-11-19")]
    [InlineData("19/11/2019", "2019-11-19")]
    [InlineData("11/19/2019", "2019-11-19")]
    [InlineData("1574157600", "2019-11-19T10:00:00Z")]
    [InlineData("1574157600.5", "2019-11-19T10:00:00Z")]
    [InlineData("1574157600000", "2019-11-19T10:00:00Z")]
    public void Feed_dates_become_iso_8601(string value, string iso)
    {
        Assert.Equal(iso, PublishedDate.Normalise(value, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("yesterday", "not a date in a form")]
    [InlineData("2019-02-30", "not a real calendar day")]
    [InlineData("05/06/2019", "cannot be told")]
    [InlineData("2019-11-19T25:00", "does not exist")]
    [InlineData("2019", "not a plausible Unix time")]
    [InlineData("99999999999999999", "not a plausible Unix time")]
    [InlineData("١٥٧٤١٦٤٨٠٠", "not a date in a form")]
    public void What_cannot_be_read_says_why(string value, string why)
    {
        Assert.Null(PublishedDate.Normalise(value, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_normalised_date_is_read_by_the_extraction_side()
    {
        foreach (var value in new[] { "Tue, 19 Nov 2019 10:00:00 GMT", "19 November 2019", "1574157600", "2019-11-19T10:00:00.5+01:30" })
        {
            string iso = PublishedDate.Normalise(value, out _)!;
            Assert.True(Tidings.Extraction.PublicationDate.TryParseIso(iso, out var date), iso);
            Assert.Equal(iso, date.ToString());
        }
    }

    /// <summary>
    /// Dates in the form feeds nearly always write, real or not ("2019-13-40T25:61:61Z"), with the fields in range or
    /// just past it: <see cref="DatePatterns.TryReadCanonicalIso"/> reads these without the patterns.
    /// </summary>
    private static readonly Gen<string> CanonicalShaped =
        Gen.Select(Gen.Int[1890, 2110], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 3], Gen.Int[0, 25], Gen.Int[0, 61], Gen.Int[0, 61])
            .Select((y, m, d, form, h, min, s) => $"{y:0000}-{m:00}-{d:00}" + form switch
            {
                0 => "",
                1 => $"T{h:00}:{min:00}:{s:00}",
                _ => $"T{h:00}:{min:00}:{s:00}Z",
            });

    [Fact]
    public void A_date_in_the_usual_form_reads_as_the_patterns_read_it_in_another_form_of_the_same_fields() =>
        CanonicalShaped.Sample(text =>
        {
            // A lower-case "t" (the feed reader's pattern ignores case) and a space (the extractor's accepts one) take
            // the patterns' way to the same fields; so does a month or day written with one digit.
            string other = text.Length > 10 ? text.Replace('T', 't') : text[5] == '0' ? text.Remove(5, 1) : text;
            Assert.Equal(PublishedDate.Normalise(other, out var otherProblem), PublishedDate.Normalise(text, out var problem));
            Assert.Equal(otherProblem, problem);
            string spaced = text.Length > 10 ? text.Replace('T', ' ') : other;
            Assert.Equal(PublicationDate.TryParseIso(spaced, out var expected), PublicationDate.TryParseIso(text, out var date));
            Assert.Equal(expected, date);
        }, iter: 5000);
}
