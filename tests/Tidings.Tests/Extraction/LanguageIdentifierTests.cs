using CsCheck;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class LanguageIdentifierTests
{
    private readonly LanguageIdentifier _identifier = new();

    [Theory]
    [InlineData("en", "The minister said on Monday that the new terminal would open in the spring, and that the port has been waiting for it for years.")]
    [InlineData("de", "Der Minister sagte am Montag, dass das neue Terminal im Frühjahr eröffnet wird und der Hafen seit Jahren darauf wartet.")]
    [InlineData("nl", "De minister zei maandag dat de nieuwe terminal in het voorjaar opent en dat de haven er al jaren op wacht, maar niet iedereen is blij.")]
    [InlineData("fr", "Le ministre a déclaré lundi que le nouveau terminal ouvrira au printemps et que le port l'attend depuis des années, mais pas tous.")]
    [InlineData("es", "El ministro dijo el lunes que la nueva terminal abrirá en la primavera y que el puerto la espera desde hace años, pero no todos.")]
    [InlineData("da", "Ministeren sagde mandag, at den nye terminal åbner til foråret, og at havnen har ventet på den i årevis, men ikke alle er glade for det.")]
    [InlineData("sv", "Ministern sade på måndagen att den nya terminalen öppnar i vår och att hamnen har väntat på den i flera år, men inte alla är nöjda med det.")]
    [InlineData("ru", "Министр заявил в понедельник, что новый терминал откроется весной и что порт ждал его много лет, но не все этому рады.")]
    public void Identifies_the_language_of_news_prose(string expected, string text)
    {
        Assert.Equal(expected, _identifier.Identify(text));
    }

    /// <summary>Names in another language give its function words too; the text is still the reporter's language.</summary>
    [Theory]
    [InlineData("en", "The French government has set the offer price for shares of the Banque du Batiment et des Travaux Publics and of la Société des Eaux et du Gaz, the ministry said on Tuesday, and it expects the sale to be completed within the month.")]
    [InlineData("fr", "Le gouvernement a fixé le prix de l'offre pour the Bank of the West and the Trust for the Americas, et la vente des actions de la Société des Eaux suivra dans les mois qui viennent.")]
    public void Prose_quoting_names_in_another_language_keeps_its_own(string expected, string text) =>
        Assert.Equal(expected, _identifier.Identify(text));

    [Fact]
    public void Text_too_short_to_tell_keeps_the_declared_language()
    {
        Assert.Equal("pt", _identifier.Identify("OK 12", "pt-BR"));
        Assert.Null(_identifier.Identify("OK 12"));
    }

    [Fact]
    public void A_table_without_prose_has_no_language_but_the_declared_one()
    {
        const string table = "Oper shr profit 98 cts vs loss 12 cts Oper net profit 4,512,000 dlrs vs loss 556,000 dlrs Sales 87.3 mln "
            + "dlrs vs 79.8 mln dlrs Year oper shr profit 2.41 dlrs vs profit 1.87 dlrs Backlog 212.6 mln dlrs Nine mths "
            + "Shr 3.45 dlrs vs 3.02 dlrs Net 16.1 mln vs 14.2 mln Revs 331.9 mln vs 290.5 mln Avg shrs 4,650,000 vs 4,640,000 "
            + "Qtly div 22 cts vs 20 cts prior Pay April 15 Record March 31 Shr 1.20 dlrs vs 1.10 dlrs Revs 112.4 mln";
        Assert.Null(_identifier.Identify(table));
        Assert.Equal("en", _identifier.Identify(table, "en-US"));
    }

    [Theory]
    [InlineData("Shr 45 cts vs 58 cts Net 1.1 mln vs 829,000 Sales 7.9 mln vs 6.2 mln")]
    [InlineData("Qtly div 27.5 cts vs 27.5 cts prior Pay March 31 Record March 16")]
    [InlineData("MAY7 6270 UP 5 JUN7 UNTRD JUL7 6250 UP 15 SEP7 6300")]
    public void A_short_line_of_figures_has_no_language_but_the_declared_one(string line)
    {
        Assert.Null(_identifier.Identify(line));
        Assert.Equal("en", _identifier.Identify(line, "en"));
    }

    [Theory]
    [InlineData("en", "SHELL CUTS CRUDE PRICES BY ONE DLR AND SAYS THE CUT IS EFFECTIVE TODAY")]
    [InlineData("de", "Bahn streicht Züge nach dem Sturm, die Strecke bleibt gesperrt")]
    [InlineData("fr", "Grève des pilotes: les vols sont annulés")]
    public void A_short_text_whose_few_function_words_name_one_family_is_in_it(string expected, string text) =>
        Assert.Equal(expected, _identifier.Identify(text));

    /// <summary>
    /// "to" is English, Polish and Czech, and "in" English and Slovene: a word the leading family has too is no evidence
    /// for a rival, so these stay English rather than going to Lingua, which guessed French for the first.
    /// </summary>
    [Theory]
    [InlineData("SHELL CANADA CUTS CRUDE OIL PRICES BY UP TO")]
    [InlineData("LIVE HOG DELIVERY INTENTIONS FOR APRIL 7 UP TO JULY 28 TOTAL TO DATE NIL")]
    public void A_function_word_the_leading_family_shares_is_no_evidence_for_a_rival(string text) =>
        Assert.Equal("en", _identifier.Identify(text));

    /// <summary>
    /// "at", "in", "on" and "per" are English as much as Danish, Slovene, Finnish or Italian: listed for English too, they
    /// make these lines English by their function words. Lingua, left to guess among the major languages, called the first French.
    /// </summary>
    [Theory]
    [InlineData("****** PIPELINE FIRM RAISES GAS TARIFF UP TO TWO CTS, HOUSTON RATE AT 3.10 DLRS\nBlah blah blah.")]
    [InlineData("Hog prices advanced 2.00 dlrs at the opening, private sources said. Top seen at 52.00 dlrs per cwt.")]
    [InlineData("Sugar traded 10 points lower at the close in light volume.")]
    public void Prepositions_english_shares_with_other_families_count_for_english(string text) =>
        Assert.Equal("en", _identifier.Identify(text));

    /// <summary>A Polish text's "to" and "na" are Czech words too, yet Polish words Czech lacks keep it Polish.</summary>
    /// <summary>Among every language Lingua read the first as Finnish and the second as Tagalog.</summary>
    [Theory]
    [InlineData("Tennis star wins final – again")]
    [InlineData("Mayor’s budget plan wins vote")]
    public void Typographic_punctuation_does_not_make_a_headline_foreign(string headline) =>
        Assert.Equal("en", _identifier.Identify(headline));

    [Fact]
    public void Words_a_rival_shares_do_not_outweigh_the_leading_family() =>
        Assert.Equal("pl", _identifier.Identify("To nie jest tak, że rząd zrezygnował z planu; jak powiedział minister, decyzja zapadnie na posiedzeniu, które odbędzie się po wyborach."));

    [Theory]
    [InlineData("pl", "Wybory prezydenckie: wyniki głosowania w Łodzi i Krakowie")]
    [InlineData("en", "Police arrest man after Leeds warehouse fire")]
    public void A_headline_without_function_words_still_gets_its_language(string expected, string headline)
    {
        Assert.Equal(expected, _identifier.Identify(headline));
    }

    [Fact]
    public void Texts_that_start_alike_share_their_sample()
    {
        string start = new('a', 400);
        Assert.True(LanguageIdentifier.SameSample(start + " one ending", start + " another"));
        Assert.True(LanguageIdentifier.SameSample("short", "short"));
        Assert.False(LanguageIdentifier.SameSample("short", "short, then more"));
        Assert.False(LanguageIdentifier.SameSample("Banner. " + start, start));
    }

    /// <summary>The sample is read from the paragraphs without joining them all, and reads as their joined text does.</summary>
    [Fact]
    public void The_sample_of_paragraphs_is_identified_as_their_joined_text()
    {
        var paragraph = Gen.Frequency((8, Gen.Char['a', 'z']), (2, Gen.Const(' '))).Array[0, 300].Select(a => new string(a));
        paragraph.List[0, 6].Sample(paragraphs =>
        {
            string joined = string.Join("\n", paragraphs), sample = LanguageIdentifier.SampleOf(paragraphs);
            Assert.True(LanguageIdentifier.SameSample(joined, sample));
            Assert.Equal(joined.Length > 400, sample.Length > 400);
            Assert.StartsWith(sample, joined, StringComparison.Ordinal);
        });
    }
}
