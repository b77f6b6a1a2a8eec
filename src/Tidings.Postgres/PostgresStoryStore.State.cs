using System.Runtime.InteropServices;
using Tidings.Storage;

namespace Tidings.Postgres;

/// <summary>The engine's checkpoint: its state in chunks cut by content, with the counters that go with it.</summary>
public sealed partial class PostgresStoryStore
{
    /// <summary>The key in <c>engine</c> of the state's chunk hashes, in order (see <see cref="StateChunkWriter"/>).</summary>
    private const string StateChunksKey = "state-chunks";

    /// <summary>Chunks sent or fetched in one statement: about a megabyte and a half of a state of tens of megabytes.</summary>
    private const int ChunksAtOnce = 128;

    public EngineCheckpoint? LoadCheckpoint() => Guard(() =>
    {
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT key, value FROM engine"))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
                values[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
        }
        if (!values.TryGetValue("covered", out var covered) || !values.TryGetValue(StateChunksKey, out var chunks))
            return null;
        var redo = values.GetValueOrDefault("redo") ?? [];
        return new EngineCheckpoint(new StateChunkReader(this, MemoryMarshal.Cast<byte, long>(chunks).ToArray()), BitConverter.ToInt64(covered),
            [.. Enumerable.Range(0, redo.Length / sizeof(int)).Select(i => BitConverter.ToInt32(redo, i * sizeof(int)))]);
    }, "reading the engine's checkpoint");

    /// <summary>
    /// Writes a checkpoint's state as chunks cut by content (<see cref="ContentChunker"/>), each stored once by its
    /// 64-bit hash in <c>engine_chunks</c>, with the list of hashes under <see cref="StateChunksKey"/>, as the SQLite
    /// store does and for the same reason: two checkpoints of a large store differ in about a tenth of their bytes, and
    /// only the chunks the last one lacked are sent, a batch of them per statement. Chunks no longer listed are removed.
    /// </summary>
    private sealed class StateChunkWriter : Stream
    {
        private readonly PostgresStoryStore _store;
        private readonly ContentChunker _chunker;
        private readonly HashSet<long> _stored;
        private readonly List<long> _sequence = [];
        private readonly List<(long Hash, byte[] Bytes)> _unsent = [];

        public StateChunkWriter(PostgresStoryStore store)
        {
            _store = store;
            _stored = [.. store.Column<long>("SELECT hash FROM engine_chunks")];
            _chunker = new ContentChunker(Store);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => _chunker.Write(buffer);

        private void Store(ReadOnlySpan<byte> chunk)
        {
            long hash = unchecked((long)System.IO.Hashing.XxHash64.HashToUInt64(chunk));
            _sequence.Add(hash);
            if (!_stored.Add(hash))
                return;
            _unsent.Add((hash, chunk.ToArray()));
            if (_unsent.Count >= ChunksAtOnce)
                Send();
        }

        private void Send()
        {
            if (_unsent.Count == 0)
                return;
            _store.Execute("INSERT INTO engine_chunks (hash, bytes) SELECT * FROM unnest(@hash, @bytes)",
                ("hash", _unsent.Select(c => c.Hash).ToArray()), ("bytes", _unsent.Select(c => c.Bytes).ToArray()));
            _unsent.Clear();
        }

        public override void Flush()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunker.Complete();
                Send();
                // The list's presence is what makes a checkpoint, even of an empty state.
                _store.PutEngineValue(StateChunksKey, MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_sequence)).ToArray());
                long[] unlisted = [.. _stored.Except(_sequence)];
                if (unlisted.Length > 0)
                    _store.Execute("DELETE FROM engine_chunks WHERE hash = ANY(@hash)", ("hash", unlisted));
            }
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads the checkpoint's state back chunk by chunk as the engine reads it, <see cref="ChunksAtOnce"/> chunks per
    /// query in the listed order: never the whole state in memory, and no query left open while the engine reads.
    /// </summary>
    private sealed class StateChunkReader(PostgresStoryStore store, long[] hashes) : Stream
    {
        private readonly Queue<byte[]> _fetched = new();
        private byte[] _chunk = [];
        private int _read, _next;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_read == _chunk.Length)
            {
                if (_fetched.Count == 0 && !Fetch())
                    return 0;
                (_chunk, _read) = (_fetched.Dequeue(), 0);
            }
            int n = Math.Min(buffer.Length, _chunk.Length - _read);
            _chunk.AsSpan(_read, n).CopyTo(buffer);
            _read += n;
            return n;
        }

        private bool Fetch()
        {
            if (_next >= hashes.Length)
                return false;
            long[] wanted = hashes[_next..Math.Min(hashes.Length, _next + ChunksAtOnce)];
            _next += wanted.Length;
            var chunks = store.Guard(() => store.Column<byte[]>(
                "SELECT c.bytes FROM unnest(@hash) WITH ORDINALITY AS l(hash, n) JOIN engine_chunks c ON c.hash = l.hash ORDER BY l.n",
                ("hash", wanted)), "reading the engine's checkpoint");
            if (chunks.Count != wanted.Length)
                throw new StoreException(store._location, "the engine's checkpoint lists a chunk the store does not hold");
            foreach (var chunk in chunks)
                _fetched.Enqueue(chunk);
            return true;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
