using System.Text.Json;

namespace Tidings.Cli;

/// <summary>
/// The records of a JSONL file (gzipped when its name ends in .gz) of labels or sources, one per non-blank line. A line that is not JSON is reported on
/// standard error with its file and line number and skipped, so one bad line never costs the evaluation; a file that
/// cannot be opened is reported and gives no records. Files the evaluations write (sets, details, pairs to judge) are
/// created here too, with the same kind of message when they cannot be.
/// </summary>
internal static class JsonLines
{
    public static IEnumerable<JsonElement> Read(string path) => ReadNumbered(path).Select(r => r.Record);

    /// <summary>The next line, or null at the end or where the file cannot be read on (a truncated or corrupt .gz), which is reported.</summary>
    private static string? NextLine(StreamReader reader, string path, int lineNumber)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"tidings: {path}:{lineNumber}: cannot be read on ({e.Message}); the records before it are kept");
            return null;
        }
    }

    /// <summary>The records with the line each is on, for messages that name it.</summary>
    public static IEnumerable<(int Line, JsonElement Record)> ReadNumbered(string path)
    {
        StreamReader reader;
        try
        {
            reader = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
                : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {path}: cannot be read ({e.Message})");
            yield break;
        }
        using var _ = reader;
        int lineNumber = 0;
        while (NextLine(reader, path, lineNumber + 1) is { } line)
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

    /// <summary>
    /// A JSONL file to write, or null when it cannot be created (a missing folder, no permission); the reason goes to
    /// standard error naming the file.
    /// </summary>
    public static StreamWriter? Create(string path)
    {
        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            BatchRunner.Report(path, $"cannot be written ({e.Message})");
            return null;
        }
    }
}
