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
            // Only types described at compile time: `./install.sh` compiles the CLI to native code, where nothing can
            // be described by reflection, so a type missing here fails in every build, not only the installed one.
            TypeInfoResolver = StoredTypes.Default,
        };
        options.Converters.Add(new PublicationDateConverter());
        // Each enum a record holds, by name; the generic converter needs no code generated at run time.
        options.Converters.Add(new JsonStringEnumConverter<EntityKind>(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// The compile-time description of <typeparamref name="T"/> under <paramref name="options"/>: serialising through it
    /// rather than through the options needs no reflection, so it also runs compiled ahead of time to native code.
    /// </summary>
    public static JsonTypeInfo<T> Describe<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

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
