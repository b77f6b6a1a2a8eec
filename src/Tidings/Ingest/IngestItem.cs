namespace Tidings.Ingest;

/// <summary>What a reader yields for each record: an accepted document, a rejection or a warning, never an exception.</summary>
public abstract record IngestItem(SourceLocation Origin);

/// <summary>A record that was read and will go through the pipeline.</summary>
public sealed record AcceptedDocument(RawDocument Document) : IngestItem(Document.Origin);

/// <summary>A record that could not be read, with a reason a person can act on.</summary>
public sealed record Rejection(SourceLocation Origin, string Reason) : IngestItem(Origin)
{
    public override string ToString() => $"{Origin}: {Reason}";
}

/// <summary>
/// Something about an accepted record that the user should know (a date that could not be read, a character set that
/// had to be guessed): the record still goes through the pipeline, but without the part the warning names.
/// </summary>
public sealed record IngestWarning(SourceLocation Origin, string Message) : IngestItem(Origin)
{
    public override string ToString() => $"{Origin}: warning: {Message}";
}
