using CsCheck;
using Tidings.Evaluation;

namespace Tidings.Tests.Evaluation;

public sealed class StorylineTopicScoresTests
{
    [Fact]
    public void Pairs_across_a_storylines_events_are_scored_against_chance()
    {
        var topics = new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["a"] = ["earn"], ["b"] = ["earn"], ["c"] = ["earn", "acq"], ["d"] = ["trade"], ["f"] = ["trade"], ["g"] = [], ["unplaced"] = ["earn"],
        };
        var placed = new Dictionary<string, (string Event, string Storyline)>
        {
            ["a"] = ("e1", "L1"), ["b"] = ("e1", "L1"), ["c"] = ("e2", "L1"), ["d"] = ("e2", "L1"), ["f"] = ("e3", "L2"), ["g"] = ("e3", "L2"),
        };
        var scores = StorylineTopicScores.Compute(topics, placed);
        Assert.Equal(5, scores.Articles);
        Assert.Equal(1, scores.Storylines);
        // a-c, a-d, b-c, b-d; of which a-c and b-c share "earn".
        Assert.Equal(4, scores.Pairs);
        Assert.Equal(0.5, scores.Agreement, 6);
        Assert.Equal(0.5, scores.MeanAgreement, 6);
        // Ten pairs of coded articles: a-b, a-c, b-c and d-f share a topic.
        Assert.Equal(0.4, scores.Chance, 6);
        var line = Assert.Single(scores.Largest);
        Assert.Equal(("L1", 2, 4), (line.Storyline, line.Events, line.Articles));
    }

    /// <summary>Counting by topic sets equals asking every pair of articles one by one.</summary>
    [Fact]
    public void Grouped_counts_equal_asking_every_pair()
    {
        var article = Gen.Select(Gen.Int[0, 5].Array[1, 3], Gen.Int[0, 3], Gen.Int[0, 2]);
        article.Array[1, 30].Sample(articles =>
        {
            var topics = articles.Select((x, i) => (i, x)).ToDictionary(p => "a" + p.i, p => (IReadOnlyCollection<string>)[.. p.x.Item1.Select(t => "t" + t)]);
            var placed = articles.Select((x, i) => (i, x)).ToDictionary(p => "a" + p.i, p => ("e" + p.x.Item2 + "/" + p.x.Item3, "L" + p.x.Item3));
            long pairs = 0, sharing = 0, all = 0, allSharing = 0;
            for (int i = 0; i < articles.Length; i++)
            {
                for (int j = i + 1; j < articles.Length; j++)
                {
                    bool share = articles[i].Item1.Intersect(articles[j].Item1).Any();
                    all++;
                    allSharing += share ? 1 : 0;
                    var (x, y) = (placed["a" + i], placed["a" + j]);
                    if (x.Item2 == y.Item2 && x.Item1 != y.Item1)
                    {
                        pairs++;
                        sharing += share ? 1 : 0;
                    }
                }
            }
            var scores = StorylineTopicScores.Compute(topics, placed);
            return scores.Pairs == pairs
                && Math.Abs(scores.Agreement - (pairs == 0 ? 0 : (double)sharing / pairs)) < 1e-9
                && Math.Abs(scores.Chance - (all == 0 ? 0 : (double)allSharing / all)) < 1e-9;
        });
    }
}
