using Tidings.Extraction;

namespace Tidings.Copies;

public sealed partial class CopyDetector
{
    /// <summary>Bumped whenever the layout below changes: a checkpoint of another layout is not read, and the stored articles are replayed instead.</summary>
    private const int StateVersion = 3;

    /// <summary>
    /// Writes what the detector needs to go on as if it had never stopped: the index as it lies in memory, each
    /// article's id, date, length and outlet, and the copy groups. Texts are not written (a detector that checkpoints reads
    /// them from its store), nor the recent word sequences (verification reads them again), nor the relations (the
    /// store has them). A sharded index is saved by its shards, before this state is written: no shard then stands
    /// behind it, and reading it back rewinds them to it.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        if (_textOf is null)
            throw new InvalidOperationException("only a detector that reads texts from a store can be checkpointed");
        writer.Write(StateVersion);
        writer.Write(_shards?.Count ?? 0);
        if (_shards is null)
            _index.Write(writer);
        else
            _shards.Save();
        writer.Write(_firstWithBody.Count);
        foreach (var (hash, number) in _firstWithBody)
        {
            writer.Write(hash);
            writer.Write(number);
        }
        writer.Write(_filed.Count);
        for (int number = 0; number < _filed.Count; number++)
        {
            var filed = _filed[number];
            writer.Write(filed.Id);
            writer.Write(filed.WordCount);
            writer.Write(filed.Published is { } p);
            if (filed.Published is { } published)
            {
                writer.Write(published.Day.DayNumber);
                writer.Write(published.Time?.Ticks ?? -1);
                writer.Write(published.Offset?.Ticks ?? long.MinValue);
            }
            writer.Write(filed.Outlet ?? string.Empty);
            writer.Write(_parent[number]);
            writer.Write(_best[number]);
        }
        writer.Write(_verifications);
    }

    /// <summary>
    /// Reads a detector written by <see cref="WriteState"/>, its <paramref name="shards"/> rewound to it; null when the
    /// state has another layout, keeps its index elsewhere than the detector would (or in another number of shards,
    /// which cut the keys otherwise), or a shard is behind it.
    /// </summary>
    public static CopyDetector? ReadState(BinaryReader reader, Func<string, string?> textOf, bool keepRelations, ICopyIndexShards? shards = null,
        ElsewhereVerification? elsewhere = null)
    {
        if (reader.ReadInt32() != StateVersion || reader.ReadInt32() != (shards?.Count ?? 0))
            return null;
        var detector = new CopyDetector(textOf, keepRelations, shards, elsewhere);
        if (shards is null)
            detector._index = PostingTable.Read(reader);
        int bodies = reader.ReadInt32();
        detector._firstWithBody.EnsureCapacity(bodies);
        for (int i = 0; i < bodies; i++)
            detector._firstWithBody[reader.ReadUInt64()] = reader.ReadInt32();
        int filed = reader.ReadInt32();
        // Sized once: grown by doubling, these would allocate about as much again as they hold (and on a large store,
        // on the large-object heap) for the collector to clear on a run of a few articles.
        detector._filed.Capacity = detector._parent.Capacity = detector._best.Capacity = filed;
        detector._numberOf.EnsureCapacity(filed);
        for (int number = 0; number < filed; number++)
        {
            string id = reader.ReadString();
            int words = reader.ReadInt32();
            PublicationDate? published = null;
            if (reader.ReadBoolean())
            {
                var day = DateOnly.FromDayNumber(reader.ReadInt32());
                long time = reader.ReadInt64();
                long offset = reader.ReadInt64();
                published = new PublicationDate(day, time >= 0 ? new TimeOnly(time) : null, offset != long.MinValue ? new TimeSpan(offset) : null);
            }
            string outlet = reader.ReadString();
            detector._filed.Add(new Filed(id, null, published, words, detector.Intern(outlet.Length == 0 ? null : outlet)));
            detector._numberOf[id] = number;
            detector._parent.Add(reader.ReadInt32());
            detector._best.Add(reader.ReadInt32());
        }
        detector._verifications = reader.ReadInt64();
        return shards is null || shards.Rewind(filed) ? detector : null;
    }
}
