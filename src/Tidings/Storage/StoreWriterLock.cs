namespace Tidings.Storage;

/// <summary>
/// Makes one process at a time the writer of a store, from opening it to disposing it, with an exclusive lock on a
/// file beside it (<c>store.db-lock</c>).
/// </summary>
/// <remarks>
/// SQLite's own write lock cannot do this alone: each saved batch ends its transaction, and between that commit and
/// the next <c>BEGIN IMMEDIATE</c> a waiting writer could take the store, after which the first writer would save state
/// computed before the other's batch (a lost update). The lock file is never removed, because removing it while
/// another process waits on the old file would let two processes each hold "the" lock. The kernel releases the lock
/// when its holder ends, kill -9 included. It is a separate file, not the database, because closing any descriptor of
/// the database file would cancel the POSIX locks SQLite holds on it in this process.
/// </remarks>
internal sealed class StoreWriterLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _file;

    private StoreWriterLock(FileStream file) => _file = file;

    /// <summary>
    /// Takes the lock of the store at <paramref name="storePath"/>, waiting up to <paramref name="wait"/> for another
    /// writer; <paramref name="waiting"/> is called once when it has to wait. Throws <see cref="StoreException"/>.
    /// </summary>
    public static StoreWriterLock Acquire(string storePath, TimeSpan wait, Action? waiting)
    {
        string path = storePath + "-lock";
        var giveUp = DateTime.UtcNow + wait;
        bool told = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Unix and a sharing mode on Windows: either way, one holder.
                return new StoreWriterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StoreException(storePath, $"read-only: Tidings cannot create its lock file {path}", e);
            }
            catch (IOException e) when (HeldByAnother(e))
            {
                if (DateTime.UtcNow >= giveUp)
                    throw new StoreException(storePath, $"another run is still writing to it after {Duration(wait)} of waiting; is one stuck?", e);
                if (!told)
                {
                    waiting?.Invoke();
                    told = true;
                }
                Thread.Sleep(Poll);
            }
            catch (IOException e)
            {
                throw new StoreException(storePath, $"cannot create its lock file {path} ({e.Message})", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>
    /// Whether opening failed because another process holds the lock: <c>flock</c>'s EWOULDBLOCK on Linux (11) and
    /// macOS (35), a sharing or lock violation on Windows. Any other failure (a disk error) is not waited out.
    /// </summary>
    private static bool HeldByAnother(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static string Duration(TimeSpan wait) =>
        wait.TotalMinutes >= 1 ? $"{wait.TotalMinutes:0} minutes" : $"{wait.TotalSeconds:0.#} seconds";
}
