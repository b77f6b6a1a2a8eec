using Tidings.Events;
using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>
/// Where a stream's articles, stories and state persist between runs. Ingest is idempotent (an article id is stored
/// once) and transactional (a commit either lands whole or not at all); the engine's checkpoint is committed with the
/// articles it covers, so a run killed at any moment continues from what was acknowledged.
/// </summary>
public interface IStoryStore : IStoryReader
{
    /// <summary>The engine's state as last checkpointed, or null for a store with none (new, or written by an earlier Tidings).</summary>
    EngineCheckpoint? LoadCheckpoint();

    /// <summary>The articles stored after <paramref name="seq"/>, in order: those the checkpoint does not cover yet.</summary>
    IEnumerable<Article> ArticlesAfter(long seq);

    /// <summary>A retired event as the last checkpoint left it, in the layout the engine wrote it in (see <see cref="StoreCommit.RetiredPut"/>).</summary>
    byte[]? RetiredEvent(int number);

    /// <summary>The retired events with these numbers that the store holds (see <see cref="RetiredEvent"/>), in one read where the store allows.</summary>
    IReadOnlyDictionary<int, byte[]> RetiredEvents(IReadOnlyCollection<int> numbers)
    {
        var found = new Dictionary<int, byte[]>();
        foreach (int number in numbers)
        {
            if (RetiredEvent(number) is { } bytes)
                found[number] = bytes;
        }
        return found;
    }

    int RetiredEventCount { get; }

    /// <summary>
    /// The event whose story last written holds this stored article, or null: how the engine finds an article's event
    /// once the event has retired from memory (see <see cref="Pipeline.StoryEngine"/>'s restatement of a stored article).
    /// </summary>
    int? EventOfArticle(string articleId);

    void Commit(StoreCommit commit);

    /// <summary>The signatures the stories with these ids were written with (see <see cref="StoryChanges.Signatures"/>).</summary>
    Dictionary<string, StorySignature> StorySignatures(IReadOnlyCollection<string> ids);

    IReadOnlyList<Story> LoadStories();

    IReadOnlyList<Story> LoadStories(IReadOnlyCollection<string> ids);

    /// <summary>The stories these articles belong to, in the order their events began, read as they are enumerated.</summary>
    IEnumerable<Story> StoriesOfArticles(IReadOnlyCollection<string> articleIds);
}
