using CsCheck;
using Tidings.Copies;

namespace Tidings.Tests.Copies;

public sealed class PostingTableTests
{
    /// <summary>
    /// Whatever the keys and however often the table grows, each key gives back exactly the articles filed under it,
    /// in filing order, as a plain multimap would. Keys are drawn from a small set so that runs collide and shift.
    /// </summary>
    [Fact]
    public void Gives_back_each_keys_articles_in_filing_order_like_a_multimap()
    {
        var keys = Gen.ULong.Array[1, 40];
        var gen = Gen.Select(keys, Gen.Int[0, 1_000_000].Array[1, 3000], Gen.Int[0, 3]);
        gen.Sample((keyPool, choices, presize) =>
        {
            var table = new PostingTable();
            if (presize > 0)
                table.EnsureCapacity(choices.Length / presize);
            var expected = new Dictionary<uint, List<int>>();
            for (int n = 0; n < choices.Length; n++)
            {
                ulong key = keyPool[choices[n] % keyPool.Length];
                table.Add(key, n);
                uint fingerprint = (uint)(key >> 32) | 1;
                if (!expected.TryGetValue(fingerprint, out var list))
                    expected[fingerprint] = list = [];
                list.Add(n);
            }
            foreach (ulong key in keyPool)
            {
                var got = new List<int>();
                int filed = table.Collect(key, got, int.MaxValue);
                var want = expected.GetValueOrDefault((uint)(key >> 32) | 1, []);
                if (filed != want.Count || !got.SequenceEqual(want))
                    return false;
            }
            return table.Count == choices.Length;
        }, iter: 200);
    }

    [Fact]
    public void Collects_at_most_the_cap_but_counts_every_posting()
    {
        var table = new PostingTable();
        for (int n = 0; n < 100; n++)
            table.Add(42UL << 32, n);
        var got = new List<int>();
        Assert.Equal(100, table.Collect(42UL << 32, got, 10));
        Assert.Equal(Enumerable.Range(0, 10), got);
    }

    /// <summary>Keys whose fingerprints sit at the very top of the range fill the last home slots: runs spill, never wrap or overrun.</summary>
    [Fact]
    public void Keys_at_the_top_of_the_range_spill_past_the_last_home_slot()
    {
        var table = new PostingTable();
        for (int n = 0; n < 20_000; n++)
            table.Add(ulong.MaxValue - (ulong)(n % 7), n);
        var got = new List<int>();
        Assert.Equal(20_000, table.Collect(ulong.MaxValue, got, int.MaxValue));
    }
}
