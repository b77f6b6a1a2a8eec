namespace Tidings.Events;

public sealed partial class EventClusterer
{
    /// <summary>Bumped whenever the layout below changes: a checkpoint of another layout is not read, and the stored articles are replayed instead.</summary>
    private const int StateVersion = 4;

    /// <summary>
    /// Writes everything the clusterer needs to go on exactly as if it had never stopped: live events in full, the
    /// vocabulary and its document frequencies, the passes' sketches of live events and index of all, links and storylines. Retired events are not
    /// written; they are in the archive. What can be derived (the live index, each live article's event) is rebuilt
    /// on reading, in the same order, so that a continued run makes the same decisions as an uninterrupted one.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(StateVersion);
        writer.Write(_documents);
        writer.Write(_sinceSweep);
        EventCluster.WriteDay(writer, _newest);
        var terms = new string[_termNumbers.Count];
        foreach (var (term, number) in _termNumbers)
            terms[number] = term;
        writer.Write(terms.Length);
        foreach (var term in terms)
            writer.Write(term);
        foreach (int df in _documentFrequency)
            writer.Write(df);
        writer.Write(_mergedInto.Count);
        _live.WriteEach(writer, _mergedInto.Count, number =>
        {
            writer.Write(_mergedInto[number]);
            writer.Write(_storylineParent[number]);
            writer.Write(_firstArticle[number] ?? string.Empty);
        });
        WriteInts(writer, _touched.Order());
        WriteInts(writer, _changed.Order());
        _linked.Write(writer);
        writer.Write(_related.Count);
        foreach (var ((earlier, later), score) in _related)
        {
            writer.Write(earlier);
            writer.Write(later);
            writer.Write(score);
        }
        writer.Write(_sketches.Count);
        foreach (var (number, sketch) in _sketches.OrderBy(kv => kv.Key))
        {
            writer.Write(number);
            sketch.Body.Write(writer);
            sketch.Title.Write(writer);
            EventCluster.WriteDay(writer, sketch.First);
            EventCluster.WriteDay(writer, sketch.Last);
            WriteInts(writer, sketch.Keys);
        }
        writer.Write(_retiredSpans.Count);
        foreach (var (number, (first, last)) in _retiredSpans.OrderBy(kv => kv.Key))
        {
            writer.Write(number);
            EventCluster.WriteDay(writer, first);
            EventCluster.WriteDay(writer, last);
        }
        // The pair index as it is, lists in their order: retired events' keys are nowhere else.
        writer.Write(_pairIndex.Count);
        foreach (var (key, numbers) in _pairIndex.OrderBy(kv => kv.Key))
        {
            writer.Write(key);
            WriteInts(writer, numbers);
        }
        WriteInts(writer, _saturatedPairKeys);
        writer.Write(_takenRelated.Count);
        foreach (var (number, others) in _takenRelated)
        {
            writer.Write(number);
            WriteInts(writer, others);
        }
    }

    /// <summary>Reads a clusterer written by <see cref="WriteState"/>; null when the state has another layout.</summary>
    public static EventClusterer? ReadState(BinaryReader reader, EventClustererOptions? options, IEventArchive archive, IEventIndexShards? shards = null,
        ILiveEventShards? liveEvents = null)
    {
        if (reader.ReadInt32() != StateVersion)
            return null;
        var clusterer = new EventClusterer(options, archive, shards, liveEvents);
        clusterer.Read(reader);
        return clusterer;
    }

    private void Read(BinaryReader reader)
    {
        _documents = reader.ReadInt32();
        _sinceSweep = reader.ReadInt32();
        _newest = EventCluster.ReadDay(reader);
        int terms = reader.ReadInt32();
        // Every table is sized once from its count: grown by doubling, they would allocate about as much again as they
        // hold, which a run of a few articles on a large store paid in collections.
        _termNumbers.EnsureCapacity(terms);
        _nameKind.Capacity = _documentFrequency.Capacity = _termText.Capacity = terms;
        for (int i = 0; i < terms; i++)
        {
            string term = reader.ReadString();
            _termNumbers[term] = i;
            _termText.Add(term);
            _nameKind.Add(NameKindOf(term));
        }
        for (int i = 0; i < terms; i++)
            _documentFrequency.Add(reader.ReadInt32());
        int events = reader.ReadInt32();
        _mergedInto.Capacity = _storylineParent.Capacity = _firstArticle.Capacity = events;
        for (int number = 0; number < events; number++)
        {
            var ev = reader.ReadBoolean() ? EventCluster.ReadLive(reader) : null;
            _mergedInto.Add(reader.ReadInt32());
            _storylineParent.Add(reader.ReadInt32());
            _firstArticle.Add(reader.ReadString() is { Length: > 0 } first ? first : null);
            if (ev is null)
                continue;
            _live.Add(ev);
            foreach (var member in ev.Members)
                _eventOf[member.Id] = number;
        }
        IndexLiveEvents();
        CountStorylineEvents();
        _touched.UnionWith(ReadInts(reader));
        _changed.UnionWith(ReadInts(reader));
        _linked.Read(reader);
        int related = reader.ReadInt32();
        _related.EnsureCapacity(related);
        for (int i = 0; i < related; i++)
            _related[(reader.ReadInt32(), reader.ReadInt32())] = reader.ReadDouble();
        int sketches = reader.ReadInt32();
        for (int i = 0; i < sketches; i++)
        {
            int number = reader.ReadInt32();
            _sketches[number] = new EventSketch(TermSketch.Read(reader), TermSketch.Read(reader), EventCluster.ReadDay(reader), EventCluster.ReadDay(reader), _live.Find(number)?.Members.Count ?? 0, ReadInts(reader));
        }
        int retired = reader.ReadInt32();
        _retiredSpans.EnsureCapacity(retired);
        for (int i = 0; i < retired; i++)
            _retiredSpans[reader.ReadInt32()] = (EventCluster.ReadDay(reader), EventCluster.ReadDay(reader));
        int pairKeys = reader.ReadInt32();
        _pairIndex.EnsureCapacity(pairKeys);
        for (int i = 0; i < pairKeys; i++)
            _pairIndex[reader.ReadInt32()] = [.. ReadInts(reader)];
        _saturatedPairKeys.UnionWith(ReadInts(reader));
        int taken = reader.ReadInt32();
        _takenRelated.EnsureCapacity(taken);
        for (int i = 0; i < taken; i++)
            _takenRelated[reader.ReadInt32()] = ReadInts(reader);
    }

    /// <summary>Counts each storyline's standing events (see <see cref="FounderSimilarity"/>), which a checkpoint does not hold.</summary>
    private void CountStorylineEvents()
    {
        _storylineEvents.Clear();
        for (int number = 0; number < _storylineParent.Count; number++)
        {
            if (IsCurrent(number) && FindStoryline(number) is var storyline)
                _storylineEvents[storyline] = _storylineEvents.GetValueOrDefault(storyline) + 1;
        }
    }

    /// <summary>Files every live event under its index keys, as <see cref="Index"/> filed them: events in order of number, each event's keys in their order.</summary>
    private void IndexLiveEvents() =>
        _postings = NewPostings(_live.Numbers.Select(number => (number, (IReadOnlyCollection<int>)Live(number).IndexKeys)));

    private static void WriteInts(BinaryWriter writer, IEnumerable<int> values)
    {
        var list = values as IReadOnlyCollection<int> ?? values.ToList();
        writer.Write(list.Count);
        foreach (int value in list)
            writer.Write(value);
    }

    private static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[reader.ReadInt32()];
        for (int i = 0; i < values.Length; i++)
            values[i] = reader.ReadInt32();
        return values;
    }
}
