namespace Tidings.Synthesis;

/// <summary>
/// A short summary made of the story's own sentences: the corroborated facts that most independent origins state,
/// leads before details, none repeating another, in the order a report would tell them. A story with fewer than
/// <see cref="MinSentences"/> corroborated facts is filled up from the lead of its first report.
/// </summary>
internal static class SummaryWriter
{
    public const int MinSentences = 3;

    public const int MaxSentences = 5;

    /// <summary>Share of content terms above which a sentence repeats one already chosen.</summary>
    private const double Redundant = 0.5;

    public static List<string> Write(IReadOnlyList<List<StatedSentence>> facts)
    {
        var chosen = new List<(List<StatedSentence> Fact, int Order)>();
        var order = facts.Select((f, i) => (Fact: f, Order: i)).ToList();
        var corroborated = order
            .Where(x => StatedSentence.Origins(x.Fact) >= StorySynthesizer.CorroboratingOrigins)
            .OrderByDescending(x => StatedSentence.Origins(x.Fact))
            .ThenBy(x => x.Fact.Min(s => s.Sentence.Index))
            .ThenBy(x => x.Order);
        Choose(corroborated, MaxSentences);
        if (chosen.Count < MinSentences)
        {
            var first = facts.SelectMany(f => f).FirstOrDefault()?.Article;
            var lead = order.Where(x => x.Fact[0].Article == first).OrderBy(x => x.Fact[0].Sentence.Index);
            Choose(lead, MinSentences);
        }
        return [.. chosen.OrderBy(x => x.Fact.Min(s => s.Sentence.Index)).ThenBy(x => x.Order).Select(x => x.Fact[0].Text)];

        void Choose(IEnumerable<(List<StatedSentence> Fact, int Order)> candidates, int upTo)
        {
            foreach (var candidate in candidates)
            {
                if (chosen.Count >= upTo)
                    return;
                if (chosen.Any(c => c.Order == candidate.Order || c.Fact[0].Overlap(candidate.Fact[0]) > Redundant))
                    continue;
                chosen.Add(candidate);
            }
        }
    }
}
