using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Ingest;
using Tidings.Synthesis;

namespace Tidings.Pipeline;

/// <summary>The articles a batch yielded, the records it could not use, and warnings about records it used.</summary>
public sealed record ExtractionBatch(IReadOnlyList<Article> Articles, IReadOnlyList<Rejection> Rejections)
{
    public IReadOnlyList<IngestWarning> Warnings { get; init; } = [];
}

/// <summary>Holds what an extraction-only engine hears, for the callers that score or analyse a whole batch at once.</summary>
public sealed class ExtractionCollector : IEngineObserver
{
    private readonly List<Article> _articles = [];
    private readonly List<Rejection> _rejections = [];
    private readonly List<IngestWarning> _warnings = [];

    public ExtractionBatch Batch => new(_articles, _rejections) { Warnings = _warnings };

    public void Extracted(Article article) => _articles.Add(article);

    public void Rejected(Rejection rejection) => _rejections.Add(rejection);

    public void Warned(IngestWarning warning) => _warnings.Add(warning);
}

/// <summary>Everything one run produced.</summary>
public sealed record StoryResult(
    IReadOnlyList<Article> Articles,
    CopyGraph Copies,
    IReadOnlyList<Story> Stories,
    IReadOnlyList<PlacementTrace> Traces)
{
    /// <summary>The story each article belongs to.</summary>
    public IReadOnlyDictionary<string, Story> StoryOf => Stories
        .SelectMany(s => s.Articles.Select(a => (a.Id, s)))
        .ToDictionary(x => x.Id, x => x.s, StringComparer.Ordinal);
}

/// <summary>
/// The batch view of the stages, for the evaluations and tests that score a whole set at once: extraction runs
/// through the engine, then copies, events and stories are computed over all the articles together.
/// </summary>
public sealed class StoryPipeline(ArticleExtractor extractor, EventClustererOptions? clustering = null, ISentenceMeaning? meaning = null)
{
    public StoryPipeline() : this(new ArticleExtractor())
    {
    }

    /// <summary>
    /// Reads and extracts through the engine (<see cref="EngineStages.Extraction"/>), holding every article: a record
    /// that fails anywhere becomes a rejection and the rest goes on.
    /// </summary>
    public ExtractionBatch Extract(IEnumerable<IngestItem> items)
    {
        var collected = new ExtractionCollector();
        var engine = StoryEngine.Open(new EngineOptions { Stages = EngineStages.Extraction }, observer: collected, extractor: extractor);
        engine.Run(items);
        engine.Complete();
        return collected.Batch;
    }

    /// <summary>Copies, events and stories for articles in arrival order.</summary>
    public StoryResult Analyse(IReadOnlyList<Article> articles)
    {
        var fingerprints = articles.Select(FingerprintBuilder.Build).ToList();
        var copies = CopyGraph.Of(articles);
        var clusterer = new EventClusterer(clustering);
        foreach (var f in fingerprints)
            clusterer.Add(f, copies);
        clusterer.EndBatch();
        var stories = StoryBuilder.Build(clusterer.Events, articles.ToDictionary(a => a.Id, StringComparer.Ordinal), copies, meaning);
        return new StoryResult(articles, copies, stories, clusterer.Traces);
    }
}
