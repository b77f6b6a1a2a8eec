using System.IO.Hashing;
using System.Runtime.InteropServices;
using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;

namespace Tidings.Synthesis;

/// <summary>Turns events into stories with stable ids: the same input in the same order gives the same ids.</summary>
public static class StoryBuilder
{
    /// <param name="events">The events as <see cref="EventClusterer.Events"/> gives them.</param>
    /// <param name="articles">The articles the events hold, by id.</param>
    /// <param name="copies">Who copied whom.</param>
    /// <param name="meaning">When given, a fact's sentences must also mean the same (see <see cref="ISentenceMeaning"/>).</param>
    public static IReadOnlyList<Story> Build(IReadOnlyList<EventCluster> events, IReadOnlyDictionary<string, Article> articles, CopyGraph copies, ISentenceMeaning? meaning = null)
    {
        var ids = events.ToDictionary(e => e.Number, e => StoryId(e.Members[0].Id));
        return events.Select(ev => Build(ev, n => ids[n], ev.Members.Select(m => articles[m.Id]).ToList(), copies, meaning)).ToList();
    }

    /// <summary>One event's story, as a stream writes it when the event changed.</summary>
    /// <param name="ev">The event, with storyline and links set (see <see cref="EventClusterer.Current"/>).</param>
    /// <param name="storyIdOf">The story id of another event, by number (for the storyline and links).</param>
    /// <param name="members">The event's articles, in its order.</param>
    /// <param name="copies">Who copied whom, at least for the members.</param>
    /// <param name="meaning">When given, a fact's sentences must also mean the same.</param>
    public static Story Build(EventCluster ev, Func<int, string> storyIdOf, IReadOnlyList<Article> members, CopyGraph copies, ISentenceMeaning? meaning = null)
    {
        var listed = members.Select(m => new StoryArticle(m.Id, m.Source, m.Title, m.Published, copies.CopyOf(m.Id))).ToList();
        var dated = listed.Where(a => a.Published is not null).Select(a => a.Published!.Value.Day).ToList();
        // The headline of the first original report: copies often rewrite or pad their headlines.
        var headline = members.FirstOrDefault(m => copies.CopyOf(m.Id) is null && m.Title is not null)?.Title
            ?? members.Select(m => m.Title).FirstOrDefault(t => t is not null);
        return new Story(storyIdOf(ev.Number), storyIdOf(ev.Storyline), headline,
            dated.Count > 0 ? dated.Min() : null, dated.Count > 0 ? dated.Max() : null, listed, LinksOf(ev, storyIdOf))
        {
            Aliases = ev.AbsorbedFirstArticles.Select(StoryId).ToList(),
        }.WithKnowledge(StorySynthesizer.Synthesize(members, copies, meaning));
    }

    /// <summary>
    /// A story's links, as its event has them now: one per other event, the storyline's relation before a looser
    /// <c>related</c>. A later event joining the storyline changes them and leaves what the story says as it was.
    /// </summary>
    public static List<StoryLink> LinksOf(EventCluster ev, Func<int, string> storyIdOf) =>
        [.. ev.Links
            .GroupBy(l => l.Event).Select(g => g.OrderBy(l => l.Relation == "related" ? 1 : 0).First())
            .Select(l => new StoryLink(storyIdOf(l.Event), l.Relation))];

    /// <summary>A story is named after its first article, so ids survive re-runs and additions.</summary>
    public static string StoryId(string firstArticleId) =>
        "s" + XxHash64.HashToUInt64(MemoryMarshal.AsBytes(firstArticleId.AsSpan())).ToString("x16")[..12];
}
