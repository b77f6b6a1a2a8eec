using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tidings.Extraction;
using Tidings.Synthesis;

namespace Tidings.Storage;

/// <summary>The JSON conventions of every Tidings output and store: camelCase, ISO dates as strings, nulls kept.</summary>
public static partial class TidingsJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // The types Tidings stores and prints are described at compile time; anything else (a command's own record)
            // is described by reflection on first use.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(StoredTypes.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new PublicationDateConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class PublicationDateConverter : JsonConverter<PublicationDate>
    {
        public override PublicationDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PublicationDate.TryParseIso(reader.GetString(), out var d) ? d : throw new JsonException($"not an ISO 8601 date: {reader.GetString()}");

        public override void Write(Utf8JsonWriter writer, PublicationDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>
    /// Stored articles and stories, described at compile time. Described by reflection instead, each process built
    /// their metadata on first use and serialised them through converters compiled as it ran: on a run that adds 10
    /// articles to a large store, a tenth of the CPU went to the JIT, and a large story was read by unoptimised code.
    /// </summary>
    [JsonSerializable(typeof(Article))]
    [JsonSerializable(typeof(Story))]
    [JsonSerializable(typeof(List<StoryLink>))]
    [JsonSerializable(typeof(IReadOnlyList<StoryLink>))]
    private sealed partial class StoredTypes : JsonSerializerContext;
}
