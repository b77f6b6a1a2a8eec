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
    /// <summary>
    /// Scores the articles present in both maps; pure, so it is tested without I/O. Both measures come from the
    /// contingency table (articles per gold and predicted cluster pair), so a million articles score in linear time:
    /// the pairs two clusterings share are the pairs within each cell.
    /// </summary>
    public static ClusterScores Compute(IReadOnlyDictionary<string, string> gold, IReadOnlyDictionary<string, string> predicted)
    {
        var ids = gold.Keys.Where(predicted.ContainsKey).ToList();
        var cells = new Dictionary<(string Gold, string Predicted), long>();
        var goldSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var predictedSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var (g, c) = (gold[id], predicted[id]);
            cells[(g, c)] = cells.GetValueOrDefault((g, c)) + 1;
            goldSizes[g] = goldSizes.GetValueOrDefault(g) + 1;
            predictedSizes[c] = predictedSizes.GetValueOrDefault(c) + 1;
        }
        static long Pairs(long n) => n * (n - 1) / 2;
        long tp = cells.Values.Sum(Pairs), goldPairs = goldSizes.Values.Sum(Pairs), predictedPairs = predictedSizes.Values.Sum(Pairs);
        var pairwise = new PrecisionRecall(predictedPairs == 0 ? 1 : (double)tp / predictedPairs, goldPairs == 0 ? 1 : (double)tp / goldPairs);

        // B-cubed: each article in a cell of n shares n articles with both its clusters.
        double p = 0, r = 0;
        foreach (var ((g, c), n) in cells)
        {
            p += (double)n * n / predictedSizes[c];
            r += (double)n * n / goldSizes[g];
        }
        var bcubed = ids.Count == 0 ? new PrecisionRecall(0, 0) : new PrecisionRecall(p / ids.Count, r / ids.Count);
        return new ClusterScores(ids.Count, goldSizes.Count, predictedSizes.Count, pairwise, bcubed);
    }
}
