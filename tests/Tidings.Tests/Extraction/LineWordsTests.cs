using System.Text.RegularExpressions;
using CsCheck;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

/// <summary>
/// The hand-written word scanner must read exactly the words of the regular expression it replaced, so that lines are
/// counted, compared and judged as before, on any text.
/// </summary>
public sealed partial class LineWordsTests
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();

    /// <summary>Characters where the pattern's edge cases live: joiners, letters of other scripts, digits of other systems, surrogates.</summary>
    private static readonly Gen<char> Tricky = Gen.OneOf(
        Gen.Char["aZ9'’- .,\"“”#\n\tÉßİıſ٣Ⅻ²ª\u0301\u00A0\uD83D\uDE00\u4E2D"],
        Gen.Char);

    private static readonly Gen<string> Text = Gen.OneOf(Gen.String, Gen.String[Tricky, 0, 200]);

    [Fact]
    public void Count_and_normal_form_match_the_regular_expression() =>
        Text.Sample(text =>
        {
            Assert.Equal(WordPattern().Count(text), LineWords.Count(text));
            var expected = string.Join(' ', WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value));
            Assert.Equal(expected, LineWords.Normalise(text));
        }, iter: 5000);

    [Fact]
    public void Texts_normalise_to_their_joined_normal_form_and_not_to_another() =>
        Gen.Select(Text.Array[0, 4], Text).Sample((texts, other) =>
        {
            string normal = LineWords.Normalise(string.Join(" ", texts));
            Assert.True(LineWords.NormaliseTo(texts, normal));
            Assert.Equal(normal == LineWords.Normalise(other), LineWords.NormaliseTo([other], normal));
        }, iter: 3000);

    /// <summary>ASCII text dense in the cases block edges meet: joiners beside letters, runs longer than 64 characters.</summary>
    private static readonly Gen<string> AsciiText = Gen.OneOf(
        Gen.String[Gen.Char["aZ9'- .,\"#yYwWoOuU"], 0, 300],
        Gen.String[Gen.Char['\0', '\x7F'], 0, 300],
        Gen.String[Gen.Char["ab-'"], 60, 200]);

    [Fact]
    public void Ascii_word_starts_are_where_the_scanner_finds_words() =>
        AsciiText.Sample(text =>
        {
            var expected = new List<int>();
            int position = 0, capitals = 0;
            while (LineWords.Next(text, ref position, out int start, out _))
            {
                expected.Add(start);
                if (char.IsUpper(text[start]))
                    capitals++;
            }
            var starts = new ulong[LineWords.StartWords(text.Length)];
            int words = LineWords.AsciiWordStarts(text, starts, out int capitalised);
            var found = Enumerable.Range(0, text.Length).Where(i => (starts[i >> 6] >> (i & 63) & 1) != 0).ToList();
            Assert.Equal(expected, found);
            Assert.Equal(expected.Count, words);
            Assert.Equal(capitals, capitalised);
            Assert.Equal(expected.Count, LineWords.Count(text));
        }, iter: 5000);

    [Fact]
    public void A_line_has_the_same_features_whether_its_words_are_found_by_vector_or_one_by_one() =>
        Gen.OneOf(AsciiText, Gen.Const("We ask you: support our work, or your-site won't we'll \"you\" US").Select(t => t + t + t)).Sample(text =>
            Assert.Equal(LineFeatures.Of(text, false, 0, vectorised: false), LineFeatures.Of(text, false, 0, vectorised: true)), iter: 3000);

    [Theory]
    [InlineData("Don't stop—well-known 'quotes' -x y-", "don't stop well-known quotes x y")]
    [InlineData("  ...  ", "")]
    [InlineData("Ünïcode ДЕНЬ 42", "ünïcode день 42")]
    public void Normal_form_keeps_words_joined_inside_and_drops_everything_else(string line, string normal) =>
        Assert.Equal(normal, LineWords.Normalise(line));
}
