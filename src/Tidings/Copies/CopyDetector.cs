using System.Diagnostics;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The text copy detection reads, and what provenance needs to know about it.</summary>
/// <summary>An article as copy detection reads it.</summary>
/// <param name="Id">The article's id.</param>
/// <param name="Text">Its extracted text.</param>
/// <param name="Published">When it was published, which decides who copied whom.</param>
/// <param name="Outlet">The publisher as <see cref="Article.OutletOf"/> keys it: a block two of its own articles share is its template, not a copy.</param>
public sealed record CopyCandidate(string Id, string Text, PublicationDate? Published = null, string? Outlet = null)
{
    public static CopyCandidate Of(Article article) => new(article.Id, article.Text, article.Published, Article.OutletOf(article.Source));
}

/// <summary>A new article read and keyed by <see cref="CopyDetector.Prepare"/>, ready to be looked up and filed.</summary>
public sealed record PreparedCopyCandidate
{
    internal PreparedCopyCandidate(CopyCandidate candidate, WordSequence words, ulong bodyHash, ulong[] documentKeys, List<(int Sentence, ulong Key)> sentenceKeys) =>
        (Candidate, Words, BodyHash, DocumentKeys, SentenceKeys) = (candidate, words, bodyHash, documentKeys, sentenceKeys);

    public CopyCandidate Candidate { get; }
    internal WordSequence Words { get; }
    internal ulong BodyHash { get; }
    internal ulong[] DocumentKeys { get; }
    internal List<(int Sentence, ulong Key)> SentenceKeys { get; }

    /// <summary>What a sharded index answered for this article's keys, filed ahead with its chunk (see <see cref="CopyDetector.FileAhead"/>).</summary>
    internal FiledAhead? Ahead { get; set; }
}

/// <summary>An article's keys as a sharded index filed them: its number, and per key (document keys, then sentence keys) the postings it had.</summary>
internal sealed record FiledAhead(int Number, FiledKey[] Keys);

/// <summary>One key's answer: how many postings it had, and those read back.</summary>
internal readonly record struct FiledKey(int Filed, ArraySegment<int> Postings);

/// <summary>
/// Finds copy relations as articles stream in: each new article is read once into a <see cref="WordSequence"/>,
/// looked up in the band index (<see cref="CopyKeys"/>), verified exactly against the candidates it finds
/// (<see cref="CopyVerifier"/>), then filed. An article is only ever compared with earlier ones, so adding an article
/// never changes a relation already found.
/// </summary>
/// <remarks>
/// Per article the detector keeps its id, its text (which verification re-reads when a later copy turns up) and about
/// 54 postings of 8 bytes; the word sequences of the most recent articles are kept because copies tend to follow
/// their originals closely.
/// </remarks>
public sealed partial class CopyDetector
{
    /// <summary>
    /// Postings per key beyond which the key is not extended: past <see cref="EvidencePostings"/> it is no evidence
    /// anyway, and the margin is enough to tell a template that several copy groups print. Every lookup of a key
    /// walks its postings, so a longer run would only cost time and memory.
    /// </summary>
    public const int MaxPostingsPerKey = 24;

    /// <summary>A candidate needs this many of its sentences matched through sentence bands (or two rare ones).</summary>
    public const int MinimumMatchedSentences = 3;

    /// <summary>
    /// An article with at most this many keyed sentences needs only two of them matched to become a candidate: a spin
    /// matches each sentence through a band with probability about 0.3, so a short one rarely shows three, while the
    /// extra candidates cost only verification, which is exact.
    /// </summary>
    public const int ShortArticleSentences = 12;

    /// <summary>
    /// Two matched sentences suffice when their keys are rare: the sum of 1/postings over the matches reaches this
    /// (two keys each filed for at most three other articles). Pairs of common words match by chance; a short spin
    /// matches only a few sentences, but through keys no one else has.
    /// </summary>
    public const double RareMatchWeight = 0.5;

    /// <summary>The most candidates verified per article, best first: enough to join a story copied a hundred times.</summary>
    public const int MaxVerifiedCandidates = 24;

    /// <summary>
    /// A sentence that at least this many other copy groups also print is a template or an appeal: it still aligns,
    /// but it is no evidence of a partial copy.
    /// </summary>
    public const int CommonSentenceGroups = 2;

    /// <summary>
    /// A key filed for more articles than this is a pair of common words: it still counts towards templates, but it
    /// is no evidence for a candidate (and would cost more to tally than it tells).
    /// </summary>
    public const int EvidencePostings = 16;

    /// <summary>Word sequences kept for verification: copies follow their originals within minutes to hours of a feed.</summary>
    public const int RecentCapacity = 2048;

    /// <summary>Eight document bands and two bands for each of some twenty-five sentences.</summary>
    private const int ExpectedPostingsPerArticle = 58;

    private PostingTable _index = new();
    private readonly Dictionary<ulong, int> _firstWithBody = [];
    private readonly List<Filed> _filed = [];
    private readonly Dictionary<string, int> _numberOf = new(StringComparer.Ordinal);

    /// <summary>Each outlet's key held once: a stream of a million articles names a few thousand outlets.</summary>
    private readonly Dictionary<string, string> _outlets = new(StringComparer.Ordinal);

    private string? Intern(string? outlet)
    {
        if (outlet is null)
            return null;
        if (!_outlets.TryGetValue(outlet, out var kept))
            _outlets[outlet] = kept = outlet;
        return kept;
    }
    private readonly RecentWordSequences _recent;
    private readonly List<CopyRelation> _relations = [];

    // Scratch for the lookup step, which runs on one thread; kept to spare an allocation per article.
    private readonly CandidateTally _tally = new();
    private readonly List<int> _postings = [];

    /// <summary>Where <see cref="PostingTable.Prefetch"/>'s reads go, so the compiler keeps them.</summary>
    private ulong _touched;

    /// <summary>Union-find over article numbers: the copy group each article belongs to so far.</summary>
    private readonly List<int> _parent = [];

    /// <summary>An article as the detector remembers it; its text only when no store can give it back.</summary>
    private readonly record struct Filed(string Id, string? Text, PublicationDate? Published, int WordCount, string? Outlet);

    /// <summary>Reads each stored article's text again when verification needs it; null keeps texts in memory.</summary>
    private readonly Func<string, string?>? _textOf;

    /// <summary>Where the index lives when not in <see cref="_index"/>: shards that answer a chunk at a time (see <see cref="FileAhead"/>).</summary>
    private readonly ICopyIndexShards? _shards;

    /// <summary>Whether relations found are also kept in memory, for <see cref="Graph"/>; a stream writes them out instead.</summary>
    private readonly bool _keepRelations;

    /// <summary>Where pairs whose earlier article's words are not kept are verified, when not here (see <see cref="ElsewhereVerification"/>).</summary>
    private readonly ElsewhereVerification? _elsewhere;

    /// <summary>
    /// Verdicts of the pairs <see cref="VerifyAhead"/> knew for certain, by earlier article's number and later article's
    /// id, until that article is added (or the next chunk is verified ahead).
    /// </summary>
    private Dictionary<(int Earlier, string Later), CopyVerdict?> _verifiedAhead = [];

    /// <summary>Per copy group root, the member that is the group's original so far (see <see cref="Provenance.Original"/>).</summary>
    private readonly List<int> _best = [];

    /// <param name="textOf">
    /// Where verification reads an earlier article's text when its word sequence is no longer among the recent ones:
    /// a stream that keeps its articles in a store passes the store, so that the detector holds no text at all and
    /// its memory follows the index. Null keeps every text in memory.
    /// </param>
    /// <param name="keepRelations">Keep every relation found, for <see cref="Relations"/> and <see cref="Graph"/>.</param>
    /// <param name="shards">
    /// Keeps the index in these shards rather than in the detector: each chunk of articles is then filed ahead in one
    /// exchange with them (<see cref="FileAhead"/>). The caller rewinds them to where this detector starts.
    /// </param>
    /// <param name="elsewhere">
    /// Verifies new articles against earlier ones whose words the detector no longer keeps with these verifiers rather
    /// than reading their texts through <paramref name="textOf"/>, which then still serves partial copies' second look.
    /// </param>
    public CopyDetector(Func<string, string?>? textOf = null, bool keepRelations = true, ICopyIndexShards? shards = null, ElsewhereVerification? elsewhere = null)
    {
        if (elsewhere is not null && textOf is null)
            throw new ArgumentException("verifying elsewhere needs a store the verifiers read the earlier texts from", nameof(elsewhere));
        _textOf = textOf;
        _keepRelations = keepRelations;
        _shards = shards;
        _elsewhere = elsewhere;
        _recent = new RecentWordSequences(elsewhere?.Verifiers.KeptRecent ?? RecentCapacity);
    }

    /// <summary>Whether pairs the detector keeps no words for are verified elsewhere (see <see cref="VerifyAhead"/>).</summary>
    public bool VerifiesElsewhere => _elsewhere is not null;

    /// <summary>Whether the index lives in shards, so that articles must be filed ahead (<see cref="FileAhead"/>) before they are added.</summary>
    public bool Sharded => _shards is not null;

    public int Count => _filed.Count;

    /// <summary>Stopwatch ticks spent in each stage so far, for the benchmark: where the time goes decides what to optimise.</summary>
    internal StageTicks Timings { get; } = new();

    internal sealed class StageTicks
    {
        public long Read, LookUp, Verify, Settle;
    }

    private long _verifications;

    /// <summary>Candidate pairs verified so far: the measure of how selective the index is.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    public IReadOnlyList<CopyRelation> Relations => _relations;

    /// <summary>Postings filed in the index so far.</summary>
    internal long Postings => _index.Count;

    /// <summary>Bytes held by the index and the per-article records, text excluded (the memory budget's measure).</summary>
    public long IndexBytes => _index.Bytes + (long)_filed.Capacity * 56 + _firstWithBody.Count * 24L + _numberOf.Count * 24L;

    public IReadOnlyList<CopyRelation> Add(CopyCandidate article) => AddRange([article], parallel: false);

    /// <summary>
    /// Reads and keys an article, the costly part of adding it, without touching the detector: safe on any thread, so
    /// a stream prepares articles in parallel and adds them in order with <see cref="Add(PreparedCopyCandidate)"/>.
    /// </summary>
    public static PreparedCopyCandidate Prepare(CopyCandidate article) => Read(article);

    /// <summary>Adds an article prepared by <see cref="Prepare"/>; the relations it forms with earlier articles.</summary>
    public IReadOnlyList<CopyRelation> Add(PreparedCopyCandidate article)
    {
        var candidates = LookUpAndFile(article);
        var verdicts = VerifyAll(article, candidates);
        var found = Settle(_filed.Count - 1, article, verdicts);
        if (_keepRelations)
            _relations.AddRange(found);
        return found;
    }

    /// <summary>Whether an article with this id was added.</summary>
    public bool Contains(string id) => _numberOf.ContainsKey(id);

    /// <summary>The original of the article's copy group as it stands: the article itself when nothing copies it or it copies nothing.</summary>
    public string OriginOf(string id) => _numberOf.TryGetValue(id, out int number) ? _filed[_best[Find(number)]].Id : id;

    /// <summary>
    /// Adds articles in order. With <paramref name="parallel"/>, reading and verification run on all cores while
    /// lookups, filing and the template check of partial copies (which reads the copy groups found so far) stay in
    /// input order, so the relations found are the same as one by one, whatever the batch.
    /// </summary>
    public IReadOnlyList<CopyRelation> AddRange(IReadOnlyList<CopyCandidate> articles, bool parallel = false)
    {
        var found = new List<CopyRelation>();
        if (!Sharded)
            _index.EnsureCapacity((long)(_index.Count + (long)articles.Count * ExpectedPostingsPerArticle));
        const int batch = 256;
        for (int start = 0; start < articles.Count; start += batch)
        {
            int n = Math.Min(batch, articles.Count - start);
            var sketches = new PreparedCopyCandidate[n];
            long t0 = Stopwatch.GetTimestamp();
            ForEach(n, parallel, i => sketches[i] = Read(articles[start + i]));
            if (Sharded)
                FileAhead(sketches);
            long t1 = Stopwatch.GetTimestamp();
            var work = new List<(int Number, PreparedCopyCandidate Sketch, List<int> Candidates)>(n);
            // Each article's slots are prefetched while the one before it is looked up, so that they have arrived
            // from memory by the time they are read: a large table misses the cache on nearly every key.
            PrefetchKeys(sketches[0]);
            for (int k = 0; k < n; k++)
            {
                if (k + 1 < n)
                    PrefetchKeys(sketches[k + 1]);
                work.Add((_filed.Count, sketches[k], LookUpAndFile(sketches[k])));
            }
            var verdicts = new List<(int Earlier, WordSequence? Words, CopyVerdict Verdict)>[n];
            long t2 = Stopwatch.GetTimestamp();
            // Verifiers elsewhere are called from the engine's one thread, as a chunk verified ahead is kept for it.
            ForEach(n, parallel && _elsewhere is null, i => verdicts[i] = VerifyAll(work[i].Sketch, work[i].Candidates));
            long t3 = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                found.AddRange(Settle(work[i].Number, work[i].Sketch, verdicts[i]));
            }
            long t4 = Stopwatch.GetTimestamp();
            (Timings.Read, Timings.LookUp, Timings.Verify, Timings.Settle) = (Timings.Read + t1 - t0, Timings.LookUp + t2 - t1, Timings.Verify + t3 - t2, Timings.Settle + t4 - t3);
        }
        if (_keepRelations)
            _relations.AddRange(found);
        return found;
    }

    /// <summary>The copy graph of everything added so far.</summary>
    public CopyGraph Graph()
    {
        var order = _filed.Select(f => f.Id).ToList();
        return new CopyGraph(_relations.ToList(), Provenance.Roots(order, _relations, (a, b) => _filed[Original(_numberOf[a], _numberOf[b])].Id));
    }

    private static void ForEach(int n, bool parallel, Action<int> body)
    {
        if (parallel)
            Parallel.For(0, n, body);
        else
        {
            for (int i = 0; i < n; i++)
                body(i);
        }
    }

    private static PreparedCopyCandidate Read(CopyCandidate article)
    {
        var words = WordSequence.Read(article.Text);
        return new PreparedCopyCandidate(article, words, words.BodyHash(), CopyKeys.Document(words), CopyKeys.Sentences(words));
    }

    /// <summary>Finds the candidates among earlier articles, then files this one; the only step that must run in order.</summary>
    private List<int> LookUpAndFile(PreparedCopyCandidate sketch)
    {
        int number = _filed.Count;
        if (_shards is not null && sketch.Ahead?.Number != number)
            throw new InvalidOperationException($"article '{sketch.Candidate.Id}' was not filed ahead as article {number:N0}");
        if (!_numberOf.TryAdd(sketch.Candidate.Id, number))
            throw new ArgumentException($"article id '{sketch.Candidate.Id}' was already added", nameof(sketch));
        _filed.Add(new Filed(sketch.Candidate.Id, _textOf is null ? sketch.Candidate.Text : null, sketch.Candidate.Published, sketch.Words.WordCount, Intern(sketch.Candidate.Outlet)));
        _parent.Add(number);
        _best.Add(number);
        _recent.Keep(number, sketch.Words);
        if (!FilesKeys(sketch, out int same))
            return same < 0 ? [] : [same];
        _firstWithBody[sketch.BodyHash] = number;

        // Per earlier article: document bands shared, sentences matched, and those matches weighted by rarity, so that
        // a sentence a hundred pages print (a newsletter box) does not crowd out the three a real copy shares.
        var tally = _tally;
        tally.Clear();
        var postings = _postings;
        int k = 0;
        foreach (ulong key in sketch.DocumentKeys)
        {
            postings.Clear();
            LookUpAndFileKey(sketch, k++, key, MaxPostingsPerKey, number, postings);
            foreach (int other in postings)
                tally.AddBand(other);
        }
        foreach (var (sentence, key) in sketch.SentenceKeys)
        {
            postings.Clear();
            // Postings past the evidence limit would be dropped unread: count them, but do not collect them.
            int filed = LookUpAndFileKey(sketch, k++, key, EvidencePostings, number, postings);
            if (filed > EvidencePostings)
                continue;
            foreach (int other in postings)
                tally.AddSentence(other, sentence, 1.0 / Math.Max(1, filed));
        }
        int keyedSentences = sketch.SentenceKeys.Count / CopyKeys.SentenceBands;
        return tally.Candidates(number, MaxVerifiedCandidates, keyedSentences <= ShortArticleSentences ? 2 : MinimumMatchedSentences, keyedSentences > 0);
    }

    /// <summary>
    /// Whether the article's keys are filed: not when it has no words, nor when an earlier article has the same body
    /// (its keys are that copy's keys, and filing them again would only fill the index); <paramref name="same"/> is
    /// then that article's number, or -1.
    /// </summary>
    private bool FilesKeys(PreparedCopyCandidate sketch, out int same)
    {
        same = -1;
        return sketch.Words.WordCount > 0 && !_firstWithBody.TryGetValue(sketch.BodyHash, out same);
    }

    /// <summary>
    /// The <paramref name="k"/>-th key's earlier postings (up to <paramref name="cap"/>) into <paramref name="postings"/>,
    /// and how many it had; the key is filed for the article unless it has <see cref="MaxPostingsPerKey"/> already. With
    /// shards, the answer they gave when the article was filed ahead.
    /// </summary>
    private int LookUpAndFileKey(PreparedCopyCandidate sketch, int k, ulong key, int cap, int number, List<int> postings)
    {
        if (_shards is not null)
        {
            var answer = sketch.Ahead!.Keys[k];
            postings.AddRange(answer.Postings);
            return answer.Filed;
        }
        int filed = _index.Collect(key, postings, cap);
        if (filed < MaxPostingsPerKey)
            _index.Add(key, number);
        return filed;
    }

    /// <summary>
    /// Files a chunk's keys in the shards in one exchange, before its articles are added one by one (in this order,
    /// each exactly once): each article's keys are answered as a lookup just before it would have seen them, so the
    /// detector finds what it would with the index in memory. A sharded detector's caller does this for every chunk.
    /// </summary>
    public void FileAhead(IReadOnlyList<PreparedCopyCandidate> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var shards = _shards ?? throw new InvalidOperationException("this detector keeps its index itself");
        if (articles.Count == 0)
            return;
        int before = _filed.Count;
        var requests = new ShardRequests(shards.Count);
        // Where each key's answer will be: its shard and its place in that shard's request.
        var places = new (int Shard, int Index)[articles.Count][];
        // Bodies first seen in this chunk: a later copy of one files nothing, as it will find the first when added.
        var bodies = new HashSet<ulong>();
        for (int i = 0; i < articles.Count; i++)
        {
            var article = articles[i];
            int number = before + i;
            if (!FilesKeys(article, out _) || !bodies.Add(article.BodyHash))
            {
                places[i] = [];
                continue;
            }
            var place = places[i] = new (int, int)[article.DocumentKeys.Length + article.SentenceKeys.Count];
            int k = 0;
            foreach (ulong key in article.DocumentKeys)
                place[k++] = requests.Add(key, number, MaxPostingsPerKey);
            foreach (var (_, key) in article.SentenceKeys)
                place[k++] = requests.Add(key, number, EvidencePostings);
        }
        var answers = requests.Answered(shards.LookUpAndFile(requests.Filings(before, before + articles.Count)));
        for (int i = 0; i < articles.Count; i++)
            articles[i].Ahead = new FiledAhead(before + i, Array.ConvertAll(places[i], p => answers[p.Shard][p.Index]));
    }

    /// <summary>Keys cut into one request per shard, each key's place in its request kept for its answer.</summary>
    private sealed class ShardRequests
    {
        private readonly List<ulong>[] _keys;
        private readonly List<int>[] _articles;
        private readonly List<byte>[] _caps;

        public ShardRequests(int count)
        {
            (_keys, _articles, _caps) = (new List<ulong>[count], new List<int>[count], new List<byte>[count]);
            for (int s = 0; s < count; s++)
                (_keys[s], _articles[s], _caps[s]) = ([], [], []);
        }

        public (int Shard, int Index) Add(ulong key, int article, int cap)
        {
            int shard = CopyIndexShard.ShardOf(key, _keys.Length);
            _keys[shard].Add(key);
            _articles[shard].Add(article);
            _caps[shard].Add((byte)cap);
            return (shard, _keys[shard].Count - 1);
        }

        public CopyKeyFilings[] Filings(int filedBefore, int filedAfter) =>
            [.. _keys.Select((keys, s) => new CopyKeyFilings(Guid.Empty, filedBefore, filedAfter, keys.ToArray(), _articles[s].ToArray(), _caps[s].ToArray()))];

        public ulong[][] Keys() => [.. _keys.Select(keys => keys.ToArray())];

        /// <summary>Each shard's answer cut into its keys' postings: each key read back min(count, cap) of them.</summary>
        public FiledKey[][] Answered(IReadOnlyList<CopyKeyAnswers> answers)
        {
            var answered = new FiledKey[_keys.Length][];
            for (int s = 0; s < answered.Length; s++)
            {
                var (answer, caps) = (answers[s], _caps[s]);
                if (answer.Counts.Length != caps.Count)
                    throw new CopyIndexOutOfStepException($"a copy index shard answered {answer.Counts.Length:N0} keys, not the {caps.Count:N0} asked");
                answered[s] = new FiledKey[caps.Count];
                int offset = 0;
                for (int i = 0; i < caps.Count; i++)
                {
                    int read = Math.Min(answer.Counts[i], caps[i]);
                    answered[s][i] = new FiledKey(answer.Counts[i], new ArraySegment<int>(answer.Postings, offset, read));
                    offset += read;
                }
            }
            return answered;
        }
    }

    private void PrefetchKeys(PreparedCopyCandidate sketch)
    {
        ulong touched = 0;
        foreach (ulong key in sketch.DocumentKeys)
            touched ^= _index.Prefetch(key);
        foreach (var (_, key) in sketch.SentenceKeys)
            touched ^= _index.Prefetch(key);
        _touched ^= touched;
    }

    /// <summary>
    /// The earlier articles whose texts adding these articles (next, in this order) will read through the detector's
    /// text source for certain, so that its caller can read them ahead in one go rather than one round trip each: an
    /// article with the body of one added before is verified against the first that had it, whose word sequence is no
    /// longer kept when it came long before (a wire story syndicated again days later, a feed replayed: on the replayed
    /// Reuters stream, nearly every article).
    /// </summary>
    public IReadOnlyCollection<string> TextsToRead(IReadOnlyList<PreparedCopyCandidate> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (_textOf is null)
            return ids;   // every text is in memory
        foreach (var (same, _) in CertainUnkeptPairs(articles))
            ids.Add(_filed[same].Id);
        return ids;
    }

    /// <summary>
    /// Verifies ahead, in one call to the verifiers, the pairs that adding these articles (next, in this order) will
    /// verify elsewhere for certain (those of <see cref="TextsToRead"/>: an article with the body of one added long
    /// before), so that adding them waits on no round trip; the others an article finds are verified as it is added.
    /// </summary>
    public void VerifyAhead(IReadOnlyList<PreparedCopyCandidate> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var elsewhere = _elsewhere ?? throw new InvalidOperationException("this detector verifies every pair itself");
        var pairs = CertainUnkeptPairs(articles).DistinctBy(p => (p.Earlier, p.Later.Candidate.Id)).ToList();
        _verifiedAhead = new(pairs.Count);
        if (pairs.Count == 0)
            return;
        var verdicts = elsewhere.Verifiers.Verify([.. pairs.Select(p => PairOf(p.Earlier, p.Later))]);
        for (int i = 0; i < pairs.Count; i++)
            _verifiedAhead[(pairs[i].Earlier, pairs[i].Later.Candidate.Id)] = verdicts[i];
    }

    /// <summary>
    /// An article stored before was stored again with a new text: verification against it reads the new one from now on,
    /// as it would after the detector was read from a checkpoint, so nothing kept of the old one may answer for it.
    /// </summary>
    public void Restated(string id)
    {
        if (!_numberOf.TryGetValue(id, out int number))
            return;
        _recent.Forget(number);
        foreach (var key in _verifiedAhead.Keys.Where(k => k.Earlier == number).ToList())
            _verifiedAhead.Remove(key);
        _elsewhere?.Verifiers.Forget(id);
    }

    /// <summary>The pairs <see cref="TextsToRead"/> names: the first article with each one's body, where its words will not be kept.</summary>
    private IEnumerable<(int Earlier, PreparedCopyCandidate Later)> CertainUnkeptPairs(IReadOnlyList<PreparedCopyCandidate> articles)
    {
        // A sequence kept now may be overwritten by these articles' own before it is read.
        int leavesRecent = _filed.Count + articles.Count - _recent.Capacity;
        foreach (var article in articles)
        {
            if (article.Words.WordCount > 0 && _firstWithBody.TryGetValue(article.BodyHash, out int same)
                && (same < leavesRecent || _recent.Find(same) is null))
                yield return (same, article);
        }
    }

    private VerificationPair PairOf(int earlier, PreparedCopyCandidate later) =>
        new(_filed[earlier].Id, _elsewhere!.UnstoredText(_filed[earlier].Id), later.Candidate.Text);

    /// <summary>The verdicts on a new article's candidates, in the order of the earlier articles; the step that runs on all cores.</summary>
    /// <remarks>
    /// Verified elsewhere, a pair carries no earlier words back: <see cref="Settle"/> reads them only for a partial copy.
    /// </remarks>
    private List<(int Earlier, WordSequence? Words, CopyVerdict Verdict)> VerifyAll(PreparedCopyCandidate sketch, List<int> candidates)
    {
        var verdicts = new List<(int, WordSequence?, CopyVerdict)>();
        if (candidates.Count == 0)
            return verdicts;
        Interlocked.Add(ref _verifications, candidates.Count);
        var elsewhere = new List<int>();
        var found = new (WordSequence? Words, CopyVerdict? Verdict)[candidates.Count];
        var ordered = candidates.Order().ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            int other = ordered[i];
            if (_recent.Find(other) is { } kept)
                found[i] = (kept, Verify(kept, sketch.Words));
            else if (_elsewhere is null)
            {
                var read = WordSequence.Read(TextOf(other));
                found[i] = (read, Verify(read, sketch.Words));
            }
            else if (_verifiedAhead.Remove((other, sketch.Candidate.Id), out var ahead))
                found[i] = (null, ahead);
            else
                elsewhere.Add(i);
        }
        if (elsewhere.Count > 0)
        {
            var answers = _elsewhere!.Verifiers.Verify([.. elsewhere.Select(i => PairOf(ordered[i], sketch))]);
            for (int k = 0; k < elsewhere.Count; k++)
                found[elsewhere[k]] = (null, answers[k]);
        }
        for (int i = 0; i < ordered.Count; i++)
        {
            if (found[i].Verdict is { } verdict)
                verdicts.Add((ordered[i], found[i].Words, verdict));
        }
        return verdicts;
    }

    /// <summary>
    /// Turns an article's verdicts into relations, in input order, then joins the article to their copy groups.
    /// Template sentences can only have made a partial copy, so only those verdicts are checked again, against the copy
    /// groups found up to this article: a sentence other stories also print is no evidence.
    /// </summary>
    private List<CopyRelation> Settle(int number, PreparedCopyCandidate sketch, List<(int Earlier, WordSequence? Words, CopyVerdict Verdict)> verdicts)
    {
        var relations = new List<CopyRelation>(verdicts.Count);
        var joined = new List<int>(verdicts.Count);
        foreach (var (other, kept, first) in verdicts)
        {
            var verdict = first;
            // A block two articles of one outlet share is the outlet's template (a footer, a financing note, a product
            // box), however long: an outlet republishing its own article whole is still a copy.
            if (verdict.Kind == CopyKind.PartialCopy && sketch.Candidate.Outlet is { } outlet && _filed[other].Outlet == outlet)
                continue;
            if (verdict.Kind == CopyKind.PartialCopy)
            {
                var words = kept ?? WordSequence.Read(TextOf(other));
                int group = Find(other);
                var commonInEarlier = CommonSentences(number, CopyKeys.Sentences(words), group);
                var commonInNew = CommonSentences(number, sketch.SentenceKeys, group);
                // Without template sentences the first verdict stands; verifying again would only repeat it.
                if (commonInEarlier.Count + commonInNew.Count > 0)
                {
                    if (Verify(words, sketch.Words, commonInEarlier, commonInNew) is not { } checkedVerdict)
                        continue;
                    verdict = checkedVerdict;
                }
            }
            relations.Add(new CopyRelation(_filed[other].Id, sketch.Candidate.Id, verdict.Kind, _filed[Original(other, number)].Id, verdict.Score, verdict.Evidence, verdict.Measures));
            joined.Add(other);
        }
        foreach (int other in joined)
            Union(other, number);
        return relations;
    }

    /// <summary>
    /// The sentences that at least <see cref="CommonSentenceGroups"/> copy groups other than <paramref name="ownGroup"/>
    /// also print, among the articles filed before <paramref name="number"/>. A group prints a sentence when it is filed
    /// under all of the sentence's band keys: one band is shared by any sentence with the same two rarest words, all of
    /// them only by the same sentence.
    /// </summary>
    private HashSet<int> CommonSentences(int number, List<(int Sentence, ulong Key)> sentenceKeys, int ownGroup)
    {
        var common = new HashSet<int>();
        var printing = new List<int>();
        var inBand = new List<int>();
        var postings = Collect(sentenceKeys);
        for (int k = 0; k < sentenceKeys.Count;)
        {
            int sentence = sentenceKeys[k].Sentence;
            printing.Clear();
            bool firstBand = true;
            for (; k < sentenceKeys.Count && sentenceKeys[k].Sentence == sentence; k++)
            {
                inBand.Clear();
                foreach (int other in postings[k])
                {
                    if (other < number && Find(other) is var group && group != ownGroup && !inBand.Contains(group))
                        inBand.Add(group);
                }
                if (firstBand)
                    printing.AddRange(inBand);
                else
                    printing.RemoveAll(g => !inBand.Contains(g));
                firstBand = false;
            }
            if (printing.Count >= CommonSentenceGroups)
                common.Add(sentence);
        }
        return common;
    }

    /// <summary>Each key's postings (up to <see cref="MaxPostingsPerKey"/>), read without filing: from the shards in one exchange, or from the index.</summary>
    private List<int>[] Collect(List<(int Sentence, ulong Key)> keys)
    {
        var postings = new List<int>[keys.Count];
        if (_shards is { } shards)
        {
            var requests = new ShardRequests(shards.Count);
            var places = keys.ConvertAll(key => requests.Add(key.Key, -1, MaxPostingsPerKey));
            var answers = requests.Answered(shards.Collect(requests.Keys(), MaxPostingsPerKey));
            for (int k = 0; k < keys.Count; k++)
                postings[k] = [.. answers[places[k].Shard][places[k].Index].Postings];
            return postings;
        }
        ulong touched = 0;
        foreach (var (_, key) in keys)
            touched ^= _index.Prefetch(key);
        _touched ^= touched;
        for (int k = 0; k < keys.Count; k++)
        {
            postings[k] = [];
            _index.Collect(keys[k].Key, postings[k], MaxPostingsPerKey);
        }
        return postings;
    }

    /// <summary>The group's representative, without path compression so that parallel verification can read it.</summary>
    private int Find(int x)
    {
        while (_parent[x] != x)
            x = _parent[x];
        return x;
    }

    private void Union(int a, int b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra == rb)
            return;
        var (root, joined) = (Math.Min(ra, rb), Math.Max(ra, rb));
        _parent[joined] = root;
        _best[root] = Original(_best[root], _best[joined]);
    }

    private string TextOf(int number) =>
        _filed[number].Text ?? _textOf?.Invoke(_filed[number].Id)
        ?? throw new InvalidOperationException($"the text of article '{_filed[number].Id}' is not available to verify a copy");

    /// <summary>
    /// Verification in an order fixed by the texts themselves, so that the evidence for (a, b) is exactly the mirror
    /// of the evidence for (b, a).
    /// </summary>
    public static CopyVerdict? Verify(WordSequence a, WordSequence b, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        if (Canonical(a, b) <= 0)
            return CopyVerifier.Verify(a, b, commonInA, commonInB);
        return CopyVerifier.Verify(b, a, commonInB, commonInA) is { } v ? v with { Evidence = v.Evidence.Select(e => e.Mirrored()).ToArray() } : null;
    }

    private static int Canonical(WordSequence a, WordSequence b)
    {
        int byLength = a.WordCount.CompareTo(b.WordCount);
        return byLength != 0 ? byLength : a.BodyHash().CompareTo(b.BodyHash());
    }

    private int Original(int a, int b) => Provenance.Original(
        new Provenance.Claim(a, _filed[a].Published, _filed[a].WordCount),
        new Provenance.Claim(b, _filed[b].Published, _filed[b].WordCount));
}

/// <summary>
/// What the index says about each earlier article that shares keys with a new one. An article's keys bring a few
/// hundred postings, each counted here, so the entries are found through a small open-addressed table of article
/// numbers rather than a dictionary, whose general hashing and equality calls cost several times more per posting.
/// </summary>
internal sealed class CandidateTally
{
    private struct Entry
    {
        public int Article, Bands, Sentences, LastSentence;
        public double Weight;
    }

    /// <summary>Per table slot, the entry's index plus one (0 for an empty slot); at most half full.</summary>
    private int[] _table = new int[1024];
    private Entry[] _entries = new Entry[512];
    private int _count;

    public void Clear()
    {
        Array.Clear(_table);
        _count = 0;
    }

    // The slot is found before the array is read: finding it may grow the array, and `_entries[Slot(a)]` would index the old one.
    public void AddBand(int article)
    {
        int slot = Slot(article);
        _entries[slot].Bands++;
    }

    /// <summary>Counts a matched sentence once per earlier article, however many of its bands matched.</summary>
    public void AddSentence(int article, int sentence, double weight)
    {
        int slot = Slot(article);
        ref Entry e = ref _entries[slot];
        if (e.LastSentence != sentence)
        {
            e.Sentences++;
            e.Weight += weight;
            e.LastSentence = sentence;
        }
    }

    /// <summary>
    /// Articles sharing <paramref name="matchedSentences"/> sentences, or two rare ones, or two document bands, or one
    /// document band and a sentence; the strongest first. One document band alone is no evidence when the new article
    /// has sentences to match: the index keeps 32 bits of a key, so with tens of millions of keys filed about one
    /// lookup in a hundred finds a stranger's key, while a real copy that shares a band shares sentences too.
    /// </summary>
    public List<int> Candidates(int self, int limit, int matchedSentences, bool hasSentenceKeys)
    {
        var chosen = new List<Entry>();
        foreach (var e in _entries.AsSpan(0, _count))
        {
            if (e.Article == self)
                continue;
            bool byBands = e.Bands >= 2 || (e.Bands == 1 && (e.Sentences > 0 || !hasSentenceKeys));
            if (byBands || e.Sentences >= matchedSentences || (e.Sentences >= 2 && e.Weight >= CopyDetector.RareMatchWeight))
                chosen.Add(e);
        }
        chosen.Sort((x, y) => x.Bands != y.Bands ? y.Bands.CompareTo(x.Bands) : x.Weight != y.Weight ? y.Weight.CompareTo(x.Weight) : x.Article.CompareTo(y.Article));
        return chosen.Take(limit).Select(e => e.Article).ToList();
    }

    private int Slot(int article)
    {
        int mask = _table.Length - 1;
        for (int i = Home(article, mask); ; i = (i + 1) & mask)
        {
            int held = _table[i];
            if (held == 0)
            {
                if (_count * 2 >= _table.Length)
                {
                    Grow();
                    return Slot(article);
                }
                if (_count == _entries.Length)
                    Array.Resize(ref _entries, _entries.Length * 2);
                _entries[_count] = new Entry { Article = article, LastSentence = -1 };
                _table[i] = ++_count;
                return _count - 1;
            }
            if (_entries[held - 1].Article == article)
                return held - 1;
        }
    }

    /// <summary>Fibonacci hashing: article numbers arrive in runs, which a plain mask would pile into one cluster.</summary>
    private static int Home(int article, int mask) => (int)(((uint)article * 0x9E3779B1u) >> 12) & mask;

    private void Grow()
    {
        _table = new int[_table.Length * 2];
        int mask = _table.Length - 1;
        for (int n = 0; n < _count; n++)
        {
            int i = Home(_entries[n].Article, mask);
            while (_table[i] != 0)
                i = (i + 1) & mask;
            _table[i] = n + 1;
        }
    }
}

/// <summary>The copy relations of a batch and, for each article, the root original of its copy group.</summary>
public sealed class CopyGraph(IReadOnlyList<CopyRelation> relations, IReadOnlyDictionary<string, string> rootOf)
{
    public IReadOnlyList<CopyRelation> Relations { get; } = relations;

    public IReadOnlyDictionary<string, string> RootOf { get; } = rootOf;

    /// <summary>The original this article copies (directly or through other copies), or null for an original.</summary>
    public string? CopyOf(string id) => RootOf.TryGetValue(id, out var root) && root != id ? root : null;

    /// <summary>The independent origin an article counts as: itself, or the root of its copy group.</summary>
    public string OriginOf(string id) => RootOf.GetValueOrDefault(id, id);

    private readonly Lazy<ILookup<string, string>> _partners = new(() =>
        relations.SelectMany(r => new[] { (r.A, r.B), (r.B, r.A) }).ToLookup(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    /// <summary>The articles in a verified copy relation with this one, indexed once rather than scanned per article.</summary>
    public IEnumerable<string> PartnersOf(string id) => _partners.Value[id];

    /// <summary>Copy relations of a batch of articles, in their order.</summary>
    public static CopyGraph Of(IEnumerable<Article> articles)
    {
        var detector = new CopyDetector();
        detector.AddRange(articles.Select(CopyCandidate.Of).ToList());
        return detector.Graph();
    }
}
