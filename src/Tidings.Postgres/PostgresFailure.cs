using System.Net.Sockets;
using Npgsql;

namespace Tidings.Postgres;

/// <summary>
/// What a failure of the driver or the server means to the person who gave the connection string: "no such database
/// 'news'" or "the server refused the password of user 'tidings'", rather than a driver's stack trace. Nothing here
/// repeats the connection string, which holds the password.
/// </summary>
internal static class PostgresFailure
{
    /// <summary>
    /// The store as messages name it: server and database, never the user or password
    /// (<c>postgresql://localhost:5432/tidings</c>).
    /// </summary>
    public static string Location(NpgsqlConnectionStringBuilder settings) =>
        $"postgresql://{settings.Host ?? "localhost"}:{settings.Port}/{settings.Database ?? settings.Username ?? "(default database)"}";

    public static string Describe(NpgsqlException e, NpgsqlConnectionStringBuilder settings) => e switch
    {
        PostgresException server => server.SqlState switch
        {
            PostgresErrorCodes.InvalidPassword => $"the server refused the password of user '{settings.Username}'",
            PostgresErrorCodes.InvalidAuthorizationSpecification => $"the server does not let user '{settings.Username}' in from here ({server.MessageText})",
            PostgresErrorCodes.InvalidCatalogName => $"no such database '{settings.Database}' on the server (create it, or run scripts/postgres.sh)",
            PostgresErrorCodes.InsufficientPrivilege => $"permission denied: {server.MessageText}",
            PostgresErrorCodes.DiskFull => "disk full: the server can write nothing more",
            PostgresErrorCodes.TooManyConnections => "the server has no connection left for this one (too many clients)",
            PostgresErrorCodes.ReadOnlySqlTransaction => "read-only: the server accepts no writes (a standby?)",
            PostgresErrorCodes.AdminShutdown => "the server ended this connection (it is shutting down, or the session was terminated)",
            PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => "the server is restarting or starting up; try again",
            _ => server.MessageText,
        },
        _ when Find<SocketException>(e) is { } socket => $"cannot reach the server ({socket.Message})",
        _ when Find<TimeoutException>(e) is not null => "the server did not answer in time",
        _ => e.Message,
    };

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
                return found;
        }
        return null;
    }
}
