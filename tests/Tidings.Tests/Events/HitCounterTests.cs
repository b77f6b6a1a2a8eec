using CsCheck;
using Tidings.Events;

namespace Tidings.Tests.Events;

public sealed class HitCounterTests
{
    /// <summary>Lookups of event numbers, dense and sparse, with a cap on how many are read back.</summary>
    private static readonly Gen<(int[][] Lookups, int Count)> Lookups =
        Gen.Select(Gen.OneOf(Gen.Int[0, 20], Gen.Int[0, 5000]).Array[0, 200].Array[1, 4], Gen.Int[1, 40]);

    [Fact]
    public void The_most_hit_events_are_those_a_sort_by_hits_then_number_puts_first_and_each_lookup_starts_afresh() =>
        Lookups.Sample(sample =>
        {
            // One counter per sample (samples run in parallel), read by several lookups in turn, as the clusterer reads its own.
            var counter = new HitCounter();
            foreach (var lookup in sample.Lookups)
            {
                counter.Clear();
                foreach (int number in lookup)
                    counter.Add(number);
                var expected = lookup.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(sample.Count).Select(g => g.Key);
                Assert.Equal(expected, counter.MostHits(sample.Count));
            }
        }, iter: 2000);
}
