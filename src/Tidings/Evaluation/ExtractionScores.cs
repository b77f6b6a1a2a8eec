using System.Text.RegularExpressions;
using Tidings.Extraction;

namespace Tidings.Evaluation;

/// <summary>
/// The trafilatura-eval rule: a snippet counts as found when its whitespace-collapsed form is a substring of the
/// whitespace-collapsed output. Found <c>with</c> snippets are true positives, missing ones false negatives, and
/// found <c>without</c> snippets false positives; precision and recall are micro-averaged over all pages.
/// </summary>
public sealed class SnippetTally
{
    public int TruePositives { get; private set; }
    public int FalsePositives { get; private set; }
    public int FalseNegatives { get; private set; }
    public int Pages { get; private set; }

    public PrecisionRecall Score => new(
        TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives),
        TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives));

    /// <summary>Scores one page's output and returns that page's (TP, FP, FN), so a caller can report the worst pages.</summary>
    public (int TruePositives, int FalsePositives, int FalseNegatives) Add(string output, IEnumerable<string> with, IEnumerable<string> without)
    {
        var wanted = with.ToList();
        var (missing, unwanted) = Misses(output, wanted, without);
        int tp = wanted.Count - missing.Count, fp = unwanted.Count, fn = missing.Count;
        TruePositives += tp;
        FalsePositives += fp;
        FalseNegatives += fn;
        Pages++;
        return (tp, fp, fn);
    }

    /// <summary>The page's wanted snippets missing from the output, and its unwanted ones found in it.</summary>
    public static (List<string> Missing, List<string> Unwanted) Misses(string output, IEnumerable<string> with, IEnumerable<string> without)
    {
        string haystack = WhiteSpace.Collapse(output);
        bool Found(string snippet) => haystack.Contains(WhiteSpace.Collapse(snippet), StringComparison.Ordinal);
        return ([.. with.Where(s => !Found(s))], [.. without.Where(Found)]);
    }
}

/// <summary>
/// The WCXB rule: per page, the overlap of the lower-cased <c>\w+</c> word bags of output and gold main content,
/// as precision, recall and F1, averaged over pages.
/// </summary>
public static partial class BagOfWords
{
    public static PrecisionRecall Score(string output, string gold)
    {
        var predicted = Bag(output);
        var expected = Bag(gold);
        int predictedTotal = predicted.Values.Sum();
        int expectedTotal = expected.Values.Sum();
        if (predictedTotal == 0 && expectedTotal == 0)
            return new PrecisionRecall(1, 1);
        int overlap = 0;
        foreach (var (word, count) in predicted)
        {
            if (expected.TryGetValue(word, out var other))
                overlap += Math.Min(count, other);
        }
        return new PrecisionRecall(
            predictedTotal == 0 ? 0 : (double)overlap / predictedTotal,
            expectedTotal == 0 ? 0 : (double)overlap / expectedTotal);
    }

    private static Dictionary<string, int> Bag(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        // A gold text copied from the page keeps its soft hyphens ("Assis\u00ADtance"); the reader, and an extractor
        // that drops them, sees one word.
        foreach (Match m in Word().Matches(WhiteSpace.WithoutInvisible(text).ToLowerInvariant()))
            bag[m.Value] = bag.GetValueOrDefault(m.Value) + 1;
        return bag;
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}

/// <summary>Running means of per-page precision, recall and F1 (the WCXB average is over pages, not words).</summary>
public sealed class PageAverage
{
    private double _precision, _recall, _f1;

    public int Pages { get; private set; }

    public void Add(PrecisionRecall page)
    {
        _precision += page.Precision;
        _recall += page.Recall;
        _f1 += page.F1;
        Pages++;
    }

    public override string ToString() => Pages == 0
        ? "no pages"
        : $"P {_precision / Pages:0.000}  R {_recall / Pages:0.000}  F1 {_f1 / Pages:0.000}  ({Pages} pages)";

    public double MeanF1 => Pages == 0 ? 0 : _f1 / Pages;
}

/// <summary>
/// Exact-match accounting for one metadata field. An answer that matches is a true positive, a wrong answer a
/// false positive, and no answer when gold has one a false negative (the htmldate rule).
/// </summary>
public sealed class ExactMatchTally
{
    public int Correct { get; private set; }
    public int Wrong { get; private set; }
    public int Missing { get; private set; }

    public int Total => Correct + Wrong + Missing;

    /// <summary>Accuracy over all gold values: the share answered exactly.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public PrecisionRecall Score => new(
        Correct + Wrong == 0 ? 0 : (double)Correct / (Correct + Wrong),
        Correct + Missing == 0 ? 0 : (double)Correct / (Correct + Missing));

    /// <summary>Compares after case folding and whitespace collapsing; returns whether the answer was right.</summary>
    public bool Add(string? predicted, string gold)
    {
        if (string.IsNullOrWhiteSpace(predicted))
        {
            Missing++;
            return false;
        }
        bool right = Fold(predicted) == Fold(gold);
        if (right)
            Correct++;
        else
            Wrong++;
        return right;
    }

    public static string Fold(string text) => WhiteSpace.Collapse(text).ToLowerInvariant();

    public override string ToString() =>
        $"exact {Accuracy:0.000} ({Correct} of {Total}; {Wrong} wrong, {Missing} missing)  {Score}";
}
