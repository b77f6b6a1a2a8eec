namespace Tidings.Storage;

/// <summary>
/// A store that cannot be opened, read or written, with its path and a reason a user can act on ("disk full",
/// "not an SQLite database"), rather than a driver's stack trace that names neither.
/// </summary>
public sealed class StoreException(string path, string reason, Exception? inner = null) : Exception($"{path}: {reason}", inner)
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
