using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class TextTokenizerTests
{
    [Fact]
    public void Words_are_lower_case_with_straight_apostrophes_and_no_possessive()
    {
        Assert.Equal(["the", "minister", "visit", "to", "o'brien", "port", "well-known", "2023"],
            TextTokenizer.Words("The Minister’s visit to O’Brien's port: well-known, 2023."));
    }

    [Fact]
    public void A_word_longer_than_any_buffer_is_kept_whole()
    {
        string word = new('Ä', 500);
        Assert.Equal([new string('ä', 500)], TextTokenizer.Words(word));
    }

    [Fact]
    public void Numbers_are_not_content_words_but_words_with_digits_are()
    {
        Assert.False(TextTokenizer.IsContentWord("2023"));
        Assert.True(TextTokenizer.IsContentWord("g20"));
        Assert.False(TextTokenizer.IsContentWord("a"));
    }

    /// <summary>
    /// The tokenizer makes each word without a match object or intermediate strings; it must give exactly what
    /// matching, lower-casing, replacing and trimming step by step gives, for any text.
    /// </summary>
    [Fact]
    public void Words_equal_the_step_by_step_definition_for_any_text()
    {
        var chars = Gen.Frequency(
            (6, Gen.Char['a', 'z']),
            (2, Gen.OneOf('A', 'Z', 'É', 'Ä', 'İ', 'Σ', 'ß', 'ǅ', '1', '9', '٣')),
            (3, Gen.OneOf(' ', '\'', '’', '-', 's', 'S', '.', ',', '\n', 'ﬁ', '①', '\u0301')));
        chars.Array[0, 80].Select(a => new string(a)).Sample(text =>
            Assert.Equal(StepByStep(text), TextTokenizer.Words(text)));
    }

    private static List<string> StepByStep(string text)
    {
        var words = new List<string>();
        foreach (Match m in Regex.Matches(text.Normalize(NormalizationForm.FormKC), @"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant))
        {
            string w = m.Value.ToLowerInvariant().Replace('’', '\'');
            if (w.EndsWith("'s", StringComparison.Ordinal) && w.Length > 2)
                w = w[..^2];
            words.Add(w);
        }
        return words;
    }
}
