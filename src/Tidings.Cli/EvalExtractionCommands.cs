using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Tidings.Evaluation;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Cli;

/// <summary>
/// <c>tidings eval extraction-snippets|extraction-wcxb|dates</c>: extraction and date accuracy on the benchmarks in
/// <c>shared/data</c>, each scored exactly by the rule its README gives. Pages are extracted in parallel, each as a
/// single document, through the same <see cref="ArticleExtractor"/> the pipeline uses. With <c>--predictions</c> the two
/// text benchmarks score another extractor's output instead, through the same scorers, so that a comparison with a peer
/// differs only in the extractor.
/// </summary>
internal static class EvalExtractionCommands
{
    public static IEnumerable<Command> Create() => [Snippets(), Wcxb(), Dates()];

    private static Option<string> Details() => new("--details") { Description = "Write one JSON line per page (scores and output) to this file." };

    private static Option<string> Predictions() => new("--predictions")
    {
        Description = "Score this JSONL of another extractor's output, {\"file\", \"title\", \"text\"} per page, instead of extracting; a page it does not name is empty. Author and date are not scored.",
    };

    private static Command Snippets()
    {
        var gold = new Option<string>("--gold") { Description = "gold.json: per URL, file, with, without, title, author, date.", Required = true };
        var details = Details();
        var predictions = Predictions();
        var pages = new Argument<string>("DIR") { Description = "Folder with the pages (file.gz, or html/file.gz)." };
        var command = new Command("extraction-snippets", "trafilatura-eval rule: snippets that must and must not be in the text.") { gold, details, predictions, pages };
        command.SetAction(parse =>
        {
            var labelled = Load(() => ExtractionGold.ReadUrlMap(parse.GetValue(gold)!, parse.GetValue(pages)!), parse.GetValue(gold)!);
            if (labelled is null)
                return ExitCode.NothingRead;
            var run = ExtractOrRead(labelled, parse.GetValue(predictions));
            if (run is null)
                return ExitCode.NothingRead;
            var tally = new SnippetTally();
            var metadata = new MetadataTallies();
            using var log = Open(parse.GetValue(details));
            foreach (var (page, article) in run.Results)
            {
                string text = article?.Text ?? string.Empty;
                var (tp, fp, fn) = tally.Add(text, page.With, page.Without);
                metadata.Add(page, article);
                var (missing, unwanted) = log is null ? ([], []) : SnippetTally.Misses(text, page.With, page.Without);
                log?.WriteLine(OutputRecords.Line(new OutputRecords.SnippetPage(
                    page.Url, page.PagePath, tp, fp, fn, missing, unwanted, article?.Title, page.Title, article?.Byline, page.Author,
                    article?.Published?.ToString(), page.Date, text)));
            }
            Console.Out.WriteLine($"pages {tally.Pages}  snippets: {tally.TruePositives} found, {tally.FalseNegatives} missing, {tally.FalsePositives} unwanted found");
            Console.Out.WriteLine($"text      {tally.Score}");
            metadata.Print(run.Predictions is null);
            run.PrintSpeed();
            return ExitCode.Success;
        });
        return command;
    }

    private static Command Wcxb()
    {
        var gold = new Option<string>("--gold") { Description = "The WCXB folder (or its ground-truth folder) with NNNN.json labels.", Required = true };
        var details = Details();
        var predictions = Predictions();
        var pages = new Argument<string>("DIR") { Description = "Folder with the pages (NNNN.html.gz, or html/NNNN.html.gz)." };
        var command = new Command("extraction-wcxb", "WCXB rule: word-bag P/R/F1 per page averaged over pages; title, author, date exact.") { gold, details, predictions, pages };
        command.SetAction(parse =>
        {
            var labelled = Load(() => ExtractionGold.ReadWcxb(parse.GetValue(gold)!, parse.GetValue(pages)!), parse.GetValue(gold)!);
            if (labelled is null)
                return ExitCode.NothingRead;
            var run = ExtractOrRead(labelled, parse.GetValue(predictions));
            if (run is null)
                return ExitCode.NothingRead;
            var all = new PageAverage();
            var byType = new SortedDictionary<string, PageAverage>(StringComparer.Ordinal);
            var metadata = new MetadataTallies();
            using var log = Open(parse.GetValue(details));
            foreach (var (page, article) in run.Results)
            {
                string text = article?.Text ?? string.Empty;
                var score = BagOfWords.Score(text, page.MainContent ?? string.Empty);
                all.Add(score);
                string type = page.PageType ?? "unknown";
                if (!byType.TryGetValue(type, out var average))
                    byType[type] = average = new PageAverage();
                average.Add(score);
                metadata.Add(page, article);
                log?.WriteLine(OutputRecords.Line(new OutputRecords.WcxbPage(
                    page.Url, page.PagePath, type, score.Precision, score.Recall, score.F1, article?.Title, page.Title, article?.Byline,
                    page.Author, article?.Published?.ToString(), page.Date, text)));
            }
            Console.Out.WriteLine($"all       {all}");
            foreach (var (type, average) in byType)
                Console.Out.WriteLine($"{type,-13} {average}");
            metadata.Print(run.Predictions is null);
            run.PrintSpeed();
            return ExitCode.Success;
        });
        return command;
    }

    private static Command Dates()
    {
        var gold = new Option<string>("--gold") { Description = "gold.json: per URL, file and date (YYYY-MM-DD).", Required = true };
        var details = Details();
        var pages = new Argument<string>("DIR") { Description = "Folder with the pages (file.gz, or html/file.gz)." };
        var command = new Command("dates", "htmldate rule: exact day; a wrong date is a false positive, no date a false negative.") { gold, details, pages };
        command.SetAction(parse =>
        {
            var labelled = Load(() => ExtractionGold.ReadUrlMap(parse.GetValue(gold)!, parse.GetValue(pages)!), parse.GetValue(gold)!);
            if (labelled is null)
                return ExitCode.NothingRead;
            var run = ExtractAll(labelled);
            var date = new ExactMatchTally();
            using var log = Open(parse.GetValue(details));
            foreach (var (page, article) in run.Results)
            {
                if (page.Date is not { } d)
                    continue;
                bool right = date.Add(MetadataTallies.Day(article), MetadataTallies.Day(d));
                log?.WriteLine(OutputRecords.Line(new OutputRecords.DatedPage(page.Url, page.PagePath, right, article?.Published?.ToString(), article?.PublishedFrom, d)));
            }
            Console.Out.WriteLine($"pages {date.Total}  right {date.Correct}  wrong {date.Wrong}  none {date.Missing}");
            Console.Out.WriteLine($"date      {date.Score}");
            run.PrintSpeed();
            return ExitCode.Success;
        });
        return command;
    }

    private static IReadOnlyList<GoldPage>? Load(Func<GoldSet> read, string goldPath)
    {
        try
        {
            var set = read();
            if (set.Missing.Count > 0)
                Console.Error.WriteLine($"tidings: {goldPath}: {set.Missing.Count} labelled pages have no page file (first: {set.Missing[0]}); they are not scored");
            if (set.Pages.Count == 0)
            {
                Console.Error.WriteLine($"tidings: {goldPath}: no labelled page was found beside it");
                return null;
            }
            return set.Pages;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {goldPath}: {e.Message}");
            return null;
        }
    }

    private static StreamWriter? Open(string? path) => path is null ? null : JsonLines.Create(path);

    /// <summary>Title, author and publication day, exact-matched the same way in every benchmark that labels them.</summary>
    private sealed class MetadataTallies
    {
        private readonly ExactMatchTally _title = new(), _author = new(), _date = new();

        /// <summary>The publication day the article gives, as the benchmarks write days.</summary>
        public static string? Day(Article? article) => article?.Published?.Day.ToString("yyyy-MM-dd", null);

        /// <summary>A gold date cut to its day: WCXB labels some with a time.</summary>
        public static string Day(string gold) => gold[..Math.Min(10, gold.Length)];

        public void Add(GoldPage page, Article? article)
        {
            if (page.Title is { } title)
                _title.Add(article?.Title, title);
            if (page.Author is { } author)
                _author.Add(article?.Byline, author);
            if (page.Date is { } date)
                _date.Add(Day(article), Day(date));
        }

        /// <summary>Author and date only when Tidings extracted: other extractors' predictions carry text and title alone.</summary>
        public void Print(bool authorAndDate)
        {
            Console.Out.WriteLine($"title     {_title}");
            Console.Out.WriteLine(authorAndDate ? $"author    {_author}" : "author    not scored (predictions give text and title only)");
            Console.Out.WriteLine(authorAndDate ? $"date      {_date}" : "date      not scored (predictions give text and title only)");
        }
    }

    /// <summary>The pages with what was extracted from them, or predicted for them when <see cref="Predictions"/> names a file.</summary>
    private sealed record ExtractionRun(IReadOnlyList<(GoldPage Page, Article? Article)> Results, TimeSpan Elapsed, int Failures, string? Predictions = null)
    {
        public void PrintSpeed() => Console.Out.WriteLine(Predictions is not null
            ? $"scored    {Results.Count} pages predicted in {Predictions} (not extracted here)"
            : $"elapsed   {Elapsed.TotalSeconds:0.0} s for {Results.Count} pages on {Environment.ProcessorCount} cores, reading and gunzip included (bench/ measures extraction alone){(Failures > 0 ? $"; {Failures} pages failed" : "")}");
    }

    /// <summary>Extracts the pages, or reads their predictions from <paramref name="predictionsPath"/>; null when that file cannot be scored (said on standard error).</summary>
    private static ExtractionRun? ExtractOrRead(IReadOnlyList<GoldPage> pages, string? predictionsPath)
    {
        if (predictionsPath is null)
            return ExtractAll(pages);
        ExtractionPredictions predictions;
        try
        {
            predictions = ExtractionPredictions.Read(predictionsPath);
        }
        catch (PredictionFileException e)
        {
            Console.Error.WriteLine($"tidings: {e.Message}");
            return null;
        }
        var unnamed = pages.Where(p => !predictions.Names(p.PagePath)).ToList();
        if (unnamed.Count > 0)
            Console.Error.WriteLine($"tidings: {predictionsPath}: {unnamed.Count} of {pages.Count} pages are not predicted there (first: {Path.GetFileName(unnamed[0].PagePath)}); they are scored as empty");
        var stray = predictions.Unmatched(pages.Select(p => p.PagePath));
        if (stray.Count > 0)
            Console.Error.WriteLine($"tidings: {predictionsPath}: {stray.Count} predicted pages are not labelled pages of DIR (first: {stray[0]}); they are not scored");
        // A prediction stands in an Article holding only its text and title, so both paths meet the same scorers.
        var results = pages.Select(p => (p, (Article?)AsArticle(p, predictions.For(p.PagePath)))).ToList();
        return new ExtractionRun(results, TimeSpan.Zero, 0, predictionsPath);

        static Article AsArticle(GoldPage page, PredictedPage predicted) => new()
        {
            Id = Path.GetFileName(page.PagePath), Origin = new SourceLocation(page.PagePath), Title = predicted.Title,
            Paragraphs = [predicted.Text], Boilerplate = [],
        };
    }

    /// <summary>Extracts every page as its own document; a page that fails is reported and scored as empty output.</summary>
    private static ExtractionRun ExtractAll(IReadOnlyList<GoldPage> pages)
    {
        var extractor = new ArticleExtractor();
        var results = new Article?[pages.Count];
        int failures = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, pages.Count, i =>
        {
            var page = pages[i];
            try
            {
                var document = new RawDocument(Path.GetFileName(page.PagePath), new SourceLocation(page.PagePath),
                    new HtmlBody(page.ReadBytes()), new DocumentHints(Url: page.Url));
                results[i] = extractor.Extract(document);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"tidings: {page.PagePath}: {e.Message}");
            }
        });
        return new ExtractionRun(pages.Select((p, i) => (p, results[i])).ToList(), clock.Elapsed, failures);
    }
}
