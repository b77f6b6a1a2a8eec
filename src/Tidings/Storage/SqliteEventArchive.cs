using Microsoft.Data.Sqlite;
using Tidings.Events;

namespace Tidings.Storage;

/// <summary>
/// Retired events in a SQLite file, out of memory: a stream that runs for months keeps only its live events in
/// memory, and a merge reads a retired event back to revive it. The archive is working state that replaying the
/// articles rebuilds, so it trades durability for speed (no fsync per retirement).
/// </summary>
public sealed class SqliteEventArchive : IEventArchive, IDisposable
{
    private readonly SqliteConnection _connection;
    private int _count;

    public SqliteEventArchive(string path)
    {
        _connection = SqliteFile.Open(path, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = OFF;
            DROP TABLE IF EXISTS retired_events;
            CREATE TABLE retired_events (number INTEGER PRIMARY KEY, event BLOB NOT NULL);
            """, ["retired_events"]);
    }

    public int Count => _count;

    public void Put(EventCluster retired)
    {
        byte[] bytes = retired.ToRetiredBytes();
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO retired_events (number, event) VALUES ($n, $e) ON CONFLICT(number) DO NOTHING";
        insert.Parameters.AddWithValue("$n", retired.Number);
        insert.Parameters.AddWithValue("$e", bytes);
        if (insert.ExecuteNonQuery() == 1)
        {
            _count++;
            return;
        }
        using var update = _connection.CreateCommand();
        update.CommandText = "UPDATE retired_events SET event = $e WHERE number = $n";
        update.Parameters.AddWithValue("$n", retired.Number);
        update.Parameters.AddWithValue("$e", bytes);
        update.ExecuteNonQuery();
    }

    public EventCluster? Get(int number) => Bytes(number) is { } bytes ? EventCluster.FromRetiredBytes(bytes) : null;

    public ArchivedTerms? GetTerms(int number) => Bytes(number) is { } bytes ? EventCluster.TermsFromRetiredBytes(bytes) : null;

    public EventCluster? GetListing(int number) => Bytes(number) is { } bytes ? EventCluster.ListingFromRetiredBytes(bytes) : null;

    private byte[]? Bytes(int number)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT event FROM retired_events WHERE number = $n";
        cmd.Parameters.AddWithValue("$n", number);
        return cmd.ExecuteScalar() as byte[];
    }

    public void Remove(int number)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM retired_events WHERE number = $n";
        cmd.Parameters.AddWithValue("$n", number);
        _count -= cmd.ExecuteNonQuery();
    }

    public IEnumerable<EventCluster> All()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT event FROM retired_events ORDER BY number";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            yield return EventCluster.FromRetiredBytes((byte[])reader[0]);
    }

    public void Dispose() => _connection.Dispose();

}
