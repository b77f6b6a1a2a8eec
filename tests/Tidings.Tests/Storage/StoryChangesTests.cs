using CsCheck;
using Tidings.Storage;

namespace Tidings.Tests.Storage;

public sealed class StoryChangesTests
{
    private static readonly Gen<(string From, string To)> Rename =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 6]).Select(p => ($"s{p.Item1}", $"s{p.Item2}"));

    [Fact]
    public void Final_renames_move_every_story_where_the_renames_in_order_would_and_reach_the_stories_they_move()
    {
        Gen.Select(Rename.List[0, 30], Gen.Int[0, 6].List[0, 12]).Sample((renames, storylines) =>
        {
            var stories = storylines.Select(n => $"s{n}").ToList();
            var stepwise = stories.ToList();
            var touched = new HashSet<int>();
            foreach (var (from, to) in renames)
            {
                for (int i = 0; i < stepwise.Count; i++)
                {
                    if (stepwise[i] == from && from != to)
                    {
                        stepwise[i] = to;
                        touched.Add(i);
                    }
                }
            }
            var final = new StoryChanges([], [], renames).FinalRenames();
            var atOnce = stories.Select(s => final.TryGetValue(s, out var to) ? to : s).ToList();
            Assert.Equal(stepwise, atOnce);
            // The stories a store notes as touched (those under a storyline renamed) are those some rename moved.
            var reached = Enumerable.Range(0, stories.Count).Where(i => final.ContainsKey(stories[i]));
            Assert.Equal(touched.Order(), reached);
        });
    }
}
