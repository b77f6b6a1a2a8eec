using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The text copy detection reads, and what provenance needs to know about it.</summary>
public sealed record CopyCandidate(string Id, string Text, PublicationDate? Published = null)
{
    public static CopyCandidate Of(Article article) => new(article.Id, article.Text, article.Published);
}

/// <summary>
/// Finds copy relations as articles stream in: each new article is read once into a <see cref="WordSequence"/>,
/// looked up in the band index (<see cref="CopyKeys"/>), verified exactly against the candidates it finds
/// (<see cref="CopyVerifier"/>), then filed. An article is only ever compared with earlier ones, so adding an article
/// never changes a relation already found.
/// </summary>
/// <remarks>
/// Per article the detector keeps its id, its text (which verification re-reads when a later copy turns up) and about
/// 60 postings of 8 bytes; the word sequences of the most recent articles are cached because copies tend to follow
/// their originals closely.
/// </remarks>
public sealed class CopyDetector
{
    /// <summary>Postings per key beyond which the key is a common phrase, not evidence of copying.</summary>
    public const int MaxPostingsPerKey = 64;

    /// <summary>A candidate needs this many of its sentences matched through sentence bands.</summary>
    public const int MinimumMatchedSentences = 2;

    /// <summary>The most candidates verified per article, best first: enough to join a story copied a hundred times.</summary>
    public const int MaxVerifiedCandidates = 24;

    /// <summary>
    /// A sentence that at least this many other copy groups also print is a template or an appeal: it still aligns,
    /// but it is no evidence of a partial copy.
    /// </summary>
    public const int CommonSentenceGroups = 2;

    private const int RecentCapacity = 1024;

    private readonly PostingTable _index = new();
    private readonly Dictionary<ulong, int> _firstWithBody = [];
    private readonly List<Filed> _filed = [];
    private readonly Dictionary<string, int> _numberOf = new(StringComparer.Ordinal);
    private readonly (int Number, WordSequence? Words)[] _recent = new (int, WordSequence?)[RecentCapacity];
    private readonly List<CopyRelation> _relations = [];

    /// <summary>Union-find over article numbers: the copy group each article belongs to so far.</summary>
    private readonly List<int> _parent = [];

    /// <summary>An article as the detector remembers it.</summary>
    private readonly record struct Filed(string Id, string Text, PublicationDate? Published, int WordCount);

    /// <summary>A new article read and keyed, ready to be looked up and filed.</summary>
    private sealed record Sketch(CopyCandidate Candidate, WordSequence Words, ulong BodyHash, ulong[] DocumentKeys, List<(int Sentence, ulong Key)> SentenceKeys);

    public int Count => _filed.Count;

    public IReadOnlyList<CopyRelation> Relations => _relations;

    /// <summary>Bytes held by the index and the per-article records, text excluded (the memory budget's measure).</summary>
    public long IndexBytes => _index.Bytes + (long)_filed.Capacity * 48 + _firstWithBody.Count * 24L + _numberOf.Count * 24L;

    public IReadOnlyList<CopyRelation> Add(CopyCandidate article) => AddRange([article], parallel: false);

    /// <summary>
    /// Adds articles in order. With <paramref name="parallel"/>, reading and verification run on all cores while
    /// lookups and filing stay in input order, so the relations found are the same as one by one.
    /// </summary>
    public IReadOnlyList<CopyRelation> AddRange(IReadOnlyList<CopyCandidate> articles, bool parallel = false)
    {
        var found = new List<CopyRelation>();
        const int batch = 2048;
        for (int start = 0; start < articles.Count; start += batch)
        {
            int n = Math.Min(batch, articles.Count - start);
            var sketches = new Sketch[n];
            ForEach(n, parallel, i => sketches[i] = Read(articles[start + i]));
            var work = new List<(int Number, Sketch Sketch, List<int> Candidates)>(n);
            foreach (var sketch in sketches)
            {
                if (_numberOf.ContainsKey(sketch.Candidate.Id))
                    throw new ArgumentException($"article id '{sketch.Candidate.Id}' was already added", nameof(articles));
                work.Add((_filed.Count, sketch, LookUpAndFile(sketch)));
            }
            var verdicts = new List<CopyRelation>[n];
            ForEach(n, parallel, i => verdicts[i] = VerifyAll(work[i].Number, work[i].Sketch, work[i].Candidates));
            foreach (var v in verdicts)
            {
                found.AddRange(v);
                foreach (var r in v)
                    Union(_numberOf[r.A], _numberOf[r.B]);
            }
        }
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

    private static Sketch Read(CopyCandidate article)
    {
        var words = WordSequence.Read(article.Text);
        return new Sketch(article, words, words.BodyHash(), CopyKeys.Document(words), CopyKeys.Sentences(words));
    }

    /// <summary>Finds the candidates among earlier articles, then files this one; the only step that must run in order.</summary>
    private List<int> LookUpAndFile(Sketch sketch)
    {
        int number = _filed.Count;
        _filed.Add(new Filed(sketch.Candidate.Id, sketch.Candidate.Text, sketch.Candidate.Published, sketch.Words.WordCount));
        _parent.Add(number);
        _numberOf[sketch.Candidate.Id] = number;
        _recent[number % RecentCapacity] = (number, sketch.Words);
        if (sketch.Words.WordCount == 0)
            return [];
        if (_firstWithBody.TryGetValue(sketch.BodyHash, out int same))
        {
            // Its keys are the first copy's keys: filing them again would only fill the index.
            return [same];
        }
        _firstWithBody[sketch.BodyHash] = number;

        // Per earlier article: document bands shared, sentences matched, and those matches weighted by rarity, so that
        // a sentence a hundred pages print (a newsletter box) does not crowd out the three a real copy shares.
        var evidence = new Dictionary<int, (int Bands, int Sentences, double Weight, int LastSentence)>();
        var postings = new List<int>();
        foreach (ulong key in sketch.DocumentKeys)
        {
            postings.Clear();
            if (_index.Collect(key, postings, MaxPostingsPerKey) < MaxPostingsPerKey)
                _index.Add(key, number);
            foreach (int other in postings)
            {
                var e = evidence.GetValueOrDefault(other, (0, 0, 0, -1));
                evidence[other] = e with { Bands = e.Bands + 1 };
            }
        }
        foreach (var (sentence, key) in sketch.SentenceKeys)
        {
            postings.Clear();
            int filed = _index.Collect(key, postings, MaxPostingsPerKey);
            if (filed < MaxPostingsPerKey)
                _index.Add(key, number);
            foreach (int other in postings)
            {
                var e = evidence.GetValueOrDefault(other, (0, 0, 0, -1));
                if (e.LastSentence == sentence)
                    continue;
                evidence[other] = (e.Bands, e.Sentences + 1, e.Weight + 1.0 / Math.Max(1, filed), sentence);
            }
        }
        return evidence
            .Where(e => e.Key != number && (e.Value.Bands > 0 || e.Value.Sentences >= MinimumMatchedSentences))
            .OrderByDescending(e => e.Value.Bands).ThenByDescending(e => e.Value.Weight).ThenBy(e => e.Key)
            .Take(MaxVerifiedCandidates)
            .Select(e => e.Key)
            .ToList();
    }

    private List<CopyRelation> VerifyAll(int number, Sketch sketch, List<int> candidates)
    {
        var relations = new List<CopyRelation>();
        if (candidates.Count == 0)
            return relations;
        var groupsPrinting = GroupsPrintingEachSentence(number, sketch.SentenceKeys);
        foreach (int other in candidates.Order())
        {
            var earlier = _filed[other];
            var words = _recent[other % RecentCapacity] is { Words: { } cached } recent && recent.Number == other ? cached : WordSequence.Read(earlier.Text);
            int group = Find(other);
            var commonInNew = Common(groupsPrinting, group);
            var commonInEarlier = Common(GroupsPrintingEachSentence(number, CopyKeys.Sentences(words)), group);
            if (Verify(words, sketch.Words, commonInEarlier, commonInNew) is not { } verdict)
                continue;
            relations.Add(new CopyRelation(earlier.Id, sketch.Candidate.Id, verdict.Kind, _filed[Original(other, number)].Id, verdict.Score, verdict.Evidence, verdict.Measures));
        }
        return relations;
    }

    /// <summary>
    /// For each sentence of a new article, the copy groups of the earlier articles filed under all of its band keys.
    /// One band is shared by any sentence with the same two rarest words; all of them, only by the same sentence.
    /// </summary>
    private Dictionary<int, HashSet<int>> GroupsPrintingEachSentence(int number, List<(int Sentence, ulong Key)> sentenceKeys)
    {
        var groups = new Dictionary<int, HashSet<int>>();
        var postings = new List<int>();
        foreach (var bands in sentenceKeys.GroupBy(k => k.Sentence))
        {
            HashSet<int>? printing = null;
            foreach (var (_, key) in bands)
            {
                postings.Clear();
                _index.Collect(key, postings, MaxPostingsPerKey);
                var inBand = postings.Where(other => other < number).Select(Find).ToHashSet();
                if (printing is null)
                    printing = inBand;
                else
                    printing.IntersectWith(inBand);
            }
            if (printing is { Count: > 0 })
                groups[bands.Key] = printing;
        }
        return groups;
    }

    /// <summary>Sentences that other copy groups than the pair's own also print.</summary>
    private static HashSet<int> Common(Dictionary<int, HashSet<int>> groupsPrinting, int earlierGroup) =>
        groupsPrinting.Where(g => g.Value.Count(x => x != earlierGroup) >= CommonSentenceGroups).Select(g => g.Key).ToHashSet();

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
        if (ra != rb)
            _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }

    /// <summary>
    /// Verification in an order fixed by the texts themselves, so that the evidence for (a, b) is exactly the mirror
    /// of the evidence for (b, a).
    /// </summary>
    public static CopyVerdict? Verify(WordSequence a, WordSequence b, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        if (Canonical(a, b) <= 0)
            return CopyVerifier.Verify(a, b, commonInA, commonInB);
        return CopyVerifier.Verify(b, a, commonInB, commonInA) is { } v ? v with { Evidence = v.Evidence.Select(e => e.Mirrored()).ToList() } : null;
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
