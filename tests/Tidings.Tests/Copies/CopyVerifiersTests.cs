using CsCheck;
using Tidings.Copies;
using Tidings.Evaluation;

namespace Tidings.Tests.Copies;

public sealed class CopyVerifiersTests
{
    private static List<(string, string, CopyKind, string, double, string, AlignmentMeasures)> Relations(IEnumerable<CopyRelation> relations) =>
        [.. relations.Select(r => (r.A, r.B, r.Kind, r.Original, r.Score, string.Join(' ', r.Evidence), r.Measures))];

    /// <summary>
    /// Adds the stream as an engine on a store does: a chunk at a time, each chunk's texts held (not stored) while it is
    /// added and stored after, its certain pairs verified ahead.
    /// </summary>
    private static (List<CopyRelation> Found, InProcessCopyVerifiers Verifiers) AddAsAnEngine(IReadOnlyList<CopyCandidate> stream, int chunk, int kept,
        ICopyIndexShards? shards = null)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        var verifiers = new InProcessCopyVerifiers(stored.GetValueOrDefault, kept);
        var detector = new CopyDetector(id => stored.GetValueOrDefault(id) ?? held.GetValueOrDefault(id), keepRelations: true, shards,
            new ElsewhereVerification(verifiers, held.GetValueOrDefault));
        shards?.Rewind(0);
        foreach (var part in stream.Chunk(chunk))
        {
            foreach (var article in part)
                held[article.Id] = article.Text;
            var prepared = part.Select(CopyDetector.Prepare).ToList();
            if (shards is not null)
                detector.FileAhead(prepared);
            detector.VerifyAhead(prepared);
            foreach (var article in prepared)
                detector.Add(article);
            foreach (var (id, text) in held)
                stored[id] = text;
            held.Clear();
        }
        return ([.. detector.Relations], verifiers);
    }

    [Fact]
    public void Verifying_elsewhere_finds_the_relations_of_a_detector_that_verifies_every_pair_itself()
    {
        Gen.Select(Gen.Int[1, 1000], Gen.Int[1, 6], Gen.Int[1, 40], Gen.Bool).Sample((seed, kept, chunk, sharded) =>
        {
            var stream = CopyIndexShardTests.Stream(seed, 60);
            var whole = new CopyDetector();
            whole.AddRange(stream);
            var (found, _) = AddAsAnEngine(stream, chunk, kept, sharded ? new LocalCopyIndexShards(3) : null);
            return Relations(whole.Relations).SequenceEqual(Relations(found));
        }, iter: 30);
    }

    [Fact]
    public void Most_pairs_of_a_stream_are_verified_elsewhere_when_the_detector_keeps_few_words()
    {
        var stream = CopyIndexShardTests.Stream(11, 60);
        var (found, verifiers) = AddAsAnEngine(stream, 8, kept: 1);
        Assert.NotEmpty(found);
        Assert.True(verifiers.Pairs > found.Count / 2, $"{verifiers.Pairs} pairs verified elsewhere for {found.Count} relations");
    }

    [Fact]
    public void Bodies_seen_long_before_are_verified_ahead_in_one_call_a_chunk()
    {
        var originals = Enumerable.Range(0, 20).Select(i => new CopyCandidate($"o{i}", CopyDetectorTests.RandomProse(500 + i))).ToList();
        var stream = originals.Concat(originals.Select(o => o with { Id = "again-" + o.Id })).ToList();
        var (found, verifiers) = AddAsAnEngine(stream, 10, kept: 2);
        Assert.Equal(20, found.Count(r => r.Kind == CopyKind.Duplicate && r.B == "again-" + r.A));
        // Two chunks of repeats, each verified ahead in one call; no article waited on a call of its own.
        Assert.Equal(2, verifiers.Calls);
        Assert.Equal(20, verifiers.Pairs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_article_stored_again_is_verified_by_its_new_text(bool elsewhere)
    {
        string first = CopyDetectorTests.RandomProse(71);
        string corrected = new CopyMaker(new Random(3), CopyDetectorTests.Vocabulary).NearDuplicate(first, 0.05, addBoilerplate: false, truncate: false);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = first };
        var verifiers = new InProcessCopyVerifiers(stored.GetValueOrDefault, keptRecent: 1);
        var detector = new CopyDetector(stored.GetValueOrDefault, keepRelations: true,
            elsewhere: elsewhere ? new ElsewhereVerification(verifiers, _ => null) : null);
        void Add(string id, string text)
        {
            var prepared = CopyDetector.Prepare(new CopyCandidate(id, text));
            if (elsewhere)
                detector.VerifyAhead([prepared]);
            detector.Add(prepared);
            stored[id] = text;
        }
        Add("a", first);
        Add("filler", CopyDetectorTests.RandomProse(72));
        Add("repeat", first);   // verified elsewhere against the first text, which the verifiers keep
        stored["a"] = corrected;
        detector.Restated("a");
        Add("b", corrected);
        Assert.Equal(CopyKind.Duplicate, Assert.Single(detector.Relations, r => r.A == "a" && r.B == "b").Kind);
        Assert.Equal(elsewhere ? 2 : 0, verifiers.Read);
    }

    [Fact]
    public void A_verdict_crosses_as_bytes_unchanged()
    {
        var measures = Gen.Select(Gen.Double.Array[5], Gen.Int.Array[4], (d, i) => new AlignmentMeasures(d[0], d[1], d[2], d[3], i[0], i[1], d[4], i[2], i[3]));
        var evidence = Gen.Select(Gen.Int, Gen.Int, Gen.Double, (a, b, s) => new AlignedSentences(a, b, s)).Array[0, 30];
        Gen.Select(Gen.Enum<CopyKind>(), Gen.Double, evidence, measures).Sample((kind, score, aligned, m) =>
        {
            var verdict = new CopyVerdict(kind, score, aligned, m);
            var back = CopyVerdictBytes.Read(CopyVerdictBytes.Write(verdict));
            return back.Kind == kind && back.Score.Equals(score) && back.Evidence.SequenceEqual(aligned) && back.Measures.Equals(m);
        });
    }

    [Fact]
    public void Bytes_that_are_no_verdict_are_refused_by_name()
    {
        var bytes = CopyVerdictBytes.Write(new CopyVerdict(CopyKind.Rewrite, 0.5, [new AlignedSentences(1, 2, 0.9)]));
        Assert.Contains("ends early", Assert.Throws<InvalidDataException>(() => CopyVerdictBytes.Read(bytes[..^3])).Message);
        Assert.Contains("ends at byte", Assert.Throws<InvalidDataException>(() => CopyVerdictBytes.Read([.. bytes, 0])).Message);
        bytes[0] = 200;
        Assert.Contains("copy kind 200", Assert.Throws<InvalidDataException>(() => CopyVerdictBytes.Read(bytes)).Message);
    }
}
