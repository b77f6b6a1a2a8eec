using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Tidings.Postgres;
using Tidings.Storage;

namespace Tidings.Orleans.Tests;

/// <summary>The project's own Orleans grain storage on the store's PostgreSQL database (<see cref="PostgresGrainStorage"/>).</summary>
[Collection(SharedClusterServers.Name)]
public sealed class PostgresGrainStorageTests(ClusterServers servers)
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly GrainId Shard = GrainId.Create("copyshard", "default/3");

    private static GrainState<CopyShardState> State(byte[]? saved = null) => new(new CopyShardState { Saved = saved });

    [Fact]
    public async Task A_state_reads_back_as_written_and_a_stale_activation_can_neither_write_nor_clear_it()
    {
        using var database = servers.Postgres.CreateDatabase();
        // The store's schema holds the grain_state table.
        using (PostgresStoryStore.Open(database.ConnectionString, StoreAccess.Write))
        {
        }
        using var storage = new PostgresGrainStorage(database.ConnectionString, Serializer);

        var first = State([1, 2, 3]);
        await storage.WriteStateAsync("copy-index", Shard, first);
        var read = State();
        await storage.ReadStateAsync("copy-index", Shard, read);
        Assert.True(read.RecordExists);
        Assert.Equal([1, 2, 3], read.State!.Saved);
        Assert.Equal(first.ETag, read.ETag);

        // Another activation, which read nothing, cannot write over it or clear it.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("copy-index", Shard, State([9])));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("copy-index", Shard, State()));

        // The reader writes on; the first, now stale, can neither write nor clear.
        read.State!.Saved = [4, 5];
        await storage.WriteStateAsync("copy-index", Shard, read);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("copy-index", Shard, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("copy-index", Shard, first));

        // The current one clears it, and the state reads as never written.
        await storage.ClearStateAsync("copy-index", Shard, read);
        var after = State([7]);
        await storage.ReadStateAsync("copy-index", Shard, after);
        Assert.False(after.RecordExists);
        Assert.Null(after.State!.Saved);
        await storage.ClearStateAsync("copy-index", Shard, after);   // clearing what is not there is no conflict
    }
}
