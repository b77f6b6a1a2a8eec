using Tidings.Extraction;

namespace Tidings.Storage;

/// <summary>
/// Reads of stored articles by id that arrive together become one read: while one read runs, those asked meanwhile
/// wait and are then read at once. A cluster's engine asks every story of a commit at the same moment, and each story
/// grain that lacks its members used to read them alone: on 300,000 articles, about 88,000 round trips, each holding a
/// thread of the silo while it waited.
/// </summary>
/// <param name="read">The store's read (<see cref="IStoryReader.FindArticles"/>); runs on one thread-pool thread at a time.</param>
public sealed class CoalescedArticleReads(Func<IReadOnlyCollection<string>, IReadOnlyDictionary<string, Article>> read)
{
    private readonly Lock _lock = new();
    private List<(IReadOnlyCollection<string> Ids, TaskCompletionSource<IReadOnlyDictionary<string, Article>> Answer)> _waiting = [];
    private bool _reading;
    private long _asked, _reads;

    /// <summary>Reads asked for so far.</summary>
    public long Asked => Interlocked.Read(ref _asked);

    /// <summary>Reads made of the store so far: at most <see cref="Asked"/>, fewer the more reads came together.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>
    /// The stored articles with these ids, by id (ids not stored are left out), once a read that includes them ends;
    /// fails with the read's exception (<see cref="StoreException"/> when the store cannot be read).
    /// </summary>
    public Task<IReadOnlyDictionary<string, Article>> Read(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Interlocked.Increment(ref _asked);
        // Continuations run elsewhere: a grain resumed on the reading thread would hold up the reads behind it.
        var answer = new TaskCompletionSource<IReadOnlyDictionary<string, Article>>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _waiting.Add((ids, answer));
            start = !_reading;
            _reading = true;
        }
        if (start)
        {
            // Off the caller's scheduler (a grain's), which must not block on the store.
            using (ExecutionContext.SuppressFlow())
                _ = Task.Run(ReadWhileAsked);
        }
        return answer.Task;
    }

    private void ReadWhileAsked()
    {
        while (true)
        {
            List<(IReadOnlyCollection<string> Ids, TaskCompletionSource<IReadOnlyDictionary<string, Article>> Answer)> asked;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _reading = false;
                    return;
                }
                asked = _waiting;
                _waiting = [];
            }
            Interlocked.Increment(ref _reads);
            try
            {
                var found = read(asked.SelectMany(a => a.Ids).ToHashSet(StringComparer.Ordinal));
                foreach (var (ids, answer) in asked)
                {
                    var mine = new Dictionary<string, Article>(ids.Count, StringComparer.Ordinal);
                    foreach (string id in ids)
                    {
                        if (found.TryGetValue(id, out var article))
                            mine[id] = article;
                    }
                    answer.SetResult(mine);
                }
            }
            catch (Exception e)
            {
                // Every asker hears of the failure, and the next read is tried afresh for those who ask after.
                foreach (var (_, answer) in asked)
                    answer.TrySetException(e);
            }
        }
    }
}
