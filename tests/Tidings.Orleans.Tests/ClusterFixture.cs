using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;
using Tidings.Pipeline;
using Tidings.Postgres;
using Tidings.Tests.Storage;

namespace Tidings.Orleans.Tests;

/// <summary>
/// What a test cluster is made of: the PostgreSQL server (<c>scripts/postgres.sh</c>) and the Redis server the silos
/// keep their membership in (<c>scripts/redis.sh</c>), each started once for the tests; a cluster per test, on a
/// database and a cluster id of its own.
/// </summary>
public sealed class ClusterServers
{
    public ClusterServers()
    {
        Postgres = new PostgresServer();
        Redis = RepositoryScripts.ServerFor("TIDINGS_REDIS", "redis.sh");
    }

    public PostgresServer Postgres { get; }

    /// <summary>host:port of the Redis server.</summary>
    public string Redis { get; }

    /// <summary>
    /// A cluster of <paramref name="silos"/> in this process, Redis for membership, the feed's engine on
    /// <paramref name="database"/>. Silos are declared dead within seconds of being killed, as a test cannot wait for
    /// production's patience. <paramref name="copyIndexShards"/>, <paramref name="eventIndexShards"/> and
    /// <paramref name="liveEventShards"/> are the silos' counts of copy index, event index and live-event shards (their
    /// defaults unless given). The engine holds few live events (<see cref="HeldLiveEvents"/>) and the words of its latest
    /// article only (<see cref="KeptWordSequences"/>), so that a test set small enough for a test reads most of its events
    /// back from their shards and has its copies verified by article grains.
    /// </summary>
    public async Task<TestCluster> StartCluster(TestDatabase database, int silos = 3, int maxWaitingDocuments = 50_000, int? copyIndexShards = null,
        int eventIndexShards = TidingsClusterExtensions.DefaultEventIndexShards, int liveEventShards = TidingsClusterExtensions.DefaultLiveEventShards)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ClusterId = "tidings-test-" + Guid.NewGuid().ToString("n");
        builder.Options.ServiceId = "tidings-test";
        builder.Options.UseTestClusterMembership = false;
        builder.Properties["Tidings:Postgres"] = database.ConnectionString;
        builder.Properties["Tidings:Redis"] = Redis;
        builder.Properties["Tidings:MaxWaiting"] = maxWaitingDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Tidings:CopyShards"] = copyIndexShards?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        builder.Properties["Tidings:EventShards"] = eventIndexShards.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Tidings:LiveShards"] = liveEventShards.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloSetup>();
        builder.AddClientBuilderConfigurator<ClientSetup>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Live events a test cluster's engine holds between windows.</summary>
    public const int HeldLiveEvents = 32;

    /// <summary>The latest articles whose words a test cluster's engine keeps: older ones are verified against by their article grains.</summary>
    public const int KeptWordSequences = 1;

    private sealed class SiloSetup : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string postgres = siloBuilder.Configuration["Tidings:Postgres"]!;
            siloBuilder.UseRedisClustering(siloBuilder.Configuration["Tidings:Redis"]!);
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            int maxWaiting = int.Parse(siloBuilder.Configuration["Tidings:MaxWaiting"]!, System.Globalization.CultureInfo.InvariantCulture);
            int? shards = int.TryParse(siloBuilder.Configuration["Tidings:CopyShards"], System.Globalization.CultureInfo.InvariantCulture, out int count) ? count : null;
            int eventShards = int.Parse(siloBuilder.Configuration["Tidings:EventShards"]!, System.Globalization.CultureInfo.InvariantCulture);
            int liveShards = int.Parse(siloBuilder.Configuration["Tidings:LiveShards"]!, System.Globalization.CultureInfo.InvariantCulture);
            siloBuilder.AddTidings(new PostgresStoreProvider(postgres), new LiveEngineOptions { SettleAfter = TimeSpan.FromSeconds(3), MaxWaitingDocuments = maxWaiting }, shards,
                eventIndexShards: eventShards, liveEventShards: liveShards, heldLiveEvents: HeldLiveEvents, keptWordSequences: KeptWordSequences);
        }
    }

    private sealed class ClientSetup : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseRedisClustering(configuration["Tidings:Redis"]!);
            clientBuilder.AddTidings();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedClusterServers : ICollectionFixture<ClusterServers>
{
    public const string Name = "Cluster servers";
}
