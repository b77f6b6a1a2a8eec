using Tidings.Copies;
using Tidings.Extraction;

namespace Tidings.Synthesis;

/// <summary>
/// Builds what stories say away from the engine (on a cluster, in story grains spread over the silos): synthesis reads
/// every member of a story and is most of a commit's work, while placing articles into events is one engine's.
/// </summary>
public interface IStoryWorkers
{
    /// <summary>
    /// The story of each request, in their order, as <see cref="StoryBuilder.Synthesise"/> builds it from the members;
    /// the engine then puts each in its place (<see cref="StoryPlace"/>). Blocks the calling thread, which is the
    /// engine's. Throws <see cref="Storage.StoreException"/> when the store cannot be read.
    /// </summary>
    IReadOnlyList<Story> Build(IReadOnlyList<StoryRequest> requests);
}

/// <summary>What a story is built from, besides its stored articles' texts.</summary>
/// <param name="Id">The story's id.</param>
/// <param name="Content">
/// The signature of its members, their origins and aliases (<see cref="Storage.StorySignature.Content"/>): a worker that
/// built this content last answers with what it built.
/// </param>
/// <param name="Members">The event's articles, in its order.</param>
/// <param name="Origins">Each member's independent origin (itself for an original), in the same order.</param>
/// <param name="Unstored">The members the store does not hold yet (those of the commit being written), which the engine holds.</param>
/// <param name="Restated">A member was stored again with a new text since the story was last built: what a worker kept of it is old.</param>
public sealed record StoryRequest(string Id, long Content, IReadOnlyList<string> Members, IReadOnlyList<string> Origins, IReadOnlyList<Article> Unstored, bool Restated)
{
    /// <summary>Who copied whom among the members, as synthesis reads it.</summary>
    public CopyGraph Copies() =>
        new([], Members.Zip(Origins).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
}

/// <summary>
/// One story's synthesis kept between the times its event is touched: its members' articles, so that a story that
/// grew by one article reads one article (which the request carries) rather than all of them again, and what it said
/// last, given again while its content stays the same (an engine reopened after a failure asks again).
/// </summary>
/// <param name="meaning">When given, a fact's sentences must also mean the same (see <see cref="ISentenceMeaning"/>).</param>
public sealed class StoryWorkbench(ISentenceMeaning? meaning = null)
{
    private readonly Dictionary<string, Article> _articles = new(StringComparer.Ordinal);
    private (long Content, Story Story)? _last;

    /// <summary>Articles kept.</summary>
    public int Kept => _articles.Count;

    /// <summary>
    /// The story of <paramref name="request"/>; members neither kept nor carried are read with <paramref name="read"/>
    /// (the store's articles by id). Throws <see cref="InvalidOperationException"/> when a member cannot be found.
    /// </summary>
    public Story Build(StoryRequest request, Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Article>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var building = BuildAsync(request, ids => Task.FromResult(read(ids)));
        // The read answered at once, so the build has run to its end on this thread.
        return building.GetAwaiter().GetResult();
    }

    /// <summary>
    /// <see cref="Build"/> with a read that may wait (a story grain's, which shares one read of the store with the
    /// other grains of its silo, <see cref="Storage.CoalescedArticleReads"/>) rather than hold a thread meanwhile.
    /// </summary>
    public async Task<Story> BuildAsync(StoryRequest request, Func<IReadOnlyCollection<string>, Task<IReadOnlyDictionary<string, Article>>> read)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(read);
        if (request.Restated)
        {
            _articles.Clear();
            _last = null;
        }
        if (_last is { } last && last.Content == request.Content && request.Unstored.Count == 0)
            return last.Story;
        foreach (var article in request.Unstored)
            _articles[article.Id] = WithoutBoilerplate(article);
        var missing = request.Members.Where(id => !_articles.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, article) in await read(missing))
                _articles[id] = WithoutBoilerplate(article);
        }
        var members = request.Members
            .Select(id => _articles.GetValueOrDefault(id) ?? throw new InvalidOperationException($"article '{id}' of story {request.Id} is neither carried nor stored"))
            .ToList();
        if (_articles.Count > members.Count)
        {
            // Members that left (a split, or a replay into other events) are not kept for a story that no longer holds them.
            var current = request.Members.ToHashSet(StringComparer.Ordinal);
            foreach (string id in _articles.Keys.Where(id => !current.Contains(id)).ToList())
                _articles.Remove(id);
        }
        var story = StoryBuilder.Synthesise(request.Id, members, request.Copies(), meaning);
        _last = (request.Content, story);
        return story;
    }

    /// <summary>An article as kept: without the boilerplate lines extraction removed, which synthesis never reads.</summary>
    private static Article WithoutBoilerplate(Article article) => article.Boilerplate.Count == 0 ? article : article with { Boilerplate = [] };
}
