using Npgsql;
using Tidings.Storage;

namespace Tidings.Postgres;

/// <summary>
/// A store in one PostgreSQL database, for a service: one writer (the engine's) and a reader per request, on as many
/// machines as share the server. Readers hold no connection while idle (see <see cref="PostgresStoryStore"/>), so a
/// service may keep many of them open.
/// </summary>
public sealed class PostgresStoreProvider(string connectionString) : IStoreProvider
{
    /// <summary>The server and database (<c>postgresql://localhost:5432/tidings</c>), never the user or password.</summary>
    public string Name { get; } = NameOf(connectionString);

    /// <summary>How to reach the database, for a cluster's grain storage beside the store (password included: never shown).</summary>
    internal string ConnectionString { get; } = connectionString;

    public IStoryStore OpenWriter(Action? waiting = null) => PostgresStoryStore.Open(ConnectionString, StoreAccess.Write, waiting);

    public IStoryReader OpenReader() => PostgresStoryStore.Open(ConnectionString, StoreAccess.Read);

    private static string NameOf(string connectionString)
    {
        try
        {
            return PostgresFailure.Location(new NpgsqlConnectionStringBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return "postgresql";   // opening says what is wrong with it
        }
    }
}
