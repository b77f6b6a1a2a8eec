using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>
/// Where a service gets a storyline's view: built from the store at each read (<see cref="StoreStorylineViews"/>), or
/// from a cluster's storyline grains, which keep each view until one of its stories changes. A feed that keeps them
/// elsewhere implements this beside <see cref="Pipeline.IArticleFeed"/>.
/// </summary>
public interface IStorylineViews
{
    /// <summary>The view of the storyline <paramref name="id"/> names (see <see cref="IStoryReader.FindStoryline"/>); null when no story has the id.</summary>
    StorylineView? Find(IStoryReader reader, string id);
}

/// <summary>Storyline views built from the store at each read: what one process serves.</summary>
public sealed class StoreStorylineViews : IStorylineViews
{
    public static StoreStorylineViews Instance { get; } = new();

    private StoreStorylineViews()
    {
    }

    public StorylineView? Find(IStoryReader reader, string id)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.FindStoryline(id) is { } storyline ? StorylineView.Of(storyline) : null;
    }
}
