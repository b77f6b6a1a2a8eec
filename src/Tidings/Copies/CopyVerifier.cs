using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>The verified relation between two articles, before provenance is decided.</summary>
public readonly record struct CopyVerdict(CopyKind Kind, double Score, IReadOnlyList<AlignedSentences> Evidence, AlignmentMeasures Measures = default);

/// <summary>
/// Decides exactly, from the two texts' sentence alignment, whether and how two candidate articles copy each other.
/// Everything is measured on the shorter text, so a copy padded with boilerplate or cut short is judged by what it kept.
/// </summary>
public static class CopyVerifier
{
    /// <summary>
    /// Share of the shorter text's words in aligned sentences for a near-duplicate: not all of it, because an edit can
    /// break a sentence in two or make extraction drop a paragraph in one copy and keep it in the other.
    /// </summary>
    public const double NearDuplicateCoverage = 0.7;

    /// <summary>
    /// How much of the wording a near-duplicate keeps: the mean similarity of its aligned sentences plus the share of
    /// their three-word phrases it keeps. On the dev copy set, edits at 2-10% of the words score 1.53-1.96 and spins
    /// that swap 30-50% of the content words 0.86-1.44 (the seeds' real spin 1.41): the two cues err on different
    /// pairs, so their sum separates what neither does alone.
    /// </summary>
    public const double NearDuplicateWordsKept = 1.48;

    /// <summary>
    /// Share of the longer text a near-duplicate must cover: a copy cut short keeps most of its original, while a
    /// block of at most half of it, with other text around, is a partial copy.
    /// </summary>
    public const double NearDuplicateLongerCoverage = 0.55;

    /// <summary>A copy that keeps this much of itself aligned, from the opening on, is the original cut short...</summary>
    public const double CutShortCoverage = 0.9;

    /// <summary>...as long as it keeps this much of the original.</summary>
    public const double CutShortLongerCoverage = 0.4;

    /// <summary>
    /// Share of the shorter text's words that a rewrite's ordered chain covers. Independent reports of one event
    /// restate some facts, but rarely half of a text in the same order.
    /// </summary>
    public const double RewriteCoverage = 0.5;

    /// <summary>
    /// Share of the longer text a rewrite's chain must also cover: a spin restates its whole original, while a short
    /// report whose facts and quotes a longer one also gives covers little of that longer one (0.2-0.37 on the dev set,
    /// spins 0.41 and up).
    /// </summary>
    public const double RewriteLongerCoverage = 0.4;

    /// <summary>A rewrite needs this many aligned sentences; fewer is a shared quote or two, not a copy.</summary>
    public const int RewriteMinimumSentences = 4;

    /// <summary>Figures the aligned sentences must hold (counted in the sentence of each pair with fewer) before their agreement says anything.</summary>
    public const int TemplateMinimumFigures = 4;

    /// <summary>Share of those figures below which two aligned texts are a template filled in twice (see <see cref="AlignmentMeasures.IsFilledTemplate"/>).</summary>
    public const double TemplateFiguresKept = 0.5;

    /// <summary>Similarity at which an aligned sentence counts towards a partial copy's block: lifted text is kept as written.</summary>
    public const double PartialCopySentenceSimilarity = 0.9;

    /// <summary>A partial copy's block: at least this many sentences copied (nearly) word for word...</summary>
    public const int PartialCopyMinimumSentences = 3;

    /// <summary>...holding at least this many words: about a paragraph, more than a shared quotation.</summary>
    public const int PartialCopyMinimumWords = 40;

    /// <summary>
    /// Words a verbatim sentence needs to count towards a block: a photo credit ("(SpaceX via AP)") or a dateline
    /// ("CAPE CANAVERAL, Fla.") that two reports of one event both print is furniture, not a lifted sentence.
    /// </summary>
    public const int PartialCopySentenceWords = 6;

    /// <summary>
    /// The relation between <paramref name="a"/> and <paramref name="b"/>. Sentences in <paramref name="commonInA"/>
    /// and <paramref name="commonInB"/> (found in several unrelated stories: templates, appeals, disclaimers) align as
    /// usual but are no evidence of a partial copy, which is all they could otherwise make two unrelated texts look like.
    /// </summary>
    public static CopyVerdict? Verify(WordSequence a, WordSequence b, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        if (a.WordCount == 0 || b.WordCount == 0)
            return null;
        if (a.WordCount == b.WordCount && a.BodyHash() == b.BodyHash())
        {
            var all = a.Sentences.Select((_, i) => new AlignedSentences(i, i, 1.0)).ToArray();
            return new CopyVerdict(CopyKind.Duplicate, 1.0, all);
        }
        var chain = SentenceAligner.Align(a, b);
        if (chain.Count == 0)
            return null;
        var m = AlignmentMeasures.Of(a, b, chain, commonInA, commonInB);
        // Neither an edit nor a spin: the same sentences told of other figures, which is no copy however many align.
        if (m.IsFilledTemplate)
            return PartialCopyOf(chain, m);
        bool wordsKept = m.MeanSimilarity + m.KeptPhrases >= NearDuplicateWordsKept;
        // A copy cut short keeps its original's opening; a lifted block with other text around it need not.
        bool cutShort = m.ShorterCoverage >= CutShortCoverage && chain[0].InA <= 2 && chain[0].InB <= 2 && m.LongerCoverage >= CutShortLongerCoverage;
        if (wordsKept && m.ShorterCoverage >= NearDuplicateCoverage && (m.LongerCoverage >= NearDuplicateLongerCoverage || cutShort))
            return new CopyVerdict(CopyKind.NearDuplicate, Math.Round(m.ShorterCoverage * m.MeanSimilarity, 3), chain, m);
        if (!wordsKept && chain.Count >= RewriteMinimumSentences && m.ShorterCoverage >= RewriteCoverage && m.LongerCoverage >= RewriteLongerCoverage)
            return new CopyVerdict(CopyKind.Rewrite, Math.Round(m.ShorterCoverage, 3), chain, m);
        return PartialCopyOf(chain, m);
    }

    private static CopyVerdict? PartialCopyOf(List<AlignedSentences> chain, AlignmentMeasures m) =>
        m.VerbatimSentences >= PartialCopyMinimumSentences && m.VerbatimWords >= PartialCopyMinimumWords
            ? new CopyVerdict(CopyKind.PartialCopy, Math.Round(m.VerbatimShare, 3), chain, m)
            : null;
}

/// <summary>What an alignment says about two texts: the figures a verdict was decided on, kept with it for tracing.</summary>
public readonly record struct AlignmentMeasures(
    double ShorterCoverage,
    double LongerCoverage,
    double MeanSimilarity,
    double KeptPhrases,
    int VerbatimSentences,
    int VerbatimWords,
    double VerbatimShare,
    int Figures = 0,
    int FiguresKept = 0)
{
    /// <summary>
    /// Whether the aligned sentences are one template filled in twice rather than one text copied: they hold at least
    /// <see cref="CopyVerifier.TemplateMinimumFigures"/> figures and keep fewer than <see cref="CopyVerifier.TemplateFiguresKept"/>
    /// of them. A copy, edited or spun, keeps its original's amounts and dates, since a spinner swaps words and figures
    /// have no synonyms; a wire's formulaic reports keep the words and change the figures.
    /// </summary>
    public bool IsFilledTemplate => Figures >= CopyVerifier.TemplateMinimumFigures && FiguresKept < CopyVerifier.TemplateFiguresKept * Figures;

    /// <summary>
    /// Lengths and coverage are counted in content words, so that a table of figures or a list of dates, which no
    /// sentence alignment can match, neither dilutes a copy's coverage nor makes one text look longer than the other.
    /// </summary>
    public static AlignmentMeasures Of(WordSequence a, WordSequence b, IReadOnlyList<AlignedSentences> chain, IReadOnlySet<int>? commonInA = null, IReadOnlySet<int>? commonInB = null)
    {
        int termsA = ContentWords(a), termsB = ContentWords(b);
        bool aShorter = termsA <= termsB;
        var shorter = aShorter ? a : b;
        int shorterTerms = Math.Max(1, Math.Min(termsA, termsB));
        var longer = aShorter ? b : a;
        int aligned = 0, alignedLonger = 0, verbatimSentences = 0, verbatimQuotes = 0, verbatimWords = 0, verbatimTerms = 0, phrases = 0, keptPhrases = 0;
        int figures = 0, figuresKept = 0;
        double weighted = 0, weights = 0;
        foreach (var pair in chain)
        {
            int inShorter = aShorter ? pair.InA : pair.InB;
            int terms = shorter.Sentences[inShorter].ContentWords;
            aligned += terms;
            alignedLonger += longer.Sentences[aShorter ? pair.InB : pair.InA].ContentWords;
            SentenceRange spanA = a.Sentences[pair.InA], spanB = b.Sentences[pair.InB];
            // Similarity 1 means the same words in the same order: every phrase is shared, and a near-duplicate is
            // mostly such sentences.
            var (shared, fewer) = pair.Similarity == 1.0 ? AllPhrases(spanA) : SharedPhrases(a, spanA, b, spanB);
            keptPhrases += shared;
            phrases += fewer;
            var (sharedFigures, fewerFigures) = SharedFigures(a, spanA, b, spanB);
            figuresKept += sharedFigures;
            figures += fewerFigures;
            // A sentence is lifted as written, figures and all: one telling other figures in the same words is a template's.
            bool asWritten = pair.Similarity >= CopyVerifier.PartialCopySentenceSimilarity && sharedFigures == fewerFigures;
            weighted += pair.Similarity * (spanA.WordCount + spanB.WordCount);
            weights += spanA.WordCount + spanB.WordCount;
            if (asWritten && shorter.Sentences[inShorter].WordCount >= CopyVerifier.PartialCopySentenceWords
                && commonInA?.Contains(pair.InA) != true && commonInB?.Contains(pair.InB) != true)
            {
                if (spanA.Quoted || spanB.Quoted)
                    verbatimQuotes++;
                else
                    verbatimSentences++;
                verbatimWords += shorter.Sentences[inShorter].WordCount;
                verbatimTerms += terms;
            }
        }
        return new AlignmentMeasures(
            (double)aligned / shorterTerms,
            (double)alignedLonger / Math.Max(1, Math.Max(termsA, termsB)),
            weights == 0 ? 0 : weighted / weights,
            phrases == 0 ? 0 : (double)keptPhrases / phrases,
            // Independent reports print the same quotes word for word: two quoted sentences weigh as one.
            verbatimSentences + (verbatimQuotes + 1) / 2,
            verbatimWords,
            (double)verbatimTerms / shorterTerms,
            figures,
            figuresKept);
    }

    /// <summary>
    /// Distinct figures two aligned sentences share, and how many distinct figures the one with fewer holds: a sentence
    /// that drops a figure in a copy cut short still keeps the ones it prints.
    /// </summary>
    private static (int Shared, int Fewer) SharedFigures(WordSequence a, SentenceRange x, WordSequence b, SentenceRange y)
    {
        var inX = a.FiguresOf(x);
        if (inX.IsEmpty)
            return (0, 0);
        var inY = b.FiguresOf(y);
        int distinctX = 0, distinctY = 0, shared = 0;
        for (int i = 0; i < inX.Length; i++)
        {
            if (inX[..i].Contains(inX[i]))
                continue;
            distinctX++;
            if (inY.Contains(inX[i]))
                shared++;
        }
        for (int j = 0; j < inY.Length; j++)
        {
            if (!inY[..j].Contains(inY[j]))
                distinctY++;
        }
        return (shared, Math.Min(distinctX, distinctY));
    }

    private const int MaxPhrases = 64;

    /// <summary>
    /// Three-word phrases two aligned sentences share, and how many the shorter has: edits keep most, spins few.
    /// Sentences are short, so a direct comparison beats building sets (phrases past the 64th word are not compared).
    /// </summary>
    private static (int Shared, int Fewer) SharedPhrases(WordSequence a, SentenceRange x, WordSequence b, SentenceRange y)
    {
        int countX = Math.Min(MaxPhrases, x.WordCount - 2), countY = Math.Min(MaxPhrases, y.WordCount - 2);
        if (countX <= 0 || countY <= 0)
            return (0, 0);
        Span<ulong> inY = stackalloc ulong[countY];
        for (int j = 0; j < countY; j++)
            inY[j] = Phrase(b.Words, y.FirstWord + j);
        int shared = 0;
        for (int i = 0; i < countX; i++)
        {
            if (inY.Contains(Phrase(a.Words, x.FirstWord + i)))
                shared++;
        }
        return (Math.Min(shared, Math.Min(countX, countY)), Math.Min(countX, countY));
    }

    private static (int Shared, int Fewer) AllPhrases(SentenceRange sentence)
    {
        int count = Math.Max(0, Math.Min(MaxPhrases, sentence.WordCount - 2));
        return (count, count);
    }

    private static ulong Phrase(ulong[] words, int start) =>
        words[start] ^ System.Numerics.BitOperations.RotateLeft(words[start + 1], 21) ^ System.Numerics.BitOperations.RotateLeft(words[start + 2], 42);

    private static int ContentWords(WordSequence text)
    {
        int n = 0;
        for (int s = 0; s < text.Sentences.Length; s++)
            n += text.Sentences[s].ContentWords;
        return n;
    }
}
