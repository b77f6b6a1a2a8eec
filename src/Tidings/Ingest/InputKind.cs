namespace Tidings.Ingest;

internal enum InputFormat { Unsupported, PlainText, Html, Jsonl, Warc }

/// <summary>What a file name says about its content: format, gzip, and the id stem (the name without its extensions).</summary>
internal readonly record struct InputKind(InputFormat Format, bool Gzipped, string Stem)
{
    public static InputKind Of(string path)
    {
        string name = Path.GetFileName(path);
        bool gz = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (gz)
            name = name[..^3];
        string ext = Path.GetExtension(name).ToLowerInvariant();
        var format = ext switch
        {
            ".txt" or ".text" => InputFormat.PlainText,
            ".html" or ".htm" or ".xhtml" => InputFormat.Html,
            ".jsonl" or ".ndjson" => InputFormat.Jsonl,
            ".warc" => InputFormat.Warc,
            _ => InputFormat.Unsupported,
        };
        return new InputKind(format, gz, Path.GetFileNameWithoutExtension(name));
    }
}
