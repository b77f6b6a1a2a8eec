using System.Text.Json;
using Orleans.Placement;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Orleans;

/// <summary>
/// One storyline of a feed, keyed <c>feed/storyline id</c>: where its view (<see cref="StorylineView"/>) is built from
/// its stories, on whichever silo it was placed, and kept until one of them changes. Each read first asks the store for
/// the storyline's version (<see cref="IStoryReader.StorylineVersion"/>), one indexed read of a few numbers a story,
/// and reads and deserialises the stories themselves only when it moved: a storyline's reader opens its chapters one
/// after another, and a recurring event's storyline grows by a chapter a year.
/// </summary>
/// <remarks>
/// The store, not the engine, says when a view is stale: nothing is sent to a storyline grain when its stories change,
/// so a lost silo, a feed reopened elsewhere or a second feed writing the store leave no view behind its stories.
/// </remarks>
public interface IStorylineGrain : IGrainWithStringKey
{
    Task<StorylineAnswer> View();
}

/// <summary>A storyline's view as the store's JSON (null when no story is in the storyline any more), and whether the grain had it already.</summary>
[GenerateSerializer, Immutable]
public sealed record StorylineAnswer([property: Id(0)] byte[]? Json, [property: Id(1)] bool Kept);

/// <remarks>Placed at random, as story grains are, and collected after two idle minutes: a view is cheap to build again.</remarks>
[RandomPlacement]
[CollectionAgeLimit(Minutes = 2)]
internal sealed class StorylineGrain(SiloStories silo) : Grain, IStorylineGrain
{
    private long? _version;
    private byte[]? _view;

    public Task<StorylineAnswer> View()
    {
        string key = this.GetPrimaryKeyString();
        string storyline = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return Task.FromResult(silo.Readers.Read(reader =>
        {
            long? version = reader.StorylineVersion(storyline);
            if (version is not null && version == _version)
                return new StorylineAnswer(_view, Kept: true);
            // Read after the version: a story written between the two reads is in the view, and the next read, seeing
            // a newer version, builds it again. The other way round, a view could be kept behind its stories.
            var stories = reader.FindStoryline(storyline);
            _view = stories is null || stories.Id != storyline
                ? null
                : JsonSerializer.SerializeToUtf8Bytes(StorylineView.Of(stories), TidingsJson.Options.Describe<StorylineView>());
            _version = version;
            return new StorylineAnswer(_view, Kept: false);
        }));
    }
}
