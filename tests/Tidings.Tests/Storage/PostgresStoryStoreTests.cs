using Npgsql;
using Tidings.Postgres;
using Tidings.Storage;
using Xunit.Abstractions;

namespace Tidings.Tests.Storage;

/// <summary>The store contract on PostgreSQL, and what only a server does: migrations, connection failures, a shared database.</summary>
[Collection(SharedPostgresServer.Name)]
public sealed class PostgresStoryStoreTests(PostgresServer server, ITestOutputHelper output) : StoryStoreContract(output), IDisposable
{
    private readonly TestDatabase _database = server.CreateDatabase();

    public void Dispose() => _database.Dispose();

    protected override IStoryStore OpenWriter(Action? waiting = null) => PostgresStoryStore.Open(_database.ConnectionString, StoreAccess.Write, waiting);

    protected override IStoryReader OpenReader() => PostgresStoryStore.Open(_database.ConnectionString, StoreAccess.Read);

    protected override IStoryStore OpenReadingStore() => PostgresStoryStore.Open(_database.ConnectionString, StoreAccess.Read);

    /// <summary>What a message names the store by: its server and database (see <see cref="PostgresStoryStore.Location"/>).</summary>
    protected override string StoreName
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
            return $"{settings.Host}:{settings.Port}/{settings.Database}";
        }
    }

    protected override long StoredChunkBytes() => Scalar<long>("SELECT coalesce(sum(length(bytes)), 0) FROM engine_chunks");

    protected override string StoredLinks() =>
        Scalar<string>("SELECT coalesce(string_agg(story || ' ' || other || ' ' || relation, '; ' ORDER BY story COLLATE \"C\", other COLLATE \"C\"), '') FROM story_links");

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        return (T)cmd.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        cmd.ExecuteNonQuery();
    }

    private string With(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    [Fact]
    public void The_same_article_committed_twice_is_stored_once_in_the_order_it_first_came()
    {
        using var store = OpenWriter();
        store.Commit(new StoreCommit { NewArticles = [Article("a"), Article("b"), Article("a", "A second version.")] });
        store.Commit(new StoreCommit { NewArticles = [Article("b"), Article("c")] });
        Assert.Equal(["a", "b", "c"], store.ArticlesAfter(0).Select(a => a.Id));
        Assert.Equal("First paragraph.\n\nSecond paragraph.", store.FindArticle("a")?.Text);
        // Numbered without gaps: the count is the last number.
        Assert.Equal(3, store.Counts().Articles);
        Assert.Equal(["c"], store.ArticlesAfter(2).Select(a => a.Id));
    }

    [Fact]
    public void A_writer_whose_session_ends_loses_the_store_and_another_writer_takes_it()
    {
        using var writer = OpenWriter();
        writer.Commit(new StoreCommit { NewArticles = [Article("a")] });
        // The writer's session ends (a server restart, a dropped network): the lock it held goes with it.
        Execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        Assert.Throws<StoreException>(() => writer.Commit(new StoreCommit { NewArticles = [Article("b")] }));
        // Never reconnected without the lock: the writer stays failed, and another one may open the store.
        var again = Assert.Throws<StoreException>(() => writer.Commit(new StoreCommit { NewArticles = [Article("c")] }));
        Assert.Contains("open the store again", again.Message, StringComparison.Ordinal);
        using var next = OpenWriter();
        next.Commit(new StoreCommit { NewArticles = [Article("d")] });
        Assert.Equal(["a", "d"], next.ArticlesAfter(0).Select(a => a.Id));
    }

    [Fact]
    public void Opening_takes_each_migration_step_once_and_a_reader_refuses_a_store_of_another_version()
    {
        using (OpenWriter())
        {
        }
        using (OpenWriter())
        {
        }
        // Two steps: the store's tables, then the grain state a cluster keeps beside them.
        Assert.Equal(2L, Scalar<long>("SELECT count(*) FROM schema_version"));
        Assert.Equal(2, Scalar<int>("SELECT max(version) FROM schema_version"));
        Execute("INSERT INTO schema_version (version) VALUES (99)");
        var newer = Assert.Throws<StoreException>(() => OpenReader().Dispose());
        Assert.Contains("newer Tidings", newer.Message, StringComparison.Ordinal);
        Assert.Throws<StoreException>(() => OpenWriter().Dispose());
    }

    [Fact]
    public void A_database_with_tables_of_its_own_is_not_taken_for_a_store()
    {
        Execute("CREATE TABLE articles (id integer)");
        var asReader = Assert.Throws<StoreException>(() => OpenReader().Dispose());
        Assert.Contains("not one Tidings wrote", asReader.Message, StringComparison.Ordinal);
        var asWriter = Assert.Throws<StoreException>(() => OpenWriter().Dispose());
        Assert.Contains("not one Tidings wrote", asWriter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_names_the_user_and_database_and_never_the_password()
    {
        string secret = "not-the-password-" + Guid.NewGuid().ToString("n");
        var error = Assert.Throws<StoreException>(() => PostgresStoryStore.Open(With(b => b.Password = secret), StoreAccess.Read).Dispose());
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
        Assert.Contains(_database.Name, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_opens_the_writer_and_readers_and_names_the_store_without_its_password()
    {
        var provider = new PostgresStoreProvider(_database.ConnectionString);
        Assert.Contains(StoreName, provider.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", provider.Name, StringComparison.OrdinalIgnoreCase);
        using (var writer = provider.OpenWriter())
            writer.Commit(new StoreCommit { NewArticles = [Article("a")] });
        // Idle readers hold no connection: far more of them than the server takes connections.
        var readers = Enumerable.Range(0, 150).Select(_ => provider.OpenReader()).ToList();
        try
        {
            Assert.All(readers, reader => Assert.Equal(1, reader.Counts().Articles));
        }
        finally
        {
            readers.ForEach(reader => reader.Dispose());
        }
    }

    [Fact]
    public void A_missing_database_and_an_unreachable_server_say_so()
    {
        var missing = Assert.Throws<StoreException>(() => PostgresStoryStore.Open(With(b => b.Database = _database.Name + "_missing"), StoreAccess.Write).Dispose());
        Assert.Contains("no such database", missing.Message, StringComparison.Ordinal);
        // A port nothing listens on: refused at once.
        var unreachable = Assert.Throws<StoreException>(() => PostgresStoryStore.Open(With(b => b.Port = 1), StoreAccess.Read).Dispose());
        Assert.Contains("cannot reach the server", unreachable.Message, StringComparison.Ordinal);
        Assert.Contains("localhost:1/", unreachable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", unreachable.Message, StringComparison.OrdinalIgnoreCase);
        var garbled = Assert.Throws<StoreException>(() => PostgresStoryStore.Open("Host=localhost;Frobnicate=yes", StoreAccess.Read).Dispose());
        Assert.Contains("connection string", garbled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_on_many_threads_each_with_its_own_instance_read_while_the_writer_commits()
    {
        using var writer = OpenWriter();
        writer.Commit(new StoreCommit { NewArticles = [Article("a0")] });
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            long last = 0;
            while (!stop.IsCancellationRequested)
            {
                using var reader = OpenReader();
                var counts = reader.Counts();
                Assert.InRange(counts.Articles, last, 21);
                Assert.InRange(reader.ListStories(new StoryQuery()).Total, counts.Stories, 20);
                last = counts.Articles;
            }
            return last;
        })).ToList();
        for (int i = 1; i <= 20; i++)
            writer.Commit(new StoreCommit { NewArticles = [Article($"a{i}")], Stories = new StoryChanges([(i, Story($"s{i}", $"a{i}") with { Aliases = [] })], [], []) });
        await stop.CancelAsync();
        foreach (long last in await Task.WhenAll(readers))
            Assert.InRange(last, 1, 21);
    }
}
