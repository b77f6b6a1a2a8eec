using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Tidings.Ingest;

/// <summary>
/// Turns one JSONL line into a document or a rejection, with warnings about fields it had to leave out; the record
/// schema is DESIGN.md's. <c>text</c> and <c>html</c> must be strings (a number is not an article); <c>id</c> may be
/// a number and <c>published</c> a Unix time; a metadata field of the wrong kind is left out with a warning. A string
/// escape that is not a character (an unpaired surrogate such as <c>\ud800</c>, left where a scraper cut an emoji in
/// two) is read as U+FFFD with a warning, so the article around it is kept.
/// </summary>
internal static class JsonlRecordParser
{
    /// <summary>The article's body, in the order preferred.</summary>
    private static readonly ImmutableArray<string> BodyFields = ["html", "text"];

    public static IReadOnlyList<IngestItem> Parse(ReadOnlyMemory<byte> line, SourceLocation origin, string fallbackId)
    {
        if (line.Span.StartsWith("\uFEFF"u8))
            line = line[3..];
        if (!Utf8.IsValid(line.Span))
            return [new Rejection(origin, "invalid UTF-8 in JSONL record")];
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return [new Rejection(origin, $"not valid JSON ({FirstSentence(e.Message)})")];
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return [new Rejection(origin, $"a JSONL record must be a JSON object, found {Kind(root)}")];
            var record = new Record(root);
            foreach (var field in BodyFields)
            {
                if (root.TryGetProperty(field, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return [new Rejection(origin, $"field \"{field}\" must be a string holding the article, found {Kind(value)}")];
            }
            string? html = record.Text("html"), text = record.Text("text");
            DocumentBody? body = !string.IsNullOrWhiteSpace(html) ? new HtmlBody(Encoding.UTF8.GetBytes(html))
                : !string.IsNullOrWhiteSpace(text) ? new PlainTextBody(text)
                : null;
            if (body is null)
                return [new Rejection(origin, "record has neither a non-empty \"text\" nor \"html\" field")];
            var hints = new DocumentHints(
                Url: record.Text("url"),
                Source: record.Text("source"),
                Title: record.Text("title"),
                Published: record.Published(),
                Language: record.Text("language"));
            string id = record.Id() is { Length: > 0 } given ? given : fallbackId;
            var items = new List<IngestItem>();
            items.AddRange(record.Warnings.Select(w => new IngestWarning(origin, w)));
            items.Add(new AcceptedDocument(new RawDocument(id, origin, body, hints)));
            return items;
        }
    }

    /// <summary>One record's fields, read leniently; what had to be left out or repaired is noted in <see cref="Warnings"/>.</summary>
    private sealed class Record(JsonElement root)
    {
        public List<string> Warnings { get; } = [];

        /// <summary>A string field; null when absent, null or of another kind (with a warning).</summary>
        public string? Text(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String)
                return String(value, name);
            Warnings.Add($"field \"{name}\" is {Kind(value)}, not a string: left out");
            return null;
        }

        /// <summary>The id as written, string or number; another kind is left out (with a warning) for the fallback id.</summary>
        public string? Id()
        {
            if (root.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number)
                return value.GetRawText();
            return Text("id");
        }

        /// <summary>The publication date in ISO 8601 (see <see cref="PublishedDate"/>); what cannot be read is left out with a warning.</summary>
        public string? Published()
        {
            if (!root.TryGetProperty("published", out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            string? problem;
            string? iso;
            string shown;
            if (value.ValueKind == JsonValueKind.Number)
            {
                shown = value.GetRawText();
                iso = PublishedDate.FromUnixTime(value.GetDouble(), out problem);
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                shown = String(value, "published");
                if (string.IsNullOrWhiteSpace(shown))
                    return null;
                iso = PublishedDate.Normalise(shown, out problem);
            }
            else
            {
                Warnings.Add($"field \"published\" is {Kind(value)}, not a date: left out");
                return null;
            }
            if (iso is null)
                Warnings.Add($"\"published\" value '{Shorten(shown)}' {problem}: the date is left out");
            return iso;
        }

        private string String(JsonElement value, string name)
        {
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                Warnings.Add($"field \"{name}\" holds an escape that is not a character (an unpaired surrogate such as \\ud800): read as U+FFFD");
                return Unescape(value.GetRawText());
            }
        }
    }

    /// <summary>A JSON string token (already validated by the parser) with its escapes undone, unpaired surrogates as U+FFFD.</summary>
    internal static string Unescape(string token)
    {
        var text = token.AsSpan(1, token.Length - 2);
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }
            char kind = text[++i];
            if (kind != 'u')
            {
                result.Append(kind switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => kind });
                continue;
            }
            if (!TryHex(text, i + 1, out char unit))
            {
                result.Append('\uFFFD');
                continue;
            }
            i += 4;
            if (char.IsHighSurrogate(unit) && text[(i + 1)..].StartsWith("\\u", StringComparison.Ordinal)
                && TryHex(text, i + 3, out char low) && char.IsLowSurrogate(low))
            {
                result.Append(unit).Append(low);
                i += 6;
            }
            else
            {
                result.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
            }
        }
        return result.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> text, int at, out char unit)
    {
        unit = default;
        if (at + 4 > text.Length || !ushort.TryParse(text.Slice(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort value))
            return false;
        unit = (char)value;
        return true;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
