using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Pipeline;

/// <summary>
/// The engine every host drives: articles flow one way through extraction, fingerprints, copies and events, and the
/// stories they touch are synthesised when a batch is committed (with a store) or when the run completes. Extraction,
/// the costly pure stage, runs on all cores a chunk at a time; the stateful stages take the chunks in input order, so
/// the same input in the same order gives the same stories whatever the threads did.
/// </summary>
/// <remarks>
/// <para>
/// With a store, the engine holds no article text: the store has it. Each commit writes the batch's articles, copy
/// relations and changed stories in one transaction; every <see cref="EngineOptions.CheckpointEvery"/> articles, and
/// at the end of a run that leaves <see cref="EngineOptions.FinalCheckpointMinimum"/> or more articles uncovered or
/// whose events swept since the last checkpoint, the commit also carries the engine's state. A run that starts on a
/// store loads that state and replays the few articles stored after it, so it costs what is new, and a run killed at
/// any moment continues as if it had never stopped.
/// </para>
/// <para>
/// The end of a run splits, merges and chains the events touched since the last sweep, so that its stories are
/// complete. The checkpoint is written before that pass: a later run continues from the state an uninterrupted run
/// would have had, and writes again the stories that pass changed.
/// </para>
/// </remarks>
public sealed class StoryEngine
{
    private const int StateVersion = 1;

    /// <summary>Chunks extracted ahead of the stateful stages: enough to keep both cores busy while one chunk is placed.</summary>
    private const int ChunksInFlight = 2;

    private readonly EngineOptions _options;
    private readonly IStoryStore? _store;
    private readonly IEngineObserver _observer;
    private readonly ArticleExtractor _extractor;
    private readonly PendingEventArchive? _archive;

    /// <summary>Where the copy index lives when the engine does not hold it (a cluster's shard grains), or null.</summary>
    private readonly ICopyIndexShards? _copyShards;

    /// <summary>Where copies of articles older than the detector's kept words are verified (a cluster's article grains), or null.</summary>
    private readonly ElsewhereVerification? _verification;

    private readonly IEventIndexShards? _eventShards;
    private readonly ILiveEventShards? _liveEventShards;

    /// <summary>Where stories are synthesised when not on the engine's cores (a cluster's story grains), or null.</summary>
    private readonly IStoryWorkers? _storyWorkers;
    private CopyDetector _copies;
    private EventClusterer _events;

    /// <summary>Without a store, every article by id (synthesis reads them at the end); with one, only the batch not yet committed.</summary>
    private readonly Dictionary<string, Article> _held = new(StringComparer.Ordinal);

    /// <summary>Ids accepted by this run, and a hash of each one's content, to tell a repeat from a different article under a taken id.</summary>
    private readonly Dictionary<string, (ulong Content, SourceLocation Origin)> _seen = new(StringComparer.Ordinal);

    private readonly List<Article> _newArticles = [];
    private readonly List<Article> _replacedArticles = [];
    private readonly List<CopyRelation> _relations = [];

    /// <summary>Why each new article of the batch joined its event, for the store's trace of its story.</summary>
    private readonly Dictionary<string, string> _placements = new(StringComparer.Ordinal);
    private readonly HashSet<int> _dirty = [];

    /// <summary>
    /// Signatures of the stories written (or removed: null) by this commit so far, which the store does not have yet:
    /// the end-of-run pass writes stories a second time in the same commit.
    /// </summary>
    private readonly Dictionary<string, StorySignature?> _uncommittedSignatures = new(StringComparer.Ordinal);

    /// <summary>Events whose articles changed text (a new version of a stored article): written whatever their signature says.</summary>
    private readonly HashSet<int> _restatedEvents = [];

    /// <summary>
    /// Events dirty only because the checkpoint's redo list named them (the previous run's end-of-run pass rewrote their
    /// stories beyond its checkpoint), not since touched by this run: see <see cref="Commit"/>.
    /// </summary>
    private readonly HashSet<int> _carried = [];
    private readonly List<(string From, string To)> _renames = [];
    private long _read, _rejected, _accepted, _copiesFound, _sinceCheckpoint, _unchangedStored, _restated;

    /// <summary>The events' periodic sweeps as of the last checkpoint (or the state read): see <see cref="Commit"/>.</summary>
    private int _sweepsCheckpointed;
    private long _lastCommit = Stopwatch.GetTimestamp();
    private long _lastStories = Stopwatch.GetTimestamp();

    private StoryEngine(EngineOptions options, IStoryStore? store, IEngineObserver? observer, ArticleExtractor? extractor, EngineSpread spread)
    {
        _options = options;
        _store = store;
        _copyShards = spread.CopyIndex;
        _verification = store is null || spread.Verification is null ? null : new ElsewhereVerification(spread.Verification, UnstoredText);
        _eventShards = spread.EventIndex;
        _liveEventShards = spread.LiveEvents;
        _storyWorkers = store is null ? null : spread.Stories;
        _observer = observer ?? new SilentObserver();
        // Nothing after copies reads a language, so a run that stops there does not pay for identifying it.
        _extractor = extractor ?? new ArticleExtractor(options.Stages == EngineStages.Copies ? null : new LanguageIdentifier());
        if (store is not null)
            _archive = new PendingEventArchive(store);
        _copies = NewCopyDetector();
        _events = new EventClusterer(options.Clustering, _archive, _eventShards, _liveEventShards);
    }

    /// <summary>
    /// An engine on a store (or none): the store's checkpoint is loaded and the articles stored after it are replayed,
    /// so the engine stands where the last run left it. Throws <see cref="StoreException"/> when the store fails.
    /// <paramref name="spread"/> says which of its state and work the engine keeps elsewhere.
    /// </summary>
    public static StoryEngine Open(EngineOptions options, IStoryStore? store = null, IEngineObserver? observer = null, ArticleExtractor? extractor = null,
        EngineSpread? spread = null)
    {
        var engine = new StoryEngine(options, store, observer, extractor, spread ?? EngineSpread.None);
        if (store is not null)
            engine.Resume(store);
        else
            engine._copyShards?.Rewind(0);
        return engine;
    }

    /// <summary>Articles accepted by this run.</summary>
    public long Accepted => _accepted;

    /// <summary>Articles already stored unchanged that this run's input held again.</summary>
    public long UnchangedStored => _unchangedStored;

    /// <summary>Articles already stored that this run's input held in a new version, which replaced the stored one.</summary>
    public long Restated => _restated;

    /// <summary>
    /// Commits that wrote stories (or removed some): a service's answers built from stories alone stay true between two,
    /// while articles, copies and placements change at every commit.
    /// </summary>
    public long StoryCommits { get; private set; }

    /// <summary>Events still open to new articles.</summary>
    public int LiveEvents => _events.LiveEvents;

    private CopyDetector NewCopyDetector() =>
        _store is null ? new CopyDetector(shards: _copyShards) : new CopyDetector(TextOf, keepRelations: false, _copyShards, _verification);

    /// <summary>The text of an article the store does not hold as placed: one of the batch not yet committed, or one restated in it.</summary>
    private string? UnstoredText(string id) => _held.TryGetValue(id, out var held) ? held.Text : null;

    private string? TextOf(string id) =>
        _held.TryGetValue(id, out var held) ? held.Text : _textsAhead.TryGetValue(id, out var text) ? text : _store?.FindArticle(id)?.Text;

    /// <summary>
    /// Stored texts that copy verification of the articles being placed will read, read in one go before them (see
    /// <see cref="CopyDetector.TextsToRead"/>); an article restated meanwhile leaves it, as its stored text is changing.
    /// </summary>
    private Dictionary<string, string> _textsAhead = new(StringComparer.Ordinal);

    private void Resume(IStoryStore store)
    {
        long covered = 0;
        var checkpoint = store.LoadCheckpoint();
        using var state = checkpoint?.State;
        if (checkpoint is not null && ReadState(checkpoint.State))
        {
            covered = checkpoint.CoveredSeq;
            // The end-of-run pass changed these stories beyond the checkpoint's state: they are written again from this one.
            _dirty.UnionWith(checkpoint.Redo);
            _carried.UnionWith(checkpoint.Redo);
        }
        else
            _copyShards?.Rewind(0);   // a fresh detector: the shards start empty, and the store is replayed into them
        // What the checkpoint does not cover was stored and acknowledged: it goes through the stateful stages again
        // (its extraction is stored), and nothing is stored twice.
        foreach (var chunk in store.ArticlesAfter(covered).Chunk(_options.ChunkSize))
        {
            var prepared = new Prepared[chunk.Length];
            Parallel.For(0, chunk.Length, i => prepared[i] = Prepare(chunk[i], item: null));
            FileKeysAhead(prepared);
            foreach (var p in prepared)
                Place(p, stored: true);
        }
        // The redo list names events of the state the previous run's end pass left, which may have split off events after
        // the checkpoint this run read (an older one, when that run left its few articles to replay). Those numbers are
        // not this state's, or not yet: this run's own end pass makes such events again and writes their stories.
        _dirty.RemoveWhere(number => !_events.Knows(number));
        _carried.RemoveWhere(number => !_events.Knows(number));
    }

    /// <summary>
    /// Runs the items through the engine and commits them. Cancelling stops reading; what was read is still processed
    /// and committed before this returns. Throws <see cref="StoreException"/> when the store fails (nothing of the
    /// failed batch is stored; earlier batches are).
    /// </summary>
    public void Run(IEnumerable<IngestItem> items, CancellationToken cancel = default)
    {
        using var queue = new BlockingCollection<IngestItem>(boundedCapacity: 4 * _options.ChunkSize);
        Exception? readFailure = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var item in items)
                {
                    if (cancel.IsCancellationRequested)
                        break;
                    queue.Add(item);
                }
            }
            catch (Exception e)
            {
                readFailure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        }) { IsBackground = true, Name = "tidings input" };
        reader.Start();
        var inFlight = new Queue<Task<Prepared[]>>();
        while (NextChunk(queue, cancel, out var chunk, out bool paused))
        {
            inFlight.Enqueue(OnCurrentScheduler(() => PrepareChunk(chunk)));
            while (inFlight.Count > ChunksInFlight || (paused && inFlight.Count > 0))
                Apply(inFlight.Dequeue().Result);
            if (paused && _store is not null && _newArticles.Count + _replacedArticles.Count > 0)
                Commit(final: false);
        }
        while (inFlight.Count > 0)
            Apply(inFlight.Dequeue().Result);
        if (readFailure is not null)
            throw new InvalidOperationException($"reading the input failed: {readFailure.Message}", readFailure);
    }

    /// <summary>
    /// Commits what was accepted since the last commit, and with <paramref name="writeStories"/> (or as often as
    /// <see cref="EngineOptions.StoriesInterval"/> says) the stories changed since they were last written: for a host
    /// that acknowledges its callers' batches one at a time, and decides itself how fresh its stories must be. An id
    /// that comes again after this is checked against the store, as a new run's input would be: unchanged it is counted
    /// and left, changed it replaces the stored article. Throws <see cref="StoreException"/> when the store fails; the
    /// engine then holds articles the store does not, and is to be opened again from the store.
    /// </summary>
    public void CommitPending(bool writeStories)
    {
        if (_store is null)
            throw new InvalidOperationException("an engine without a store has nothing to commit to");
        Commit(final: false, writeStories);
        _seen.Clear();
    }

    /// <summary>
    /// Ends the run: the events touched since the last sweep are split, merged and chained, and the stories they
    /// changed are written (with a store) or built (without one). Returns the stories of this run's articles, with a
    /// store (whether new, changed or already stored) read from it as they are enumerated, or every story, without one.
    /// </summary>
    public IEnumerable<Story> Complete()
    {
        if (_options.Stages != EngineStages.Stories)
        {
            if (_store is not null)
                Commit(final: true);
            return [];
        }
        if (_store is not null)
        {
            Commit(final: true);
            return _store.StoriesOfArticles(_seen.Keys);
        }
        ReportChanges(_events.TakeChanges(runPasses: true));
        return Synthesise(_events.Events).Select(built => built.Story);
    }

    /// <summary>One article's part of a chunk: the article, or why the document yielded none, plus its pure readings.</summary>
    private sealed record Prepared(IngestItem? Item, Article? Article, Fingerprint? Fingerprint, PreparedCopyCandidate? Copy);

    private bool NextChunk(BlockingCollection<IngestItem> queue, CancellationToken cancel, out List<IngestItem> chunk, out bool paused)
    {
        chunk = [];
        paused = false;
        int documents = 0;
        while (documents < _options.ChunkSize)
        {
            IngestItem? item;
            try
            {
                int wait = _options.Follow && chunk.Count > 0 ? (int)_options.InputPause.TotalMilliseconds : Timeout.Infinite;
                if (!queue.TryTake(out item, wait, cancel))
                {
                    if (queue.IsCompleted)
                        break;
                    paused = true;
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (InvalidOperationException)
            {
                break;   // completed while waiting
            }
            chunk.Add(item);
            if (item is AcceptedDocument)
                documents++;
        }
        return chunk.Count > 0;
    }

    private Prepared[] PrepareChunk(List<IngestItem> chunk)
    {
        var extracted = _extractor.ExtractEach([.. chunk.OfType<AcceptedDocument>().Select(d => d.Document)]);
        var prepared = new Prepared[chunk.Count];
        int next = 0;
        for (int i = 0; i < chunk.Count; i++)
        {
            if (chunk[i] is not AcceptedDocument accepted)
            {
                prepared[i] = new Prepared(chunk[i], null, null, null);
                continue;
            }
            var (article, error) = extracted[next++];
            if (error is not null)
                prepared[i] = new Prepared(new Rejection(accepted.Origin, $"extraction failed: {error.Message}"), null, null, null);
            // A headline alone still places an article in its story (the extractor stands it in for the body); only an
            // article with neither a body nor a headline that has words is rejected.
            else if (article!.ParagraphCount == 0 && PlainTextCleaner.Normalise(article.Title ?? string.Empty).Length == 0)
                prepared[i] = new Prepared(new Rejection(accepted.Origin, "no article text left after removing boilerplate"), null, null, null);
            else
                prepared[i] = new Prepared(accepted, article, null, null);
        }
        Parallel.For(0, prepared.Length, i =>
        {
            if (prepared[i].Article is { } article)
                prepared[i] = Prepare(article, prepared[i].Item);
        });
        return prepared;
    }

    private Prepared Prepare(Article article, IngestItem? item) => new(
        item,
        article,
        _options.Stages == EngineStages.Stories ? FingerprintBuilder.Build(article) : null,
        _options.Stages >= EngineStages.Copies ? CopyDetector.Prepare(CopyCandidate.Of(article)) : null);

    private void Apply(Prepared[] chunk)
    {
        // The articles Accept will place, as it will decide: not an id this run has seen, nor one already stored.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        FileKeysAhead(chunk.Where(p => p.Article is { } article && !_seen.ContainsKey(article.Id) && ids.Add(article.Id)
            && !(_store is not null && _copies.Contains(article.Id))));
        foreach (var p in chunk)
        {
            _read += p.Item is IngestWarning ? 0 : 1;   // a document read, whether it was accepted or rejected
            switch (p)
            {
                case { Article: { } article }:
                    Accept(p, article);
                    break;
                case { Item: Rejection rejection }:
                    _rejected++;
                    _observer.Rejected(rejection);
                    break;
                case { Item: IngestWarning warning }:
                    _observer.Warned(warning);
                    break;
            }
            if (_store is not null && (_newArticles.Count + _replacedArticles.Count >= _options.CommitEvery
                || Stopwatch.GetElapsedTime(_lastCommit) >= _options.CommitInterval))
                Commit(final: false);
        }
        // Without a store, changes are taken only to report merges and links, which only a sweep makes.
        if (_store is null && _options.Stages == EngineStages.Stories && _events.HasPassResults)
            ReportChanges(_events.TakeChanges(runPasses: false));
        _observer.Progressed(Progress("placing"));
    }

    private void Accept(Prepared p, Article article)
    {
        ulong content = ContentHash(article);
        if (_seen.TryGetValue(article.Id, out var earlier))
        {
            // The same article twice is kept once, and said so; a different article under a taken id is an error.
            if (earlier.Content == content)
                _observer.Warned(new IngestWarning(article.Origin, $"same article as {earlier.Origin} (id '{article.Id}'): kept once"));
            else
            {
                _rejected++;
                _observer.Rejected(new Rejection(article.Origin, $"id '{article.Id}' already used by {earlier.Origin} for a different article"));
            }
            return;
        }
        _seen[article.Id] = (content, article.Origin);
        if (_store is not null && _options.Stages >= EngineStages.Copies && _copies.Contains(article.Id))
        {
            Restate(article, content);
            return;
        }
        _accepted++;
        _observer.Extracted(article);
        Place(p, stored: false);
    }

    /// <summary>
    /// An article already stored comes again. Unchanged, it is counted and left. Changed, the new version replaces the
    /// stored text and its story is written again, since ignoring it would keep a story the source has corrected;
    /// its copy relations and its place among events stay those of the first version.
    /// </summary>
    private void Restate(Article article, ulong content)
    {
        var stored = _held.GetValueOrDefault(article.Id) ?? _store!.FindArticle(article.Id);
        if (stored is not null && ContentHash(stored) == content)
        {
            _unchangedStored++;
            return;
        }
        _observer.Warned(new IngestWarning(article.Origin,
            $"article '{article.Id}' changed since it was stored; the new version replaces it (its story is written again, its copies and event stay those of the first version)"));
        _replacedArticles.Add(article);
        _restated++;
        _held[article.Id] = article;
        _textsAhead.Remove(article.Id);
        _copies.Restated(article.Id);
        // An event that retired from memory is found through the story last written for the article.
        if ((_events.LiveEventOf(article.Id) ?? _store!.EventOfArticle(article.Id)) is { } number && _events.Knows(number) && _events.IsStanding(number))
        {
            MarkDirty(number);
            _restatedEvents.Add(number);
        }
    }

    /// <summary>
    /// With an index in shards, files or reads the keys of the articles about to be placed in one exchange with them,
    /// so that placing each does not wait on the shards; exactly these articles must then be placed, in this order
    /// (the copy index requires it; the event index reads what was not foreseen on its own). With a store, also reads
    /// the stored texts their copy verification will need for certain, or has those pairs verified elsewhere in one call.
    /// </summary>
    private void FileKeysAhead(IEnumerable<Prepared> placed)
    {
        var articles = placed.ToList();
        if (_options.Stages >= EngineStages.Copies)
        {
            var copies = articles.Select(p => p.Copy!).ToList();
            if (_copies.Sharded)
                _copies.FileAhead(copies);
            _textsAhead = new(StringComparer.Ordinal);
            if (_copies.VerifiesElsewhere)
                _copies.VerifyAhead(copies);
            else if (_store is not null && _copies.TextsToRead(copies).Where(id => !_held.ContainsKey(id)).ToList() is { Count: > 0 } unheld)
            {
                foreach (var (id, stored) in _store.FindArticles(unheld))
                    _textsAhead[id] = stored.Text;
            }
        }
        if ((_eventShards is not null || _liveEventShards is not null) && _options.Stages == EngineStages.Stories)
            _events.LookAhead(articles.Select(p => p.Fingerprint!).ToList());
    }

    /// <summary>The stateful stages, in input order: copies, then events.</summary>
    private void Place(Prepared p, bool stored)
    {
        var article = p.Article!;
        // A replayed article is as uncovered by the stored state as a new one: the next run would replay it again.
        _sinceCheckpoint++;
        // Only a store takes the new articles, at its next commit: without one, the list held every article of the run
        // until it ended (`dedup` on 20,000 articles kept all their texts, and `extract` grew with its input).
        if (!stored && _store is not null)
            _newArticles.Add(article);
        // Without a store, synthesis at the end reads every article; with one, only the batch not yet committed is held.
        if (_store is not null || _options.Stages == EngineStages.Stories)
            _held[article.Id] = article;
        if (_options.Stages < EngineStages.Copies)
            return;
        var relations = _copies.Add(p.Copy!);
        _copiesFound += relations.Count;
        if (_store is not null)
            _relations.AddRange(relations);
        if (!stored)
        {
            foreach (var relation in relations)
                _observer.Copied(relation);
        }
        if (_options.Stages < EngineStages.Stories)
            return;
        var partners = relations.Select(r => r.A == article.Id ? r.B : r.A).Append(_copies.OriginOf(article.Id));
        int number = _events.Add(p.Fingerprint!, partners, out string reason);
        MarkDirty(number);
        if (!stored)
        {
            if (_store is not null)
                _placements[article.Id] = reason;
            string first = _events.FirstArticleOf(number);
            _observer.Placed(article, StoryBuilder.StoryId(first), first == article.Id);
        }
    }

    private void Commit(bool final, bool writeStories = false)
    {
        var store = _store!;
        _observer.Progressed(Progress("committing"));
        StoryChanges stories = StoryChanges.None;
        Action<Stream>? state = null;
        var retired = PendingRetirements.None;
        List<int> carried = [];
        Dictionary<int, StorySignature> carriedSignatures = [];
        bool endPass = final && _options.Stages == EngineStages.Stories;
        if (_options.Stages == EngineStages.Stories)
        {
            // A run's end also writes the state when a periodic sweep ran since the last checkpoint: a sweep costs a large
            // store about as much as writing the state, and the next run would otherwise replay it, as would every run
            // after that one until the uncovered articles reached the minimum.
            bool checkpoint = _sinceCheckpoint >= (final ? _options.FinalCheckpointMinimum : _options.CheckpointEvery)
                || final && _events.Sweeps > _sweepsCheckpointed;
            CollectChanges(runPasses: false);
            // The stories the previous run's end pass rewrote, which this run has not touched, are left as they are
            // stored until this run's own end pass has run: it usually rewrites them to what is stored, and writing
            // them from the state before it first would synthesise them twice for nothing (on a large store, some of
            // the largest stories, on every run), and would show a reader, until that pass, the stories as they were
            // before the last one merged or chained them. A checkpoint carries them in its redo list meanwhile.
            carried = [.. _carried.Order()];
            _dirty.ExceptWith(carried);
            if (endPass)
                carriedSignatures = _events.Current(carried).ToDictionary(ev => ev.Number, Signature);
            // A checkpoint and the end leave nothing unwritten behind them: what changed after a checkpoint, a replay
            // changes again.
            if (checkpoint || final || writeStories || Stopwatch.GetElapsedTime(_lastStories) >= _options.StoriesInterval)
                stories = WriteStories(everything: checkpoint || final);
            if (checkpoint)
                (state, retired) = (WriteState, _archive!.Snapshot());
        }
        if (!ReferenceEquals(stories, StoryChanges.None))
            StoryCommits++;
        store.Commit(new StoreCommit
        {
            NewArticles = _newArticles,
            ReplacedArticles = _replacedArticles,
            Relations = _relations,
            Placements = _placements,
            Stories = stories,
            Checkpoint = state,
            RetiredPut = retired.Put,
            RetiredRemoved = retired.Removed,
            Redo = carried,
        });
        if (state is not null)
        {
            _archive!.Written(retired);
            _sinceCheckpoint = 0;
            _sweepsCheckpointed = _events.Sweeps;
        }
        _uncommittedSignatures.Clear();
        _newArticles.Clear();
        _replacedArticles.Clear();
        _relations.Clear();
        _placements.Clear();
        if (!endPass)
        {
            // Still carried: written by this run's own end pass, or by a later commit once an article touches them.
            _dirty.UnionWith(carried);
            _carried.UnionWith(carried);
        }
        else
        {
            // The end-of-run pass changes events beyond the checkpoint just written, in a commit of its own: its stories
            // are built while they are written, so the checkpoint's must be built and written before the pass runs. A
            // run stopped between the two leaves the checkpoint whole, and the next run's end repeats the pass.
            CollectChanges(runPasses: true);
            _dirty.UnionWith(carried);
            var after = WriteStories(everything: true);
            // A carried story stays on the redo list only while the pass leaves it other than the checkpoint's state would
            // (one the pass merged away had its row removed by this commit, which puts it on the list itself).
            var stillAhead = _events.Current(carried)
                .Where(ev => !carriedSignatures.TryGetValue(ev.Number, out var before) || before != Signature(ev))
                .Select(ev => ev.Number)
                .ToList();
            StoryCommits++;
            store.Commit(new StoreCommit { AfterCheckpoint = after, Redo = stillAhead });
            _uncommittedSignatures.Clear();
        }
        _held.Clear();
        _storyIds.Clear();
        _lastCommit = Stopwatch.GetTimestamp();
        _observer.Committed(Progress(final ? "done" : "placing"));
    }

    private void MarkDirty(int number)
    {
        _dirty.Add(number);
        _carried.Remove(number);
    }

    /// <summary>Takes the events' changes: merges and links are reported, the events and storylines they touched wait for <see cref="WriteStories"/>.</summary>
    private void CollectChanges(bool runPasses)
    {
        var changes = _events.TakeChanges(runPasses);
        ReportChanges(changes);
        foreach (int number in changes.Changed)
            MarkDirty(number);
        // An event merged into another is no longer among the changed, yet the row of its story, written by an earlier
        // commit, must go: the stories written next remove it, as they remove every dirty event that no longer stands.
        foreach (var merge in changes.Merges)
            MarkDirty(merge.From);
        _renames.AddRange(changes.Renames.Select(r => (StoryOf(r.From), StoryOf(r.To))));
    }

    /// <summary>Builds the stories changed since the last write, reading their articles from the batch and the store.</summary>
    /// <param name="everything">
    /// Whether every changed story is written (at a checkpoint and at the end). Otherwise a large story written less than
    /// <see cref="EngineOptions.LargeStoryInterval"/> ago waits.
    /// </param>
    private StoryChanges WriteStories(bool everything)
    {
        _lastStories = Stopwatch.GetTimestamp();
        var renames = _renames.ToList();
        _renames.Clear();
        // An event that no longer stands leaves its story's row to be removed, unless a standing event now holds its first
        // article and so has the same story (an event split, or replayed from a checkpoint into other numbers): the row is
        // that event's, written or relinked below (removing it first left a relink nothing to update, and failed the
        // first commit of a server restarted after kill -9).
        var fallen = _dirty.Where(n => !_events.IsStanding(n)).ToList();
        foreach (int number in fallen)
        {
            if (_events.LiveEventOf(_events.FirstArticleOf(number)) is { } holder && holder != number && _events.IsStanding(holder))
                _dirty.Add(holder);
        }
        // A story whose members, their originals, storyline, links and aliases are what its stored row was built from
        // would be synthesised to the same row: the end-of-run pass's redo list and the related-link diff mark many such.
        var candidates = _events.Current(_dirty);
        var standing = candidates.Select(ev => StoryOf(ev.Number)).ToHashSet(StringComparer.Ordinal);
        var removed = fallen.Select(n => (n, StoryOf(n))).Where(r => !standing.Contains(r.Item2)).ToList();
        var signatures = candidates.ToDictionary(ev => ev.Number, Signature);
        var stored = _store!.StorySignatures([.. candidates.Select(ev => StoryOf(ev.Number))]);
        StorySignature? StoredSignature(string id) => _uncommittedSignatures.TryGetValue(id, out var pending) ? pending : stored.TryGetValue(id, out var s) ? s : null;
        var changed = candidates
            .Where(ev => _restatedEvents.Contains(ev.Number) || StoredSignature(StoryOf(ev.Number)) != signatures[ev.Number])
            .ToList();
        // A story whose articles and originals are as its committed row has them, and whose storyline or links alone
        // changed, is relinked rather than synthesised again: a new event in a long storyline changes every story in it.
        var relinked = changed
            .Where(ev => !_restatedEvents.Contains(ev.Number) && !_uncommittedSignatures.ContainsKey(StoryOf(ev.Number))
                && stored.TryGetValue(StoryOf(ev.Number), out var s) && s.Content == signatures[ev.Number].Content)
            .Select(ev => ev.Number)
            .ToHashSet();
        long now = Stopwatch.GetTimestamp();
        bool Waits(EventCluster ev) => !everything && ev.Members.Count >= _options.LargeStoryArticles
            && _largeWritten.TryGetValue(ev.Number, out long at) && Stopwatch.GetElapsedTime(at, now) < _options.LargeStoryInterval;
        var current = changed.Where(ev => !Waits(ev)).ToList();
        var waiting = changed.Where(Waits).Select(ev => ev.Number).ToHashSet();
        var restated = current.Where(ev => _restatedEvents.Contains(ev.Number)).Select(ev => ev.Number).ToHashSet();
        _dirty.IntersectWith(waiting);
        _restatedEvents.IntersectWith(waiting);
        _carried.Clear();
        foreach (var ev in current.Where(ev => ev.Members.Count >= _options.LargeStoryArticles))
            _largeWritten[ev.Number] = now;
        foreach (var (_, id) in removed)
            _uncommittedSignatures[id] = null;
        foreach (var ev in current)
            _uncommittedSignatures[StoryOf(ev.Number)] = signatures[ev.Number];
        var rebuilt = current.Where(ev => !relinked.Contains(ev.Number)).ToList();
        return new StoryChanges(Synthesise(rebuilt, restated, signatures), removed, renames)
        {
            Signatures = rebuilt.ToDictionary(ev => StoryOf(ev.Number), ev => signatures[ev.Number], StringComparer.Ordinal),
            Relinked = [.. current.Where(ev => relinked.Contains(ev.Number))
                .Select(ev => new StoryRelink(ev.Number, StoryOf(ev.Number), StoryOf(ev.Storyline), StoryBuilder.LinksOf(ev, StoryOf), signatures[ev.Number]))],
        };
    }

    /// <summary>
    /// The stories of these events, built as the store writes them: a batch of events at a time, with their articles read
    /// from the store for that batch alone, so that a commit that touched thousands of stories holds the articles and
    /// knowledge of a few at once, not of all of them. The next batch is built while the caller writes this one (to the
    /// store, or as JSON): writing is one thread's work, and the two taking turns left a core idle through the last
    /// fifth of a Reuters run. The store is read on the calling thread only. Story workers (only with a store) are
    /// also told <paramref name="restated"/>, the events with a member stored again in a new text since their stories
    /// were last built, and each event's <paramref name="signatures"/>, as the caller computed them.
    /// </summary>
    private IEnumerable<(int Event, Story Story)> Synthesise(IReadOnlyList<EventCluster> events, IReadOnlySet<int>? restated = null,
        IReadOnlyDictionary<int, StorySignature>? signatures = null)
    {
        int next = 0;
        var building = StartBatch();
        try
        {
            while (building is not null)
            {
                var built = building.GetAwaiter().GetResult();
                building = StartBatch();
                foreach (var story in built)
                    yield return story;
            }
        }
        finally
        {
            // A caller that stops early (a failed store write) goes on with the engine: the batch being built, which
            // reads the engine's state, must be done by then.
            if (building is not null)
                Task.WaitAny(building);   // waits without throwing what the abandoned batch threw
        }

        Task<(int, Story)[]>? StartBatch()
        {
            if (next >= events.Count)
                return null;
            int end = next, articles = 0;
            while (end < events.Count && (end == next || articles + events[end].Members.Count <= SynthesisBatchArticles))
                articles += events[end++].Members.Count;
            var batch = events.Skip(next).Take(end - next).ToList();
            next = end;
            if (_storyWorkers is not null)
                return BuildElsewhere(_storyWorkers, batch, restated!, signatures!);
            var needed = batch.SelectMany(e => e.Members).Select(m => m.Id).Where(id => !_held.ContainsKey(id)).ToList();
            var fromStore = needed.Count > 0 ? _store!.FindArticles(needed) : [];
            return OnCurrentScheduler(() => Build(batch, fromStore));
        }
    }

    private (int Event, Story Story)[] Build(List<EventCluster> batch, IReadOnlyDictionary<string, Article> fromStore)
    {
        Article ArticleOf(string id) => _held.GetValueOrDefault(id) ?? fromStore.GetValueOrDefault(id)
            ?? throw new InvalidOperationException($"article '{id}' of a story is neither in this batch nor stored");
        var built = new (int, Story)[batch.Count];
        Parallel.For(0, batch.Count, i =>
        {
            var ev = batch[i];
            var members = ev.Members.Select(m => ArticleOf(m.Id)).ToList();
            var origins = members.ToDictionary(m => m.Id, m => _copies.OriginOf(m.Id), StringComparer.Ordinal);
            built[i] = (ev.Number, StoryBuilder.Build(ev, StoryOf, members, new CopyGraph([], origins), _options.Meaning));
        });
        return built;
    }

    /// <summary>
    /// The batch's stories built by <paramref name="workers"/>, on the thread pool: what they need of the events (the
    /// requests and each story's place) is read here, on the engine's thread, while the events stand still.
    /// </summary>
    private Task<(int Event, Story Story)[]> BuildElsewhere(IStoryWorkers workers, List<EventCluster> batch, IReadOnlySet<int> restated,
        IReadOnlyDictionary<int, StorySignature> signatures)
    {
        var requests = batch.Select(ev => new StoryRequest(StoryOf(ev.Number), signatures[ev.Number].Content,
            [.. ev.Members.Select(m => m.Id)], [.. ev.Members.Select(m => _copies.OriginOf(m.Id))],
            [.. ev.Members.Select(m => _held.GetValueOrDefault(m.Id)).OfType<Article>()], restated.Contains(ev.Number))).ToList();
        var places = batch.Select(ev => (ev.Number, Place: StoryBuilder.PlaceOf(ev, StoryOf))).ToList();
        return Task.Run(() =>
        {
            var built = workers.Build(requests);
            if (built.Count != requests.Count)
                throw new InvalidOperationException($"the story workers built {built.Count} stories for {requests.Count} requests");
            return places.Select((p, i) => (p.Number, p.Place.Of(built[i]))).ToArray();
        });
    }

    /// <summary>When each large story was last written (see <see cref="WriteStories"/>).</summary>
    private readonly Dictionary<int, long> _largeWritten = [];

    /// <summary>Articles whose stories are built at once when stories are written: enough for parallel work, few enough to hold.</summary>
    private const int SynthesisBatchArticles = 2000;

    /// <summary>Everything a story's row is built from besides its articles' texts: members and their originals and aliases, then storyline and links.</summary>
    private StorySignature Signature(EventCluster ev)
    {
        var (content, links) = (new XxHash64(), new XxHash64());
        static void Add(XxHash64 hash, string part)
        {
            hash.Append(Encoding.UTF8.GetBytes(part));
            hash.Append([0]);
        }
        Add(content, StoryOf(ev.Number));
        foreach (var member in ev.Members)
        {
            Add(content, member.Id);
            Add(content, _copies.OriginOf(member.Id));
        }
        foreach (var alias in ev.AbsorbedFirstArticles)
            Add(content, alias);
        Add(links, StoryOf(ev.Storyline));
        foreach (var link in ev.Links)
            Add(links, StoryOf(link.Event) + " " + link.Relation);
        return new StorySignature((long)content.GetCurrentHashAsUInt64(), (long)links.GetCurrentHashAsUInt64());
    }

    /// <summary>
    /// Story ids by event number, made once per commit: a signature names every event a story links to, and a long
    /// storyline links each of its events to all the others, so a commit that rechecks such a storyline asks for the
    /// same few thousand ids again and again. An event's first article never changes, so neither does its id.
    /// Synthesis asks from several threads.
    /// </summary>
    private readonly ConcurrentDictionary<int, string> _storyIds = [];

    private string StoryOf(int number) => _storyIds.GetOrAdd(number, static (n, events) => StoryBuilder.StoryId(events.FirstArticleOf(n)), _events);

    private void ReportChanges(EventChanges changes)
    {
        foreach (var merge in changes.Merges)
            _observer.Merged(StoryOf(merge.From), StoryOf(merge.Into));
        foreach (var chain in changes.Chains)
            _observer.Chained(StoryOf(_events.CurrentEventOf(chain.Earlier)), StoryOf(_events.CurrentEventOf(chain.Later)));
    }

    private EngineProgress Progress(string stage) =>
        new(_read, _rejected, _accepted, _copiesFound, _events.LiveEvents, stage);

    private void WriteState(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(StateVersion);
        _copies.WriteState(writer);
        _events.WriteState(writer);
    }

    /// <summary>Restores a checkpoint; false (and a fresh engine, which then replays every stored article) when its layout is another.</summary>
    private bool ReadState(Stream state)
    {
        using var reader = new BinaryReader(state, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != StateVersion
            || CopyDetector.ReadState(reader, TextOf, keepRelations: false, _copyShards, _verification) is not { } copies
            || EventClusterer.ReadState(reader, _options.Clustering, _archive!, _eventShards, _liveEventShards) is not { } events)
            return false;
        (_copies, _events) = (copies, events);
        return true;
    }

    /// <summary>What decides whether two versions of an article are the same: its text and the metadata a story shows.</summary>
    private static ulong ContentHash(Article article)
    {
        // The characters are hashed as they are held: the hash is compared only within a run, never stored, so it is
        // the fastest of the family (XXH3, vectorised; XxHash64's rounds were 2% of `dedup` on the main thread).
        var hash = new XxHash3();
        foreach (var part in new[] { article.Text, article.Title, article.Source, article.Url, article.Published?.ToString() })
        {
            hash.Append(MemoryMarshal.AsBytes((part ?? "\u0000").AsSpan()));
            hash.Append([0xff]);
        }
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// Starts <paramref name="work"/> where the caller runs: on the thread pool for the command line, on the cores a
    /// service lends the engine (see <see cref="LiveEngineOptions.EngineCores"/>) for a service, whose parallel loops
    /// then keep to those cores as well.
    /// </summary>
    private static Task<T> OnCurrentScheduler<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current);

    private sealed class SilentObserver : IEngineObserver;
}
