namespace Tidings.Evaluation;

/// <summary>
/// How well storylines keep to one subject, measured against topic codes that are not storylines (Reuters-21578's
/// <c>topics</c>: several per article, none for many): of the pairs of coded articles that one storyline puts in two
/// different events, the share that have a topic in common, beside that share over all pairs of coded articles
/// (<see cref="Chance"/>). A storyline chained through words every report of its kind uses (figures, months, "rose",
/// "fell") agrees no better than chance; storylines that keep to a subject agree far more often.
/// </summary>
/// <remarks>
/// A topic code is coarse (<c>earn</c>, <c>trade</c>, <c>money-fx</c>), so agreement is not correctness: two events of
/// one true storyline rarely disagree, while two unrelated earnings reports agree. It is a check of drift, where the
/// only storyline gold (Giveme5W1H's 34) is too small to show it.
/// </remarks>
/// <param name="Articles">Articles with at least one topic that were placed.</param>
/// <param name="Storylines">Storylines with coded articles in at least two events: those scored.</param>
/// <param name="Pairs">Pairs of coded articles in one storyline and two events.</param>
/// <param name="Agreement">The share of <see cref="Pairs"/> with a topic in common: large storylines weigh most.</param>
/// <param name="MeanAgreement">The same share per storyline, averaged over <see cref="Storylines"/>: each storyline weighs one.</param>
/// <param name="Chance">The share of all pairs of coded articles with a topic in common.</param>
/// <param name="Largest">The storylines with the most events, each with its own agreement.</param>
public sealed record StorylineTopicScores(int Articles, int Storylines, long Pairs, double Agreement, double MeanAgreement, double Chance,
    IReadOnlyList<StorylineTopicAgreement> Largest)
{
    /// <summary>
    /// Scores the articles present in both maps (<paramref name="placed"/> gives each its event and storyline); pure,
    /// so it is tested without I/O. Pairs are counted per group of articles with the same topics, not one by one: a
    /// storyline of thousands of articles has millions of pairs but a few hundred distinct topic sets.
    /// </summary>
    public static StorylineTopicScores Compute(IReadOnlyDictionary<string, IReadOnlyCollection<string>> topics,
        IReadOnlyDictionary<string, (string Event, string Storyline)> placed, int largest = 5)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(placed);
        var sets = new TopicSets();
        var coded = topics.Where(kv => kv.Value.Count > 0 && placed.ContainsKey(kv.Key))
            .Select(kv => (Set: sets.Number(kv.Value), Place: placed[kv.Key]))
            .ToList();
        var (allPairs, allSharing) = sets.Pairs(coded.Select(c => c.Set));
        var scored = new List<StorylineTopicAgreement>();
        foreach (var storyline in coded.GroupBy(c => c.Place.Storyline, StringComparer.Ordinal))
        {
            var events = storyline.GroupBy(c => c.Place.Event, StringComparer.Ordinal).ToList();
            if (events.Count < 2)
                continue;
            var (pairs, sharing) = sets.Pairs(storyline.Select(c => c.Set));
            foreach (var ev in events)
            {
                var (within, withinSharing) = sets.Pairs(ev.Select(c => c.Set));
                pairs -= within;
                sharing -= withinSharing;
            }
            scored.Add(new StorylineTopicAgreement(storyline.Key, events.Count, storyline.Count(), pairs, (double)sharing / pairs, sharing));
        }
        long scoredPairs = scored.Sum(s => s.Pairs);
        return new StorylineTopicScores(coded.Count, scored.Count, scoredPairs,
            scoredPairs == 0 ? 0 : (double)scored.Sum(s => s.Sharing) / scoredPairs,
            scored.Count == 0 ? 0 : scored.Average(s => s.Agreement),
            allPairs == 0 ? 0 : (double)allSharing / allPairs,
            [.. scored.OrderByDescending(s => s.Events).ThenByDescending(s => s.Articles).ThenBy(s => s.Storyline, StringComparer.Ordinal).Take(largest)]);
    }

    /// <summary>Distinct topic sets by number, and whether two have a topic in common, each pair of sets asked once.</summary>
    private sealed class TopicSets
    {
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
        private readonly List<HashSet<string>> _sets = [];
        private readonly Dictionary<(int, int), bool> _overlap = [];

        public int Number(IReadOnlyCollection<string> topics)
        {
            var set = topics.ToHashSet(StringComparer.Ordinal);
            string key = string.Join('\n', set.Order(StringComparer.Ordinal));
            if (!_numbers.TryGetValue(key, out int number))
            {
                _numbers[key] = number = _sets.Count;
                _sets.Add(set);
            }
            return number;
        }

        /// <summary>The pairs among these articles (by their sets' numbers), and how many of them have a topic in common.</summary>
        public (long Pairs, long Sharing) Pairs(IEnumerable<int> articles)
        {
            var counts = articles.GroupBy(s => s).Select(g => (Set: g.Key, Count: (long)g.Count())).OrderBy(c => c.Set).ToList();
            long n = counts.Sum(c => c.Count), sharing = 0;
            for (int i = 0; i < counts.Count; i++)
            {
                // A set is never empty, so articles with the same topics always share one.
                sharing += counts[i].Count * (counts[i].Count - 1) / 2;
                for (int j = i + 1; j < counts.Count; j++)
                {
                    if (Overlap(counts[i].Set, counts[j].Set))
                        sharing += counts[i].Count * counts[j].Count;
                }
            }
            return (n * (n - 1) / 2, sharing);
        }

        private bool Overlap(int a, int b)
        {
            if (!_overlap.TryGetValue((a, b), out bool overlap))
                _overlap[(a, b)] = overlap = _sets[a].Overlaps(_sets[b]);
            return overlap;
        }
    }
}

/// <summary>One storyline's agreement (see <see cref="StorylineTopicScores"/>).</summary>
/// <param name="Storyline">Its id.</param>
/// <param name="Events">Its events with coded articles.</param>
/// <param name="Articles">Its coded articles.</param>
/// <param name="Pairs">Pairs of its coded articles in two different events.</param>
/// <param name="Agreement">The share of <see cref="Pairs"/> with a topic in common.</param>
/// <param name="Sharing">How many of <see cref="Pairs"/> have a topic in common.</param>
public sealed record StorylineTopicAgreement(string Storyline, int Events, int Articles, long Pairs, double Agreement, long Sharing);
