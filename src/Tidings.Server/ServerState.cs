using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>What every request of one server shares: its options, the feed its articles go to, the store's readers and the event streams.</summary>
internal sealed class ServerState(ServerOptions options, IArticleFeed feed, StoreReaderPool readers, StoryEventHub events)
{
    private long _requests;

    public ServerOptions Options { get; } = options;

    public IArticleFeed Feed { get; } = feed;

    public StoreReaderPool Readers { get; } = readers;

    /// <summary>The feed's own storyline views (a cluster's grains), or views built from the store at each read.</summary>
    public IStorylineViews Storylines { get; } = feed as IStorylineViews ?? StoreStorylineViews.Instance;

    public StoryEventHub Events { get; } = events;

    public ResponseCache Answers { get; } = new();

    /// <summary>A number for the next write request, which names its records in rejections (<c>request 12:3</c>).</summary>
    public long NextRequest() => Interlocked.Increment(ref _requests);
}
