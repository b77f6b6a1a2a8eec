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
/// Wires the stages in DESIGN.md's order: ingest, extraction, fingerprints, copies, events, synthesis.
/// Hosts call this and nothing below it, so every host gives the same answer for the same input.
/// </summary>
public sealed class StoryPipeline(ArticleExtractor extractor, EventClustererOptions? clustering = null)
{
    public StoryPipeline() : this(new ArticleExtractor())
    {
    }

    /// <summary>Reads and extracts; a record that fails anywhere becomes a rejection and the rest goes on.</summary>
    public ExtractionBatch Extract(IEnumerable<IngestItem> items, IProgress<int>? progress = null)
    {
        var documents = new List<RawDocument>();
        var rejections = new List<Rejection>();
        var warnings = new List<IngestWarning>();
        var seen = new Dictionary<string, RawDocument>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            switch (item)
            {
                case Rejection r:
                    rejections.Add(r);
                    break;
                case IngestWarning w:
                    warnings.Add(w);
                    break;
                case AcceptedDocument { Document: var d }:
                    if (seen.TryGetValue(d.Id, out var earlier))
                    {
                        // The same article twice is kept once, and said so; a different article under a taken id is an error.
                        if (!SameBody(earlier.Body, d.Body))
                            rejections.Add(new Rejection(d.Origin, $"id '{d.Id}' already used by {earlier.Origin} for a different article"));
                        else
                            warnings.Add(new IngestWarning(d.Origin, $"same article as {earlier.Origin} (id '{d.Id}'): kept once"));
                        break;
                    }
                    seen[d.Id] = d;
                    documents.Add(d);
                    progress?.Report(documents.Count);
                    break;
            }
        }
        var articles = new List<Article>();
        foreach (var (document, article) in documents.Zip(SafeExtractAll(documents, rejections)))
        {
            if (article is null)
                continue;
            // A headline alone still places an article in its story (the extractor stands it in for the body); only an
            // article with neither a body nor a headline that has words is rejected.
            if (article.Paragraphs.Count == 0 && PlainTextCleaner.Normalise(article.Title ?? string.Empty).Length == 0)
                rejections.Add(new Rejection(document.Origin, "no article text left after removing boilerplate"));
            else
                articles.Add(article);
        }
        return new ExtractionBatch(articles, rejections) { Warnings = warnings };
    }

    private IReadOnlyList<Article?> SafeExtractAll(List<RawDocument> documents, List<Rejection> rejections)
    {
        try
        {
            return extractor.ExtractAll(documents);
        }
        catch (Exception)
        {
            // One document broke the batch pass; extract one by one to isolate it.
            var list = new List<Article?>();
            foreach (var d in documents)
            {
                try
                {
                    list.Add(extractor.Extract(d));
                }
                catch (Exception e)
                {
                    rejections.Add(new Rejection(d.Origin, $"extraction failed: {e.Message}"));
                    list.Add(null);
                }
            }
            return list;
        }
    }

    private static bool SameBody(DocumentBody a, DocumentBody b) => (a, b) switch
    {
        (PlainTextBody x, PlainTextBody y) => x.Text == y.Text,
        (HtmlBody x, HtmlBody y) => x.Bytes.AsSpan().SequenceEqual(y.Bytes),
        _ => false,
    };

    /// <summary>Copies, events and stories for articles in arrival order.</summary>
    public StoryResult Analyse(IReadOnlyList<Article> articles)
    {
        var fingerprints = articles.Select(FingerprintBuilder.Build).ToList();
        var copies = CopyGraph.Of(articles);
        var clusterer = new EventClusterer(clustering);
        foreach (var f in fingerprints)
            clusterer.Add(f, copies);
        clusterer.EndBatch();
        var stories = StoryBuilder.Build(clusterer.Events, articles.ToDictionary(a => a.Id, StringComparer.Ordinal), copies);
        return new StoryResult(articles, copies, stories, clusterer.Traces);
    }
}
