using Microsoft.Data.Sqlite;

namespace Tidings.Storage;

/// <summary>Opens the SQLite files Tidings keeps: unpooled, so a file is released when its owner is disposed, and with its schema in place.</summary>
internal static class SqliteFile
{
    public static SqliteConnection Open(string path, string schema)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = schema;
        cmd.ExecuteNonQuery();
        return connection;
    }
}
