using System.Text;
using Tidings.Server;

namespace Tidings.Tests.Server;

public sealed class ResponseCacheTests
{
    private static CachedAnswer Answer(string body) => new(200, Encoding.UTF8.GetBytes(body), null);

    private static string Body(Task<CachedAnswer> answer) => Encoding.UTF8.GetString(answer.Result.Body);

    [Fact]
    public async Task Requests_asking_the_same_question_at_once_wait_for_one_answer()
    {
        var cache = new ResponseCache();
        using var asked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int made = 0;
        var first = Task.Run(() => cache.GetOrMake("/stories", 7, () =>
        {
            Interlocked.Increment(ref made);
            asked.Set();
            release.Wait();
            return Answer("page");
        }));
        asked.Wait();
        // Asked while the first is being made: the same pending answer, not a second query.
        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetOrMake("/stories", 7, () =>
        {
            Interlocked.Increment(ref made);
            return Answer("another");
        })).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        release.Set();
        await Task.WhenAll(waiting);
        Assert.Equal(1, made);
        Assert.All(waiting, w => Assert.Equal("page", Body(w)));
        Assert.Equal("page", Encoding.UTF8.GetString((await first).Body));
    }

    [Fact]
    public void An_answer_serves_its_version_and_older_ones_and_a_newer_version_makes_a_new_one()
    {
        var cache = new ResponseCache();
        Assert.Equal("v3", Body(cache.GetOrMake("/stories/a", 3, () => Answer("v3"))));
        Assert.Equal("v3", Body(cache.GetOrMake("/stories/a", 3, () => Answer("again"))));
        // A request that read the version just before a commit may be given the answer made just after it.
        Assert.Equal("v3", Body(cache.GetOrMake("/stories/a", 2, () => Answer("older"))));
        Assert.Equal("v4", Body(cache.GetOrMake("/stories/a", 4, () => Answer("v4"))));
        Assert.Equal("other", Body(cache.GetOrMake("/stories/b", 4, () => Answer("other"))));
    }

    [Fact]
    public async Task A_failure_reaches_the_request_and_is_not_kept()
    {
        var cache = new ResponseCache();
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrMake("/stories", 1, () => throw new InvalidOperationException("store down")));
        Assert.Equal("back", Body(cache.GetOrMake("/stories", 1, () => Answer("back"))));
    }
}
