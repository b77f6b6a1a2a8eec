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
            // The types Tidings stores are described at compile time; anything else is described by reflection on first use.
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
    /// their metadata on first use and serialised them through converters compiled as it ran: a run that added 10
    /// articles to a 100,000-article store jitted 539 of the serializer's own methods (the printed records' among
    /// them), and read a large story (3 MB of JSON) through unoptimised code.
    /// </summary>
    [JsonSerializable(typeof(Article))]
    [JsonSerializable(typeof(Story))]
    [JsonSerializable(typeof(List<StoryLink>))]
    [JsonSerializable(typeof(IReadOnlyList<StoryLink>))]
    private sealed partial class StoredTypes : JsonSerializerContext;
}
