using System.Text.Json;
using Tidings.Events;
using Tidings.Ingest;
using Tidings.Pipeline;
using Tidings.Postgres;
using Tidings.Storage;
using Tidings.Tests.Pipeline;

namespace Tidings.Tests.Storage;

/// <summary>The engine on PostgreSQL makes the stories it makes on SQLite, in one run or continuing from a checkpoint.</summary>
[Collection(SharedPostgresServer.Name)]
public sealed class PostgresEngineTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<TestDatabase> _databases = [];

    public void Dispose()
    {
        foreach (var database in _databases)
            database.Dispose();
        _folder.Dispose();
    }

    private static readonly EngineOptions Busy = SyntheticFeed.Busy;

    private static readonly List<RawDocument> Feed = SyntheticFeed.Make(seed: 3, topics: 14, happeningsPerTopic: 2, reportsPerHappening: 7);

    /// <summary>Runs the engine over each part of the feed in turn, each run on the store opened anew; returns the stored stories as JSON and the last run's stories.</summary>
    private static (string Stored, string LastRun) Run(Func<IStoryStore> open, params IEnumerable<RawDocument>[] runs)
    {
        string lastRun = "";
        foreach (var run in runs)
        {
            using var store = open();
            var engine = StoryEngine.Open(Busy, store);
            engine.Run(SyntheticFeed.Items(run));
            lastRun = JsonSerializer.Serialize(engine.Complete().ToList());
        }
        using var reader = open();
        return (JsonSerializer.Serialize(reader.LoadStories()), lastRun);
    }

    private Func<IStoryStore> Sqlite()
    {
        string path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("n") + ".db");
        return () => SqliteStoryStore.Open(path, StoreAccess.Write);
    }

    private Func<IStoryStore> Postgres()
    {
        var database = server.CreateDatabase();
        _databases.Add(database);
        return () => PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Write);
    }

    [Fact]
    public void The_engine_on_postgres_makes_the_stories_it_makes_on_sqlite_in_one_run_and_continuing_from_a_checkpoint()
    {
        var (onSqlite, sqliteRun) = Run(Sqlite(), Feed);
        var (onPostgres, postgresRun) = Run(Postgres(), Feed);
        Assert.Equal(onSqlite, onPostgres);
        Assert.Equal(sqliteRun, postgresRun);
        // Stopped twice: the second and third runs resume from the checkpoint the one before wrote, and replay the rest.
        var (resumed, _) = Run(Postgres(), Feed.Take(60), Feed.Skip(60).Take(77), Feed.Skip(137));
        Assert.Equal(onSqlite, resumed);
    }

    [Fact]
    public void Input_already_stored_changes_nothing_on_postgres()
    {
        var (whole, _) = Run(Sqlite(), Feed);
        var (again, _) = Run(Postgres(), Feed, Feed.Take(50));
        Assert.Equal(whole, again);
    }
}
