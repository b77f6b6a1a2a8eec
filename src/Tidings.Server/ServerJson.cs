using System.Text.Json;
using System.Text.Json.Serialization;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>What a write request is told: the articles stored, those already stored, and each record refused with its line and reason.</summary>
internal sealed record IngestResponse(
    int Stored,
    IReadOnlyList<string> Ids,
    long Replaced,
    long Unchanged,
    IReadOnlyList<RecordProblem> Rejected,
    IReadOnlyList<RecordProblem> Warnings);

/// <summary>One record's problem, named as the command line names it: the request, the line, the reason.</summary>
internal sealed record RecordProblem(string Input, long? Line, string Error);

internal sealed record ErrorResponse(string Error);

internal sealed record HealthResponse(string Status, string Store, long Articles, long Stories, long Copies, long Waiting, bool Settled, long StoredSinceStart, string? Fault);

/// <summary>A committed change as the event stream sends it (see <see cref="Pipeline.StoryUpdate"/>).</summary>
internal sealed record UpdateMessage(string Kind, string Story, string? Article, string? Other, string? Title);

[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(UpdateMessage))]
internal sealed partial class ServerJson : JsonSerializerContext;

/// <summary>
/// The API's conventions: those of every Tidings output, with HTML's characters escaped (<c>\u003C</c>), so that an
/// article's hostile markup stays inert even in a page that embeds a response. (A class of its own: a static of the
/// generated context itself could be initialised before the context's <c>Default</c>.)
/// </summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = TidingsJson.For(ServerJson.Default, unescaped: false);
}
