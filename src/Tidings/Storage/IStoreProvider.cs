namespace Tidings.Storage;

/// <summary>
/// Opens one kind of store: a service holds one writer for the engine and as many readers as it answers requests at
/// once, each reader seeing what the writer has committed.
/// </summary>
public interface IStoreProvider
{
    /// <summary>The store as messages name it: a file's path, a database's host and name (never a password).</summary>
    string Name { get; }

    /// <summary>The one writer; <paramref name="waiting"/> is called once when another writer holds the store. Throws <see cref="StoreException"/>.</summary>
    IStoryStore OpenWriter(Action? waiting = null);

    /// <summary>A reader, once the writer has opened (and, where needed, created or upgraded) the store. Throws <see cref="StoreException"/>.</summary>
    IStoryReader OpenReader();
}

/// <summary>A store in one SQLite file: its readers read beside the writer (write-ahead log), never waiting for it.</summary>
public sealed class SqliteStoreProvider(string path) : IStoreProvider
{
    public string Name => path;

    public IStoryStore OpenWriter(Action? waiting = null) => SqliteStoryStore.Open(path, StoreAccess.Write, waiting);

    public IStoryReader OpenReader() => SqliteStoryStore.Open(path, StoreAccess.Read);
}
