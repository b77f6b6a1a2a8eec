namespace Tidings.Pipeline;

/// <summary>
/// Where a service sends the articles it is given: a <see cref="LiveEngine"/> in its own process, or a feed on a
/// cluster that runs the engine elsewhere. Readers read the store it writes; its versions say when their answers aged.
/// </summary>
public interface IArticleFeed : IDisposable
{
    /// <summary>
    /// Stores the records of <paramref name="jsonl"/> (see <see cref="Ingest.SubmittedRecords"/>) and completes once
    /// they are stored, with what became of each. Fails with <see cref="LiveEngineBusyException"/> when too much is
    /// waiting and with <see cref="Storage.StoreException"/> when the store failed to save them.
    /// </summary>
    Task<IngestReceipt> SubmitAsync(string input, byte[] jsonl);

    /// <summary>Counts committed transactions: an answer read from the store stays true until this moves.</summary>
    long Version { get; }

    /// <summary>The <see cref="Version"/> of the last transaction that wrote stories.</summary>
    long StoriesVersion { get; }

    /// <summary>Everything submitted is stored and the end-of-run pass has run since: the stories are those <c>tidings run</c> gives.</summary>
    bool Settled { get; }

    /// <summary>Articles stored since the engine last opened.</summary>
    long Stored { get; }

    /// <summary>Documents submitted and not yet placed.</summary>
    long Waiting { get; }

    /// <summary>Why the feed cannot take input, or null when it can.</summary>
    string? Fault { get; }
}
