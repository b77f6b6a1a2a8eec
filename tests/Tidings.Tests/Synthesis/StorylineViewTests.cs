using CsCheck;
using Tidings.Synthesis;

namespace Tidings.Tests.Synthesis;

public sealed class StorylineViewTests
{
    private static Story Chapter(string id, int year, string[] names, params StoryLink[] links) =>
        new Story(id, "s1", $"Minister visits Moscow ({year})", new DateOnly(year, 6, 1), new DateOnly(year, 6, 3),
            [new StoryArticle(id + "-a", "Courier", null, null, null), new StoryArticle(id + "-b", "courier", null, null, id + "-a"), new StoryArticle(id + "-c", "Herald", null, null, null)],
            links)
        {
            Summary = "The minister arrived.",
            Entities = [.. names.Select(n => new StoryEntity(n, EntityKind.Person, [], [], [], new Dictionary<string, int>(), []))],
        };

    [Fact]
    public void Each_chapter_follows_the_latest_earlier_one_it_links_to_and_names_in_several_chapters_are_listed()
    {
        var stories = new StorylineStories("s1",
        [
            Chapter("s1", 2021, ["Anna Petrova", "Ivan Orlov"], new StoryLink("s2", "recurs"), new StoryLink("x", "related")),
            Chapter("s2", 2023, ["ANNA PETROVA"], new StoryLink("s1", "recurs"), new StoryLink("s3", "continues")),
            Chapter("s3", 2023, ["Anna Petrova", "Ivan Orlov", "Olga Sidorova"], new StoryLink("s1", "recurs"), new StoryLink("s2", "continues")),
            Chapter("s4", 2025, [], new StoryLink("x", "related")),
        ], Total: 4);

        var view = StorylineView.Of(stories);

        Assert.Equal(("s1", "Minister visits Moscow (2021)", 4), (view.Id, view.Title, view.Total));
        Assert.Equal((new DateOnly(2021, 6, 1), new DateOnly(2025, 6, 3)), (view.Start, view.End));
        Assert.Equal(["s1", "s2", "s3", "s4"], view.Chapters.Select(c => c.Story));
        Assert.Equal([null, "s1 recurs", "s2 continues", null], view.Chapters.Select(c => c.Follows is { } f ? $"{f.Story} {f.Relation}" : null));
        Assert.Equal((3, 2), (view.Chapters[0].Articles, view.Chapters[0].Sources));   // Courier and courier are one outlet
        Assert.Equal(["Anna Petrova 3", "Ivan Orlov 2"], view.Entities.Select(e => $"{e.Name} {e.Stories.Count}"));
    }

    [Fact]
    public void Every_chapter_follows_an_earlier_chapter_of_the_view()
    {
        Gen.Int[0, 12].SelectMany(n => Gen.Int[0, 11].Array[0, 4].Array[n].Select(links => (n, links))).Sample(t =>
        {
            var (n, links) = t;
            var stories = Enumerable.Range(0, n).Select(i => Chapter($"s{i}", 2000 + i, [],
                [.. links[i].Select(to => new StoryLink($"s{to}", to % 3 == 0 ? "related" : "recurs"))])).ToList();
            var view = StorylineView.Of(new StorylineStories("s0", stories, n));
            Assert.Equal(stories.Select(s => s.Id), view.Chapters.Select(c => c.Story));
            for (int i = 0; i < n; i++)
            {
                var earlier = links[i].Where(to => to < i && to % 3 != 0).ToList();
                Assert.Equal(earlier.Count == 0 ? null : $"s{earlier.Max()}", view.Chapters[i].Follows?.Story);
            }
        });
    }
}
