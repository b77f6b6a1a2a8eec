using Tidings.Events;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Tests.Pipeline;

public sealed class PendingEventArchiveTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static EventCluster Event(int number, params string[] members)
    {
        var ev = new EventCluster(number);
        ev.Members.AddRange(members.Select(id => new EventMember(id, null)));
        return ev;
    }

    private static string[] Members(EventCluster? ev) => ev is null ? [] : [.. ev.Members.Select(m => m.Id)];

    [Fact]
    public void Events_read_ahead_are_read_as_stored_and_an_event_put_or_removed_since_is_read_as_it_now_is()
    {
        using var store = new SqliteStoryStore(Path.Combine(_folder.Path, "archive.db"));
        store.Commit(new StoreCommit { RetiredPut = [(1, Event(1, "a").ToRetiredBytes()), (2, Event(2, "b").ToRetiredBytes()), (3, Event(3, "c").ToRetiredBytes())], Checkpoint = s => s.WriteByte(0) });
        var archive = new PendingEventArchive(store);
        archive.Put(Event(4, "d"));
        archive.Preload([1, 2, 3, 4, 9]);
        Assert.Equal(["a"], Members(archive.GetListing(1)));
        Assert.Equal(["d"], Members(archive.GetListing(4)));
        Assert.Null(archive.GetListing(9));
        // Put again and removed after the read ahead: the pending change wins over what was read ahead.
        archive.Put(Event(2, "b", "e"));
        archive.Remove(3);
        Assert.Equal(["b", "e"], Members(archive.GetListing(2)));
        Assert.Null(archive.GetListing(3));
        Assert.Equal(3, archive.Count);
        // Written and forgotten as pending, the events are read from the store again, not from the read ahead.
        var written = archive.Snapshot();
        store.Commit(new StoreCommit { RetiredPut = [.. written.Changes.Where(c => c.Value is not null).Select(c => (c.Key, c.Value!))], RetiredRemoved = [.. written.Changes.Where(c => c.Value is null).Select(c => c.Key)], Checkpoint = s => s.WriteByte(0) });
        archive.Written(written);
        Assert.Equal(["b", "e"], Members(archive.GetListing(2)));
        Assert.Null(archive.GetListing(3));
        Assert.Equal(["d"], Members(archive.GetListing(4)));
    }
}
