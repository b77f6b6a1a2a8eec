using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>
/// Where articles and stories persist between runs. Ingest is idempotent (an article id is stored once) and
/// transactional (a save either lands whole or not at all).
/// </summary>
public interface IStoryStore : IDisposable
{
    /// <summary>Articles in the order they were first stored; replaying them rebuilds the same stories.</summary>
    IReadOnlyList<Article> LoadArticles();

    /// <summary>Stores the articles not yet stored and replaces the stories, in one transaction. Returns how many articles were new.</summary>
    int Save(IReadOnlyList<Article> articles, IReadOnlyList<Story> stories);

    IReadOnlyList<Story> LoadStories();

    Story? FindStory(string id);
}
