namespace Tidings.Ingest;

/// <summary>What a reader yields for each record: an accepted document or a rejection, never an exception.</summary>
public abstract record IngestItem(SourceLocation Origin);

/// <summary>A record that was read and will go through the pipeline.</summary>
public sealed record AcceptedDocument(RawDocument Document) : IngestItem(Document.Origin);

/// <summary>A record that could not be read, with a reason a person can act on.</summary>
public sealed record Rejection(SourceLocation Origin, string Reason) : IngestItem(Origin)
{
    public override string ToString() => $"{Origin}: {Reason}";
}
