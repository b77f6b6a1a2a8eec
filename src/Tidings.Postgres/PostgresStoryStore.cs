using System.Data;
using System.Text.Json;
using Npgsql;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Postgres;

/// <summary>
/// The store for servers: one PostgreSQL database, shared by one writer and any number of readers on other machines.
/// It keeps what the SQLite file keeps, with the same semantics (see <see cref="SqliteStoryStore"/>): each commit is one
/// transaction, the engine's checkpoint is committed with the articles it covers, and readers see only committed batches.
/// </summary>
/// <remarks>
/// An instance is used by one thread at a time, as the engine uses a store; a service reads from many threads through
/// an instance each. The writer holds one connection from opening to closing (its session holds the writer's lock);
/// a reader borrows one from Npgsql's pool for each call, so readers are cheap to open and hold nothing while idle.
/// No query is left half read between calls: the engine reads the store (an article's text, a retired event) while it
/// enumerates <see cref="ArticlesAfter"/> or builds the stories a commit writes, and a PostgreSQL connection runs one
/// query at a time, so whatever is read lazily is read a page at a time.
/// </remarks>
public sealed partial class PostgresStoryStore : IStoryStore
{
    /// <summary>How long a writer waits for another writer of the same database (as <see cref="SqliteStoryStore.WriterWait"/>).</summary>
    public static readonly TimeSpan WriterWait = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The session-level advisory lock a writer holds from opening to closing ("Tidings" and a 1). Advisory locks are
    /// per database, so writers of different databases on one server do not wait for each other.
    /// </summary>
    private const long WriterLockKey = 0x5469_6469_6E67_7301;

    private static readonly TimeSpan WriterPoll = TimeSpan.FromMilliseconds(100);

    private readonly NpgsqlConnection _connection;
    /// <summary>A pooled connection's settings, for the search index's merges (see <see cref="MergeSearchIndex"/>): a live feed commits many times a second, and a new session each time would cost the server a process.</summary>
    private readonly string _pooledConnectionString;
    private readonly NpgsqlConnectionStringBuilder _named;
    private readonly string _location;
    private readonly bool _writer;
    private NpgsqlTransaction? _saving;
    private NpgsqlCommand? _findArticle;
    private NpgsqlCommand? _retiredEvent;

    private PostgresStoryStore(string connectionString, NpgsqlConnectionStringBuilder named, bool writer)
    {
        _connection = new NpgsqlConnection(connectionString);
        _pooledConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true }.ConnectionString;
        _named = named;
        _location = PostgresFailure.Location(named);
        _writer = writer;
    }

    /// <summary>The store as messages name it: server and database (<c>postgresql://localhost:5432/tidings</c>), never the password.</summary>
    public string Location => _location;

    /// <summary>
    /// Opens the store in the database <paramref name="connectionString"/> names and checks it before any input is
    /// read. A writer waits for another writer of the same database (calling <paramref name="waiting"/> once when it
    /// has to), then creates the store's tables or brings them up to date. A reader takes no lock, and refuses a
    /// database that holds no Tidings store or one of another version. Throws <see cref="StoreException"/> naming the
    /// server and database and the reason: an unreachable server, a refused password, a missing database.
    /// </summary>
    public static PostgresStoryStore Open(string connectionString, StoreAccess access, Action? waiting = null)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreException("postgresql", $"not a PostgreSQL connection string ({e.Message})", e);
        }
        bool writer = access == StoreAccess.Write;
        // The writer's session is its lock: unpooled, closing the connection ends the session and so releases the lock,
        // where a pooled one would go on holding it, idle in the pool, until it was next used.
        if (writer)
        {
            settings.Pooling = false;
            // The writer's statements join lists of thousands to large tables: their estimated costs pass PostgreSQL's
            // thresholds for compiling a plan just in time, which took 10-165 ms a statement for work of a few
            // milliseconds (the storylines a commit renames: 165 of 366 ms). A string that sets jit itself wins.
            if (settings.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
                settings.Options = $"{settings.Options} -c jit=off".Trim();
        }
        // A reader asks the same few questions over and over on pooled connections: prepared once per connection, a
        // listing is not planned again at every poll (its plan took 1.6 ms of its 4 ms). A string that says otherwise wins.
        else if (settings.MaxAutoPrepare == 0)
            settings.MaxAutoPrepare = 32;
        var named = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Password = null };
        var store = new PostgresStoryStore(settings.ConnectionString, named, writer);
        try
        {
            store.Guard(() => 0, "connecting");
            if (writer)
            {
                store.TakeWriterLock(waiting);
                store.Guard(store.Migrate, "preparing the store");
            }
            else
            {
                store.Guard(store.CheckVersion, "opening the store");
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void TakeWriterLock(Action? waiting)
    {
        var giveUp = DateTime.UtcNow + WriterWait;
        bool told = false;
        while (!Guard(() => Scalar<bool>("SELECT pg_try_advisory_lock(@key)", ("key", WriterLockKey)), "taking the writer's lock"))
        {
            if (DateTime.UtcNow >= giveUp)
                throw new StoreException(_location, $"another writer still holds it after {WriterWait.TotalMinutes:0} minutes of waiting; is one stuck?");
            if (!told)
            {
                waiting?.Invoke();
                told = true;
            }
            Thread.Sleep(WriterPoll);
        }
    }

    /// <summary>Takes the migration steps this database has not taken yet, in one transaction (under the writer's lock, so once).</summary>
    private int Migrate()
    {
        int version = Version();
        if (version > PostgresSchema.Current)
            throw new StoreException(_location, $"written by a newer Tidings (store version {version}; this one knows up to {PostgresSchema.Current})");
        if (version == PostgresSchema.Current)
            return version;
        using var tx = _connection.BeginTransaction();
        Execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
        for (int step = version; step < PostgresSchema.Current; step++)
        {
            Execute(PostgresSchema.Steps[step]);
            Execute("INSERT INTO schema_version (version) VALUES (@v)", ("v", step + 1));
        }
        tx.Commit();
        return PostgresSchema.Current;
    }

    private int CheckVersion()
    {
        int version = Version();
        if (version == 0)
            throw new StoreException(_location, "holds no Tidings store yet (a writer creates it)");
        if (version < PostgresSchema.Current)
            throw new StoreException(_location, $"written by an earlier Tidings (store version {version}); open it for writing once to bring it up to date");
        if (version > PostgresSchema.Current)
            throw new StoreException(_location, $"written by a newer Tidings (store version {version}; this one knows up to {PostgresSchema.Current})");
        return version;
    }

    /// <summary>The steps this database has taken: 0 for one without a store; refuses a database whose tables of the same names Tidings did not make.</summary>
    private int Version()
    {
        if (Scalar<bool>("SELECT to_regclass('schema_version') IS NOT NULL"))
            return Scalar<int>("SELECT coalesce(max(version), 0) FROM schema_version");
        var taken = Column<string>("SELECT t FROM unnest(@tables) AS t WHERE to_regclass(t) IS NOT NULL", ("tables", PostgresSchema.Tables.ToArray()));
        if (taken.Count > 0)
            throw new StoreException(_location, $"a PostgreSQL database, but not one Tidings wrote (it has tables named {string.Join(", ", taken)} and no schema_version)");
        return 0;
    }

    public void Dispose()
    {
        _searchIndexMerge.Wait();   // never throws: a merge keeps its failures (see MergeSearchIndex)
        if (_writer)
        {
            // The merges' idle connection goes with the writer, rather than staying in the database for minutes.
            using var merges = new NpgsqlConnection(_pooledConnectionString);
            NpgsqlConnection.ClearPool(merges);
        }
        _findArticle?.Dispose();
        _retiredEvent?.Dispose();
        _saving?.Dispose();
        // Closing the writer's unpooled connection ends its session, which releases its lock: the next writer may start.
        _connection.Dispose();
    }

    /// <summary>A statement with named parameters, in the batch being saved if there is one.</summary>
    private NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, _connection, _saving);
        foreach (var (name, value) in parameters)
            cmd.Parameters.Add(Parameter(name, value));
        return cmd;
    }

    private static NpgsqlParameter Parameter(string name, object? value) => new(name, value ?? DBNull.Value);

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return reader.GetFieldValue<T>(0);
    }

    private List<T> Column<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
            list.Add(reader.GetFieldValue<T>(0));
        return list;
    }

    private T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize(json, TidingsJson.Options.Describe<T>()) ?? throw new StoreException(_location, $"a stored {typeof(T).Name.ToLowerInvariant()} is null");

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TidingsJson.Options.Describe<T>());

    /// <summary>
    /// Reads under one snapshot: the count, the page and the articles' spans of a listing agree with each other even
    /// while the writer commits. Inside a batch being saved, the batch's own transaction is that snapshot already.
    /// </summary>
    private T Consistently<T>(Func<T> read)
    {
        if (_saving is not null)
            return read();
        using var tx = _connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var result = read();
        tx.Commit();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the store's connection, and turns the driver's and the serializer's failures
    /// into one that names the store and what was being done. A writer's connection is open from opening to closing:
    /// it holds the writer's lock, and one lost is not opened again (a new session would not hold the lock). A reader
    /// takes a connection from the pool for the call and gives it back, so an idle reader holds none: a service keeps
    /// dozens of readers open between requests, and a server takes a hundred connections by default.
    /// </summary>
    private T Guard<T>(Func<T> action, string doing)
    {
        bool borrowed = false;
        try
        {
            if (_connection.State != ConnectionState.Open)
            {
                if (_writer && _opened)
                    throw new StoreException(_location, $"the writer's connection to the server was lost, while {doing}; open the store again");
                _connection.Open();
                (_opened, borrowed) = (true, !_writer);
            }
            return action();
        }
        catch (NpgsqlException e)
        {
            throw new StoreException(_location, $"{PostgresFailure.Describe(e, _named)}, while {doing}", e);
        }
        catch (JsonException e)
        {
            throw new StoreException(_location, $"a stored record cannot be read ({e.Message}), while {doing}", e);
        }
        catch (InvalidOperationException e) when (_connection.FullState.HasFlag(ConnectionState.Broken) || _connection.State == ConnectionState.Closed)
        {
            throw new StoreException(_location, $"the connection to the server was lost, while {doing}", e);
        }
        finally
        {
            if (borrowed)
                _connection.Close();
        }
    }

    /// <summary>Whether the connection was ever opened: a writer's that is closed after that was lost.</summary>
    private bool _opened;

    /// <summary>The store's article, or null.</summary>
    public Article? FindArticle(string id) => Guard(() =>
    {
        // Prepared once by the writer: the copy detector reads the texts of earlier articles one at a time, thousands in
        // a run. A reader's connection changes from call to call, and its questions are not asked in loops.
        const string Sql = "SELECT t.json FROM articles a JOIN article_texts t ON t.seq = a.seq WHERE a.id = @id";
        using var once = _writer ? null : Command(Sql, ("id", id));
        var cmd = once ?? (_findArticle ??= Prepared(Sql, ("id", NpgsqlTypes.NpgsqlDbType.Text)));
        cmd.Parameters[0].Value = id;
        return cmd.ExecuteScalar() is string json ? Deserialize<Article>(json) : null;
    }, "reading an article");

    /// <summary>A retired event as the last checkpoint left it, in the layout the engine wrote it in.</summary>
    public byte[]? RetiredEvent(int number) => Guard(() =>
    {
        // Prepared once by the writer: the passes read thousands of retired events in a run.
        const string Sql = "SELECT event FROM retired_events WHERE number = @n";
        using var once = _writer ? null : Command(Sql, ("n", number));
        var cmd = once ?? (_retiredEvent ??= Prepared(Sql, ("n", NpgsqlTypes.NpgsqlDbType.Integer)));
        cmd.Parameters[0].Value = number;
        return cmd.ExecuteScalar() as byte[];
    }, "reading a retired event");

    /// <summary>Retired events in one round trip: a story in a long storyline, and the pass comparing it, read all its predecessors.</summary>
    public IReadOnlyDictionary<int, byte[]> RetiredEvents(IReadOnlyCollection<int> numbers) => Guard<IReadOnlyDictionary<int, byte[]>>(() =>
    {
        var found = new Dictionary<int, byte[]>(numbers.Count);
        if (numbers.Count == 0)
            return found;
        using var cmd = Command("SELECT number, event FROM retired_events WHERE number = ANY(@n)", ("n", numbers.ToArray()));
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            found[reader.GetInt32(0)] = (byte[])reader[1];
        return found;
    }, "reading retired events");

    public int RetiredEventCount => Guard(() => (int)Scalar<long>("SELECT count(*) FROM retired_events"), "counting retired events");

    public int? EventOfArticle(string articleId) => Guard(() =>
    {
        using var cmd = Command("SELECT s.event FROM articles a JOIN stories s ON s.id = a.story WHERE a.id = @id", ("id", articleId));
        return cmd.ExecuteScalar() is int number ? number : (int?)null;
    }, "finding an article's event");

    private NpgsqlCommand Prepared(string sql, params (string Name, NpgsqlTypes.NpgsqlDbType Type)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, _connection);
        foreach (var (name, type) in parameters)
            cmd.Parameters.Add(new NpgsqlParameter(name, type));
        cmd.Prepare();
        return cmd;
    }

    /// <summary>Articles read at once by <see cref="ArticlesAfter"/>: a few megabytes of JSON.</summary>
    private const int ArticlesReadAtOnce = 500;

    /// <summary>The stored articles after <paramref name="seq"/>, in the order they were stored, read a page at a time.</summary>
    public IEnumerable<Article> ArticlesAfter(long seq)
    {
        while (true)
        {
            long after = seq;
            var page = Guard(() =>
            {
                using var cmd = Command("SELECT seq, json FROM article_texts WHERE seq > @after ORDER BY seq LIMIT @limit", ("after", after), ("limit", ArticlesReadAtOnce));
                using var reader = cmd.ExecuteReader();
                var read = new List<(long Seq, Article Article)>();
                while (reader.Read())
                    read.Add((reader.GetInt64(0), Deserialize<Article>(reader.GetString(1))));
                return read;
            }, "reading articles");
            foreach (var (_, article) in page)
                yield return article;
            if (page.Count < ArticlesReadAtOnce)
                yield break;
            seq = page[^1].Seq;
        }
    }

    /// <summary>The stored articles with these ids, by id; ids not stored are left out.</summary>
    public Dictionary<string, Article> FindArticles(IReadOnlyCollection<string> ids) => Guard(() =>
    {
        var found = new Dictionary<string, Article>(StringComparer.Ordinal);
        using var cmd = Command("SELECT t.json FROM articles a JOIN article_texts t ON t.seq = a.seq WHERE a.id = ANY(@ids)", ("ids", ids.ToArray()));
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var article = Deserialize<Article>(reader.GetString(0));
            found[article.Id] = article;
        }
        return found;
    }, "reading articles");

    /// <summary>The signatures the stories with these ids were written with; a story without one is left out.</summary>
    public Dictionary<string, StorySignature> StorySignatures(IReadOnlyCollection<string> ids) => Guard(() =>
    {
        var found = new Dictionary<string, StorySignature>(StringComparer.Ordinal);
        using var cmd = Command(
            "SELECT id, signature, link_signature FROM stories WHERE signature IS NOT NULL AND link_signature IS NOT NULL AND id = ANY(@ids)",
            ("ids", ids.ToArray()));
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            found[reader.GetString(0)] = new StorySignature(reader.GetInt64(1), reader.GetInt64(2));
        return found;
    }, "reading story signatures");
}
