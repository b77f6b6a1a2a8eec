using System.Text.Json;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Tests.Synthesis;

/// <summary>
/// Story workers in this process, one <see cref="StoryWorkbench"/> per story as a cluster's story grains keep them,
/// reading the store with a reader of their own and passing every article and story through the store's JSON, as the
/// grains' calls do.
/// </summary>
internal sealed class InProcessStoryWorkers(string storePath) : IStoryWorkers
{
    private readonly Dictionary<string, StoryWorkbench> _benches = new(StringComparer.Ordinal);

    /// <summary>Articles the engine sent with its requests.</summary>
    public int Sent { get; private set; }

    /// <summary>Articles the workbenches read from the store.</summary>
    public int Read { get; private set; }

    public IReadOnlyList<Story> Build(IReadOnlyList<StoryRequest> requests)
    {
        using var reader = SqliteStoryStore.Open(storePath, StoreAccess.Read);
        var built = new List<Story>();
        foreach (var request in requests)
        {
            var carried = request with { Unstored = [.. request.Unstored.Select(RoundTrip)] };
            Sent += carried.Unstored.Count;
            var bench = _benches.TryGetValue(request.Id, out var found) ? found : _benches[request.Id] = new StoryWorkbench();
            var story = bench.Build(carried, ids =>
            {
                Read += ids.Count;
                return reader.FindArticles(ids);
            });
            built.Add(RoundTrip(story));
        }
        return built;
    }

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, TidingsJson.Options.Describe<T>()), TidingsJson.Options.Describe<T>())!;
}
