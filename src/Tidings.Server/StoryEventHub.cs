using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Tidings.Pipeline;

namespace Tidings.Server;

/// <summary>
/// Hands the engine's committed changes to every open event stream. Each stream has a bounded queue of its own: a
/// reader too slow to keep up loses its oldest events (and is told to reload), never slows the engine or the others.
/// The last <see cref="Kept"/> events are kept, so a client that reconnects with <c>Last-Event-ID</c> misses nothing.
/// </summary>
internal sealed class StoryEventHub
{
    /// <summary>Events kept for reconnecting clients, and queued at most for a slow one.</summary>
    public const int Kept = 1000;

    private readonly Lock _gate = new();
    private readonly LinkedList<Channel<ServerEvent>> _streams = new();
    private readonly Queue<ServerEvent> _recent = new();
    private long _lastId;
    private bool _closed;

    /// <summary>Events sent since the server started.</summary>
    public long Sent => Interlocked.Read(ref _lastId);

    public void Publish(IReadOnlyList<StoryUpdate> updates)
    {
        lock (_gate)
        {
            foreach (var update in updates)
            {
                string kind = Kind(update.Kind);
                var message = new UpdateMessage(kind, update.Story, update.Article, update.Other, update.Title);
                var ev = new ServerEvent(++_lastId, kind, JsonSerializer.Serialize(message, ApiJson.Options.GetTypeInfo(typeof(UpdateMessage))));
                _recent.Enqueue(ev);
                if (_recent.Count > Kept)
                    _recent.Dequeue();
                foreach (var stream in _streams)
                    stream.Writer.TryWrite(ev);
            }
        }
    }

    /// <summary>A new stream, holding at once the kept events after <paramref name="lastSeen"/> (a reconnecting client's <c>Last-Event-ID</c>).</summary>
    public EventSubscription Subscribe(long? lastSeen)
    {
        var channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(Kept) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            if (_closed)
                channel.Writer.TryComplete();
            else
                _streams.AddLast(channel);
            if (lastSeen is { } seen)
            {
                foreach (var ev in _recent.Where(e => e.Id > seen))
                    channel.Writer.TryWrite(ev);
            }
        }
        return new EventSubscription(channel.Reader, () =>
        {
            lock (_gate)
                _streams.Remove(channel);
        });
    }

    /// <summary>Ends every stream: the server is stopping, and an open stream would hold it up.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var stream in _streams)
                stream.Writer.TryComplete();
            _streams.Clear();
        }
    }

    public static string Kind(StoryUpdateKind kind) => kind switch
    {
        StoryUpdateKind.StoryNew => "story-new",
        StoryUpdateKind.ArticleJoined => "article-joined",
        StoryUpdateKind.StoriesMerged => "stories-merged",
        _ => "storyline-linked",
    };
}

/// <summary>One event as the stream writes it.</summary>
internal sealed record ServerEvent(long Id, string Kind, string Json)
{
    public byte[] Frame() => Encoding.UTF8.GetBytes($"id: {Id}\nevent: {Kind}\ndata: {Json}\n\n");
}

internal sealed class EventSubscription(ChannelReader<ServerEvent> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<ServerEvent> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
