using System.Diagnostics;
using Npgsql;

namespace Tidings.Tests.Storage;

/// <summary>
/// The PostgreSQL server the store's tests run against: the one <c>TIDINGS_PG</c> names, or else the local one
/// <c>scripts/postgres.sh</c> installs, starts and prints the connection string of (run once for every test that needs
/// it). A test never skips for want of a server: when the script fails, every such test fails with what it said.
/// Each test gets a database of its own (<see cref="CreateDatabase"/>), so no test sees another's stories.
/// </summary>
public sealed class PostgresServer
{
    public PostgresServer()
    {
        ConnectionString = RepositoryScripts.ServerFor("TIDINGS_PG", "postgres.sh");
    }

    /// <summary>A connection string of a role that may create databases.</summary>
    public string ConnectionString { get; }

    /// <summary>A new empty database, like the server's own, owned by the test's role; dropped when disposed.</summary>
    public TestDatabase CreateDatabase()
    {
        string name = "tidings_test_" + Guid.NewGuid().ToString("n");
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            // UTF-8 with the locale of the database the connection string names (the script makes it C.UTF-8).
            cmd.CommandText = "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()";
            string collate, ctype;
            using (var reader = cmd.ExecuteReader())
            {
                reader.Read();
                (collate, ctype) = (reader.GetString(0), reader.GetString(1));
            }
            cmd.CommandText = $"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '{collate}' LC_CTYPE '{ctype}'";
            cmd.ExecuteNonQuery();
        }
        return new TestDatabase(this, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString, name);
    }

    internal void Drop(string connectionString, string name)
    {
        // Every pool: a test's stores may have pooled connections under settings of their own. The tests that use the
        // server run one at a time (one collection), so no other test's connection is closed under it.
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        // Plainly first: the server then stops an autovacuum worker busy in the database itself, which FORCE, asked by a
        // role that is not a superuser, may not. FORCE for a session a test left open; once more plainly if FORCE met
        // an autovacuum worker.
        string[] drops = [$"DROP DATABASE IF EXISTS {name}", $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"DROP DATABASE IF EXISTS {name}"];
        for (int attempt = 0; ; attempt++)
        {
            cmd.CommandText = drops[attempt];
            try
            {
                cmd.ExecuteNonQuery();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege && attempt + 1 < drops.Length)
            {
                // the next way
            }
        }
    }
}

/// <summary>A database of one test's own, dropped when the test ends.</summary>
public sealed class TestDatabase(PostgresServer server, string connectionString, string name) : IDisposable
{
    public string ConnectionString { get; } = connectionString;

    public string Name { get; } = name;

    public void Dispose() => server.Drop(ConnectionString, Name);
}

/// <summary>The tests that share the server: the script runs once for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgresServer : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The repository's service scripts (<c>scripts/postgres.sh</c>, <c>scripts/redis.sh</c>), as the tests run them.</summary>
public static class RepositoryScripts
{
    /// <summary>How long a script may take: on a fresh machine it installs its server from Debian's packages.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The server <paramref name="variable"/> names, or else what <c>scripts/</c><paramref name="script"/> prints last
    /// once it has installed and started one (a test never skips for want of it: when the script fails, the test
    /// fails with what it said).
    /// </summary>
    public static string ServerFor(string variable, string script)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
            return given;
        return RunScript(script, variable);
    }

    private static string RunScript(string name, string variable)
    {
        string script = Path.Combine(RepositoryRoot(), "scripts", name);
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start bash {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not finish in {ScriptTimeout.TotalMinutes} minutes:\n{stderr.Result}");
        }
        string address = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (process.ExitCode != 0 || address.Length == 0)
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}); set {variable} to a server's address instead, or fix this:\n{stderr.Result}");
        return address;
    }

    /// <summary>The folder holding <c>Tidings.slnx</c>, above the test's own folder.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tidings.slnx")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"no Tidings.slnx above {AppContext.BaseDirectory}");
    }
}
