namespace Tidings.Ingest;

/// <summary>Where a record came from: the input as the user named it, and the line for line-based formats.</summary>
/// <remarks>
/// Every error message names this, so a user can find the bad record in a batch of thousands. The line is 64-bit
/// because a decompressed input can hold more than two billion lines.
/// </remarks>
public readonly record struct SourceLocation(string Input, long? Line = null)
{
    public override string ToString() => Line is { } line ? $"{Input}:{line}" : Input;
}

/// <summary>The body of a document before extraction.</summary>
public abstract record DocumentBody;

/// <summary>Plain text, as a naive scraper left it (boilerplate included).</summary>
public sealed record PlainTextBody(string Text) : DocumentBody;

/// <summary>
/// HTML kept as bytes, because the page's declared or sniffed encoding is only honoured
/// when the parser sees bytes rather than an already-decoded string.
/// </summary>
public sealed record HtmlBody(byte[] Bytes) : DocumentBody;

/// <summary>Metadata that arrived with the document (JSONL fields), used before anything guessed from the text.</summary>
public sealed record DocumentHints(
    string? Url = null,
    string? Source = null,
    string? Title = null,
    string? Published = null,
    string? Language = null)
{
    public static DocumentHints None { get; } = new();
}

/// <summary>One article as read from an input, before extraction.</summary>
public sealed record RawDocument(string Id, SourceLocation Origin, DocumentBody Body, DocumentHints Hints);
