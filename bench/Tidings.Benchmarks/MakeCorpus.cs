using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tidings.Benchmarks;

/// <summary>
/// <c>make-corpus</c>: writes the JSONL inputs of the whole-process measurements in <c>bench/*.sh</c>, so that the
/// CLI is timed on exactly what a feed would give it (reading and parsing included) rather than on objects in memory.
/// <list type="bullet">
/// <item><c>make-corpus synthetic --articles N [--lowercase] [--seed S] --out FILE</c>: the <see cref="SyntheticCorpus"/>
/// (Zipf words, planted near-copies, rewrites and partial copies) as <c>{"id","title","published","text"}</c>.</item>
/// <item><c>make-corpus reuters-stream [--copies K] [--articles N] [--in FILE] --out FILE</c>: the Reuters set replayed
/// K times (or until N records), each replay with new ids and dates moved forward, a long stream of real text.</item>
/// </list>
/// </summary>
internal static class MakeCorpus
{
    /// <summary>Where the Reuters set lies from the repository root of a worktree (see /work/shared/data/README.md).</summary>
    private const string DefaultReuters = "../shared/data/speed/reuters21578.jsonl.gz";

    /// <summary>
    /// Years between replays. Reuters-21578 spans 1987 alone, so three years keep each replay's dates clear of the
    /// previous one's, and the events stage sees new events rather than an old event's late reports.
    /// </summary>
    private const int YearsPerReplay = 3;

    /// <summary>Synthetic articles are spread over time this far apart: 20,000 of them cover about a month.</summary>
    private static readonly TimeSpan SyntheticSpacing = TimeSpan.FromMinutes(2);

    private static readonly DateTime SyntheticStart = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The date a Reuters record without one gets: the start of the set, before every dated record.</summary>
    private static readonly DateTime UndatedReuters = new(1987, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static int Run(IReadOnlyList<string> args)
    {
        string? kind = args.Count > 0 ? args[0] : null;
        string? output = Option(args, "--out");
        if (kind is not ("synthetic" or "reuters-stream") || output is null)
        {
            Console.Error.WriteLine("usage: make-corpus synthetic --articles N [--lowercase] [--seed S] --out FILE");
            Console.Error.WriteLine("       make-corpus reuters-stream [--copies K] [--articles N] [--in FILE] --out FILE");
            return 1;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder)
            Directory.CreateDirectory(folder);
        long written = kind == "synthetic"
            ? Synthetic(output, IntOption(args, "--articles") ?? 20_000, IntOption(args, "--seed") ?? 1, args.Contains("--lowercase"))
            : ReutersStream(output, Option(args, "--in") ?? DefaultReuters, IntOption(args, "--copies"), IntOption(args, "--articles"));
        Console.Error.WriteLine($"make-corpus: {written:N0} articles to {output}");
        return 0;
    }

    private static long Synthetic(string output, int count, int seed, bool lowercase)
    {
        var articles = new SyntheticCorpus(seed).Generate(count);
        using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var json = new Utf8JsonWriter(file);
        for (int i = 0; i < articles.Length; i++)
        {
            var article = articles[i];
            // A copy keeps its original's headline, as republished stories do; the headline is the original's opening words.
            string source = article.CopyOf is { } of ? articles[of].Article.Text : article.Article.Text;
            string title = Headline(source);
            string text = article.Article.Text;
            if (lowercase)
            {
                // A lower-cased feed: no capital marks a sentence start, a name or a boilerplate line.
                title = title.ToLowerInvariant();
                text = text.ToLowerInvariant();
            }
            json.WriteStartObject();
            json.WriteString("id", article.Article.Id);
            json.WriteString("title", title);
            json.WriteString("published", (SyntheticStart + i * SyntheticSpacing).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("text", text);
            json.WriteEndObject();
            // One JSON value per line: flush it, write the line break, and let the writer start a new top-level value.
            json.Flush();
            file.WriteByte((byte)'\n');
            json.Reset();
        }
        return articles.Length;
    }

    private static string Headline(string text)
    {
        int end = text.IndexOf('.', StringComparison.Ordinal);
        var words = (end < 0 ? text : text[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(10));
    }

    private static long ReutersStream(string output, string input, int? copies, int? limit)
    {
        if (!File.Exists(input))
            throw new FileNotFoundException($"make-corpus: no Reuters set at {Path.GetFullPath(input)}; pass --in FILE", input);
        var records = new List<JsonObject>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(input), CompressionMode.Decompress), Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && JsonNode.Parse(line) is JsonObject record)
                    records.Add(record);
            }
        }
        int replays = copies ?? (limit is { } n ? (n + records.Count - 1) / records.Count : 1);
        long written = 0;
        using var writer = Writer(output);
        for (int k = 0; k < replays; k++)
        {
            foreach (var original in records)
            {
                if (written == limit)
                    return written;
                var record = (JsonObject)original.DeepClone();
                // Replay 0 keeps the original ids and dates, so a stream of one replay is the Reuters set itself.
                if (k > 0)
                    record["id"] = $"{(string?)record["id"]}~r{k}";
                record["published"] = Shifted((string?)record["published"], k).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                writer.Write(record.ToJsonString());
                writer.Write('\n');
                written++;
            }
        }
        return written;
    }

    private static DateTime Shifted(string? published, int replay)
    {
        var date = DateTime.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : UndatedReuters;
        return date.AddYears(replay * YearsPerReplay);
    }

    private static StreamWriter Writer(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false)) { NewLine = "\n" };

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        int at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static int? IntOption(IReadOnlyList<string> args, string name) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
