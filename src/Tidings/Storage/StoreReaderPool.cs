using System.Collections.Concurrent;

namespace Tidings.Storage;

/// <summary>
/// Readers of the store, kept open between requests: opening one checks the store's schema, which costs more than
/// most of the questions asked of it. A reader that failed is closed rather than kept. The server's requests read through
/// one, and so do a cluster's story grains.
/// </summary>
public sealed class StoreReaderPool(IStoreProvider provider) : IDisposable
{
    /// <summary>Readers kept idle at most: as many as requests are usually answered at once.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentBag<IStoryReader> _idle = [];

    /// <summary>What <paramref name="read"/> reads with a reader of its own, which no other thread uses meanwhile.</summary>
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
