using System.Text;
using System.Text.Json;

namespace Tidings.Ingest;

/// <summary>Turns one JSONL line into a document or a rejection; the record schema is DESIGN.md's.</summary>
internal static class JsonlRecordParser
{
    public static IngestItem Parse(ReadOnlySpan<byte> line, SourceLocation origin, string fallbackId)
    {
        if (!TextDecoding.TryDecodeUtf8(line, out _, out _, origin.Line ?? 1))
            return new Rejection(origin, "invalid UTF-8 in JSONL record");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return new Rejection(origin, $"not valid JSON ({FirstSentence(e.Message)})");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new Rejection(origin, $"a JSONL record must be a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}");
            string? text = String(root, "text");
            string? html = String(root, "html");
            DocumentBody? body = !string.IsNullOrWhiteSpace(html) ? new HtmlBody(Encoding.UTF8.GetBytes(html))
                : !string.IsNullOrWhiteSpace(text) ? new PlainTextBody(text)
                : null;
            if (body is null)
                return new Rejection(origin, "record has neither a non-empty \"text\" nor \"html\" field");
            var hints = new DocumentHints(
                Url: String(root, "url"),
                Source: String(root, "source"),
                Title: String(root, "title"),
                Published: String(root, "published"),
                Language: String(root, "language"));
            string id = String(root, "id") is { Length: > 0 } given ? given : fallbackId;
            return new AcceptedDocument(new RawDocument(id, origin, body, hints));
        }
    }

    /// <summary>Reads a field as a string; numbers are accepted for ids, other kinds are ignored rather than fatal.</summary>
    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
