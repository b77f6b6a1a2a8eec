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
    public static Story Build(EventCluster ev, Func<int, string> storyIdOf, IReadOnlyList<Article> members, CopyGraph copies, ISentenceMeaning? meaning = null) =>
        PlaceOf(ev, storyIdOf).Of(Synthesise(storyIdOf(ev.Number), members, copies, meaning));

    /// <summary>Where an event's story stands among the others now: read while the events stand still.</summary>
    public static StoryPlace PlaceOf(EventCluster ev, Func<int, string> storyIdOf) =>
        new(storyIdOf(ev.Storyline), LinksOf(ev, storyIdOf), [.. ev.AbsorbedFirstArticles.Select(StoryId)]);

    /// <summary>
    /// What a story says, from its articles alone: everything but its place among the other stories (its storyline is
    /// itself, with no links or aliases), which the engine that knows the events sets (see <see cref="Build(EventCluster, Func{int, string}, IReadOnlyList{Article}, CopyGraph, ISentenceMeaning?)"/>, <see cref="StoryPlace"/>).
    /// Apart from the events, it can be built anywhere the articles can be read (see <see cref="IStoryWorkers"/>).
    /// </summary>
    /// <param name="id">The story's id.</param>
    /// <param name="members">The event's articles, in its order.</param>
    /// <param name="copies">Who copied whom, at least for the members.</param>
    /// <param name="meaning">When given, a fact's sentences must also mean the same.</param>
    public static Story Synthesise(string id, IReadOnlyList<Article> members, CopyGraph copies, ISentenceMeaning? meaning = null)
    {
        var listed = members.Select(m => new StoryArticle(m.Id, m.Source, m.Title, m.Published, copies.CopyOf(m.Id))).ToList();
        var dated = listed.Where(a => a.Published is not null).Select(a => a.Published!.Value.Day).ToList();
        // The headline of the first original report: copies often rewrite or pad their headlines.
        var headline = members.FirstOrDefault(m => copies.CopyOf(m.Id) is null && m.Title is not null)?.Title
            ?? members.Select(m => m.Title).FirstOrDefault(t => t is not null);
        return new Story(id, id, headline, dated.Count > 0 ? dated.Min() : null, dated.Count > 0 ? dated.Max() : null, listed, [])
            .WithKnowledge(StorySynthesizer.Synthesize(members, copies, meaning));
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

/// <summary>A story's place among the others: its storyline, its links and the ids of the stories merged into it.</summary>
public sealed record StoryPlace(string Storyline, IReadOnlyList<StoryLink> Related, IReadOnlyList<string> Aliases)
{
    /// <summary>The story of <see cref="StoryBuilder.Synthesise"/> put in this place.</summary>
    public Story Of(Story story) => story with { Storyline = Storyline, Related = Related, Aliases = Aliases };
}
