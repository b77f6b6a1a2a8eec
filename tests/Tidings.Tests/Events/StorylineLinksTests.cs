using CsCheck;
using Tidings.Events;

namespace Tidings.Tests.Events;

public sealed class StorylineLinksTests
{
    /// <summary>An operation on the links: link two events (true), or merge the first into the second (false).</summary>
    /// <remarks>An event merged away may be linked again afterwards: the model holds whatever the operations leave.</remarks>
    private static readonly Gen<(bool Link, int A, int B)> Operation =
        Gen.Select(Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false))), Gen.Int[0, 15], Gen.Int[0, 15]);

    /// <summary>The arrays answer as the hash sets they replaced did, through links and merges, and survive a checkpoint.</summary>
    [Fact]
    public void Links_behave_as_sets_both_ways_and_survive_a_checkpoint()
    {
        Operation.Where(o => o.A != o.B).List[0, 60].Sample(operations =>
        {
            var links = new StorylineLinks();
            var model = new Dictionary<int, HashSet<int>>();
            HashSet<int> Of(int n) => model.TryGetValue(n, out var set) ? set : model[n] = [];
            foreach (var (link, a, b) in operations)
            {
                if (link)
                {
                    bool added = Of(a).Add(b);
                    Of(b).Add(a);
                    Assert.Equal(added, links.Link(a, b));
                }
                else
                {
                    // The links move to the absorbing event, and the events they name name it instead.
                    var moved = model.Remove(a, out var set) ? set : [];
                    foreach (int other in moved)
                    {
                        Of(other).Remove(a);
                        if (other != b)
                            Of(other).Add(b);
                    }
                    Of(b).UnionWith(moved.Where(other => other != b));
                    Assert.Equal(moved.Order(), links.MoveTo(a, b).Order());
                }
            }
            using var bytes = new MemoryStream();
            using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
                links.Write(writer);
            bytes.Position = 0;
            var read = new StorylineLinks();
            using (var reader = new BinaryReader(bytes))
                read.Read(reader);
            for (int n = 0; n <= 15; n++)
            {
                var expected = model.GetValueOrDefault(n, []).Order().ToList();
                Assert.Equal(expected, links.Of(n));
                Assert.Equal(expected, read.Of(n));
            }
        });
    }

    /// <summary>
    /// Linked nearest first, an event keeps the latest <c>k</c> of the earlier events offered to it, whatever the order
    /// they came in and whatever it is offered as an earlier event itself; links stay both ways.
    /// </summary>
    [Fact]
    public void An_event_keeps_its_nearest_predecessors_of_those_offered()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Select(Gen.Int[0, 15], Gen.Int[0, 15]).Where(p => p.Item1 != p.Item2).List[0, 80]).Sample((k, pairs) =>
        {
            var links = new StorylineLinks();
            var offered = new Dictionary<int, HashSet<int>>();
            foreach (var (x, y) in pairs)
            {
                var (earlier, later) = (Math.Min(x, y), Math.Max(x, y));
                bool had = links.Has(later, earlier);
                bool linked = links.LinkNearest(earlier, later, k, out int dropped);
                Assert.True(!linked || !had);
                Assert.True(dropped < 0 || (linked && dropped < earlier && !links.Has(later, dropped)));
                (offered.TryGetValue(later, out var set) ? set : offered[later] = []).Add(earlier);
            }
            for (int n = 0; n <= 15; n++)
            {
                var nearest = offered.GetValueOrDefault(n, []).OrderDescending().Take(k).Order();
                Assert.Equal(nearest, links.Of(n).Where(other => other < n));
                Assert.All(links.Of(n), other => Assert.True(links.Has(other, n)));
            }
        });
    }

    /// <summary>Nearest links and merges in any order leave every link both ways, none to itself, and nothing naming an event merged away.</summary>
    [Fact]
    public void Nearest_links_and_merges_keep_links_both_ways_between_standing_events()
    {
        Gen.Select(Gen.Int[1, 3], Operation.Where(o => o.A != o.B).List[0, 80]).Sample((k, operations) =>
        {
            var links = new StorylineLinks();
            var mergedAway = new HashSet<int>();
            foreach (var (link, a, b) in operations)
            {
                if (mergedAway.Contains(a) || mergedAway.Contains(b))
                    continue;
                if (link)
                {
                    links.LinkNearest(Math.Min(a, b), Math.Max(a, b), k, out _);
                }
                else
                {
                    links.MoveTo(a, b);
                    mergedAway.Add(a);
                }
            }
            for (int n = 0; n <= 15; n++)
            {
                Assert.DoesNotContain(n, links.Of(n));
                Assert.All(links.Of(n), other => Assert.True(links.Has(other, n), $"{n} names {other}, which does not name it"));
                Assert.True(!mergedAway.Contains(n) || links.Of(n).Count == 0);
                Assert.DoesNotContain(links.Of(n), mergedAway.Contains);
            }
        });
    }

    [Fact]
    public void A_checkpoint_written_when_links_were_sets_is_read_in_order()
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1);
            writer.Write(7);
            writer.Write(3);
            foreach (int other in new[] { 9, 2, 5 })
                writer.Write(other);
        }
        bytes.Position = 0;
        var links = new StorylineLinks();
        using (var reader = new BinaryReader(bytes))
            links.Read(reader);
        Assert.Equal([2, 5, 9], links.Of(7));
        Assert.False(links.Link(7, 5));
        Assert.True(links.Link(7, 6));
        Assert.Equal([2, 5, 6, 9], links.Of(7));
    }
}
