using CsCheck;
using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class MinHashSignatureTests
{
    /// <summary>
    /// Hoeffding: P(|estimate - J| &gt;= e) &lt;= 2 exp(-2 k e^2); with k = 128 and e = 0.25 that is 2e-7 per case,
    /// so a failure here is a bug, not bad luck.
    /// </summary>
    [Fact]
    public void Estimate_is_within_its_error_bound_of_true_jaccard()
    {
        var gen = Gen.Int[0, 400].HashSet[1, 200].SelectMany(a => Gen.Int[0, 400].HashSet[1, 200].Select(b => (a, b)));
        gen.Sample((a, b) =>
        {
            double truth = (double)a.Intersect(b).Count() / a.Union(b).Count();
            var sa = MinHashSignature.Of(a.Select(x => "w" + x));
            var sb = MinHashSignature.Of(b.Select(x => "w" + x));
            return Math.Abs(sa.EstimateJaccard(sb) - truth) <= 0.25;
        }, iter: 200);
    }

    [Fact]
    public void Identical_sets_have_identical_signatures()
    {
        var a = MinHashSignature.Of(["alpha", "beta", "gamma"]);
        var b = MinHashSignature.Of(["gamma", "alpha", "beta", "beta"]);
        Assert.Equal(1.0, a.EstimateJaccard(b));
    }
}
