using CsCheck;
using Tidings.Copies;
using Tidings.Evaluation;

namespace Tidings.Tests.Copies;

public sealed class CopyIndexShardTests
{
    /// <summary>
    /// A stream of originals, their near-duplicates, exact repeats, partial copies and rewrites, with empty texts among
    /// them: every way an article files its keys or does not.
    /// </summary>
    internal static List<CopyCandidate> Stream(int seed, int count)
    {
        var random = new Random(seed);
        var maker = new CopyMaker(new Random(seed), CopyDetectorTests.Vocabulary);
        var stream = new List<CopyCandidate>();
        for (int i = 0; i < count; i++)
        {
            string? earlier = stream.Count > 0 ? stream[random.Next(stream.Count)].Text : null;
            string text = (random.Next(7), earlier) switch
            {
                (0, { } e) => maker.NearDuplicate(e, 0.05, addBoilerplate: true, truncate: false),
                (1, { } e) => e,
                (2, { } e) => maker.PartialCopy(e, CopyDetectorTests.RandomProse(seed * 100 + i), 0.4, 0.6) ?? e,
                (3, { } e) => maker.Rewrite(e, 0.3),
                (4, _) when i % 5 == 0 => "",
                _ => CopyDetectorTests.RandomProse(seed * 100 + i),
            };
            stream.Add(new CopyCandidate($"a{i}", text, Outlet: $"outlet{random.Next(4)}"));
        }
        return stream;
    }

    private static List<(string, string, CopyKind, string)> Relations(CopyDetector detector) =>
        [.. detector.Relations.Select(r => (r.A, r.B, r.Kind, r.Original))];

    [Fact]
    public void A_detector_on_shards_finds_the_relations_of_one_that_holds_its_index()
    {
        Gen.Select(Gen.Int[1, 1000], Gen.Int[1, 9], Gen.Int[1, 40]).Sample((seed, shards, batch) =>
        {
            var stream = Stream(seed, 60);
            var whole = new CopyDetector();
            whole.AddRange(stream);
            var sharded = new CopyDetector(shards: new LocalCopyIndexShards(shards));
            foreach (var part in stream.Chunk(batch))
                sharded.AddRange(part);
            return Relations(whole).SequenceEqual(Relations(sharded));
        }, iter: 25);
    }

    [Fact]
    public void The_streams_of_the_property_hold_copies_to_find()
    {
        var detector = new CopyDetector(shards: new LocalCopyIndexShards(3));
        detector.AddRange(Stream(7, 60));
        Assert.Contains(detector.Relations, r => r.Kind == CopyKind.Duplicate);
        Assert.Contains(detector.Relations, r => r.Kind == CopyKind.NearDuplicate);
        Assert.Contains(detector.Relations, r => r.Kind == CopyKind.PartialCopy);
    }

    [Fact]
    public void An_article_not_filed_ahead_is_refused()
    {
        var detector = new CopyDetector(shards: new LocalCopyIndexShards(2));
        var prepared = CopyDetector.Prepare(new CopyCandidate("a", CopyDetectorTests.RandomProse(1)));
        Assert.Throws<InvalidOperationException>(() => detector.Add(prepared));
    }

    [Fact]
    public void Keys_fall_in_ranges_that_cover_every_shard_in_key_order()
    {
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[1, 64]).Sample((a, b, count) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            int lowShard = CopyIndexShard.ShardOf(low, count), highShard = CopyIndexShard.ShardOf(high, count);
            return lowShard >= 0 && highShard < count && lowShard <= highShard;
        });
        Assert.Equal(0, CopyIndexShard.ShardOf(0, 8));
        Assert.Equal(7, CopyIndexShard.ShardOf(ulong.MaxValue, 8));
    }

    private static readonly Guid Epoch = Guid.NewGuid();

    private static CopyKeyFilings Filings(int before, int articles, int keysEach, int seed, Guid? epoch = null)
    {
        var random = new Random(seed);
        // Few distinct keys, so that keys repeat and some reach the cap.
        var keys = Enumerable.Range(0, articles * keysEach).Select(_ => (ulong)random.Next(1, 40) << 40).ToArray();
        var numbers = Enumerable.Range(0, articles * keysEach).Select(k => before + k / keysEach).ToArray();
        return new CopyKeyFilings(epoch ?? Epoch, before, before + articles, keys, numbers, [.. keys.Select((_, k) => (byte)(k % 2 == 0 ? 24 : 16))]);
    }

    /// <summary>A shard rewound to the start of <see cref="Epoch"/>.</summary>
    private static CopyIndexShard Started()
    {
        var shard = new CopyIndexShard();
        shard.Rewind(0, Epoch);
        return shard;
    }

    [Fact]
    public void A_rewound_shard_answers_as_the_shard_that_stopped_there()
    {
        var probe = Enumerable.Range(1, 40).Select(k => (ulong)k << 40).ToArray();
        var stopped = Started();
        stopped.LookUpAndFile(Filings(0, 30, 5, seed: 1));
        var ahead = Started();
        ahead.LookUpAndFile(Filings(0, 30, 5, seed: 1));
        ahead.LookUpAndFile(Filings(30, 50, 5, seed: 2));
        Assert.True(ahead.Rewind(30, Epoch));
        Assert.Equal(stopped.Position, ahead.Position);
        Assert.Equal(stopped.Collect(probe, 24, stopped.Position), ahead.Collect(probe, 24, ahead.Position), AnswerComparer.Instance);
        // Going on from there, both file and answer alike.
        Assert.Equal(stopped.LookUpAndFile(Filings(30, 10, 5, seed: 3)), ahead.LookUpAndFile(Filings(30, 10, 5, seed: 3)), AnswerComparer.Instance);
    }

    [Fact]
    public void Rewinding_keeps_each_keys_postings_in_filing_order_whatever_the_table_size()
    {
        Gen.Select(Gen.Int[1, 2000], Gen.Int[1, 300]).Sample((seed, cut) =>
        {
            var filings = Filings(0, 300, 4, seed);
            var whole = Started();
            whole.LookUpAndFile(filings);
            Assert.True(whole.Rewind(cut, Epoch));
            var cutShort = Started();
            cutShort.LookUpAndFile(new CopyKeyFilings(Epoch, 0, cut, filings.Keys[..(cut * 4)], filings.Articles[..(cut * 4)], filings.Caps[..(cut * 4)]));
            var probe = filings.Keys.Distinct().ToArray();
            return AnswerComparer.Instance.Equals(whole.Collect(probe, 24, whole.Position), cutShort.Collect(probe, 24, cutShort.Position));
        }, iter: 40);
    }

    [Fact]
    public void A_shard_out_of_step_refuses_every_exchange_and_cannot_rewind_forward()
    {
        var shard = Started();
        shard.LookUpAndFile(Filings(0, 10, 3, seed: 4));
        Assert.Throws<CopyIndexOutOfStepException>(() => shard.LookUpAndFile(Filings(5, 10, 3, seed: 5)));
        Assert.Throws<CopyIndexOutOfStepException>(() => shard.Collect([1UL << 40], 24, new CopyIndexPosition(Epoch, 9)));
        // Another engine's epoch, at the right count: a stale engine, or a save of an earlier opening.
        var stranger = Guid.NewGuid();
        Assert.Throws<CopyIndexOutOfStepException>(() => shard.LookUpAndFile(Filings(10, 5, 3, seed: 5, stranger)));
        Assert.Throws<CopyIndexOutOfStepException>(() => shard.CheckAt(new CopyIndexPosition(stranger, 10)));
        shard.CheckAt(new CopyIndexPosition(Epoch, 10));
        Assert.False(shard.Rewind(11, stranger));
        Assert.Equal(new CopyIndexPosition(Epoch, 10), shard.Position);
        Assert.True(shard.Rewind(0, stranger));
        Assert.Equal(0, shard.Postings);
        Assert.Equal(stranger, shard.Epoch);
    }

    [Fact]
    public void A_saved_shard_loads_as_it_was()
    {
        var shard = Started();
        shard.LookUpAndFile(Filings(0, 40, 6, seed: 6));
        var loaded = CopyIndexShard.Load(shard.Save());
        Assert.Equal(shard.Position, loaded.Position);
        Assert.Equal(shard.Postings, loaded.Postings);
        Assert.Equal(shard.LookUpAndFile(Filings(40, 5, 6, seed: 7)), loaded.LookUpAndFile(Filings(40, 5, 6, seed: 7)), AnswerComparer.Instance);
        Assert.Equal(0, CopyIndexShard.Load(null).Filed);
    }

    [Fact]
    public void Shards_reloaded_from_an_older_save_are_caught_by_the_next_exchange()
    {
        var shards = new LocalCopyIndexShards(3);
        var detector = new CopyDetector(shards: shards);
        Assert.True(shards.Rewind(0));
        var stream = Stream(11, 40);
        detector.AddRange(stream.Take(20).ToList());
        var saved = shards.Shards[1].Save();
        shards.Save();
        detector.AddRange(stream.Skip(20).Take(10).ToList());
        // Shard 1 comes back as saved, ten articles behind: neither a chunk, nor a read, nor a save goes through.
        var reloaded = CopyIndexShard.Load(saved);
        Assert.Throws<CopyIndexOutOfStepException>(() => reloaded.CheckAt(shards.Shards[0].Position));
        shards.Shards[1].Rewind(20, shards.Shards[1].Epoch);
        Assert.Throws<CopyIndexOutOfStepException>(() => detector.AddRange(stream.Skip(30).ToList()));
        Assert.Throws<CopyIndexOutOfStepException>(shards.Save);
    }

    private sealed class AnswerComparer : IEqualityComparer<CopyKeyAnswers>
    {
        public static AnswerComparer Instance { get; } = new();

        public bool Equals(CopyKeyAnswers? x, CopyKeyAnswers? y) =>
            x is not null && y is not null && x.Counts.SequenceEqual(y.Counts) && x.Postings.SequenceEqual(y.Postings);

        public int GetHashCode(CopyKeyAnswers obj) => obj.Counts.Length;
    }
}
