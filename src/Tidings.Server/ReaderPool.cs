using System.Collections.Concurrent;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>
/// Readers of the store, kept open between requests: opening one checks the store's schema, which costs more than
/// most of the questions asked of it. A reader that failed is closed rather than kept.
/// </summary>
internal sealed class ReaderPool(IStoreProvider provider) : IDisposable
{
    /// <summary>Readers kept idle at most: as many as requests are usually answered at once.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentBag<IStoryReader> _idle = [];

    public T Read<T>(Func<IStoryReader, T> read)
    {
        var reader = _idle.TryTake(out var idle) ? idle : provider.OpenReader();
        bool healthy = false;
        try
        {
            var result = read(reader);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && _idle.Count < MaxIdle)
                _idle.Add(reader);
            else
                reader.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
            reader.Dispose();
    }
}
