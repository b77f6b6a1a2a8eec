using System.Text.Json;

namespace Tidings.Evaluation;

/// <summary>One page as another extractor saw it: its title (null when it gave none) and its text.</summary>
public sealed record PredictedPage(string? Title, string Text);

/// <summary>A prediction file that cannot be scored, with the line at fault (0 when the file itself is).</summary>
public sealed class PredictionFileException(string path, int line, string reason)
    : Exception(line > 0 ? $"{path}:{line}: {reason}" : $"{path}: {reason}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}

/// <summary>
/// Another extractor's output over a benchmark's pages, read from JSONL (one <c>{"file", "title", "text"}</c> per
/// page, as the runners in <c>bench/peers</c> write it), so that it is scored by the very scorers Tidings is. Pages are
/// matched by file name with or without <c>.gz</c>, so a runner that wrote <c>0001.html</c> still meets
/// <c>html/0001.html.gz</c>. A page the file does not name is an empty prediction: an extractor that skipped a page
/// found nothing on it. A line that cannot be read stops the reading rather than being skipped, since a skipped line
/// would silently score a page the extractor did answer as empty; so does a page named twice, whose score would depend
/// on which line won.
/// </summary>
public sealed class ExtractionPredictions
{
    private static readonly PredictedPage Empty = new(null, string.Empty);
    private readonly Dictionary<string, PredictedPage> _byFile;

    private ExtractionPredictions(Dictionary<string, PredictedPage> byFile) => _byFile = byFile;

    /// <summary>How many pages the file names.</summary>
    public int Count => _byFile.Count;

    /// <summary>Reads the file; throws <see cref="PredictionFileException"/> naming the line for a line that is not a prediction.</summary>
    public static ExtractionPredictions Read(string path)
    {
        var byFile = new Dictionary<string, PredictedPage>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int number = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                var (file, page, error) = Parse(line);
                if (error is not null)
                    throw new PredictionFileException(path, number, error);
                string key = Key(file!);
                if (lineOf.TryGetValue(key, out int first))
                    throw new PredictionFileException(path, number, $"\"{file}\" was already predicted on line {first}");
                lineOf[key] = number;
                byFile[key] = page!;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PredictionFileException(path, 0, $"cannot be read ({e.Message})");
        }
        return new ExtractionPredictions(byFile);
    }

    /// <summary>The prediction for a page file, or an empty one when the file does not name it.</summary>
    public PredictedPage For(string pagePath) => _byFile.GetValueOrDefault(Key(pagePath), Empty);

    /// <summary>Whether the file names the page (a page it does not name is scored as empty, and worth saying so).</summary>
    public bool Names(string pagePath) => _byFile.ContainsKey(Key(pagePath));

    /// <summary>The page files named that are not among <paramref name="pagePaths"/>: a sign of a run over another folder.</summary>
    public IReadOnlyList<string> Unmatched(IEnumerable<string> pagePaths)
    {
        var known = pagePaths.Select(Key).ToHashSet(StringComparer.Ordinal);
        return _byFile.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
    }

    private static (string? File, PredictedPage? Page, string? Error) Parse(string line)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            // The parser counts within the line, which is all it saw: keep its reason and column, not its "LineNumber: 0".
            return (null, null, $"not valid JSON at column {e.BytePositionInLine + 1}: {e.Message.Split(" LineNumber:")[0]}");
        }
        using var _ = json;
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return (null, null, "not a JSON object");
        if (!root.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(file.GetString()))
            return (null, null, "no \"file\" naming the page");
        if (!OptionalString(root, "title", out string? title))
            return (null, null, "\"title\" is neither a string nor null");
        if (!OptionalString(root, "text", out string? text))
            return (null, null, "\"text\" is neither a string nor null");
        return (file.GetString(), new PredictedPage(title, text ?? string.Empty), null);
    }

    private static bool OptionalString(JsonElement record, string name, out string? value)
    {
        value = null;
        if (!record.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return true;
        value = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return v.ValueKind == JsonValueKind.String;
    }

    /// <summary>The file name without folder or <c>.gz</c>: how a page is named in both a prediction and the data folder.</summary>
    private static string Key(string file)
    {
        string name = System.IO.Path.GetFileName(file);
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
    }
}
