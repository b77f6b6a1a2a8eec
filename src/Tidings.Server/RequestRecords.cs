using System.Text;
using System.Text.Json;
using Tidings.Ingest;

namespace Tidings.Server;

/// <summary>
/// A write request's body as records: JSON (one article object, or an array of them) or JSONL, read by the same parser
/// as the command line's JSONL, so a record is accepted or refused for the same reasons, named by its line.
/// </summary>
internal static class RequestRecords
{
    /// <summary>
    /// The records of <paramref name="body"/> as JSONL (see <see cref="SubmittedRecords"/>), or why the body as a whole
    /// cannot be read.
    /// </summary>
    public static (byte[] Jsonl, string? Problem) Read(byte[] body, string? contentType)
    {
        if (body.Length == 0)
            return ([], "empty body: send one JSON article, an array of them, or JSONL");
        if (!IsJson(contentType))
            return (body, null);
        var (lines, problem) = JsonAsLines(body);
        return (lines ?? [], problem);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>One JSON article, or an array of them, as JSONL: one record a line, so that each is named by its place in the array (line 1 is the first).</summary>
    private static (byte[]? Lines, string? Problem) JsonAsLines(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return (null, $"not JSON: line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
        }
        using (document)
        {
            var records = document.RootElement.ValueKind switch
            {
                JsonValueKind.Object => [document.RootElement],
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
                _ => null,
            };
            if (records is null)
                return (null, "JSON body is neither an article object nor an array of them");
            var lines = new MemoryStream();
            foreach (var record in records)
            {
                // A record that is not an object is still one line, refused by the parser with its place named.
                lines.Write(Encoding.UTF8.GetBytes(record.GetRawText().ReplaceLineEndings(" ")));
                lines.WriteByte((byte)'\n');
            }
            return (lines.ToArray(), null);
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
