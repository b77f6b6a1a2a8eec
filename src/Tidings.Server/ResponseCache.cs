using System.Collections.Concurrent;

namespace Tidings.Server;

/// <summary>
/// Answers of read requests, each kept with the engine's version it was made at (see
/// <see cref="Pipeline.LiveEngine.Version"/>) and given again while that version stands: the store changes only when the
/// engine commits, and fifty readers polling the front page ask the same few questions between two commits. Readers
/// asking the same question at once wait for one answer rather than each asking the store: under a busy feed every
/// commit makes all answers old together, and every poller then missed at the same moment.
/// </summary>
internal sealed class ResponseCache
{
    /// <summary>Answers kept at most; beyond it the cache starts again (the answers of an old version are useless anyway).</summary>
    private const int MaxEntries = 4096;

    /// <summary>Answers larger than this are made afresh each time: a story of thousands of articles is rarely asked twice between commits.</summary>
    private const int MaxBodyBytes = 1 << 20;

    private readonly ConcurrentDictionary<string, PendingAnswer> _answers = new(StringComparer.Ordinal);

    /// <summary>
    /// The answer to <paramref name="key"/> made at <paramref name="version"/> or later, made by <paramref name="make"/>
    /// on this thread when there is none and no other request is making it. A failure reaches every request that waited
    /// for it, and is not kept.
    /// </summary>
    public Task<CachedAnswer> GetOrMake(string key, long version, Func<CachedAnswer> make)
    {
        if (_answers.TryGetValue(key, out var found) && found.Version >= version)
            return found.Answer.Task;
        if (_answers.Count >= MaxEntries)
            _answers.Clear();
        var mine = new PendingAnswer(version);
        var current = _answers.AddOrUpdate(key, mine, (_, existing) => existing.Version >= version ? existing : mine);
        if (!ReferenceEquals(current, mine))
            return current.Answer.Task;
        try
        {
            var answer = make();
            mine.Answer.SetResult(answer);
            if (answer.Body.Length > MaxBodyBytes)
                _answers.TryRemove(KeyValuePair.Create(key, mine));
        }
        catch (Exception e)
        {
            _answers.TryRemove(KeyValuePair.Create(key, mine));
            mine.Answer.SetException(e);
        }
        return mine.Answer.Task;
    }

    private sealed class PendingAnswer(long version)
    {
        public long Version { get; } = version;

        public TaskCompletionSource<CachedAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal sealed record CachedAnswer(int Status, byte[] Body, string? ContentLocation);
