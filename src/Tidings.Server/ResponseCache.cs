using System.Collections.Concurrent;

namespace Tidings.Server;

/// <summary>
/// Answers of read requests, each kept with the engine's <see cref="Pipeline.LiveEngine.Version"/> it was made at and
/// given again while the version stands: the store changes only when the engine commits, and fifty readers polling the
/// front page ask the same few questions between two commits.
/// </summary>
internal sealed class ResponseCache
{
    /// <summary>Answers kept at most; beyond it the cache starts again (the answers of an old version are useless anyway).</summary>
    private const int MaxEntries = 4096;

    /// <summary>Answers larger than this are made afresh each time: a story of thousands of articles is rarely asked twice between commits.</summary>
    private const int MaxBodyBytes = 1 << 20;

    private readonly ConcurrentDictionary<string, CachedAnswer> _answers = new(StringComparer.Ordinal);

    public bool TryGet(string key, long version, out CachedAnswer answer) =>
        _answers.TryGetValue(key, out answer!) && answer.Version == version;

    public void Put(string key, CachedAnswer answer)
    {
        if (answer.Body.Length > MaxBodyBytes)
            return;
        if (_answers.Count >= MaxEntries)
            _answers.Clear();
        _answers[key] = answer;
    }
}

internal sealed record CachedAnswer(long Version, int Status, byte[] Body, string? ContentLocation);
