using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Synthesis;

namespace Tidings.Tests.Synthesis;

public sealed class StoryWorkbenchTests
{
    private static Article Report(string id, string text, string title = "Crane collapses at the harbour") => new()
    {
        Id = id,
        Origin = new SourceLocation("test"),
        Title = title,
        Source = id + ".example",
        Published = PublicationDate.TryParseIso("2026-03-0" + (id.Length % 9 + 1), out var day) ? day : null,
        Paragraphs = [text],
        Boilerplate = [],
    };

    private static readonly Article First = Report("a1", "A crane collapsed at the harbour of Valmora on Tuesday, the port authority said. Two workers were hurt.");
    private static readonly Article Second = Report("b22", "Two workers were hurt when a crane collapsed at the Valmora harbour on Tuesday, the port authority said.");
    private static readonly Article Copy = Report("c333", "A crane collapsed at the harbour of Valmora on Tuesday, the port authority said. Two workers were hurt.");

    private static StoryRequest Request(long content, IReadOnlyList<Article> members, IReadOnlyList<Article> unstored, bool restated = false) =>
        new("s1", content, [.. members.Select(m => m.Id)], [.. members.Select(m => m.Id == Copy.Id ? First.Id : m.Id)], unstored, restated);

    private static Story Expected(IReadOnlyList<Article> members) =>
        StoryBuilder.Synthesise("s1", members, Request(0, members, []).Copies());

    [Fact]
    public void A_story_grown_by_one_article_reads_none_and_says_what_one_built_afresh_says()
    {
        var bench = new StoryWorkbench();
        var reads = new List<string>();
        IReadOnlyDictionary<string, Article> Store(IReadOnlyCollection<string> ids)
        {
            reads.AddRange(ids);
            return new[] { First, Second, Copy }.Where(a => ids.Contains(a.Id)).ToDictionary(a => a.Id);
        }
        var once = bench.Build(Request(1, [First, Second], []), Store);
        Assert.Equal(["a1", "b22"], reads);
        Assert.Equivalent(Expected([First, Second]), once);
        var grown = bench.Build(Request(2, [First, Second, Copy], [Copy]), Store);
        Assert.Equal(2, reads.Count);
        Assert.Equivalent(Expected([First, Second, Copy]), grown);
        Assert.Equal(First.Id, grown.Articles.Single(a => a.Id == Copy.Id).CopyOf);
        // Asked again for what it built last, it answers without reading or synthesising.
        Assert.Same(grown, bench.Build(Request(2, [First, Second, Copy], []), Store));
        Assert.Equal(3, bench.Kept);
    }

    [Fact]
    public void A_member_that_left_is_forgotten_and_a_restated_one_read_again()
    {
        var bench = new StoryWorkbench();
        var stored = new Dictionary<string, Article> { [First.Id] = First, [Second.Id] = Second };
        int reads = 0;
        IReadOnlyDictionary<string, Article> Store(IReadOnlyCollection<string> ids)
        {
            reads += ids.Count;
            return ids.Where(stored.ContainsKey).ToDictionary(id => id, id => stored[id]);
        }
        bench.Build(Request(1, [First, Second], []), Store);
        var split = bench.Build(Request(2, [First], []), Store);
        Assert.Equal(1, bench.Kept);
        Assert.Equivalent(Expected([First]), split);
        var corrected = Report("a1", "A crane collapsed at the harbour of Valmora on Wednesday, the port authority said. Three workers were hurt.");
        stored[First.Id] = corrected;
        var restated = bench.Build(Request(2, [First], [], restated: true), Store);
        Assert.Equal(3, reads);
        Assert.Equivalent(Expected([corrected]), restated);
    }

    [Fact]
    public async Task A_story_whose_read_waits_says_what_one_read_at_once_says()
    {
        var stored = new Dictionary<string, Article> { [First.Id] = First, [Second.Id] = Second };
        async Task<IReadOnlyDictionary<string, Article>> Later(IReadOnlyCollection<string> ids)
        {
            await Task.Delay(20);
            return ids.Where(stored.ContainsKey).ToDictionary(id => id, id => stored[id]);
        }
        var bench = new StoryWorkbench();
        var story = await bench.BuildAsync(Request(1, [First, Second, Copy], [Copy]), Later);
        Assert.Equivalent(Expected([First, Second, Copy]), story);
        Assert.Equal(3, bench.Kept);
    }

    [Fact]
    public void A_member_neither_carried_nor_stored_is_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new StoryWorkbench().Build(Request(1, [First, Second], []), _ => new Dictionary<string, Article>()));
        Assert.Contains("'a1'", error.Message, StringComparison.Ordinal);
    }
}
