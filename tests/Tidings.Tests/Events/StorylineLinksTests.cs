using CsCheck;
using Tidings.Events;

namespace Tidings.Tests.Events;

public sealed class StorylineLinksTests
{
    /// <summary>An operation on the links: link two events (true), or merge the first into the second (false).</summary>
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
                    var moved = model.Remove(a, out var set) ? set : [];
                    Of(b).UnionWith(moved);
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
