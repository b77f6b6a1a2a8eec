using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Cli;

/// <summary>
/// The records the commands print, in <see cref="TidingsJson"/>'s conventions, described at compile time: the same
/// records as anonymous objects were described by reflection in every process, and a short run (a few articles added
/// to a store, a small batch of copies) spent a noticeable part of its CPU building that description.
/// </summary>
internal static partial class OutputRecords
{
    public static JsonSerializerOptions Options { get; } = With(TidingsJson.Options);

    public static JsonSerializerOptions Indented { get; } = With(TidingsJson.Indented);

    private static JsonSerializerOptions With(JsonSerializerOptions conventions)
    {
        var options = new JsonSerializerOptions(conventions)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Described.Default, conventions.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary><c>dedup --format jsonl</c>: one copy relation.</summary>
    public sealed record Copy(string A, string B, string Relation, string Original, double Score);

    /// <summary><c>extract --format jsonl</c>: one article.</summary>
    public sealed record Extracted(
        string Id, string? Url, string? Source, string? Title, string? Byline, PublicationDate? Published, string? PublishedFrom,
        string? Language, string Text, IReadOnlyList<RemovedLine> Boilerplate, bool BodyFromTitle);

    /// <summary><c>run --format json</c>: the whole run.</summary>
    public sealed record RunDocument(IEnumerable<Story> Stories, IEnumerable<Rejected> Rejected, IEnumerable<Warning> Warnings);

    public sealed record Rejected(string Input, long? Line, string Error);

    public sealed record Warning(string Input, long? Line, [property: JsonPropertyName("warning")] string Message);

    /// <summary><c>run --format jsonl</c>: an article placed in a new or existing story.</summary>
    public sealed record Placed(string Type, string Story, string Article, string? Title);

    /// <summary><c>run --format jsonl</c>: a story merged into another.</summary>
    public sealed record Merged(string Type, string Story, string From);

    /// <summary><c>run --format jsonl</c>: a story linked to the earlier event of its storyline.</summary>
    public sealed record Linked(string Type, string Story, string Earlier);

    /// <summary><c>run --format jsonl</c>: a story as the run left it.</summary>
    public sealed record StoryRecord(string Type, Story Story);

    [JsonSerializable(typeof(Copy))]
    [JsonSerializable(typeof(Extracted))]
    [JsonSerializable(typeof(RunDocument))]
    [JsonSerializable(typeof(Placed))]
    [JsonSerializable(typeof(Merged))]
    [JsonSerializable(typeof(Linked))]
    [JsonSerializable(typeof(StoryRecord))]
    private sealed partial class Described : JsonSerializerContext;
}
