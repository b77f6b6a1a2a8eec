using System.Text.Json;
using System.Text.Json.Serialization;
using Tidings.Extraction;

namespace Tidings.Storage;

/// <summary>The JSON conventions of every Tidings output and store: camelCase, ISO dates as strings, nulls kept.</summary>
public static class TidingsJson
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
}
