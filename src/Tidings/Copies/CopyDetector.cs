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

    private const int RecentCapacity = 1024;

    private readonly PostingTable _index = new();
    private readonly Dictionary<ulong, int> _firstWithBody = [];
    private readonly List<Filed> _filed = [];
    private readonly Dictionary<string, int> _numberOf = new(StringComparer.Ordinal);
    private readonly (int Number, WordSequence? Words)[] _recent = new (int, WordSequence?)[RecentCapacity];
    private readonly List<CopyRelation> _relations = [];

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
                found.AddRange(v);
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

        var strength = new Dictionary<int, int>();
        var postings = new List<int>();
        foreach (ulong key in sketch.DocumentKeys)
        {
            postings.Clear();
            if (_index.Collect(key, postings, MaxPostingsPerKey) < MaxPostingsPerKey)
                _index.Add(key, number);
            foreach (int other in postings)
                strength[other] = strength.GetValueOrDefault(other) + 1000;
        }
        var lastSentence = new Dictionary<int, int>();
        foreach (var (sentence, key) in sketch.SentenceKeys)
        {
            postings.Clear();
            if (_index.Collect(key, postings, MaxPostingsPerKey) < MaxPostingsPerKey)
                _index.Add(key, number);
            foreach (int other in postings)
            {
                if (other == number || lastSentence.GetValueOrDefault(other, -1) == sentence)
                    continue;
                lastSentence[other] = sentence;
                strength[other] = strength.GetValueOrDefault(other) + 1;
            }
        }
        return strength
            .Where(s => s.Key != number && s.Value >= MinimumMatchedSentences)
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key)
            .Take(MaxVerifiedCandidates)
            .Select(s => s.Key)
            .ToList();
    }

    private List<CopyRelation> VerifyAll(int number, Sketch sketch, List<int> candidates)
    {
        var relations = new List<CopyRelation>();
        foreach (int other in candidates.Order())
        {
            var earlier = _filed[other];
            var words = _recent[other % RecentCapacity] is { Words: { } cached } recent && recent.Number == other ? cached : WordSequence.Read(earlier.Text);
            if (Verify(words, sketch.Words) is not { } verdict)
                continue;
            relations.Add(new CopyRelation(earlier.Id, sketch.Candidate.Id, verdict.Kind, _filed[Original(other, number)].Id, verdict.Score, verdict.Evidence));
        }
        return relations;
    }

    /// <summary>
    /// Verification in an order fixed by the texts themselves, so that the evidence for (a, b) is exactly the mirror
    /// of the evidence for (b, a).
    /// </summary>
    public static CopyVerdict? Verify(WordSequence a, WordSequence b)
    {
        if (Canonical(a, b) <= 0)
            return CopyVerifier.Verify(a, b);
        return CopyVerifier.Verify(b, a) is { } v ? v with { Evidence = v.Evidence.Select(e => e.Mirrored()).ToList() } : null;
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
