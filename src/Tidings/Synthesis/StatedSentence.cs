using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Synthesis;

/// <summary>A sentence of one of a story's articles, with what synthesis compares: its stemmed content terms.</summary>
internal sealed record StatedSentence(string Article, string Origin, DateOnly? Published, Sentence Sentence, IReadOnlySet<string> Terms)
{
    public Evidence Evidence => new(Article, Sentence.Index, Sentence.Offset, Sentence.Text.Length);

    public string Text => Sentence.Text;

    /// <summary>The days the sentence names, written in full or resolved against publication; read by the timeline and the disagreements.</summary>
    public IReadOnlyList<DateMention> Days { get; } = DateMentions.Find(Sentence.Text, Published).Where(d => d.Precision == DatePrecision.Day).ToList();

    /// <summary>The independent origins among sentences: an article, its copies and its outlet's other articles count once.</summary>
    public static int Origins(IEnumerable<StatedSentence> sentences) => sentences.Select(s => s.Origin).Distinct().Count();

    /// <summary>The share of the shorter sentence's content terms that the other also holds.</summary>
    public double Overlap(StatedSentence other) =>
        Terms.Count == 0 || other.Terms.Count == 0 ? 0 : (double)Terms.Count(other.Terms.Contains) / Math.Min(Terms.Count, other.Terms.Count);

    /// <summary>
    /// The sentences of an article that can state a fact: prose of at least <see cref="MinWords"/> words that is not a
    /// question. Shorter lines are datelines, captions and credits.
    /// </summary>
    public static IEnumerable<StatedSentence> Of(ReadArticle read, string origin)
    {
        var article = read.Article;
        foreach (var sentence in read.Sentences)
        {
            var words = TextTokenizer.Words(sentence.Text);
            if (words.Count < MinWords || !sentence.Text.Any(char.IsLower) || IsQuestion(sentence.Text))
                continue;
            var terms = words.Where(TextTokenizer.IsContentWord).Select(TextTokenizer.Stem).ToHashSet(StringComparer.Ordinal);
            if (terms.Count >= MinTerms)
                yield return new StatedSentence(article.Id, origin, article.Published?.Day, sentence, terms);
        }
    }

    private const int MinWords = 6;

    /// <summary>A question asserts nothing ("What effect will this have on the offshore world?"), though it shares the story's words.</summary>
    private static bool IsQuestion(string text) => text.AsSpan().TrimEnd("\"”’')] ") is [.., '?'];

    private const int MinTerms = 3;
}
