using CsCheck;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class PlainTextCleanerTests
{
    private const string Scraped = """
        Get breaking news alerts from The Harbour Gazette

        Dockworkers end strike after pay deal at Port Caldera

        Union leaders say the agreement gives members a nine percent rise over two years

        Petra Halvorsen
        Friday 7 March 2025 16:20 GMT
        Comments
        Workers leave the port gates on Friday (Gazette Photo/AFP via Getty Images)

        Your support keeps our reporters on the quay

        We are a small independent newsroom and we rely on readers like you to fund our reporting.

        Dockworkers at Port Caldera returned to work on Friday after their union accepted a pay offer that ends a three-week strike.

        The deal gives about 2,400 workers a nine percent rise over two years, the Caldera Dockers' Union said.

        Shipping lines had diverted more than forty vessels to other ports during the dispute, according to the port authority.
        Save 40% on summer cruises today
        Book now
        The port authority's director, Ines Moreau, said the backlog of containers would be cleared within ten days.

        #strike #ports #Caldera

        Sign up for our free morning newsletter

        Leave a Reply
        """;

    [Fact]
    public void Keeps_every_reporting_sentence_and_finds_the_metadata()
    {
        var cleaned = PlainTextCleaner.Clean(Scraped);
        Assert.Equal("Dockworkers end strike after pay deal at Port Caldera", cleaned.Title);
        Assert.Equal("Petra Halvorsen", cleaned.Byline);
        Assert.Equal(new DateOnly(2025, 3, 7), cleaned.Dateline?.Day);
        Assert.Contains("The Harbour Gazette", cleaned.SelfNames);
        string body = string.Join("\n", cleaned.Paragraphs);
        foreach (var sentence in new[]
                 {
                     "Dockworkers at Port Caldera returned to work on Friday",
                     "The deal gives about 2,400 workers a nine percent rise",
                     "Shipping lines had diverted more than forty vessels",
                     "the backlog of containers would be cleared within ten days",
                     "Union leaders say the agreement gives members",
                 })
            Assert.Contains(sentence, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Get breaking news alerts")]
    [InlineData("Your support keeps our reporters")]
    [InlineData("we rely on readers like you")]
    [InlineData("Save 40% on summer cruises")]
    [InlineData("Book now")]
    [InlineData("#strike")]
    [InlineData("Sign up for our free morning newsletter")]
    [InlineData("Leave a Reply")]
    [InlineData("Getty Images")]
    [InlineData("Comments")]
    public void Removes_boilerplate_and_says_why(string fragment)
    {
        var cleaned = PlainTextCleaner.Clean(Scraped);
        Assert.DoesNotContain(cleaned.Paragraphs, p => p.Contains(fragment, StringComparison.Ordinal));
        var removed = Assert.Single(cleaned.Removed, r => r.Text.Contains(fragment, StringComparison.Ordinal) && !r.Text.Contains("Sign up", StringComparison.Ordinal) || r.Text.StartsWith(fragment, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(removed.Reason));
    }

    [Fact]
    public void Rejoins_a_sentence_broken_across_lines()
    {
        var cleaned = PlainTextCleaner.Clean("Title of the piece here now\n\nThe two ministers praised their \"strategic\n\npartnership and close cooperation.\" Officials said more talks would follow.");
        Assert.Contains(cleaned.Paragraphs, p => p.Contains("\"strategic partnership and close cooperation.\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_that_addresses_the_reader_is_not_an_appeal()
    {
        string review = "Console update brings new library\n\nThe update divides your library into two parts: one shows everything you bought, the other only what is installed, and if your subscription has lapsed you will see a lock icon on the games it covered until you re-subscribe, the company said in a statement on Tuesday.";
        var cleaned = PlainTextCleaner.Clean(review);
        Assert.Single(cleaned.Paragraphs);
    }

    [Fact]
    public void An_advertisement_marker_inside_a_first_person_article_takes_nothing_else_with_it()
    {
        const string post = """
            Five lessons from a first winter on the allotment
            I planted the garlic far too late last year, and the cold snap in November showed exactly why timing matters.
            The plot next to mine had been planted in early October, and its bulbs were already rooted when the frost came.
            1. Plant before the ground freezes
            The first of October is now marked in our calendar as the deadline for every clove worth harvesting.
            Advertisement
            The second lesson was about drainage, learned when half of our onion bed sat under water for a week.
            """;
        var cleaned = PlainTextCleaner.Clean(post);
        string body = string.Join("\n", cleaned.Paragraphs);
        Assert.DoesNotContain("Advertisement", body, StringComparison.Ordinal);
        Assert.Contains("I planted the garlic far too late", body, StringComparison.Ordinal);
        Assert.Contains("The first of October is now marked in our calendar", body, StringComparison.Ordinal);
        Assert.Contains("The second lesson was about drainage", body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_appeal_spreads_a_few_lines_not_through_a_whole_first_person_article()
    {
        var paragraphs = Enumerable.Range(1, 6).Select(i =>
            $"Paragraph {i} of our field notes describes the tide pools we counted along the northern shore that week.").ToList();
        string page = "Tide pool notes from the northern shore\nFollow us on social media for breaking news and updates.\n" + string.Join("\n", paragraphs);
        string body = string.Join("\n", PlainTextCleaner.Clean(page).Paragraphs);
        Assert.Contains(paragraphs[^1], body, StringComparison.Ordinal);
        Assert.Contains(paragraphs[^2], body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_article_left_on_one_line_is_kept_although_it_speaks_as_the_site_and_mentions_a_free_trial()
    {
        // A scraper that turned every block break into spaces leaves the whole article on one line; a sentence of it in
        // the site's voice with appeal vocabulary ("we recommend", "free trial") must not take the article with it.
        string sentences = string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"Ledger tools for freelancers differ in pricing model number {i}, and the choice depends on how invoices are sent.  "));
        string page = "Choosing ledger software for freelancers\n\n" + sentences
            + "We recommend that you take the one-month free trial of each before you pay for a year.  " + sentences;
        var cleaned = PlainTextCleaner.Clean(page);
        Assert.Contains("free trial", string.Join("\n", cleaned.Paragraphs), StringComparison.Ordinal);
        Assert.Contains("pricing model number 30", string.Join("\n", cleaned.Paragraphs), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_a_publisher_repeats_across_different_articles_are_removed()
    {
        var recurring = new HashSet<string> { PlainTextCleaner.Normalise("The Gazette has covered Caldera since 1881.") };
        var cleaned = PlainTextCleaner.Clean("A headline about the port today\n\nThe port reopened on Monday after repairs to the main crane were finished.\n\nThe Gazette has covered Caldera since 1881.", recurringLines: recurring);
        Assert.Contains(cleaned.Removed, r => r.Reason.Contains("recurs", StringComparison.Ordinal));
    }

    private static readonly string[] Vocabulary =
    [
        "council", "harbour", "minister", "river", "bridge", "workers", "police", "court", "village", "company",
        "announced", "reported", "opened", "closed", "agreed", "rejected", "inspected", "repaired", "the", "a",
        "on", "after", "before", "during", "with", "from", "Monday", "Tuesday", "officials", "residents",
    ];

    private static readonly Gen<string> BodySentence =
        Gen.Int[8, 24].SelectMany(n => Gen.Int[0, Vocabulary.Length - 1].Array[n])
            .Select(ix => { var w = ix.Select(i => Vocabulary[i]).ToArray(); w[0] = char.ToUpperInvariant(w[0][0]) + w[0][1..]; return string.Join(' ', w) + "."; });

    private static readonly string[] PastedBoilerplate =
    [
        "Sign up for our newsletter", "Save 30% on premium today", "Book now", "Comments", "#news #today #local",
        "Your support matters to us", "Leave a Reply", "Share this article",
    ];

    /// <summary>
    /// The same article printed twice, once bare and once with boilerplate pasted around and inside it:
    /// a line kept as body in one copy is kept in the other.
    /// </summary>
    [Fact]
    public void Cleaning_never_removes_a_line_that_another_copy_keeps_as_body()
    {
        var gen = BodySentence.Array[3, 10].SelectMany(body =>
            Gen.Int[0, PastedBoilerplate.Length - 1].Array[1, 4].SelectMany(junk =>
                Gen.Int[0, body.Length].Select(insertAt => (body, junk, insertAt))));
        gen.Sample(t =>
        {
            var (body, junk, insertAt) = t;
            string plain = "A headline for the generated report\n\n" + string.Join("\n\n", body);
            var padded = new List<string>(body);
            padded.InsertRange(insertAt, junk.Select(j => PastedBoilerplate[j]));
            string copy = "Daily Example banner\n\nA headline for the generated report\n\n" + string.Join("\n\n", padded);
            var keptPlain = PlainTextCleaner.Clean(plain).Paragraphs.ToHashSet();
            var keptCopy = PlainTextCleaner.Clean(copy).Paragraphs.ToHashSet();
            return body.All(line => keptPlain.Contains(line) == keptCopy.Contains(line));
        }, iter: 300);
    }
}
