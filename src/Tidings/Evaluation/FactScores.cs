using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Pipeline;
using Tidings.Synthesis;

namespace Tidings.Evaluation;

/// <summary>
/// One sentence of an article: its number in the article's text and its length. A judgement names sentences this way
/// so that a labelled set holds no text of its own; a sentence whose length changed (a different extraction) no longer
/// matches, and its pair is unjudged rather than judged on other words.
/// </summary>
public readonly record struct SentenceRef(string Article, int Sentence, int Length)
{
    public static SentenceRef Of(Evidence evidence) => new(evidence.Article, evidence.Sentence, evidence.Length);
}

/// <summary>A person's judgement: does the witness sentence state the same thing as the fact's sentence?</summary>
public sealed record FactJudgement(SentenceRef Fact, SentenceRef Witness, bool Same);

/// <summary>A fact's sentence and another newsroom's sentence grouped with it, with both texts, for a person to read.</summary>
public sealed record SentencePair(SentenceRef Fact, string FactText, SentenceRef Witness, string WitnessText);

/// <summary>
/// How far a run's corroborated facts can be trusted. Against judged pairs: the share of corroborated facts whose
/// every witness from another newsroom states the fact's statement. Without judgements: facts whose witness shares
/// at most <see cref="WeakWitnessWords"/> content words with the fact, and facts that count one outlet twice.
/// <see cref="Unjudged"/> are the pairs no judgement covers, for a person to judge; <see cref="Refuted"/> the judged
/// pairs that are not one statement, which are what the grouping of facts got wrong.
/// </summary>
public sealed record FactScores(int Corroborated, int Judged, int OneStatement, int WeakWitnesses, int OutletCountedTwice, IReadOnlyList<SentencePair> Unjudged, IReadOnlyList<SentencePair> Refuted)
{
    /// <summary>A witness sharing this many content words or fewer with the fact (stemmed, so "passenger" meets "passengers") is suspect.</summary>
    public const int WeakWitnessWords = 2;

    public double Precision => Judged == 0 ? 0 : (double)OneStatement / Judged;

    /// <summary>Scores every corroborated fact of <paramref name="result"/>; pure, so it is tested without I/O.</summary>
    public static FactScores Compute(StoryResult result, IReadOnlyList<FactJudgement> gold)
    {
        var judged = new Dictionary<(SentenceRef, SentenceRef), bool>();
        foreach (var j in gold)
        {
            judged[(j.Fact, j.Witness)] = j.Same;
            judged[(j.Witness, j.Fact)] = j.Same;
        }
        var articles = result.Articles.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string Text(Evidence e)
        {
            if (!texts.TryGetValue(e.Article, out var text))
                texts[e.Article] = text = articles[e.Article].Text;
            return text.Substring(e.Offset, e.Length);
        }
        int corroborated = 0, judgedFacts = 0, oneStatement = 0, weak = 0, outletTwice = 0;
        List<SentencePair> unjudged = [], refuted = [];
        foreach (var story in result.Stories)
        {
            var members = story.Articles.Select(a => articles[a.Id]).ToList();
            var newsrooms = Newsrooms.Of(members, result.Copies);
            foreach (var fact in story.Facts.Where(f => f.Corroborated))
            {
                corroborated++;
                var lead = fact.Evidence[0];
                string leadRoom = newsrooms.OriginOf(lead.Article);
                var leadTerms = ContentTerms(Text(lead));
                var witnesses = fact.Evidence.Where(e => newsrooms.OriginOf(e.Article) != leadRoom).ToList();
                // Each other newsroom's closest sentence must share more than a word or two with the fact.
                if (witnesses.GroupBy(e => newsrooms.OriginOf(e.Article))
                    .Any(room => room.Max(e => ContentTerms(Text(e)).Count(leadTerms.Contains)) <= WeakWitnessWords))
                    weak++;
                var outlets = fact.Sources.Select(id => Outlet(articles[id]))
                    .Distinct(StringComparer.Ordinal).Count();
                if (outlets < fact.Origins)
                    outletTwice++;
                bool complete = true, same = true;
                foreach (var witness in witnesses)
                {
                    var pair = new SentencePair(SentenceRef.Of(lead), Text(lead), SentenceRef.Of(witness), Text(witness));
                    if (judged.TryGetValue((pair.Fact, pair.Witness), out bool verdict))
                    {
                        same &= verdict;
                        if (!verdict)
                            refuted.Add(pair);
                        continue;
                    }
                    complete = false;
                    unjudged.Add(pair);
                }
                if (!complete)
                    continue;
                judgedFacts++;
                if (same)
                    oneStatement++;
            }
        }
        return new FactScores(corroborated, judgedFacts, oneStatement, weak, outletTwice, unjudged, refuted);
    }

    private static HashSet<string> ContentTerms(string text) => TextTokenizer.ContentTerms(text).ToHashSet(StringComparer.Ordinal);

    /// <summary>An article's outlet as the check counts it: its source without case or "www.", or the article itself when no source is known.</summary>
    private static string Outlet(Article article) =>
        Article.OutletOf(article.Source) ?? "article:" + article.Id;
}
