using CsCheck;
using Tidings.Evaluation;

namespace Tidings.Tests.Evaluation;

public sealed class ClusterScoresTests
{
    [Fact]
    public void Perfect_clustering_scores_one()
    {
        var gold = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "2" };
        var scores = ClusterScores.Compute(gold, new Dictionary<string, string> { ["a"] = "x", ["b"] = "x", ["c"] = "y" });
        Assert.Equal(1.0, scores.Pairwise.F1);
        Assert.Equal(1.0, scores.BCubed.F1);
    }

    [Fact]
    public void Merging_everything_keeps_recall_and_loses_precision()
    {
        var gold = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "2", ["d"] = "2" };
        var scores = ClusterScores.Compute(gold, gold.Keys.ToDictionary(k => k, _ => "all"));
        Assert.Equal(1.0, scores.Pairwise.Recall);
        Assert.Equal(2.0 / 6.0, scores.Pairwise.Precision, 6);
        Assert.Equal(0.5, scores.BCubed.Precision, 6);
    }

    [Fact]
    public void Scores_do_not_depend_on_cluster_names()
    {
        Gen.Int[0, 3].Array[2, 12].Sample(labels =>
        {
            var gold = labels.Select((l, i) => (i, l)).ToDictionary(x => "id" + x.i, x => "g" + (x.l % 2));
            var predicted = labels.Select((l, i) => (i, l)).ToDictionary(x => "id" + x.i, x => "p" + x.l);
            var renamed = predicted.ToDictionary(kv => kv.Key, kv => "renamed-" + kv.Value);
            return ClusterScores.Compute(gold, predicted) == ClusterScores.Compute(gold, renamed) with { };
        });
    }

    /// <summary>The contingency-table computation equals counting every pair of articles one by one.</summary>
    [Fact]
    public void Pairwise_scores_equal_counting_every_pair()
    {
        Gen.Select(Gen.Int[0, 4].Array[1, 40], Gen.Int[0, 4].Array[1, 40]).Sample((g, c) =>
        {
            int n = Math.Min(g.Length, c.Length);
            var gold = Enumerable.Range(0, n).ToDictionary(i => $"a{i}", i => $"g{g[i]}");
            var predicted = Enumerable.Range(0, n).ToDictionary(i => $"a{i}", i => $"c{c[i]}");
            long tp = 0, goldPairs = 0, predictedPairs = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    bool sameGold = g[i] == g[j], samePredicted = c[i] == c[j];
                    goldPairs += sameGold ? 1 : 0;
                    predictedPairs += samePredicted ? 1 : 0;
                    tp += sameGold && samePredicted ? 1 : 0;
                }
            }
            var scores = ClusterScores.Compute(gold, predicted);
            double precision = predictedPairs == 0 ? 1 : (double)tp / predictedPairs, recall = goldPairs == 0 ? 1 : (double)tp / goldPairs;
            return Math.Abs(scores.Pairwise.Precision - precision) < 1e-12 && Math.Abs(scores.Pairwise.Recall - recall) < 1e-12;
        }, iter: 300);
    }
}
