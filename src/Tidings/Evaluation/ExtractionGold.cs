using System.IO.Compression;
using System.Text.Json;

namespace Tidings.Evaluation;

/// <summary>One labelled page of an extraction or date benchmark. Fields the benchmark does not label are null.</summary>
public sealed record GoldPage(
    string Url,
    string PagePath,
    IReadOnlyList<string> With,
    IReadOnlyList<string> Without,
    string? Title,
    string? Author,
    string? Date,
    string? MainContent,
    string? PageType)
{
    /// <summary>The page's bytes, gunzipped when the file is <c>.gz</c>.</summary>
    public byte[] ReadBytes()
    {
        if (!PagePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return File.ReadAllBytes(PagePath);
        using var gzip = new GZipStream(File.OpenRead(PagePath), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The labelled pages found, and the labels whose page file is missing.</summary>
public sealed record GoldSet(IReadOnlyList<GoldPage> Pages, IReadOnlyList<string> Missing);

/// <summary>Readers for the benchmark layouts described in <c>shared/data/README.md</c>.</summary>
public static class ExtractionGold
{
    /// <summary>
    /// trafilatura-eval and htmldate: one JSON object mapping each URL to its <c>file</c> and labels.
    /// Pages are looked up as <c>DIR/file.gz</c>, <c>DIR/file</c>, or the same under <c>DIR/html</c>.
    /// </summary>
    public static GoldSet ReadUrlMap(string goldPath, string pagesFolder)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(goldPath));
        var pages = new List<GoldPage>();
        var absent = new List<string>();
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            var v = entry.Value;
            string? file = Text(v, "file");
            string? path = file is null ? null : Locate(pagesFolder, file);
            if (path is null)
            {
                absent.Add(file ?? entry.Name);
                continue;
            }
            pages.Add(new GoldPage(entry.Name, path, Strings(v, "with"), Strings(v, "without"),
                Text(v, "title"), Author(v), Text(v, "date"), null, null));
        }
        return new GoldSet(pages, absent);
    }

    /// <summary>WCXB: <c>ground-truth/NNNN.json</c> per page, its page at <c>html/NNNN.html.gz</c>.</summary>
    public static GoldSet ReadWcxb(string goldFolder, string pagesFolder)
    {
        string labels = Directory.Exists(Path.Combine(goldFolder, "ground-truth")) ? Path.Combine(goldFolder, "ground-truth") : goldFolder;
        var pages = new List<GoldPage>();
        var absent = new List<string>();
        foreach (var file in Directory.EnumerateFiles(labels, "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = json.RootElement;
            string id = Text(root, "file_id") ?? Path.GetFileNameWithoutExtension(file);
            string? path = Locate(pagesFolder, id + ".html");
            if (path is null)
            {
                absent.Add(id);
                continue;
            }
            var truth = root.TryGetProperty("ground_truth", out var t) ? t : default;
            string? type = root.TryGetProperty("_internal", out var i) && i.TryGetProperty("page_type", out var pt) ? Text(pt, "primary") : null;
            pages.Add(new GoldPage(Text(root, "url") ?? id, path, [], [],
                Text(truth, "title"), Author(truth), Text(truth, "publish_date"), Text(truth, "main_content") ?? string.Empty, type));
        }
        return new GoldSet(pages, absent);
    }

    private static string? Locate(string folder, string file)
    {
        foreach (var dir in new[] { folder, Path.Combine(folder, "html") })
        {
            foreach (var name in new[] { file + ".gz", file })
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path))
                    return path;
            }
        }
        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;

    /// <summary>Authors are labelled as one string or a list; a list becomes one comma-separated string.</summary>
    private static string? Author(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("author", out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Array)
        {
            var names = v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList();
            return names.Count == 0 ? null : string.Join(", ", names);
        }
        return Text(e, "author");
    }

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}
