using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Tests.Storage;

public sealed class SqliteStoryStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Article Article(string id) => new()
    {
        Id = id,
        Origin = new SourceLocation(id + ".txt"),
        Title = "Title " + id,
        Published = new PublicationDate(new DateOnly(2024, 5, 14), new TimeOnly(10, 5), TimeSpan.FromHours(1)),
        Paragraphs = ["First paragraph.", "Second paragraph."],
        Boilerplate = [new RemovedLine("Subscribe now", "call to action")],
    };

    [Fact]
    public void Articles_round_trip_and_are_stored_once()
    {
        string path = Path.Combine(_folder.Path, "store.db");
        var story = new Story("s1", "s1", "A story", new DateOnly(2024, 5, 14), new DateOnly(2024, 5, 14),
            [new StoryArticle("a", null, "Title a", null, null)], []) { Aliases = ["s0"] };
        using (var store = new SqliteStoryStore(path))
        {
            Assert.Equal(2, store.Save([Article("a"), Article("b")], [story]));
            Assert.Equal(0, store.Save([Article("a"), Article("b")], [story]));
        }
        using (var reopened = new SqliteStoryStore(path))
        {
            var articles = reopened.LoadArticles();
            Assert.Equal(["a", "b"], articles.Select(a => a.Id));
            Assert.Equal(Article("a").Published, articles[0].Published);
            Assert.Equal(Article("a").Paragraphs, articles[0].Paragraphs);
            Assert.Equal("A story", reopened.FindStory("s1")?.Title);
            Assert.Equal("s1", reopened.FindStory("s0")?.Id);
            Assert.Null(reopened.FindStory("s9"));
            Assert.Single(reopened.LoadStories());
        }
    }
}
