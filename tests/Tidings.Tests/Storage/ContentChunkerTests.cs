using CsCheck;
using Tidings.Storage;

namespace Tidings.Tests.Storage;

public sealed class ContentChunkerTests
{
    private static List<byte[]> Chunks(byte[] data, IEnumerable<int> writeSizes)
    {
        var chunks = new List<byte[]>();
        var chunker = new ContentChunker(chunk => chunks.Add(chunk.ToArray()));
        int at = 0;
        foreach (int size in writeSizes)
        {
            int n = Math.Min(size, data.Length - at);
            chunker.Write(data.AsSpan(at, n));
            at += n;
        }
        chunker.Write(data.AsSpan(at));
        chunker.Complete();
        return chunks;
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Chunks_join_to_the_input_within_their_bounds_and_fall_where_the_content_says_however_it_is_written()
    {
        Gen.Select(Gen.Int[0, 300_000], Gen.Int[0, 1000], Gen.Int[1, 70_000].Array[0, 12]).Sample((length, seed, writes) =>
        {
            var data = Random(length, seed);
            var chunks = Chunks(data, writes);
            Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
            Assert.All(chunks.SkipLast(1), c => Assert.InRange(c.Length, ContentChunker.MinBytes, ContentChunker.MaxBytes));
            Assert.Equal(Chunks(data, []).Select(Convert.ToHexString), chunks.Select(Convert.ToHexString));
        }, iter: 40);
    }

    /// <summary>The cuts by their definition: every byte hashed, a cut after the first at or past the minimum whose hash has the mask's low bits clear.</summary>
    private static List<int> CutsByDefinition(byte[] data)
    {
        var lengths = new List<int>();
        ulong hash = 0, mask = (1UL << ContentChunker.MaskBits) - 1;
        int filled = 0;
        foreach (byte b in data)
        {
            hash = (hash << 1) + ContentChunker.Gear[b];
            if (++filled >= ContentChunker.MinBytes && (hash & mask) == 0 || filled == ContentChunker.MaxBytes)
            {
                lengths.Add(filled);
                filled = 0;
            }
        }
        if (filled > 0)
            lengths.Add(filled);
        return lengths;
    }

    [Fact]
    public void The_cuts_are_those_of_hashing_every_byte_though_bytes_too_early_to_decide_one_are_not_hashed() =>
        Gen.Select(Gen.Int[0, 400_000], Gen.Int[0, 1000], Gen.Int[1, 70_000].Array[0, 12]).Sample((length, seed, writes) =>
        {
            var data = Random(length, seed);
            Assert.Equal(CutsByDefinition(data), Chunks(data, writes).Select(c => c.Length));
        }, iter: 40);

    [Fact]
    public void A_chunk_ends_at_the_minimum_where_the_bytes_before_it_say_so()
    {
        // The last two bytes of the minimum are chosen so that its last byte's hash clears the mask: the first place a cut
        // may fall, and the one the skipped bytes come closest to.
        var data = Random(3 * ContentChunker.MinBytes, seed: 7);
        int at = ContentChunker.MinBytes - 2;
        for (int pair = 0; pair < 65536 && CutsByDefinition(data)[0] != ContentChunker.MinBytes; pair++)
            (data[at], data[at + 1]) = ((byte)(pair >> 8), (byte)pair);
        Assert.Equal(ContentChunker.MinBytes, CutsByDefinition(data)[0]);
        foreach (int write in new[] { 1, 100, ContentChunker.MinBytes - 64, ContentChunker.MinBytes - 1, data.Length })
            Assert.Equal(CutsByDefinition(data), Chunks(data, Enumerable.Repeat(write, data.Length / write + 1)).Select(c => c.Length));
    }

    [Fact]
    public void A_change_in_one_place_leaves_the_chunks_away_from_it_as_they_were()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1_000_000], Gen.Byte.Array[1, 40]).Sample((seed, at, inserted) =>
        {
            var data = Random(1_000_000, seed);
            var changed = data.Take(at).Concat(inserted).Concat(data.Skip(at)).ToArray();
            var before = Chunks(data, []).Select(Convert.ToHexString).ToHashSet();
            var after = Chunks(changed, []).Select(Convert.ToHexString).ToList();
            // About a hundred chunks of about 10 KiB: an insertion changes the one it falls in and seldom the next.
            Assert.InRange(after.Count(c => !before.Contains(c)), 1, 3);
        }, iter: 20);
    }

    [Fact]
    public void A_run_of_one_byte_is_cut_at_the_largest_size()
    {
        var chunks = Chunks(new byte[200_000], []);
        Assert.Equal([65536, 65536, 65536, 3392], chunks.Select(c => c.Length));
    }
}
