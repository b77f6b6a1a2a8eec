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

    /// <summary>
    /// These conventions for a host's own types as well (described by <paramref name="hostTypes"/>, its compile-time
    /// context), on top of the stored ones; <paramref name="unescaped"/> leaves HTML characters unescaped, as the
    /// command line prints them, where false escapes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes as a page needs.
    /// </summary>
    public static JsonSerializerOptions For(IJsonTypeInfoResolver hostTypes, bool unescaped = true) => Create(indented: false, hostTypes, unescaped);

    private static JsonSerializerOptions Create(bool indented, IJsonTypeInfoResolver? hostTypes = null, bool unescaped = true)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = unescaped ? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping : System.Text.Encodings.Web.JavaScriptEncoder.Default,
            // Only types described at compile time: `./install.sh` compiles the CLI to native code, where nothing can
            // be described by reflection, so a type missing here fails in every build, not only the installed one.
            TypeInfoResolver = hostTypes is null ? StoredTypes.Default : JsonTypeInfoResolver.Combine(hostTypes, StoredTypes.Default),
        };
        options.Converters.Add(new PublicationDateConverter());
        // Each enum a record holds, by name; the generic converter needs no code generated at run time.
        options.Converters.Add(new JsonStringEnumConverter<EntityKind>(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new JsonStringEnumConverter<StoryActivity.State>(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new JsonStringEnumConverter<StoryOrder>(JsonNamingPolicy.KebabCaseLower));
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
    [JsonSerializable(typeof(StoryListing))]
    [JsonSerializable(typeof(StoryTrace))]
    [JsonSerializable(typeof(StorylineView))]
    [JsonSerializable(typeof(StoreCounts))]
    private sealed partial class StoredTypes : JsonSerializerContext;
}
