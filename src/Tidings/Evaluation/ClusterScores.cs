namespace Tidings.Evaluation;

/// <summary>Precision, recall and F1 of one measure.</summary>
public readonly record struct PrecisionRecall(double Precision, double Recall)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => $"P {Precision:0.000}  R {Recall:0.000}  F1 {F1:0.000}";
}

/// <summary>Clustering quality against gold labels: pairwise (Miranda et al. 2018) and B-cubed.</summary>
public sealed record ClusterScores(int Articles, int GoldClusters, int PredictedClusters, PrecisionRecall Pairwise, PrecisionRecall BCubed)
{
    /// <summary>Scores the articles present in both maps; pure, so it is tested without I/O.</summary>
    public static ClusterScores Compute(IReadOnlyDictionary<string, string> gold, IReadOnlyDictionary<string, string> predicted)
    {
        var ids = gold.Keys.Where(predicted.ContainsKey).Order(StringComparer.Ordinal).ToList();
        long tp = 0, predictedPairs = 0, goldPairs = 0;
        for (int i = 0; i < ids.Count; i++)
        {
            for (int j = i + 1; j < ids.Count; j++)
            {
                bool sameGold = gold[ids[i]] == gold[ids[j]];
                bool samePredicted = predicted[ids[i]] == predicted[ids[j]];
                if (sameGold)
                    goldPairs++;
                if (samePredicted)
                    predictedPairs++;
                if (sameGold && samePredicted)
                    tp++;
            }
        }
        var pairwise = new PrecisionRecall(predictedPairs == 0 ? 1 : (double)tp / predictedPairs, goldPairs == 0 ? 1 : (double)tp / goldPairs);

        double p = 0, r = 0;
        var byGold = ids.GroupBy(id => gold[id]).ToDictionary(g => g.Key, g => g.ToHashSet());
        var byPredicted = ids.GroupBy(id => predicted[id]).ToDictionary(g => g.Key, g => g.ToHashSet());
        foreach (var id in ids)
        {
            var g = byGold[gold[id]];
            var c = byPredicted[predicted[id]];
            int both = c.Count(g.Contains);
            p += (double)both / c.Count;
            r += (double)both / g.Count;
        }
        var bcubed = ids.Count == 0 ? new PrecisionRecall(0, 0) : new PrecisionRecall(p / ids.Count, r / ids.Count);
        return new ClusterScores(ids.Count, byGold.Count, byPredicted.Count, pairwise, bcubed);
    }
}
