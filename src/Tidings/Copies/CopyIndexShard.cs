namespace Tidings.Copies;

/// <summary>
/// One shard's part of a chunk of articles to file, in the articles' order: each key with the article it is filed for
/// and how many of its earlier postings the detector reads back.
/// </summary>
/// <param name="FiledBefore">Articles the detector had numbered before this chunk: the shard must stand there, or it lost or holds keys the detector does not know of.</param>
/// <param name="FiledAfter">Articles numbered once the chunk is filed, where the shard then stands.</param>
/// <param name="Keys">The band keys, in filing order.</param>
/// <param name="Articles">Per key, the number of the article it is filed for.</param>
/// <param name="Caps">Per key, the most postings read back (document keys are read further than sentence keys).</param>
public sealed record CopyKeyFilings(int FiledBefore, int FiledAfter, ulong[] Keys, int[] Articles, byte[] Caps);

/// <summary>A shard's answer, per key in the order asked: the postings the key had, and the first of them up to the cap.</summary>
/// <param name="Counts">Per key, the postings filed under it before (at most <see cref="CopyDetector.MaxPostingsPerKey"/>).</param>
/// <param name="Postings">The postings read back, key after key: min(count, cap) article numbers each, in filing order.</param>
public sealed record CopyKeyAnswers(int[] Counts, int[] Postings);

/// <summary>A shard of the copy index does not stand where the detector does: it was lost with its machine, or its state is older.</summary>
public sealed class CopyIndexOutOfStepException(string message) : Exception(message);

/// <summary>
/// One range of the copy index's band keys (see <see cref="ShardOf"/>), with one writer: the shards of an index
/// together answer exactly what one <see cref="PostingTable"/> would, since a key's postings depend only on the
/// filings of that key, and every shard files its keys in the articles' order.
/// </summary>
/// <remarks>
/// A shard knows how many articles it has filed (<see cref="Filed"/>), and refuses a chunk that does not start there:
/// a shard that came back from an older saved state would otherwise answer without the keys it lost. The detector
/// then rewinds every shard to its own checkpoint (<see cref="Rewind"/>) and replays the articles after it.
/// </remarks>
public sealed class CopyIndexShard
{
    private PostingTable _table = new();

    /// <summary>Articles whose keys this shard has seen (keys of its range or not).</summary>
    public int Filed { get; private set; }

    /// <summary>Postings held.</summary>
    public int Postings => _table.Count;

    /// <summary>Bytes held by the shard's table.</summary>
    public long Bytes => _table.Bytes;

    /// <summary>
    /// The shard of <paramref name="count"/> that holds a key: ranges of the key's top 32 bits, the part the table
    /// keeps, so a key range is one contiguous stretch of each shard's table.
    /// </summary>
    public static int ShardOf(ulong key, int count) => (int)(((key >> 32) * (ulong)count) >> 32);

    /// <summary>
    /// Reads each key's earlier postings, then files the key for its article unless it already has
    /// <see cref="CopyDetector.MaxPostingsPerKey"/>; key by key, so a key twice in one chunk sees its first filing.
    /// Throws <see cref="CopyIndexOutOfStepException"/> when the chunk does not start where this shard stands.
    /// </summary>
    public CopyKeyAnswers LookUpAndFile(CopyKeyFilings filings)
    {
        ArgumentNullException.ThrowIfNull(filings);
        if (filings.FiledBefore != Filed)
            throw new CopyIndexOutOfStepException($"a copy index shard stands at {Filed:N0} articles, not at {filings.FiledBefore:N0}");
        if (filings.Keys.Length != filings.Articles.Length || filings.Keys.Length != filings.Caps.Length || filings.FiledAfter < filings.FiledBefore)
            throw new ArgumentException("keys, articles and caps must be as many, and the chunk must not end before it starts", nameof(filings));
        var counts = new int[filings.Keys.Length];
        var postings = new List<int>(filings.Keys.Length * 2);
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = _table.Collect(filings.Keys[i], postings, filings.Caps[i]);
            if (counts[i] < CopyDetector.MaxPostingsPerKey)
                _table.Add(filings.Keys[i], filings.Articles[i]);
        }
        Filed = filings.FiledAfter;
        return new CopyKeyAnswers(counts, postings.ToArray());
    }

    /// <summary>Reads the keys' postings (up to <paramref name="cap"/> each) without filing anything.</summary>
    public CopyKeyAnswers Collect(ulong[] keys, int cap)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var counts = new int[keys.Length];
        var postings = new List<int>();
        for (int i = 0; i < keys.Length; i++)
            counts[i] = _table.Collect(keys[i], postings, cap);
        return new CopyKeyAnswers(counts, postings.ToArray());
    }

    /// <summary>
    /// Returns the shard to where it stood after <paramref name="articles"/> articles, dropping the postings of later
    /// ones; false when it has not come that far (its state is older than the detector's checkpoint) and cannot.
    /// </summary>
    public bool Rewind(int articles)
    {
        if (articles > Filed)
            return false;
        if (articles < Filed)
            _table = _table.Before(articles);
        Filed = articles;
        return true;
    }

    /// <summary>Throws <see cref="CopyIndexOutOfStepException"/> unless the shard has filed at least <paramref name="articles"/> articles.</summary>
    public void CheckReached(int articles)
    {
        if (Filed < articles)
            throw new CopyIndexOutOfStepException($"a copy index shard stands at {Filed:N0} articles, behind the {articles:N0} of the checkpoint");
    }

    /// <summary>The shard as bytes, for its grain's storage: the table as it lies in memory, and where it stands.</summary>
    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Filed);
            _table.Write(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>A shard saved by <see cref="Save"/>; an empty one for no bytes.</summary>
    public static CopyIndexShard Load(byte[]? saved)
    {
        var shard = new CopyIndexShard();
        if (saved is null || saved.Length == 0)
            return shard;
        using var reader = new BinaryReader(new MemoryStream(saved, writable: false));
        shard.Filed = reader.ReadInt32();
        shard._table = PostingTable.Read(reader);
        return shard;
    }
}

/// <summary>
/// The copy index kept in shards outside the detector (see <see cref="CopyIndexShard"/>): on a cluster, each shard is
/// a grain, so the index's memory spreads over the machines and each range still has one writer.
/// </summary>
public interface ICopyIndexShards
{
    /// <summary>How many shards the key range is cut into; fixed for the life of a store.</summary>
    int Count { get; }

    /// <summary>Files a chunk: one request per shard, every shard asked (an empty request moves it along), answers in shard order.</summary>
    IReadOnlyList<CopyKeyAnswers> LookUpAndFile(IReadOnlyList<CopyKeyFilings> perShard);

    /// <summary>Reads keys' postings without filing: one key list per shard, answers in shard order.</summary>
    IReadOnlyList<CopyKeyAnswers> Collect(IReadOnlyList<ulong[]> perShard, int cap);

    /// <summary>Every shard back to where it stood after <paramref name="articles"/> articles; false when one cannot be.</summary>
    bool Rewind(int articles);

    /// <summary>
    /// Saves every shard's state, before the detector's checkpoint at <paramref name="articles"/> is written, so that no
    /// shard stands behind a checkpoint. Throws <see cref="CopyIndexOutOfStepException"/> when a shard has not come
    /// that far (it came back from an older state since): the checkpoint must then not be written.
    /// </summary>
    void Save(int articles);
}

/// <summary>Shards held in this process: what a cluster's grains hold, for tests and for measuring a shard's cost.</summary>
public sealed class LocalCopyIndexShards(int count) : ICopyIndexShards
{
    private readonly CopyIndexShard[] _shards = Enumerable.Range(0, count).Select(_ => new CopyIndexShard()).ToArray();

    public int Count => _shards.Length;

    public IReadOnlyList<CopyIndexShard> Shards => _shards;

    public IReadOnlyList<CopyKeyAnswers> LookUpAndFile(IReadOnlyList<CopyKeyFilings> perShard) =>
        _shards.Select((shard, i) => shard.LookUpAndFile(perShard[i])).ToArray();

    public IReadOnlyList<CopyKeyAnswers> Collect(IReadOnlyList<ulong[]> perShard, int cap) =>
        _shards.Select((shard, i) => shard.Collect(perShard[i], cap)).ToArray();

    public bool Rewind(int articles) => _shards.Aggregate(true, (all, shard) => shard.Rewind(articles) && all);

    public void Save(int articles)
    {
        foreach (var shard in _shards)
            shard.CheckReached(articles);
    }
}
