using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Synthesis;

namespace Tidings.Pipeline;

/// <summary>How far an engine takes each article: a host that only extracts or only finds copies pays for nothing more.</summary>
public enum EngineStages
{
    Extraction,
    Copies,
    Stories,
}

/// <summary>How a <see cref="StoryEngine"/> runs; every default was measured (see the README's figures).</summary>
public sealed record EngineOptions
{
    public EngineStages Stages { get; init; } = EngineStages.Stories;

    public EventClustererOptions? Clustering { get; init; }

    /// <summary>What sentences mean, for facts: none by default (see <see cref="ISentenceMeaning"/>).</summary>
    public ISentenceMeaning? Meaning { get; init; }

    /// <summary>
    /// Documents extracted together on all cores. A publisher's boilerplate is learnt from the lines its articles
    /// repeat within one chunk; cut by count, so the same input gives the same chunks and the same articles.
    /// </summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>A store commits after this many articles, or <see cref="CommitInterval"/>, whichever comes first.</summary>
    public int CommitEvery { get; init; } = 2000;

    /// <summary>The longest an accepted article waits to be committed (and acknowledged) while input keeps coming.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How stale a stored story may grow while a run goes on. Articles are acknowledged at every commit, but writing a
    /// large story again at every commit would cost more than the rest of the run; every changed story is written at
    /// least this often, at each checkpoint and at the end.
    /// </summary>
    public TimeSpan StoriesInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A story of at least this many articles is written between checkpoints at most once per
    /// <see cref="LargeStoryInterval"/>: synthesis grows faster than a story, and a story of thousands of articles that
    /// grows all day (a replayed Reuters stream has several) was otherwise synthesised again every minute, most of a
    /// long run's time. Checkpoints and the end of a run write it whatever its age.
    /// </summary>
    public int LargeStoryArticles { get; init; } = 500;

    public TimeSpan LargeStoryInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Articles between checkpoints of the engine's state. A killed run replays at most this many stored articles
    /// when it continues; each checkpoint writes the copy index (about 700 bytes an article) and the live events.
    /// </summary>
    public int CheckpointEvery { get; init; } = 25_000;

    /// <summary>
    /// A run that ends with fewer articles than this not covered by the stored state leaves the state as it was, and
    /// the next run replays them. On 100,000 stored Reuters articles writing the state (36 MB, most of it the copy index
    /// and the live events) costs about 0.5-0.6 s of CPU and replaying an article about 1.4 ms (430 more to replay cost a
    /// 10-article run 0.6 s more). Runs of 10 articles thus pay about 0.13 s a run on average at 100 (the state written
    /// every tenth run, 50 articles replayed on average) and 0.7 s at 1,000, where the replay grows to 1.4 s before the
    /// state is written. A run during which the events swept writes the state whatever this says (see
    /// <see cref="StoryEngine"/>). Stories are written at the end either way; the stories a replay leads to are the same.
    /// </summary>
    public int FinalCheckpointMinimum { get; init; } = 100;

    /// <summary>
    /// Input arrives as it is written (standard input, a watched folder): a chunk is also cut when the input pauses
    /// for <see cref="InputPause"/>, and what arrived is committed, so a reader sees each article within moments.
    /// </summary>
    public bool Follow { get; init; }

    public TimeSpan InputPause { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>Where an engine stands: what it has read, accepted and found so far.</summary>
public sealed record EngineProgress(long Read, long Rejected, long Articles, long Copies, long Stories, string Stage);

/// <summary>
/// What an engine tells its host as it goes, in input order. Every method has an empty default, so a host listens
/// only for what it prints.
/// </summary>
public interface IEngineObserver
{
    void Rejected(Rejection rejection)
    {
    }

    void Warned(IngestWarning warning)
    {
    }

    /// <summary>An article was accepted (extracted, and not a repeat of one already seen).</summary>
    void Extracted(Article article)
    {
    }

    void Copied(CopyRelation relation)
    {
    }

    /// <summary>An article joined a story (a new one when <paramref name="newStory"/>).</summary>
    void Placed(Article article, string story, bool newStory)
    {
    }

    /// <summary>The passes merged one story into another: <paramref name="from"/> lives on as an alias of <paramref name="into"/>.</summary>
    void Merged(string from, string into)
    {
    }

    /// <summary>The passes chained two stories into one storyline.</summary>
    void Chained(string earlier, string later)
    {
    }

    /// <summary>A batch was committed to the store: everything accepted so far is acknowledged.</summary>
    void Committed(EngineProgress progress)
    {
    }

    void Progressed(EngineProgress progress)
    {
    }
}
