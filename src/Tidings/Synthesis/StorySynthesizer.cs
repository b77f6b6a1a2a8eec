using Tidings.Copies;
using Tidings.Extraction;

namespace Tidings.Synthesis;

/// <summary>
/// What a story's articles say together: its entities, its facts with their independent origins, where independent
/// sources disagree, a dated timeline and a short summary. Everything is drawn from the articles' own sentences and
/// points back to them; pure, so it is tested without I/O.
/// </summary>
public static class StorySynthesizer
{
    /// <param name="articles">The story's articles, in story order.</param>
    /// <param name="copies">Who copied whom: an article and its copies are one origin.</param>
    public static StoryKnowledge Synthesize(IReadOnlyList<Article> articles, CopyGraph copies)
    {
        var sentences = articles.SelectMany(a => StatedSentence.Of(a, copies.OriginOf(a.Id))).ToList();
        var groups = FactGrouper.Group(sentences);
        var facts = groups.Select(ToFact).ToList();
        // Groups come in order of their first sentence; the facts most widely reported lead.
        var ranked = facts.Select((fact, order) => (fact, order)).OrderByDescending(x => x.fact.Origins).ThenBy(x => x.order).Select(x => x.fact).ToList();
        return new StoryKnowledge(
            EntityMerger.Merge(articles, copies),
            ranked,
            DisagreementFinder.Find(groups),
            TimelineBuilder.Build(groups),
            SummaryWriter.Write(groups));
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
