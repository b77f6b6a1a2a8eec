using System.Text.Json;

namespace Tidings.Cli;

/// <summary>
/// The records of a JSONL file of labels or sources, one per non-blank line. A line that is not JSON is reported on
/// standard error with its file and line number and skipped, so one bad line never costs the evaluation.
/// </summary>
internal static class JsonLines
{
    public static IEnumerable<JsonElement> Read(string path) => ReadNumbered(path).Select(r => r.Record);

    /// <summary>The records with the line each is on, for messages that name it.</summary>
    public static IEnumerable<(int Line, JsonElement Record)> ReadNumbered(string path)
    {
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonElement record;
            try
            {
                using var json = JsonDocument.Parse(line);
                record = json.RootElement.Clone();
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"tidings: {path}:{lineNumber}: not valid JSON ({e.Message})");
                continue;
            }
            yield return (lineNumber, record);
        }
    }
}
