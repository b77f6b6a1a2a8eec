using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tidings.Storage;

/// <summary>
/// Opens the SQLite files Tidings keeps: unpooled, so a file is released when its owner is disposed, with its schema in
/// place, and checked before any work is done, so that a bad path fails in a second rather than after an hour's run.
/// A file this call created is removed again when it cannot be used, so a failed open leaves no empty database behind.
/// </summary>
internal static class SqliteFile
{
    /// <summary>
    /// Opens <paramref name="path"/>, creating it and its <paramref name="schema"/> when <paramref name="writable"/>, and
    /// checks that it holds <paramref name="tables"/>. Throws <see cref="StoreException"/> naming the path and the reason.
    /// </summary>
    public static SqliteConnection Open(string path, string schema, IReadOnlyList<string> tables, bool writable = true)
    {
        if (Directory.Exists(path))
            throw new StoreException(path, "is a folder; give a file name for the store");
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new StoreException(path, $"folder '{folder}' does not exist");
        bool existed = File.Exists(path);
        if (!writable && !existed)
            throw new StoreException(path, "no such store");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            Mode = writable ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
        }.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            // Reading the schema is the first access that touches the file's header: a text file fails here, not later.
            cmd.CommandText = "SELECT count(*) FROM sqlite_schema";
            cmd.ExecuteScalar();
            // SQLite opens a file it may not write read-only without a word, and would fail only at the first save.
            if (writable && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
                throw new StoreException(path, "read-only: Tidings cannot write to it (check the file's and its folder's permissions)");
            if (writable)
            {
                // One statement at a time: a multi-statement command can stop at a failing statement (disk full on the
                // second CREATE TABLE) without reporting it.
                foreach (string statement in schema.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    cmd.CommandText = statement;
                    cmd.ExecuteNonQuery();
                }
            }
            cmd.CommandText = $"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})";
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) != tables.Count)
                throw new StoreException(path, $"an SQLite database, but not one Tidings wrote (it lacks the tables {string.Join(", ", tables)})");
            return connection;
        }
        catch (Exception e) when (e is SqliteException or StoreException)
        {
            connection.Dispose();
            if (!existed)
                RemoveCreated(path);
            throw e as StoreException ?? new StoreException(path, Describe((SqliteException)e), e);
        }
    }

    /// <summary>What a SQLite failure means to the person who named the file.</summary>
    public static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => "in use by another process (busy or locked)",
        8 => "read-only: Tidings cannot write to it (check the file's and its folder's permissions)",
        10 => $"disk I/O error ({FirstSentence(e.Message)})",
        11 => "the database file is corrupt",
        13 => "disk full: nothing more can be written",
        14 => "cannot be opened (check the path and permissions)",
        26 => "not an SQLite database: is this the right file?",
        _ => FirstSentence(e.Message),
    };

    private static void RemoveCreated(string path)
    {
        foreach (string file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Could not create it in the first place, most likely; nothing to clean.
            }
        }
    }

    private static string FirstSentence(string message)
    {
        // Microsoft.Data.Sqlite writes "SQLite Error 13: 'database or disk is full'."
        int quote = message.IndexOf('\'', StringComparison.Ordinal);
        int end = message.LastIndexOf('\'');
        return quote >= 0 && end > quote ? message[(quote + 1)..end] : message.TrimEnd('.');
    }
}
