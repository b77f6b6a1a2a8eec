using System.CommandLine;
using System.Text.Json;
using Tidings.Evaluation;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Meaning;
using Tidings.Pipeline;

namespace Tidings.Cli;

/// <summary><c>tidings eval KIND</c>: measures Tidings against labelled data.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Measure accuracy against labelled data.");
        command.Subcommands.Add(Clusters());
        command.Subcommands.Add(Storylines());
        command.Subcommands.Add(Facts());
        foreach (var copies in EvalCopyCommands.Create())
            command.Subcommands.Add(copies);
        foreach (var extraction in EvalExtractionCommands.Create())
            command.Subcommands.Add(extraction);
        return command;
    }

    private static Command Clusters()
    {
        var gold = new Option<string>("--gold") { Description = "JSONL with \"id\" and \"event\" per article.", Required = true };
        var level = new Option<string>("--level") { Description = "Score events, or storylines (events chained by `recurs` count as one).", DefaultValueFactory = _ => "storyline" };
        level.AcceptOnlyFromAmong("storyline", "event");
        var defaults = EventClustererOptions.Default;
        var join = new Option<double>("--join-threshold") { Description = "Override the clusterer's join threshold (for tuning).", DefaultValueFactory = _ => defaults.JoinThreshold };
        var storylineThreshold = new Option<double>("--storyline-threshold") { Description = "Override the storyline (recurs) threshold (for tuning).", DefaultValueFactory = _ => defaults.StorylineThreshold };
        var titleWeight = new Option<double>("--title-weight") { Description = "Override the title's weight in the join score (for tuning).", DefaultValueFactory = _ => defaults.TitleWeight };
        var storylineTitleWeight = new Option<double>("--storyline-title-weight") { Description = "Override the titles' weight in the storyline score (for tuning).", DefaultValueFactory = _ => defaults.StorylineTitleWeight };
        var clearWinner = new Option<double>("--clear-winner-threshold") { Description = "Override the lowest similarity that joins a standing-out event (for tuning).", DefaultValueFactory = _ => defaults.ClearWinnerThreshold };
        var clearRatio = new Option<double>("--clear-winner-ratio") { Description = "Override how far the best event must stand out (for tuning).", DefaultValueFactory = _ => defaults.ClearWinnerRatio };
        var merge = new Option<double>("--merge-threshold") { Description = "Override the merge pass's threshold (for tuning).", DefaultValueFactory = _ => defaults.MergeThreshold };
        var gap = new Option<int>("--max-gap-days") { Description = "Override the largest gap in days within one event (for tuning).", DefaultValueFactory = _ => defaults.MaxGapDays };
        var sameEventDays = new Option<int>("--same-event-days") { Description = "Override the days around an event within which shared words alone join it (for tuning).", DefaultValueFactory = _ => defaults.SameEventDays };
        var specificNames = new Option<int>("--specific-name-documents") { Description = "Override how few articles make a name specific (for tuning).", DefaultValueFactory = _ => defaults.SpecificNameDocuments };
        var distinctNames = new Option<int>("--distinct-names") { Description = "Override the specific names each side needs before naming none in common keeps them apart (for tuning).", DefaultValueFactory = _ => defaults.DistinctNames };
        var undatedDistinctNames = new Option<int>("--undated-distinct-names") { Description = "Override --distinct-names for undated articles and events (for tuning).", DefaultValueFactory = _ => defaults.UndatedDistinctNames };
        var keywords = new Option<int>("--keywords") { Description = "Override the keywords kept per article (for tuning).", DefaultValueFactory = _ => defaults.KeywordsPerArticle };
        var shuffle = new Option<int?>("--shuffle-within-day") { Description = "Shuffle articles published on the same day with this seed before clustering (order robustness)." };
        var trace = new Option<string[]>("--trace") { Description = "Explain where these articles went: every candidate event's score and the decision.", AllowMultipleArgumentsPerToken = true };
        var inputs = CliOptions.Inputs();
        var command = new Command("clusters", "Pairwise and B-cubed precision/recall/F1 of the stories against gold event labels.") { gold, level, join, storylineThreshold, titleWeight, storylineTitleWeight, clearWinner, clearRatio, merge, gap, sameEventDays, specificNames, distinctNames, undatedDistinctNames, keywords, shuffle, trace, inputs };
        command.SetAction(parse =>
        {
            string goldPath = parse.GetValue(gold)!;
            var labels = ReadLabels(goldPath, out var error);
            if (labels is null)
            {
                Console.Error.WriteLine($"tidings: {goldPath}: {error}");
                return ExitCode.NothingRead;
            }
            var options = defaults with
            {
                JoinThreshold = parse.GetValue(join),
                StorylineThreshold = parse.GetValue(storylineThreshold),
                TitleWeight = parse.GetValue(titleWeight),
                ClearWinnerThreshold = parse.GetValue(clearWinner),
                ClearWinnerRatio = parse.GetValue(clearRatio),
                MergeThreshold = parse.GetValue(merge),
                Traced = (parse.GetValue(trace) ?? []).ToHashSet(StringComparer.Ordinal),
                StorylineTitleWeight = parse.GetValue(storylineTitleWeight),
                MaxGapDays = parse.GetValue(gap),
                KeywordsPerArticle = parse.GetValue(keywords),
                SameEventDays = parse.GetValue(sameEventDays),
                SpecificNameDocuments = parse.GetValue(specificNames),
                DistinctNames = parse.GetValue(distinctNames),
                UndatedDistinctNames = parse.GetValue(undatedDistinctNames),
            };
            var pipeline = new StoryPipeline(new ArticleExtractor(), options);
            var batch = BatchRunner.ReadAndExtract(parse.GetValue(inputs)!);
            var articles = parse.GetValue(shuffle) is { } seed ? ShuffleWithinDay(batch.Articles, seed) : batch.Articles;
            var result = pipeline.Analyse(articles);
            bool storyline = parse.GetValue(level) == "storyline";
            var predicted = result.StoryOf.ToDictionary(kv => kv.Key, kv => storyline ? kv.Value.Storyline : kv.Value.Id, StringComparer.Ordinal);
            var scores = ClusterScores.Compute(labels, predicted);
            Console.Out.WriteLine($"articles {scores.Articles}  gold clusters {scores.GoldClusters}  predicted clusters {scores.PredictedClusters}  (level {parse.GetValue(level)})");
            Console.Out.WriteLine($"pairwise  {scores.Pairwise}");
            Console.Out.WriteLine($"b-cubed   {scores.BCubed}");
            foreach (var id in parse.GetValue(trace) ?? [])
                PrintTrace(result, id, labels);
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }

    private static Command Storylines()
    {
        var topics = new Option<string>("--topics") { Description = "JSONL (or .jsonl.gz) with \"id\" and \"topics\" (an array of codes) per article, as Reuters-21578 has.", Required = true };
        var largest = new Option<int>("--largest") { Description = "List this many storylines, those with the most events, each with its agreement.", DefaultValueFactory = _ => 5 };
        var inputs = CliOptions.Inputs();
        var command = new Command("storylines", "How well storylines keep to one subject: of the pairs of articles a storyline puts in two events, the share with a topic code in common, beside chance.") { topics, largest, inputs };
        command.SetAction(parse =>
        {
            string topicsPath = parse.GetValue(topics)!;
            var codes = ReadTopics(topicsPath, out var error);
            if (codes is null)
            {
                Console.Error.WriteLine($"tidings: {topicsPath}: {error}");
                return ExitCode.NothingRead;
            }
            var batch = BatchRunner.ReadAndExtract(parse.GetValue(inputs)!);
            var result = new StoryPipeline(new ArticleExtractor()).Analyse(batch.Articles);
            var placed = result.StoryOf.ToDictionary(kv => kv.Key, kv => (kv.Value.Id, kv.Value.Storyline), StringComparer.Ordinal);
            var scores = StorylineTopicScores.Compute(codes, placed, Math.Max(0, parse.GetValue(largest)));
            var titles = result.Stories.ToDictionary(s => s.Id, s => s.Title, StringComparer.Ordinal);
            Console.Out.WriteLine($"articles with topics {scores.Articles}  storylines of two events or more {scores.Storylines}  pairs across their events {scores.Pairs}");
            Console.Out.WriteLine($"topic in common  pairs {scores.Agreement:0.000}  storylines (mean) {scores.MeanAgreement:0.000}  chance {scores.Chance:0.000}");
            foreach (var line in scores.Largest)
            {
                Console.Out.WriteLine($"  {line.Storyline}  {line.Events} events  {line.Articles} articles  {line.Agreement:0.000}  {titles.GetValueOrDefault(line.Storyline)}");
            }
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }

    private static Command Facts()
    {
        var gold = new Option<string>("--gold") { Description = "JSONL of judged pairs: {\"fact\": SENTENCE, \"witness\": SENTENCE, \"same\": true|false}, SENTENCE = {\"article\", \"sentence\", \"length\"}.", Required = true };
        var unjudgedPath = new Option<string?>("--unjudged") { Description = "Write the pairs no judgement covers to this JSONL file, with both sentences, for a person to judge (\"same\": null)." };
        var inputs = CliOptions.Inputs();
        var meaning = CliOptions.Meaning();
        var refutedPath = new Option<string?>("--refuted") { Description = "Write the judged pairs that are not one statement to this JSONL file, with both sentences (\"same\": false): what the grouping of facts got wrong." };
        var command = new Command("facts", "Precision of the corroborated facts against judged pairs, and the checks that need no judgement.") { gold, unjudgedPath, refutedPath, meaning, inputs };
        command.SetAction(parse =>
        {
            string goldPath = parse.GetValue(gold)!;
            if (!File.Exists(goldPath))
            {
                Console.Error.WriteLine($"tidings: {goldPath}: no such file");
                return ExitCode.NothingRead;
            }
            var judgements = ReadJudgements(goldPath);
            var batch = BatchRunner.ReadAndExtract(parse.GetValue(inputs)!);
            using var encoder = parse.GetValue(meaning) ? new MiniLmMeaning() : null;
            var result = new StoryPipeline(new ArticleExtractor(), meaning: encoder).Analyse(batch.Articles);
            var scores = FactScores.Compute(result, judgements);
            Console.Out.WriteLine($"corroborated facts {scores.Corroborated}  judged {scores.Judged}  one statement {scores.OneStatement}  precision {scores.Precision:0.000}  ({judgements.Count} judged pairs, {scores.Unjudged.Count} pairs unjudged)");
            Console.Out.WriteLine($"facts with a witness sharing at most {FactScores.WeakWitnessWords} content words {scores.WeakWitnesses}  facts counting one outlet twice {scores.OutletCountedTwice}");
            foreach (var (path, pairs, verdict) in new[] { (parse.GetValue(unjudgedPath), scores.Unjudged, (bool?)null), (parse.GetValue(refutedPath), scores.Refuted, false) })
            {
                if (path is not null && !WritePairs(path, pairs, verdict))
                    return ExitCode.NothingRead;
            }
            return BatchRunner.ExitStatus(batch.Articles.Count);
        });
        return command;
    }

    /// <summary>Writes sentence pairs as judgement records with both texts; false (the reason told) when the file cannot be written.</summary>
    private static bool WritePairs(string path, IEnumerable<SentencePair> pairs, bool? verdict)
    {
        using var writer = JsonLines.Create(path);
        if (writer is null)
            return false;
        foreach (var pair in pairs)
        {
            writer.WriteLine(OutputRecords.Line(new OutputRecords.JudgementPair(pair.Fact, pair.Witness, verdict, pair.FactText, pair.WitnessText)));
        }
        return true;
    }

    /// <summary>The judged pairs of a file; a record without both sentences or a true/false verdict is skipped with a message naming its line.</summary>
    private static List<FactJudgement> ReadJudgements(string path)
    {
        var judgements = new List<FactJudgement>();
        foreach (var (line, record) in JsonLines.ReadNumbered(path))
        {
            if (Sentence(record, "fact") is { } fact && Sentence(record, "witness") is { } witness
                && record.TryGetProperty("same", out var same) && same.ValueKind is JsonValueKind.True or JsonValueKind.False)
                judgements.Add(new FactJudgement(fact, witness, same.GetBoolean()));
            else if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("same", out var verdict) || verdict.ValueKind != JsonValueKind.Null)
                Console.Error.WriteLine($"tidings: {path}:{line}: needs \"fact\" and \"witness\" ({{\"article\", \"sentence\", \"length\"}}) and \"same\": true or false");
        }
        return judgements;
    }

    private static SentenceRef? Sentence(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty("article", out var article) && article.ValueKind == JsonValueKind.String
        && s.TryGetProperty("sentence", out var sentence) && sentence.ValueKind == JsonValueKind.Number && sentence.TryGetInt32(out int index)
        && s.TryGetProperty("length", out var length) && length.ValueKind == JsonValueKind.Number && length.TryGetInt32(out int chars)
            ? new SentenceRef(article.GetString()!, index, chars)
            : null;

    /// <summary>The same stream with each day's articles in another order: days keep their order, undated articles their place.</summary>
    private static List<Article> ShuffleWithinDay(IReadOnlyList<Article> articles, int seed)
    {
        var random = new Random(seed);
        var shuffled = articles.ToList();
        for (int start = 0; start < shuffled.Count;)
        {
            var day = shuffled[start].Published?.Day;
            int end = start + 1;
            while (end < shuffled.Count && day is not null && shuffled[end].Published?.Day == day)
                end++;
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled).Slice(start, end - start));
            start = end;
        }
        return shuffled;
    }

    /// <summary>Where one article went and why: the candidates it was scored against, best first, with their gold labels.</summary>
    private static void PrintTrace(StoryResult result, string id, IReadOnlyDictionary<string, string> labels)
    {
        var placement = result.Traces.FirstOrDefault(t => t.ArticleId == id);
        if (placement is null)
        {
            Console.Out.WriteLine($"trace {id}: no such article");
            return;
        }
        string Label(string article) => labels.GetValueOrDefault(article, "?");
        var article = result.Articles.First(a => a.Id == id);
        Console.Out.WriteLine($"trace {id} (gold {Label(id)}, {article.Published?.Day}): {TerminalText.Line(article.Title)}");
        Console.Out.WriteLine($"  -> event {placement.Chosen}: {placement.Reason}");
        var titles = result.Articles.ToDictionary(a => a.Id, a => a.Title, StringComparer.Ordinal);
        foreach (var c in placement.Candidates.OrderByDescending(c => c.Score).Take(8))
        {
            string first = placement.FirstArticleOf[c.Event];
            Console.Out.WriteLine($"     event {c.Event,4}  score {c.Score:0.000}{(c.Excluded ? " (excluded)" : "")}  gold {Label(first)}  {TerminalText.Line(titles.GetValueOrDefault(first))}");
        }
    }

    private static Dictionary<string, IReadOnlyCollection<string>>? ReadTopics(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            error = "no such file";
            return null;
        }
        var codes = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var (line, record) in JsonLines.ReadNumbered(path))
        {
            if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("id", out var id) || !record.TryGetProperty("topics", out var list))
                continue;
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                Console.Error.WriteLine($"tidings: {path}:{line}: \"topics\" is not an array of strings; the record is left out");
                continue;
            }
            codes[id.ToString()] = [.. list.EnumerateArray().Select(t => t.GetString()!)];
        }
        if (codes.Count == 0)
            error = "no records with \"id\" and \"topics\"";
        return codes.Count == 0 ? null : codes;
    }

    private static Dictionary<string, string>? ReadLabels(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            error = "no such file";
            return null;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in JsonLines.Read(path))
        {
            if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var id) && record.TryGetProperty("event", out var ev))
                labels[id.ToString()] = ev.ToString();
        }
        if (labels.Count == 0)
            error = "no records with \"id\" and \"event\"";
        return labels.Count == 0 ? null : labels;
    }
}
