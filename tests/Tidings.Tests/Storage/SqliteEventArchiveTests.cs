using Tidings.Copies;
using Tidings.Events;
using Tidings.Storage;
using Tidings.Tests.Copies;

namespace Tidings.Tests.Storage;

public sealed class SqliteEventArchiveTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Bridge = """
        Marlow council has voted to close Tanner Bridge to cars from next spring after engineers found cracks in its stone arches.
        The council said repairs to the bridge would cost 14 million euros; buses will use the Mill Street crossing instead.
        """;

    private const string Harbour = """
        Dock workers at the port of Calder walked out on Tuesday over a new shift system, leaving six container ships waiting offshore.
        The harbour authority said talks with the union would resume once the ships had been unloaded by other crews.
        """;

    [Fact]
    public void Retired_events_leave_memory_for_the_file_and_come_back_whole()
    {
        var prints = new[]
        {
            CopyVerifierTests.Print("bridge-1", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("bridge-2", Bridge, "2024-03-02"),
            CopyVerifierTests.Print("harbour", Harbour, "2024-05-20"),
            // Published in March but arriving late: the merge pass revives the bridge event from the file.
            CopyVerifierTests.Print("bridge-late", Bridge + " Shop owners asked for help.", "2024-03-04"),
        };
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        using var archive = new SqliteEventArchive(Path.Combine(_folder.Path, "events.db"));
        var clusterer = new EventClusterer(EventClustererOptions.Default with { RetireEveryArticles = 1 }, archive);
        foreach (var p in prints.Take(3))
            clusterer.Add(p, copies);
        Assert.Equal(1, archive.Count);
        var stored = Assert.Single(archive.All());
        Assert.True(stored.Retired);
        Assert.Equal(["bridge-1", "bridge-2"], stored.Members.Select(m => m.Id));
        // The first report, published on Friday 1 March, says the council voted on Tuesday.
        Assert.Equal(new DateOnly(2024, 2, 27), stored.First);
        Assert.Equal(new DateOnly(2024, 3, 2), stored.Last);
        // What a pass compares, read from the bytes without building the event, is the built event's.
        var terms = archive.GetTerms(stored.Number)!;
        var built = ArchivedTerms.Of(stored);
        Assert.Equal((built.First, built.Last), (terms.First, terms.Last));
        Assert.NotEmpty(terms.Centroid);
        Assert.Equal(built.Centroid, terms.Centroid);
        Assert.Equal(built.Title, terms.Title);
        Assert.Null(archive.GetTerms(stored.Number + 1));
        // What a story is built from, read without the centroids, is the stored event's.
        var listing = archive.GetListing(stored.Number)!;
        Assert.Equal(stored.Members, listing.Members);
        Assert.Equal(stored.AbsorbedFirstArticles, listing.AbsorbedFirstArticles);
        Assert.Equal((stored.Number, stored.First, stored.Last, true), (listing.Number, listing.First, listing.Last, listing.Retired));
        Assert.Null(archive.GetListing(stored.Number + 1));

        clusterer.Add(prints[3], copies);
        clusterer.EndBatch();
        var events = clusterer.Events;
        Assert.Equal(["bridge-1", "bridge-2", "bridge-late"], events[0].Members.Select(m => m.Id));
        // Revived to absorb the late report, then retired again by the same sweep: it is still idle.
        Assert.True(events[0].Retired);
        Assert.Equal(["bridge-1", "bridge-2", "bridge-late"], archive.Get(events[0].Number)!.Members.Select(m => m.Id));
        Assert.Equal(["harbour"], events[1].Members.Select(m => m.Id));
        Assert.Equal(2, events.Count);
    }
}
