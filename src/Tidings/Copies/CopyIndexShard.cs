namespace Tidings.Copies;

/// <summary>
/// One shard's part of a chunk of articles to file, in the articles' order: each key with the article it is filed for
/// and how many of its earlier postings the detector reads back.
/// </summary>
/// <param name="Epoch">The engine's opening the shard was last rewound by: a shard of another (a stale engine's, or reloaded from an older save) is out of step.</param>
/// <param name="FiledBefore">Articles the detector had numbered before this chunk: the shard must stand there, or it lost or holds keys the detector does not know of.</param>
/// <param name="FiledAfter">Articles numbered once the chunk is filed, where the shard then stands.</param>
/// <param name="Keys">The band keys, in filing order.</param>
/// <param name="Articles">Per key, the number of the article it is filed for.</param>
/// <param name="Caps">Per key, the most postings read back (document keys are read further than sentence keys).</param>
public sealed record CopyKeyFilings(Guid Epoch, int FiledBefore, int FiledAfter, ulong[] Keys, int[] Articles, byte[] Caps);

/// <summary>A shard's answer, per key in the order asked: the postings the key had, and the first of them up to the cap.</summary>
/// <param name="Counts">Per key, the postings filed under it before (at most <see cref="CopyDetector.MaxPostingsPerKey"/>).</param>
/// <param name="Postings">The postings read back, key after key: min(count, cap) article numbers each, in filing order.</param>
public sealed record CopyKeyAnswers(int[] Counts, int[] Postings);

/// <summary>A shard of the copy index does not stand where the detector does: it was lost with its machine, or its state is older.</summary>
public sealed class CopyIndexOutOfStepException(string message) : Exception(message);

/// <summary>
/// Where a shard stands: the engine's opening that last rewound it, and the articles filed since the start. Every
/// exchange names the position the engine expects, so a shard reloaded from an older save, or written by another
/// engine, is found out rather than answering without keys it lost.
/// </summary>
public readonly record struct CopyIndexPosition(Guid Epoch, int Filed);

/// <summary>
/// One range of the copy index's band keys (see <see cref="ShardOf"/>), with one writer: the shards of an index
/// together answer exactly what one <see cref="PostingTable"/> would, since a key's postings depend only on the
/// filings of that key, and every shard files its keys in the articles' order.
/// </summary>
/// <remarks>
/// A shard knows where it stands (<see cref="Position"/>), and refuses an exchange that expects it elsewhere: a shard
/// that came back from an older saved state would otherwise answer without the keys it lost, and one that a stale
/// engine filed into would hold articles the engine does not know of. The engine then opens again, rewinding every
/// shard to its checkpoint (<see cref="Rewind"/>), and replays the articles after it.
/// </remarks>
public sealed class CopyIndexShard
{
    private PostingTable _table = new();

    /// <summary>Articles whose keys this shard has seen (keys of its range or not).</summary>
    public int Filed { get; private set; }

    /// <summary>The opening of the engine that last rewound this shard.</summary>
    public Guid Epoch { get; private set; }

    public CopyIndexPosition Position => new(Epoch, Filed);

    /// <summary>Postings held.</summary>
    public int Postings => _table.Count;

    /// <summary>Bytes held by the shard's table.</summary>
    public long Bytes => _table.Bytes;

    /// <summary>
    /// The shard of <paramref name="count"/> that holds a key: ranges of the fingerprint the table keeps (the key's top
    /// 32 bits, lowest bit set), so two keys the table cannot tell apart share a shard, as they share a run in one table.
    /// </summary>
    public static int ShardOf(ulong key, int count) => (int)((((key >> 32) | 1) * (ulong)count) >> 32);

    /// <summary>
    /// Reads each key's earlier postings, then files the key for its article unless it already has
    /// <see cref="CopyDetector.MaxPostingsPerKey"/>; key by key, so a key twice in one chunk sees its first filing.
    /// Throws <see cref="CopyIndexOutOfStepException"/> when the chunk does not start where this shard stands.
    /// </summary>
    public CopyKeyAnswers LookUpAndFile(CopyKeyFilings filings)
    {
        ArgumentNullException.ThrowIfNull(filings);
        CheckAt(new CopyIndexPosition(filings.Epoch, filings.FiledBefore));
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

    /// <summary>Reads the keys' postings (up to <paramref name="cap"/> each) without filing anything, standing <paramref name="at"/>.</summary>
    public CopyKeyAnswers Collect(ulong[] keys, int cap, CopyIndexPosition at)
    {
        ArgumentNullException.ThrowIfNull(keys);
        CheckAt(at);
        var counts = new int[keys.Length];
        var postings = new List<int>();
        for (int i = 0; i < keys.Length; i++)
            counts[i] = _table.Collect(keys[i], postings, cap);
        return new CopyKeyAnswers(counts, postings.ToArray());
    }

    /// <summary>
    /// Returns the shard to where it stood after <paramref name="articles"/> articles, dropping the postings of later
    /// ones, for the engine opening as <paramref name="epoch"/>; false when it has not come that far (its state is
    /// older than the engine's checkpoint) and cannot.
    /// </summary>
    public bool Rewind(int articles, Guid epoch)
    {
        if (articles > Filed)
            return false;
        if (articles == 0)
            _table = new PostingTable();
        else if (articles < Filed)
            _table = _table.Before(articles);
        (Filed, Epoch) = (articles, epoch);
        return true;
    }

    /// <summary>Throws <see cref="CopyIndexOutOfStepException"/> unless the shard stands <paramref name="at"/>.</summary>
    public void CheckAt(CopyIndexPosition at)
    {
        if (at != Position)
            throw new CopyIndexOutOfStepException(at.Epoch != Epoch
                ? $"a copy index shard was rewound by another opening of the engine ({Epoch}, not {at.Epoch}): it was reloaded from an older save, or another engine writes it"
                : $"a copy index shard stands at {Filed:N0} articles, not at {at.Filed:N0}");
    }

    /// <summary>The shard as bytes, for its grain's storage: the table as it lies in memory, and where it stands.</summary>
    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Filed);
            writer.Write(Epoch.ToByteArray());
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
        shard.Epoch = new Guid(reader.ReadBytes(16));
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

    /// <summary>
    /// Every shard back to where it stood after <paramref name="articles"/> articles, as a new epoch that every later
    /// exchange names (see <see cref="CopyIndexPosition"/>); false when one cannot be. The engine rewinds once per
    /// opening, before anything else.
    /// </summary>
    bool Rewind(int articles);

    /// <summary>
    /// Saves every shard's state, before the detector's checkpoint is written, so that no shard stands behind a
    /// checkpoint. Throws <see cref="CopyIndexOutOfStepException"/> when a shard is not where the exchanges since the
    /// rewind left it (it came back from an older state since): the checkpoint must then not be written.
    /// </summary>
    void Save();
}

/// <summary>
/// Where the engine expects its shards to stand: set by a rewind (a new epoch), moved by each chunk filed. An
/// implementation of <see cref="ICopyIndexShards"/> keeps one and names it in every exchange.
/// </summary>
public sealed class CopyIndexCursor
{
    public CopyIndexPosition At { get; private set; }

    /// <summary>A new epoch at <paramref name="articles"/>, for a rewind.</summary>
    public CopyIndexPosition Rewound(int articles) => At = new CopyIndexPosition(Guid.NewGuid(), articles);

    /// <summary>The filings of a chunk as they must reach each shard, stamped with the epoch; checked to start where the shards stand.</summary>
    public CopyKeyFilings Stamped(CopyKeyFilings filings) =>
        filings.FiledBefore == At.Filed ? filings with { Epoch = At.Epoch } : throw new InvalidOperationException($"a chunk starting at {filings.FiledBefore:N0} articles, where the shards stand at {At.Filed:N0}");

    /// <summary>The chunk was filed: the shards stand at its end.</summary>
    public void Filed(int articles) => At = At with { Filed = articles };
}

/// <summary>Shards held in this process: what a cluster's grains hold, for tests and for measuring a shard's cost.</summary>
public sealed class LocalCopyIndexShards(int count) : ICopyIndexShards
{
    private readonly CopyIndexShard[] _shards = Enumerable.Range(0, count).Select(_ => new CopyIndexShard()).ToArray();
    private readonly CopyIndexCursor _cursor = new();

    public int Count => _shards.Length;

    public IReadOnlyList<CopyIndexShard> Shards => _shards;

    public IReadOnlyList<CopyKeyAnswers> LookUpAndFile(IReadOnlyList<CopyKeyFilings> perShard)
    {
        var answers = _shards.Select((shard, i) => shard.LookUpAndFile(_cursor.Stamped(perShard[i]))).ToArray();
        _cursor.Filed(perShard[0].FiledAfter);
        return answers;
    }

    public IReadOnlyList<CopyKeyAnswers> Collect(IReadOnlyList<ulong[]> perShard, int cap) =>
        _shards.Select((shard, i) => shard.Collect(perShard[i], cap, _cursor.At)).ToArray();

    public bool Rewind(int articles)
    {
        var at = _cursor.Rewound(articles);
        bool all = true;
        foreach (var shard in _shards)
            all &= shard.Rewind(at.Filed, at.Epoch);
        return all;
    }

    public void Save()
    {
        foreach (var shard in _shards)
            shard.CheckAt(_cursor.At);
    }
}
