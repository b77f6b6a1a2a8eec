using Tidings.Storage;

namespace Tidings.Tests.Storage;

public sealed class StoreWriterLockTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_second_writer_waits_is_told_once_and_gives_up_naming_the_store()
    {
        string store = Path.Combine(_folder.Path, "store.db");
        using var first = StoreWriterLock.Acquire(store, TimeSpan.Zero, waiting: null);
        int told = 0;
        var refused = Assert.Throws<StoreException>(() => StoreWriterLock.Acquire(store, TimeSpan.FromMilliseconds(350), () => told++));
        Assert.Equal(1, told);
        Assert.Contains(store, refused.Message, StringComparison.Ordinal);
        Assert.Contains("another run is still writing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lock_passes_to_a_waiting_writer_when_its_holder_closes()
    {
        string store = Path.Combine(_folder.Path, "store.db");
        var first = StoreWriterLock.Acquire(store, TimeSpan.Zero, waiting: null);
        using var released = new ManualResetEventSlim();
        var second = Task.Run(() => StoreWriterLock.Acquire(store, TimeSpan.FromMinutes(1), released.Set));
        Assert.True(released.Wait(TimeSpan.FromSeconds(30)), "the second writer did not wait");
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var taken = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(store + "-lock"));
    }

    [Fact]
    public void A_store_opened_for_writing_holds_the_lock_until_it_is_closed_and_readers_need_none()
    {
        string path = Path.Combine(_folder.Path, "held.db");
        using (SqliteStoryStore.Open(path, StoreAccess.Write))
        {
            Assert.Throws<StoreException>(() => StoreWriterLock.Acquire(path, TimeSpan.Zero, waiting: null));
            using var reader = SqliteStoryStore.Open(path, StoreAccess.Read);
            Assert.Empty(reader.LoadArticles());
        }
        using var next = StoreWriterLock.Acquire(path, TimeSpan.Zero, waiting: null);
    }
}
