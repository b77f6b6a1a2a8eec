using Tidings.Extraction;

namespace Tidings.Fingerprints;

/// <summary>A sentence reduced to what alignment compares: its stemmed content words.</summary>
public sealed record SentenceTerms(Sentence Sentence, IReadOnlySet<string> Terms);

/// <summary>Everything later stages read about an article, computed once.</summary>
public sealed record Fingerprint
{
    public required Article Article { get; init; }
    public required int WordCount { get; init; }
    public required IReadOnlyDictionary<string, int> Terms { get; init; }
    public required IReadOnlySet<string> TitleTerms { get; init; }
    public required IReadOnlyList<SentenceTerms> Sentences { get; init; }
    public required IReadOnlyList<NamedEntity> Entities { get; init; }
    /// <summary>
    /// The latest month the text mentions: a lower bound on when it was written. Read only for an article without a
    /// publication date, the one case in which events place it by it: a feed's articles nearly all carry their date,
    /// and the written-date patterns cost every article and every replayed article their time.
    /// </summary>
    public DateOnly? WrittenNoEarlierThan { get; init; }

    /// <summary>The day of the happening the article reports, where it is published on a known day (see <see cref="DateMentions.EventDay"/>).</summary>
    public DateOnly? EventDay { get; init; }

    /// <summary>A day well before publication that the lead names: the happening a follow-up reports on (see <see cref="DateMentions.LeadDays"/>).</summary>
    public DateOnly? RecalledDay { get; init; }

    public string Id => Article.Id;
}

/// <summary>Computes <see cref="Fingerprint"/>s; pure, so it is tested without I/O.</summary>
public static class FingerprintBuilder
{
    public static Fingerprint Build(Article article)
    {
        string text = article.Text;
        var words = TextTokenizer.Words(text);
        var content = words.Where(TextTokenizer.IsContentWord).Select(TextTokenizer.Stem).ToList();
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in content)
            terms[t] = terms.GetValueOrDefault(t) + 1;

        var sentences = SentenceSplitter.Split(text);
        var sentenceTerms = sentences
            .Select(s => new SentenceTerms(s, TextTokenizer.ContentTerms(s.Text).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var entities = NameFinder.Find(sentences.Select(s => s.Text).Prepend(article.Title ?? string.Empty));
        var (eventDay, recalled) = article.Published is { } published ? DateMentions.LeadDays(text, published.Day) : (default(DateOnly?), default(DateOnly?));

        return new Fingerprint
        {
            Article = article,
            WordCount = words.Count,
            Terms = terms,
            TitleTerms = TextTokenizer.ContentTerms(article.Title ?? string.Empty).ToHashSet(StringComparer.Ordinal),
            Sentences = sentenceTerms,
            Entities = entities,
            WrittenNoEarlierThan = article.Published is null ? DateFinder.LatestMentionedMonth(text) : null,
            EventDay = eventDay,
            RecalledDay = recalled,
        };
    }
}
