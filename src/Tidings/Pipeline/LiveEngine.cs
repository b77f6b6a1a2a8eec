using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Pipeline;

/// <summary>How a <see cref="LiveEngine"/> runs.</summary>
public sealed record LiveEngineOptions
{
    /// <summary>
    /// The engine's options. Stories are written at every commit whatever <see cref="EngineOptions.StoriesInterval"/>
    /// says: a reader of a service expects the article it just posted in its story.
    /// </summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>
    /// How long input must pause before the engine ends its run: the end-of-run pass splits, merges and chains the events
    /// touched since the last one, so the stories a reader sees are those a <c>tidings run</c> over the same input gives.
    /// The engine is then opened again from the store, as the next run of the command line would be.
    /// </summary>
    public TimeSpan SettleAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most often the stories changed by committed articles are written (and their changes announced): articles
    /// are stored and acknowledged at once, but a story a feed keeps adding to would otherwise be synthesised again at
    /// every commit. A quiet feed's article shows in its story at once; a busy one's within this.
    /// </summary>
    public TimeSpan StoryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The cores the engine works on at once; the others are left to the service's readers. A burst of extraction or
    /// synthesis on every core held 50 pollers of a two-core server past 50 ms; on one core it keeps up with 250
    /// articles a second.
    /// </summary>
    public int EngineCores { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Documents waiting to be placed beyond which a submission is refused (<see cref="LiveEngineBusyException"/>) rather than queued.</summary>
    public int MaxWaitingDocuments { get; init; } = 50_000;
}

/// <summary>
/// What became of one submission: the ids of the articles stored, how many were stored already (<see cref="Unchanged"/>)
/// or stored in another version, which they replaced (<see cref="Replaced"/>), what was refused and what was warned of.
/// </summary>
public sealed record IngestReceipt(IReadOnlyList<string> Stored, long Replaced, long Unchanged, IReadOnlyList<Rejection> Rejected, IReadOnlyList<IngestWarning> Warnings);

/// <summary>The kinds of change a <see cref="LiveEngine"/> tells its listeners of, once the change is committed.</summary>
public enum StoryUpdateKind
{
    /// <summary>An article began a new story.</summary>
    StoryNew,

    /// <summary>An article joined an existing story.</summary>
    ArticleJoined,

    /// <summary><see cref="StoryUpdate.Other"/> was merged into <see cref="StoryUpdate.Story"/>, and lives on as its alias.</summary>
    StoriesMerged,

    /// <summary><see cref="StoryUpdate.Other"/> (earlier) and <see cref="StoryUpdate.Story"/> (later) are now one storyline.</summary>
    StorylineLinked,
}

/// <summary>One committed change: a story, and the article or other story the change concerns.</summary>
public sealed record StoryUpdate(StoryUpdateKind Kind, string Story, string? Article, string? Other, string? Title);

/// <summary>The engine has more waiting than <see cref="LiveEngineOptions.MaxWaitingDocuments"/>: the caller is to try again later.</summary>
public sealed class LiveEngineBusyException(string message) : Exception(message);

/// <summary>
/// A <see cref="StoryEngine"/> held open for a service: submissions from any number of callers are placed one at a time,
/// in the order they arrive, on one thread of their own; those waiting together are committed in one transaction, and
/// each is acknowledged only once that transaction is stored. A submission is never cut into the extraction chunks of
/// another, so a batch gives the articles it would give read as a file by <c>tidings run</c>, whatever else arrived.
/// </summary>
/// <remarks>
/// When input pauses for <see cref="LiveEngineOptions.SettleAfter"/>, the run ends as a command-line run would, and
/// the engine is opened again from the store; the store's checkpoint and replay make the next stretch continue as if
/// the stream had never paused. A store failure fails the submissions of the transaction that failed (nothing of them
/// is stored) and reopens the engine from the store, which still holds everything acknowledged before.
/// </remarks>
public sealed class LiveEngine : IArticleFeed
{
    private readonly IStoryStore _store;
    private readonly EngineSpread _spread;
    private readonly LiveEngineOptions _options;
    private readonly Action<IReadOnlyList<StoryUpdate>> _published;
    private readonly BlockingCollection<Submission> _queue = new();
    private readonly Thread _worker;
    private readonly Listener _listener = new();
    private readonly Meter _meter = new("Tidings");
    private readonly Counter<long> _storedCounter, _rejectedCounter;
    private readonly Histogram<double> _stageSeconds;
    private readonly TaskScheduler _engineCores;
    private StoryEngine? _engine;
    private Exception? _openFailure;
    private bool _unsettled;
    private long _waitingDocuments;
    private long _stored, _rejected, _version, _storiesVersion, _failures;

    /// <summary>Articles committed whose stories are not written yet (see <see cref="LiveEngineOptions.StoryDelay"/>).</summary>
    private bool _storiesPending;

    private long _storiesWritten = Stopwatch.GetTimestamp() - Stopwatch.Frequency * 3600;

    /// <summary>
    /// Opens the engine on <paramref name="store"/> (its checkpoint loaded, what it does not cover replayed) before
    /// returning. <paramref name="published"/> hears each committed transaction's story changes, on the engine's thread.
    /// Throws <see cref="StoreException"/> when the store cannot be read. <paramref name="spread"/> says which of its
    /// state and work the engine keeps elsewhere (see <see cref="StoryEngine.Open"/>).
    /// </summary>
    public LiveEngine(IStoryStore store, LiveEngineOptions? options = null, Action<IReadOnlyList<StoryUpdate>>? published = null, EngineSpread? spread = null)
    {
        _store = store;
        _spread = spread ?? EngineSpread.None;
        _options = options ?? new LiveEngineOptions();
        _options = _options with { Engine = _options.Engine with { StoriesInterval = TimeSpan.MaxValue, Follow = false } };
        _published = published ?? (_ => { });
        _storedCounter = _meter.CreateCounter<long>("tidings.articles.stored", description: "Articles stored and acknowledged");
        _rejectedCounter = _meter.CreateCounter<long>("tidings.articles.rejected", description: "Records refused, with a reason");
        _stageSeconds = _meter.CreateHistogram<double>("tidings.stage.duration", unit: "s",
            description: "Time a stage took: place (extract, copies, events), commit (the store, and the stories when due), stories (the stories alone), settle (the end-of-run pass)");
        _meter.CreateObservableGauge("tidings.queue.documents", () => Interlocked.Read(ref _waitingDocuments), description: "Documents waiting to be placed");
        _engineCores = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Math.Max(1, _options.EngineCores)).ConcurrentScheduler;
        _engine = OnEngineCores(() => StoryEngine.Open(_options.Engine, store, _listener, spread: _spread));
        _worker = new Thread(Work) { IsBackground = true, Name = "tidings engine" };
        _worker.Start();
    }

    /// <summary>
    /// Counts the transactions this engine committed: what a reader of the store reads changes only when this does, so
    /// an answer made at one count can be given again until the next.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// The <see cref="Version"/> of the last transaction that wrote stories: a story as stored changes only when this
    /// does, while most commits of a busy feed store articles alone (see <see cref="LiveEngineOptions.StoryDelay"/>).
    /// </summary>
    public long StoriesVersion => Interlocked.Read(ref _storiesVersion);

    /// <summary>Articles this engine stored since it opened.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Records this engine refused since it opened.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Documents submitted and not yet placed.</summary>
    public long Waiting => Interlocked.Read(ref _waitingDocuments);

    /// <summary>
    /// Whether everything submitted is stored and the end-of-run pass has run since: the stories read now are those a
    /// <c>tidings run</c> over the same input gives.
    /// </summary>
    public bool Settled => !Volatile.Read(ref _unsettled) && !Volatile.Read(ref _storiesPending) && Waiting == 0;

    /// <summary>Why the engine cannot take input (its store failed when it was opened again), or null when it can.</summary>
    public string? Fault => _openFailure?.Message;

    /// <summary>Transactions that failed, after each of which the engine was opened again from the store (replaying what its checkpoint does not cover).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <inheritdoc/>
    public Task<IngestReceipt> SubmitAsync(string input, byte[] jsonl) => SubmitAsync(input, SubmittedRecords.Read(jsonl, input));

    /// <summary>
    /// Queues <paramref name="items"/> (records named by <paramref name="input"/>, as <see cref="DocumentReader.ReadJsonl(Stream, string)"/>
    /// names them) and completes once they are stored, with what became of each. Fails with
    /// <see cref="LiveEngineBusyException"/> when too much is waiting, and with <see cref="StoreException"/> when the store
    /// failed to save them (nothing of them is stored then).
    /// </summary>
    public Task<IngestReceipt> SubmitAsync(string input, IReadOnlyList<IngestItem> items)
    {
        int documents = items.Count(i => i is AcceptedDocument);
        if (Interlocked.Add(ref _waitingDocuments, documents) > _options.MaxWaitingDocuments && documents > 0)
        {
            Interlocked.Add(ref _waitingDocuments, -documents);
            return Task.FromException<IngestReceipt>(new LiveEngineBusyException($"{_options.MaxWaitingDocuments:N0} documents are already waiting; try again shortly"));
        }
        var submission = new Submission(input, items, documents);
        try
        {
            _queue.Add(submission);
        }
        catch (InvalidOperationException)
        {
            Interlocked.Add(ref _waitingDocuments, -documents);
            return Task.FromException<IngestReceipt>(new ObjectDisposedException(nameof(LiveEngine), "the engine is stopping"));
        }
        return submission.Done.Task;
    }

    /// <summary>Stops taking submissions, stores those queued, ends the run (see <see cref="LiveEngineOptions.SettleAfter"/>) and stops.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _worker.Join();
        _queue.Dispose();
        _meter.Dispose();
    }

    private void Work()
    {
        while (!_queue.IsCompleted)
        {
            var group = new List<Submission>();
            var wait = _storiesPending ? _options.StoryDelay - Stopwatch.GetElapsedTime(_storiesWritten)
                : _unsettled ? _options.SettleAfter : Timeout.InfiniteTimeSpan;
            try
            {
                if (_queue.TryTake(out var first, wait < TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan ? TimeSpan.Zero : wait))
                {
                    group.Add(first);
                    while (_queue.TryTake(out var next))
                        group.Add(next);
                }
            }
            catch (InvalidOperationException)
            {
                // completed while waiting
            }
            if (group.Count > 0)
                OnEngineCores(() => Place(group));
            else if (_storiesPending)
                OnEngineCores(WriteStories);
            else if (_unsettled)
                OnEngineCores(Settle);
        }
        if (_unsettled)
            OnEngineCores(Settle);
    }

    /// <summary>Runs engine work on the engine's cores: every task and parallel loop it starts keeps to them.</summary>
    private T OnEngineCores<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _engineCores).GetAwaiter().GetResult();

    private void OnEngineCores(Action work) => OnEngineCores(() =>
    {
        work();
        return true;
    });

    /// <summary>Places every submission of the group, commits them in one transaction and acknowledges each.</summary>
    private void Place(List<Submission> group)
    {
        try
        {
            var engine = _engine ?? Reopen();
            long storyCommits = engine.StoryCommits;   // a large submission commits as it goes, and can write stories then
            var clock = Stopwatch.StartNew();
            foreach (var submission in group)
            {
                _listener.Current = submission;
                var (unchanged, restated) = (engine.UnchangedStored, engine.Restated);
                engine.Run(submission.Items);
                (submission.Unchanged, submission.Replaced) = (engine.UnchangedStored - unchanged, engine.Restated - restated);
            }
            _listener.Current = null;
            _stageSeconds.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", "place"));
            clock.Restart();
            Volatile.Write(ref _unsettled, true);
            bool stories = Stopwatch.GetElapsedTime(_storiesWritten) >= _options.StoryDelay;
            engine.CommitPending(stories);
            Committed(storiesWritten: engine.StoryCommits != storyCommits);
            _stageSeconds.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", "commit"));
            Volatile.Write(ref _storiesPending, !stories);
            if (stories)
                _storiesWritten = Stopwatch.GetTimestamp();
            // Announced before the callers hear: a writer that reads the event stream after its answer misses nothing.
            if (stories)
                Publish();
            Release(group);
            foreach (var submission in group)
            {
                Interlocked.Add(ref _stored, submission.Stored.Count);
                Interlocked.Add(ref _rejected, submission.Rejected.Count);
                _storedCounter.Add(submission.Stored.Count);
                _rejectedCounter.Add(submission.Rejected.Count);
                submission.Done.TrySetResult(new IngestReceipt(submission.Stored, submission.Replaced, submission.Unchanged, submission.Rejected, submission.Warnings));
            }

        }
        catch (Exception e)
        {
            _listener.Current = null;
            _listener.Updates.Clear();
            Release(group);
            foreach (var submission in group)
                submission.Done.TrySetException(e);
            Failed();
        }
    }

    /// <summary>The group's documents no longer wait: said before its callers hear, so that what they read next agrees.</summary>
    private void Release(List<Submission> group)
    {
        foreach (var submission in group)
            Interlocked.Add(ref _waitingDocuments, -submission.Documents);
    }

    /// <summary>Writes the stories the last commits changed, and announces their changes.</summary>
    private void WriteStories()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            (_engine ?? Reopen()).CommitPending(writeStories: true);
            Committed(storiesWritten: true);
            _stageSeconds.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", "stories"));
            Publish();
        }
        catch (Exception)
        {
            Failed();   // the stories are written by the next commit or settle, from the store
        }
        _storiesWritten = Stopwatch.GetTimestamp();
        Volatile.Write(ref _storiesPending, false);
    }

    /// <summary>Ends the run (the end-of-run pass, its stories written) and opens the engine again from the store.</summary>
    private void Settle()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            _ = (_engine ?? Reopen()).Complete();
            Committed(storiesWritten: true);
            _stageSeconds.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", "settle"));
            Publish();
            if (!_queue.IsAddingCompleted)
                Reopen();
            Volatile.Write(ref _unsettled, false);
            Volatile.Write(ref _storiesPending, false);
        }
        catch (Exception)
        {
            Failed();
        }
    }

    /// <summary>
    /// A transaction failed: the engine holds what the store does not, so it is dropped and opened again from the store
    /// before the next; a failure can follow a commit (the end pass commits twice), so answers made before it are not trusted.
    /// </summary>
    private void Failed()
    {
        _listener.Updates.Clear();
        _engine = null;
        Interlocked.Increment(ref _failures);
        Committed(storiesWritten: true);
    }

    /// <summary>A transaction is committed: answers made before it are old (see <see cref="Version"/>).</summary>
    private void Committed(bool storiesWritten)
    {
        long version = Interlocked.Increment(ref _version);
        if (storiesWritten)
            Interlocked.Exchange(ref _storiesVersion, version);
    }

    private StoryEngine Reopen()
    {
        try
        {
            _engine = StoryEngine.Open(_options.Engine, _store, _listener, spread: _spread);
            _openFailure = null;
            return _engine;
        }
        catch (Exception e)
        {
            _openFailure = e;
            throw;
        }
    }

    private void Publish()
    {
        if (_listener.Updates.Count == 0)
            return;
        var updates = _listener.Updates.ToList();
        _listener.Updates.Clear();
        _published(updates);
    }

    private sealed class Submission(string input, IReadOnlyList<IngestItem> items, int documents)
    {
        public string Input { get; } = input;

        public IReadOnlyList<IngestItem> Items { get; } = items;

        public int Documents { get; } = documents;

        public List<string> Stored { get; } = [];

        public List<Rejection> Rejected { get; } = [];

        public List<IngestWarning> Warnings { get; } = [];

        public long Unchanged { get; set; }

        public long Replaced { get; set; }

        public TaskCompletionSource<IngestReceipt> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Sorts what the engine says into the submission being placed and the updates of the transaction.</summary>
    private sealed class Listener : IEngineObserver
    {
        public Submission? Current { get; set; }

        public List<StoryUpdate> Updates { get; } = [];

        public void Rejected(Rejection rejection) => Current?.Rejected.Add(rejection);

        public void Warned(IngestWarning warning) => Current?.Warnings.Add(warning);

        public void Extracted(Article article) => Current?.Stored.Add(article.Id);

        public void Placed(Article article, string story, bool newStory) =>
            Updates.Add(new StoryUpdate(newStory ? StoryUpdateKind.StoryNew : StoryUpdateKind.ArticleJoined, story, article.Id, null, article.Title));

        public void Merged(string from, string into) => Updates.Add(new StoryUpdate(StoryUpdateKind.StoriesMerged, into, null, from, null));

        public void Chained(string earlier, string later) => Updates.Add(new StoryUpdate(StoryUpdateKind.StorylineLinked, later, null, earlier, null));

        public void Copied(CopyRelation relation)
        {
        }
    }
}
