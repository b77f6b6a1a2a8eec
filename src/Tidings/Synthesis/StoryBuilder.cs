using System.IO.Hashing;
using System.Runtime.InteropServices;
using Tidings.Copies;
using Tidings.Events;

namespace Tidings.Synthesis;

/// <summary>Turns events into stories with stable ids: the same input in the same order gives the same ids.</summary>
public static class StoryBuilder
{
    public static IReadOnlyList<Story> Build(IReadOnlyList<EventCluster> events, CopyGraph copies)
    {
        var live = events.Where(e => e.MergedInto is null).ToList();
        var ids = live.ToDictionary(e => e.Number, e => StoryId(e.Members[0].Id));
        return live.Select(ev =>
        {
            var articles = ev.Members.Select(m => new StoryArticle(m.Id, m.Article.Source, m.Article.Title, m.Article.Published, copies.CopyOf(m.Id))).ToList();
            var dated = articles.Where(a => a.Published is not null).Select(a => a.Published!.Value.Day).ToList();
            // The headline of the first original report: copies often rewrite or pad their headlines.
            var headline = ev.Members.FirstOrDefault(m => copies.CopyOf(m.Id) is null && m.Article.Title is not null)?.Article.Title
                ?? ev.Members.Select(m => m.Article.Title).FirstOrDefault(t => t is not null);
            var related = ev.Links
                .GroupBy(l => l.Event).Select(g => g.OrderBy(l => l.Relation == "related" ? 1 : 0).First())
                .Select(l => new StoryLink(ids[l.Event], l.Relation)).ToList();
            return new Story(ids[ev.Number], ids[ev.Storyline], headline,
                dated.Count > 0 ? dated.Min() : null, dated.Count > 0 ? dated.Max() : null, articles, related)
            {
                Aliases = ev.AbsorbedFirstArticles.Select(StoryId).ToList(),
            };
        }).ToList();
    }

    /// <summary>A story is named after its first article, so ids survive re-runs and additions.</summary>
    public static string StoryId(string firstArticleId) =>
        "s" + XxHash64.HashToUInt64(MemoryMarshal.AsBytes(firstArticleId.AsSpan())).ToString("x16")[..12];
}
