namespace Tidings.Ingest;

internal enum InputFormat { Unsupported, PlainText, Html, Jsonl, Warc }

/// <summary>What a file name says about its content: format, gzip, and the stem (the name without its format extensions).</summary>
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

    /// <summary>
    /// The id a file's articles are named by: its path relative to the folder named on the command line, with '/'
    /// between folders and without its format extensions ("a/index" for mirror/a/index.html read as "mirror"), so
    /// that the many index.html pages of a site mirror keep their own ids. A file at the top of that folder, or named
    /// itself, is its stem alone.
    /// </summary>
    public string IdStem(string relativeFolder) => relativeFolder.Length == 0 ? Stem : $"{relativeFolder}/{Stem}";
}
