using CsCheck;
using Tidings.Events;

namespace Tidings.Tests.Events;

public sealed class TermSketchTests
{
    /// <summary>Distinct terms over the whole int range, negative ones among them, with weights of any size.</summary>
    private static readonly Gen<Dictionary<int, double>> Weights =
        Gen.Dictionary(Gen.OneOf(Gen.Int, Gen.Int[-3, 3]), Gen.Double[-1e6, 1e6])[0, 300];

    [Fact]
    public void A_sketch_holds_its_terms_in_order_with_their_weights_and_the_norm_of_those_weights() =>
        Weights.Sample(weights =>
        {
            var sketch = new TermSketch(weights);
            var expected = weights.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, (double)(float)kv.Value)).ToList();
            Assert.Equal(expected, sketch.Weights);
            Assert.Equal(Math.Sqrt(expected.Sum(kv => kv.Value * kv.Value)), sketch.Norm, 1e-9 * Math.Max(1, sketch.Norm));
            Assert.All(expected, kv => Assert.Equal(kv.Value, sketch.WeightOf(kv.Key)));
        }, iter: 2000);
}
