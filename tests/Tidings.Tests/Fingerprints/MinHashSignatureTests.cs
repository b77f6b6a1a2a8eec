using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class MinHashSignatureTests
{
    /// <summary>
    /// Hoeffding: P(|estimate - J| &gt;= e) &lt;= 2 exp(-2 k e^2); with k = 128 and e = 0.25 that is 2e-7 per case, so a
    /// failure here is a bug, not bad luck. The bound is for independent bins. One-permutation hashing fills an empty
    /// bin from its nearest filled neighbour (densification), so a set with fewer elements than bins has runs of bins
    /// that copy one element, and two such sets sharing that element agree on the whole run: {286, 201} against 13
    /// elements sharing 286 (J = 0.07) estimated over 0.25. The bound is therefore checked on sets of four elements
    /// per bin or more, as an article's shingles are, where about 2% of bins are empty.
    /// </summary>
    [Fact]
    public void Estimate_is_within_its_error_bound_of_true_jaccard()
    {
        var set = Gen.Int[0, 3000].HashSet[4 * MinHashSignature.Length, 1000];
        set.SelectMany(a => set.Select(b => (a, b))).Sample((a, b) =>
        {
            double truth = (double)a.Intersect(b).Count() / a.Union(b).Count();
            var sa = MinHashSignature.Of(a.Select(x => "w" + x));
            var sb = MinHashSignature.Of(b.Select(x => "w" + x));
            return Math.Abs(sa.EstimateJaccard(sb) - truth) <= 0.25;
        }, iter: 200);
    }

    /// <summary>Whatever their size, sets with nothing in common agree on no bin: densified bins copy values of their
    /// own set's elements, and distinct elements' hashes differ.</summary>
    [Fact]
    public void Disjoint_sets_estimate_zero_whatever_their_size()
    {
        Gen.Int[0, 400].HashSet[1, 200].SelectMany(a => Gen.Int[401, 800].HashSet[1, 200].Select(b => (a, b))).Sample((a, b) =>
            MinHashSignature.Of(a.Select(x => "w" + x)).EstimateJaccard(MinHashSignature.Of(b.Select(x => "w" + x))) == 0, iter: 200);
    }

    [Fact]
    public void Identical_sets_have_identical_signatures()
    {
        var a = MinHashSignature.Of(["alpha", "beta", "gamma"]);
        var b = MinHashSignature.Of(["gamma", "alpha", "beta", "beta"]);
        Assert.Equal(1.0, a.EstimateJaccard(b));
    }
}
