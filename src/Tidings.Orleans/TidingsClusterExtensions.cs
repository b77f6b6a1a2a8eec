using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Tidings.Pipeline;
using Tidings.Postgres;
using Tidings.Storage;

namespace Tidings.Orleans;

/// <summary>How a silo and a client of a Tidings cluster are set up.</summary>
public static class TidingsClusterExtensions
{
    /// <summary>The name of the grain storage that copy index shards keep their state in (the store's PostgreSQL database).</summary>
    public const string GrainStorage = "tidings";

    /// <summary>
    /// Copy index shards on a PostgreSQL store unless told otherwise: enough for the index to spread over a few machines,
    /// few enough that a chunk's one call per shard stays cheap.
    /// </summary>
    public const int DefaultCopyIndexShards = 8;

    /// <summary>Event index shards unless told otherwise, on any store: they keep nothing in storage (see <see cref="IEventShardGrain"/>).</summary>
    public const int DefaultEventIndexShards = 8;

    /// <summary>Live-event shards unless told otherwise, on any store: they keep nothing in storage (see <see cref="ILiveEventShardGrain"/>).</summary>
    public const int DefaultLiveEventShards = 8;

    /// <summary>
    /// The most live events a feed's engine keeps between windows unless told otherwise (see
    /// <see cref="Events.ILiveEventShards.Held"/>): a few days of a busy feed's events, a few megabytes.
    /// </summary>
    public const int DefaultHeldLiveEvents = 2_000;

    /// <summary>
    /// The latest articles whose words a feed's engine keeps and verifies copies against itself unless told otherwise
    /// (see <see cref="Copies.ICopyVerifiers.KeptRecent"/>): what one process keeps; older ones are their article grains'.
    /// </summary>
    public const int DefaultKeptWordSequences = Copies.CopyDetector.RecentCapacity;

    /// <summary>
    /// Makes this silo able to run a feed's engine on <paramref name="store"/>, which every silo of the cluster must name
    /// alike (a PostgreSQL database; a SQLite file only when all silos share one machine). On PostgreSQL the feed's copy
    /// index is kept in <paramref name="copyIndexShards"/> shard grains (<see cref="DefaultCopyIndexShards"/> unless
    /// given; 0 keeps it in the engine), which save their state in the same database; every silo must give the same
    /// count, and the count must not change for the life of the store. Its event-candidate index is kept in
    /// <paramref name="eventIndexShards"/> shard grains (<see cref="DefaultEventIndexShards"/> unless given; 0 keeps it
    /// in the engine), which keep nothing in storage: the count may change between two openings of the engine (the
    /// shards of an older count then idle in memory until their silos restart). Its live events are kept, likewise, in
    /// <paramref name="liveEventShards"/> shard grains (<see cref="DefaultLiveEventShards"/> unless given; 0 keeps them
    /// in the engine), of which the engine holds the <paramref name="heldLiveEvents"/> it used last. With <paramref name="storyGrains"/>, the feed's
    /// stories are synthesised by story grains spread over the silos (see <see cref="IStoryGrain"/>), which read the store
    /// themselves; otherwise by the feed's engine. With <paramref name="articleGrains"/>, the engine keeps the words of
    /// its <paramref name="keptWordSequences"/> latest articles and has new articles verified against older ones by
    /// those articles' grains (see <see cref="IArticleGrain"/>), which read the store themselves; otherwise it reads
    /// the older texts itself.
    /// </summary>
    public static ISiloBuilder AddTidings(this ISiloBuilder silo, IStoreProvider store, LiveEngineOptions? options = null, int? copyIndexShards = null, bool storyGrains = true,
        int eventIndexShards = DefaultEventIndexShards, int liveEventShards = DefaultLiveEventShards, int heldLiveEvents = DefaultHeldLiveEvents,
        bool articleGrains = true, int keptWordSequences = DefaultKeptWordSequences)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentOutOfRangeException.ThrowIfLessThan(keptWordSequences, 1);
        int shards = copyIndexShards ?? (store is PostgresStoreProvider ? DefaultCopyIndexShards : 0);
        if (shards > 0)
        {
            if (store is not PostgresStoreProvider postgres)
                throw new ArgumentException("copy index shards keep their state in PostgreSQL: give a PostgreSQL store, or no shards", nameof(copyIndexShards));
            silo.Services.AddGrainStorage(GrainStorage, (services, _) => new PostgresGrainStorage(postgres.ConnectionString, services.GetRequiredService<Serializer>()));
        }
        // A silo answers no reader itself (servers read the store): its engine may take every core, where a server's
        // leaves one to its readers.
        options ??= new LiveEngineOptions { EngineCores = Environment.ProcessorCount };
        var engines = new FeedEngines(store, options, shards, eventIndexShards, storyGrains, (liveEventShards, heldLiveEvents), articleGrains ? keptWordSequences : null);
        silo.Services.AddSingleton(engines);
        silo.Services.AddSingleton(_ => new SiloStories(store, options.Engine.Meaning));
        silo.Services.AddSingleton<IHostedService>(engines);
        silo.Services.AddSerializer(TidingsTypes);
        silo.Services.Configure<ExceptionSerializationOptions>(TidingsExceptions);
        return silo;
    }

    /// <summary>Makes this client able to read what a Tidings cluster answers.</summary>
    public static IClientBuilder AddTidings(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.AddSerializer(TidingsTypes);
        client.Services.Configure<ExceptionSerializationOptions>(TidingsExceptions);
        return client;
    }

    /// <summary>
    /// The engine's own records (receipts, rejections, statuses) travel as JSON: they belong to the core library, which
    /// knows nothing of Orleans and carries none of its serialisation attributes. Types that carry them (grain state)
    /// are Orleans' own to write.
    /// </summary>
    /// <remarks>
    /// Exceptions are Orleans' to carry (by type, message and stack): JSON cannot write a thrown exception, and a
    /// <see cref="Pipeline.LiveEngineBusyException"/> must reach the caller as itself for back-pressure to work.
    /// </remarks>
    private static void TidingsTypes(ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Tidings", StringComparison.Ordinal) == true
            && !typeof(Exception).IsAssignableFrom(type) && !type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false));

    private static void TidingsExceptions(ExceptionSerializationOptions options) => options.SupportedNamespacePrefixes.Add("Tidings");
}
