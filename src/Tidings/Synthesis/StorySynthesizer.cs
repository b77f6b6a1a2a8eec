using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Synthesis;

/// <summary>
/// What a story's articles say together: its entities, its facts with their independent origins, where independent
/// sources disagree, a dated timeline and a short summary. Everything is drawn from the articles' own sentences and
/// points back to them; pure, so it is tested without I/O.
/// </summary>
public static class StorySynthesizer
{
    /// <param name="articles">The story's articles, in story order.</param>
    /// <param name="copies">Who copied whom: an article and its copies are one origin, as are an outlet's articles.</param>
    /// <param name="meaning">When given, a fact's sentences must also mean the same (see <see cref="ISentenceMeaning"/>).</param>
    public static StoryKnowledge Synthesize(IReadOnlyList<Article> articles, CopyGraph copies, ISentenceMeaning? meaning = null) =>
        Synthesize(articles, copies, ParallelArticles, meaning);

    /// <inheritdoc cref="Synthesize(IReadOnlyList{Article}, CopyGraph, ISentenceMeaning?)"/>
    /// <param name="articles">The story's articles, in story order.</param>
    /// <param name="copies">Who copied whom: an article and its copies are one origin, as are an outlet's articles.</param>
    /// <param name="parallelFrom">Articles from which the story's synthesis uses more than one core.</param>
    /// <param name="meaning">When given, a fact's sentences must also mean the same.</param>
    internal static StoryKnowledge Synthesize(IReadOnlyList<Article> articles, CopyGraph copies, int parallelFrom, ISentenceMeaning? meaning = null)
    {
        var newsrooms = Newsrooms.Of(articles, copies);
        // Each article's text is joined and split into sentences once, for its facts and its names alike.
        var read = new ReadArticle[articles.Count];
        if (articles.Count < parallelFrom)
        {
            for (int i = 0; i < read.Length; i++)
                read[i] = ReadArticle.Of(articles[i]);
            return FromSentences(read.SelectMany(a => StatedSentence.Of(a, newsrooms.OriginOf(a.Article.Id))).ToList(), EntityMerger.Merge(read, newsrooms), meaning);
        }
        // A story of thousands of articles would otherwise be built on one core while the rest wait for it (small
        // stories are built side by side): its articles are read in parallel, in order, and its entities are merged
        // beside its facts. The result is the same either way.
        Parallel.For(0, read.Length, i => read[i] = ReadArticle.Of(articles[i]));
        List<StoryEntity> entities = [];
        var sentencesOf = new List<StatedSentence>[articles.Count];
        Parallel.Invoke(
            () => entities = EntityMerger.Merge(read, newsrooms),
            () => Parallel.For(0, read.Length, i => sentencesOf[i] = [.. StatedSentence.Of(read[i], newsrooms.OriginOf(read[i].Article.Id))]));
        return FromSentences([.. sentencesOf.SelectMany(s => s)], entities, meaning);
    }

    /// <summary>Stories from this many articles are synthesised on several cores.</summary>
    private const int ParallelArticles = 200;

    private static StoryKnowledge FromSentences(List<StatedSentence> sentences, List<StoryEntity> entities, ISentenceMeaning? meaning)
    {
        var groups = FactGrouper.Group(sentences, meaning);
        var facts = groups.Select(ToFact).ToList();
        // Groups come in order of their first sentence; the facts most widely reported lead.
        var ranked = facts.Select((fact, order) => (fact, order)).OrderByDescending(x => x.fact.Origins).ThenBy(x => x.order).Select(x => x.fact).ToList();
        return new StoryKnowledge(entities, ranked, DisagreementFinder.Find(groups), TimelineBuilder.Build(groups), SummaryWriter.Write(groups));
    }

    private static StoryFact ToFact(List<StatedSentence> group)
    {
        var sources = group.Select(s => s.Article).Distinct().ToList();
        int origins = StatedSentence.Origins(group);
        return new StoryFact(group[0].Text, sources, origins, origins >= CorroboratingOrigins, [.. group.Select(s => s.Evidence)]);
    }

    /// <summary>Independent origins that make a fact corroborated: two newsrooms that did not copy each other.</summary>
    public const int CorroboratingOrigins = 2;
}

/// <summary>An article as synthesis reads it: its text joined once and split into sentences once.</summary>
internal sealed record ReadArticle(Article Article, string Text, List<Sentence> Sentences)
{
    public static ReadArticle Of(Article article)
    {
        string text = article.Text;
        return new ReadArticle(article, text, SentenceSplitter.Split(text));
    }
}
