using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;
using Orleans.Storage;

namespace Tidings.Orleans;

/// <summary>
/// Orleans grain storage in the Tidings store's own PostgreSQL database, table <c>grain_state</c> (a step of the
/// store's schema): a grain's state is kept beside the engine's checkpoint it must agree with, and a cluster needs no
/// second database. Each state is one row, written whole in Orleans' binary form, with a number for an etag so that a
/// stale activation's write is refused rather than lost over a newer one.
/// </summary>
internal sealed class PostgresGrainStorage(string connectionString, Serializer serializer) : IGrainStorage, IDisposable
{
    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(connectionString);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = Command("SELECT etag, state FROM grain_state WHERE name = $1 AND grain = $2", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            (grainState.ETag, grainState.RecordExists) = (null, false);
            return;
        }
        long etag = reader.GetInt64(0);
        grainState.State = serializer.Deserialize<T>(await reader.GetFieldValueAsync<byte[]>(1));
        (grainState.ETag, grainState.RecordExists) = (etag.ToString(System.Globalization.CultureInfo.InvariantCulture), true);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        long? expected = ExpectedEtag(grainState);
        await using var command = Command(expected is null
            ? "INSERT INTO grain_state (name, grain, etag, state) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING"
            : "UPDATE grain_state SET etag = etag + 1, state = $3 WHERE name = $1 AND grain = $2 AND etag = $4", stateName, grainId);
        command.Parameters.Add(new NpgsqlParameter { Value = serializer.SerializeToArray(grainState.State), NpgsqlDbType = NpgsqlDbType.Bytea });
        if (expected is { } known)
            command.Parameters.Add(new NpgsqlParameter { Value = known });
        if (await command.ExecuteNonQueryAsync() == 0)
            throw Stale(stateName, grainId);
        grainState.ETag = ((expected ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <remarks>
    /// Refused as a write is, when another activation wrote the state since this one read it: a clear must not remove
    /// what this activation never saw.
    /// </remarks>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        long? expected = ExpectedEtag(grainState);
        await using var command = Command(expected is null
            ? "SELECT count(*) FROM grain_state WHERE name = $1 AND grain = $2"
            : "DELETE FROM grain_state WHERE name = $1 AND grain = $2 AND etag = $3", stateName, grainId);
        if (expected is { } known)
            command.Parameters.Add(new NpgsqlParameter { Value = known });
        bool refused = expected is null ? (long)(await command.ExecuteScalarAsync())! > 0 : await command.ExecuteNonQueryAsync() == 0;
        if (refused)
            throw Stale(stateName, grainId);
        grainState.State = Activator.CreateInstance<T>();
        (grainState.ETag, grainState.RecordExists) = (null, false);
    }

    private static long? ExpectedEtag<T>(IGrainState<T> grainState) =>
        grainState.ETag is { } etag ? long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static InconsistentStateException Stale(string stateName, GrainId grainId) =>
        new($"grain state {stateName} of {grainId} was written by another activation since it was read");

    /// <summary>A command whose first two parameters name the state's row: its name, then the grain.</summary>
    private NpgsqlCommand Command(string sql, string stateName, GrainId grainId)
    {
        var command = _database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
        return command;
    }

    public void Dispose() => _database.Dispose();
}
