using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class WordSequenceTests
{
    [Fact]
    public void Words_are_compared_without_case_curly_apostrophes_or_a_possessive()
    {
        var a = WordSequence.Read("Putin’s VISIT to Moscow");
        var b = WordSequence.Read("putin visit to moscow");
        Assert.Equal(b.Words, a.Words);
        Assert.Equal(WordSequence.HashWord("Moscow"), a.Words[3]);
    }

    [Fact]
    public void Stopwords_and_numbers_carry_no_term_and_plurals_share_their_singular_stem()
    {
        var text = WordSequence.Read("The cities and the city in 2023 saw visits and a visit");
        ulong[] terms = text.Terms;
        Assert.Equal(0UL, terms[0]);
        Assert.Equal(0UL, terms[5]);
        Assert.Equal(0UL, terms[6]);
        Assert.Equal(terms[1], terms[4]);
        Assert.Equal(terms[8], terms[11]);
        Assert.NotEqual(0UL, terms[1]);
    }

    [Fact]
    public void Sentences_end_at_terminal_punctuation_and_line_breaks_but_not_after_abbreviations()
    {
        const string text = "Mr. Wang met Dr. Lee in the U.S. capital. They talked for hours!\nA new paragraph starts here";
        var read = WordSequence.Read(text);
        Assert.Equal(3, read.Sentences.Length);
        Assert.Equal("Mr. Wang met Dr. Lee in the U.S. capital.", Span(text, read.Sentences[0]));
        Assert.Equal("They talked for hours!", Span(text, read.Sentences[1]));
        Assert.Equal("A new paragraph starts here", Span(text, read.Sentences[2]));
    }

    [Fact]
    public void Content_words_are_counted_once_per_sentence()
    {
        var read = WordSequence.Read("Rain, rain and more rain fell on the valley.");
        Assert.Equal(3, read.Sentences[0].ContentWords);
    }

    [Fact]
    public void Same_words_ignores_punctuation_and_case_but_not_order()
    {
        var a = WordSequence.Read("The bridge closes on Monday.");
        var b = WordSequence.Read("the bridge closes, on monday");
        var c = WordSequence.Read("On Monday the bridge closes.");
        Assert.True(a.SameWords(0, b, 0));
        Assert.False(a.SameWords(0, c, 0));
    }

    [Fact]
    public void A_sentence_signature_depends_only_on_its_set_of_content_stems()
    {
        var a = WordSequence.Read("The harbour council closed the harbour ferries.");
        var b = WordSequence.Read("Ferries: a council closed a harbour!");
        var c = WordSequence.Read("The harbour council opened the ferries.");
        Assert.True(a.SentenceSignature(0).SequenceEqual(b.SentenceSignature(0)));
        Assert.False(a.SentenceSignature(0).SequenceEqual(c.SentenceSignature(0)));
        Assert.Equal(WordSequence.SentenceSignatureRows, a.SentenceSignature(0).Length);
    }

    [Fact]
    public void A_sentence_with_double_quotes_is_marked_as_quoted()
    {
        var read = WordSequence.Read("\"We will reopen the quay,\" the mayor said. Work starts in May.");
        Assert.True(read.Sentences[0].Quoted);
        Assert.False(read.Sentences[1].Quoted);
    }

    /// <summary>On plain ASCII prose the fast reader finds exactly the words the reference tokenizer finds.</summary>
    [Fact]
    public void Reads_the_same_words_as_the_reference_tokenizer()
    {
        var word = Gen.String[Gen.Char['a', 'z'], 1, 9];
        string[] separators = [" ", ", ", ". ", "\n", " - ", "'s ", "; "];
        var punctuation = Gen.Int[0, separators.Length - 1].Select(i => separators[i]);
        var gen = Gen.Select(word, punctuation).List[1, 60].Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2)));
        gen.Sample(text =>
        {
            var expected = TextTokenizer.Words(text).Select(WordSequence.HashWord);
            return WordSequence.Read(text).Words.SequenceEqual(expected);
        }, iter: 300);
    }

    /// <summary>
    /// A short ASCII word is hashed as a vector, any other word character by character: both must give the same hash
    /// and stem, wherever the word stands (at the end of a text only the character path can read it).
    /// </summary>
    [Fact]
    public void A_word_hashes_the_same_in_the_middle_and_at_the_end_of_a_text()
    {
        var letters = Gen.Int[0, 9].Select(i => "aBcdEsyié’'-"[i]);
        var word = Gen.Select(Gen.Char['a', 'z'], letters.Array[0, 22]).Select((first, rest) => first + new string(rest) + "s");
        word.Sample(w =>
        {
            var alone = WordSequence.Read(w);
            var inside = WordSequence.Read(w + " and then a long tail of words");
            return alone.WordCount >= 1 && alone.Words[0] == inside.Words[0] && alone.Terms[0] == inside.Terms[0];
        }, iter: 500);
    }

    [Fact]
    public void Plural_and_possessive_stems_agree_on_both_paths()
    {
        const string Tail = " stand here in a row today";
        foreach (var (plural, singular) in new[] { ("cities", "city"), ("visits", "visit"), ("Russia's", "Russia"), ("internationalisations", "internationalisation") })
        {
            ulong[] stems = [WordSequence.Read(plural).Terms[0], WordSequence.Read(plural + Tail).Terms[0], WordSequence.Read(singular).Terms[0], WordSequence.Read(singular + Tail).Terms[0]];
            Assert.All(stems, s => Assert.Equal(stems[0], s));
            Assert.NotEqual(0UL, stems[0]);
        }
    }

    [Fact]
    public void Every_stopword_carries_no_term_and_a_rare_word_does()
    {
        foreach (string stopword in Stopwords.English)
            Assert.Equal(0UL, WordSequence.Read(stopword + " harbour").Terms[0]);
        Assert.NotEqual(0UL, WordSequence.Read("harbour").Terms[0]);
    }

    [Fact]
    public void A_lower_cased_text_splits_before_lower_case_words_but_not_after_abbreviations_initials_or_decimals()
    {
        const string text = "mr. smith met u.s. officials in no. 5 downing street. he said the rate was 2.5 percent, e.g. this year! "
            + "j. r. r. tolkien was not there? the talks went on.";
        var read = WordSequence.Read(text);
        Assert.Equal(
            ["mr. smith met u.s. officials in no. 5 downing street.", "he said the rate was 2.5 percent, e.g. this year!", "j. r. r. tolkien was not there?", "the talks went on."],
            read.Sentences.Select(s => Span(text, s)));
    }

    [Fact]
    public void A_cased_text_still_splits_only_before_capitals_and_digits()
    {
        const string text = "\"Why?\" he asked. Mr. Smith met U.S. officials. They agreed.";
        var read = WordSequence.Read(text);
        Assert.Equal(["\"Why?\" he asked.", "Mr. Smith met U.S. officials.", "They agreed."], read.Sentences.Select(s => Span(text, s)));
    }

    [Fact]
    public void Lower_casing_a_text_keeps_its_sentences()
    {
        var sentences = Gen.Int[0, Prose.Length - 1].Select(i => Prose[i]).Array[1, 8];
        sentences.Sample(parts =>
        {
            string text = string.Join(" ", parts);
            string lower = text.ToLowerInvariant();
            Assert.Equal(
                WordSequence.Read(text).Sentences.Select(s => (s.Offset, s.Length)),
                WordSequence.Read(lower).Sentences.Select(s => (s.Offset, s.Length)));
            Assert.Equal(
                SentenceSplitter.Split(text).Select(s => (s.Offset, s.Text.Length)),
                SentenceSplitter.Split(lower).Select(s => (s.Offset, s.Text.Length)));
        });
    }

    private static readonly string[] Prose =
    [
        "Mr. Wang met Dr. Lee in the U.S. capital on Monday.",
        "The minister said the port would open in 2025, e.g. before the elections.",
        "J. R. R. Tolkien's house at No. 5 was sold for 2.5 million euros!",
        "Why did the council wait so long?",
        "Officials from the U.N. agency arrived at 9 a.m. and left at noon.",
        "Talks resumed in Geneva after a break of two weeks.",
    ];

    private static string Span(string text, SentenceRange range) => text.Substring(range.Offset, range.Length);

    private static ulong[] Figures(string text)
    {
        var read = WordSequence.Read(text);
        return [.. read.Sentences.SelectMany(s => read.FiguresOf(s).ToArray())];
    }

    [Fact]
    public void A_figure_is_read_whole_with_the_characters_joining_its_digits()
    {
        Assert.Single(Figures("It pays 4-5/8 pct."));
        Assert.Single(Figures("She paid $30,000 cash."));
        Assert.Equal(Figures("priced at 101-5/8"), Figures("101-5/8 it was"));
        Assert.NotEqual(Figures("priced at 101-5/8"), Figures("priced at 101-1/2"));
        Assert.Equal(3, Figures("Due April 6, 1992 at 5:50 today").Length);
    }

    [Fact]
    public void A_figure_drops_its_leading_zeros_and_the_word_it_is_joined_to()
    {
        Assert.Equal(Figures("APR 7"), Figures("APR 07"));
        Assert.Equal(Figures("a man, 19, was hurt"), Figures("a 19-year-old man was hurt"));
        Assert.NotEqual(Figures("page 19"), Figures("page 91"));
    }

    [Fact]
    public void A_figure_is_found_in_its_own_sentence()
    {
        var read = WordSequence.Read("Shares rose 12 pct on Monday. Nothing else moved. Bonds fell 3 pct and 4 pct.");
        Assert.Equal([1, 0, 2], read.Sentences.Select(s => read.FiguresOf(s).Length));
    }

    /// <summary>Whatever words surround it, a figure is one figure with one key.</summary>
    [Fact]
    public void A_figure_reads_the_same_among_any_words()
    {
        var digits = Gen.String[Gen.Char['0', '9'], 1, 5];
        var joiner = Gen.Int[0, 4].Select(i => "/,.:-"[i].ToString());
        var figure = Gen.Select(digits, Gen.Select(joiner, digits).List[0, 3])
            .Select((head, tail) => head + string.Concat(tail.Select(t => t.Item1 + t.Item2)));
        var word = Gen.String[Gen.Char['a', 'z'], 1, 8];
        Gen.Select(figure, word, word).Sample((f, before, after) =>
        {
            var alone = Figures(f);
            var among = Figures($"{before} {f} {after}");
            return alone.Length == 1 && among.SequenceEqual(alone);
        });
    }
}
