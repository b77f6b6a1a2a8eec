using CsCheck;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Pipeline;

namespace Tidings.Tests.Pipeline;

/// <summary>
/// Every stage after extraction is total: whatever text an extractor lets through (punctuation only, emoji, U+FFFD,
/// lone surrogates, one word, a digest quoting hundreds of others), fingerprints, copies, events and synthesis give a
/// result and never throw, since one exception there loses the whole batch.
/// </summary>
public sealed class StoryPipelineTotalityTests
{
    /// <summary>Characters that have broken text code before: no letters at all, marks, surrogate halves, controls.</summary>
    private static readonly Gen<char> HostileChar = Gen.OneOf(
        Gen.Char,
        Pick('—', '–', '…', '\uFFFD', '\uD83D', '\uDE00', '\u0301', '\u200B', '\u202E', '\0', '\u001B', '\n', ' ', '.', '!', '?', '"', '«', '»'),
        Gen.Char['a', 'z'],
        Gen.Char['0', '9']);

    /// <summary>
    /// Pieces of dates, times and quantities, with digits of other scripts that <c>\d</c> matches but number parsers
    /// reject ("3 Sept 203٣", "٣ days before" once crashed the date finder and synthesis).
    /// </summary>
    private static readonly Gen<string> DatedText = Pick("18", "3", "1987", "2023", "20", "19", "٣", "٢٠٢٣", "١٨", "۱۲", "०९",
            " ", " ", ". ", "/", "-", ":", ", ", "Sept ", "March ", "de ", "th ", " days before ", " hours after ", " people ",
            "Monday to Friday", " at 10:30 ", "GMT", "Mr ", "Wang ", "Minister ", "said", ".\n")
        .Array[0, 40].Select(string.Concat);

    private static readonly Gen<string> HostileText = Gen.OneOf(
        Gen.String[HostileChar, 0, 400],
        DatedText,
        Pick("— — —", "🙂🙂🙂", "\uFFFD\uFFFD\uFFFD", "...", "word", "A. B. C.", "1 2 3 4 5 6 7 8 9 10"));

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<DateOnly?> Day = Gen.OneOf(
        Gen.Const((DateOnly?)null),
        Gen.Int[0, 4000].Select(d => (DateOnly?)new DateOnly(2015, 1, 1).AddDays(d)));

    internal static Article Article(string id, string text, string? title = null, DateOnly? day = null) => new()
    {
        Id = id,
        Origin = new SourceLocation(id),
        Title = title,
        Published = day is { } d ? new PublicationDate(d) : null,
        Paragraphs = text.Split("\n\n"),
        Boilerplate = [],
    };

    [Fact]
    public void Analysis_of_any_texts_never_throws()
    {
        Gen.Select(HostileText, HostileText, Day).Array[1, 8]
            .Sample(items =>
            {
                var articles = items.Select((x, i) => Article($"a{i}", x.Item1, x.Item2, x.Item3)).ToList();
                var result = new StoryPipeline().Analyse(articles);
                Assert.Equal(articles.Count, result.Stories.Sum(s => s.Articles.Count));
            }, iter: 150);
    }

    /// <summary>Sentences from a small pool, so that many articles share many sentences, as digests and live blogs do.</summary>
    private static readonly string[] SentencePool = Enumerable.Range(0, 40)
        .Select(i => $"Harbour report {i} says crews from dock {i % 7} moved {i * 3} containers past the northern breakwater today.")
        .ToArray();

    private static readonly Gen<string> Quoting = Gen.Int[0, SentencePool.Length - 1].Array[1, 30]
        .Select(picks => string.Join("\n\n", picks.Select(p => SentencePool[p])));

    [Fact]
    public void Articles_sharing_many_sentences_never_break_the_copy_detector_and_an_unrelated_article_changes_no_relation()
    {
        Gen.Select(Quoting.Array[2, 25], Gen.Int[0, 25]).Sample((texts, at) =>
        {
            var articles = texts.Select((t, i) => Article($"q{i}", t)).ToList();
            var before = Relations(articles);
            var unrelated = Article("unrelated", "Orchard growers in the valley expect a late cherry harvest after a cold spring, the cooperative said on its website.");
            articles.Insert(Math.Min(at, articles.Count), unrelated);
            var after = Relations(articles);
            Assert.Equal(before, after);
        }, iter: 60);
    }

    private static List<string> Relations(IEnumerable<Article> articles) => CopyGraph.Of(articles).Relations
        .Select(r => $"{r.A}|{r.B}|{r.Kind}|{r.Original}|{r.Score:0.000}")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The shape that once indexed past the candidate table: one article sharing sentences with more earlier articles than
    /// the table first holds (512), which made it grow while a reference into the old array was being taken.
    /// </summary>
    [Fact]
    public void A_digest_quoting_hundreds_of_earlier_articles_is_a_partial_copy_of_them()
    {
        var random = new Random(11);
        string Word() => new(Enumerable.Range(0, random.Next(3, 9)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
        string Sentence() => char.ToUpperInvariant('x') + string.Join(' ', Enumerable.Range(0, 12).Select(_ => Word())) + ".";
        string Paragraph() => string.Join(' ', Enumerable.Range(0, 4).Select(_ => Sentence()));
        var paragraphs = Enumerable.Range(0, 700).Select(_ => Paragraph()).ToList();
        var articles = paragraphs.Select((p, i) => Article($"p{i:000}", p)).ToList();
        articles.Add(Article("digest", string.Join("\n\n", paragraphs)));
        var graph = CopyGraph.Of(articles);
        Assert.NotEmpty(graph.Relations);
        Assert.All(graph.Relations, r => Assert.Equal("digest", r.B));
    }
}
