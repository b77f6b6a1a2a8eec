using System.Text;
using Lingua;

namespace Tidings.Extraction;

/// <summary>Language of an article's text, by SearchPioneer.Lingua; a page's declared language is only a fallback.</summary>
/// <remarks>
/// Lingua scores every candidate language of the text's script, and its cost is in those candidates: each loads its
/// models on first use (about 45 ms of a process's start each) and is scored on every call (all the Latin-script
/// languages below take 7 ms an article). Latin-script text is therefore first sorted into a family of languages by
/// its function words ("the", "und", "het"), which a few hundred characters of prose name unmistakably, and Lingua
/// chooses within that family; prose whose function words point to two families gets both families. Text with few
/// function words is not sorted: a long sample of it is not prose (a table) and keeps its declared language, a short
/// one (a headline) is guessed among the seven most published Latin-script languages unless a letter beyond Latin-1
/// ("ł", "ř") says it is written in another.
/// </remarks>
public sealed class LanguageIdentifier
{
    /// <summary>Lingua is accurate from a few sentences; more text only costs time.</summary>
    private const int SampleChars = 400;

    /// <summary>Below this many letters no detector is reliable, so the answer stays unknown.</summary>
    private const int MinimumLetters = 20;

    /// <summary>
    /// The languages of nearly all news published online. Lingua's cost grows with every candidate language (all 75
    /// take about 2.3 ms per article, these about 1 ms), and a rare language outside the list is better reported
    /// as its nearest relative than paid for on every page.
    /// </summary>
    private static readonly Language[] NewsLanguages =
    [
        Language.English, Language.German, Language.French, Language.Spanish, Language.Portuguese, Language.Italian,
        Language.Dutch, Language.Russian, Language.Ukrainian, Language.Polish, Language.Czech, Language.Slovak,
        Language.Swedish, Language.Danish, Language.Bokmal, Language.Finnish, Language.Turkish, Language.Arabic,
        Language.Persian, Language.Urdu, Language.Hebrew, Language.Hindi, Language.Bengali, Language.Chinese,
        Language.Japanese, Language.Korean, Language.Indonesian, Language.Malay, Language.Vietnamese, Language.Thai,
        Language.Greek, Language.Romanian, Language.Hungarian, Language.Catalan, Language.Bulgarian, Language.Serbian,
        Language.Croatian, Language.Slovene, Language.Lithuanian, Language.Latvian, Language.Estonian, Language.Tagalog,
        Language.Swahili, Language.Afrikaans,
    ];

    /// <summary>
    /// Families of Latin-script news languages with the function words that mark them. Languages that share most
    /// of their function words (Danish and Bokmål, Czech and Slovak, Indonesian and Malay) are one family, so that
    /// Lingua, not this list, tells them apart. Words of one letter are left out. A word of several families ("at" is
    /// English and Danish, "in" English and Slovene) is listed in each: it counts for every family that has it, and
    /// against the leading family only where that family lacks it (see <see cref="FamilyOf"/>). At most 32 families:
    /// <see cref="FamilyOf"/> marks a word's families as the bits of a <c>uint</c>.
    /// </summary>
    private static readonly Family[] Families =
    [
        new([Language.English], "the and of to that for with were said has have are this from by which who would been their they its he she his her not but was is it at in on as per"),
        new([Language.German], "der die und das ist nicht mit sich auf für von dem des ein eine einen zu auch wird wurde sind bei nach aus sie er es im den werden hat noch über dass"),
        new([Language.Dutch, Language.Afrikaans], "de het een van en niet dat op voor met zijn te aan ook worden wordt naar bij om hij ze er maar nog nie vir wat sal word hulle deur"),
        new([Language.French], "le la les des du et est une que qui dans pour pas par sur au aux avec ce il elle sont été ont mais plus"),
        new([Language.Spanish, Language.Catalan], "el los las del que por para una es se como pero más fue sus este esta también entre desde sobre els les amb dels va és més aquest aquesta pel però"),
        new([Language.Portuguese], "os do da dos das em no na um uma que não para com por mais foi ao seu sua também ser são"),
        new([Language.Italian], "il di che della delle dei degli nel nella alla per sono anche più gli questo questa non ha stato essere come"),
        new([Language.Romanian], "și în de la cu din că pe care este nu un mai au fost pentru sau fi"),
        new([Language.Polish], "na się nie do to że jest od po za jak przez oraz który która które dla ale jego"),
        new([Language.Czech, Language.Slovak], "se na je že do to jako pro ale by jsou sa ako aj pre ktorý ktoré ktorá který které která také tak"),
        new([Language.Croatian, Language.Slovene], "je na da se za su od što koji kao ali in so ki pa po tudi ter"),
        new([Language.Danish, Language.Bokmal, Language.Swedish], "og at det er en til som på de med af av for ikke der den har var et seg och att är inte om ett för till"),
        new([Language.Finnish, Language.Estonian], "ja on ei että se oli ovat hän mutta myös kun tai joka et see ka kui mis ning või aga ta"),
        new([Language.Hungarian], "az és hogy nem egy meg már csak volt van ez mint után pedig"),
        new([Language.Turkish], "ve bir bu için ile olarak daha çok gibi olan ama kadar sonra"),
        new([Language.Indonesian, Language.Malay], "yang dan di ini itu dengan untuk dari dalam tidak akan pada adalah ke oleh"),
        new([Language.Tagalog], "ang ng sa mga na si ay ni kay para hindi naman"),
        new([Language.Swahili], "na ya wa za kwa katika ni cha kwamba hiyo huo lakini"),
        new([Language.Vietnamese], "của và là các có được trong cho không những với người này một đã"),
        new([Language.Lithuanian, Language.Latvian], "ir kad tai su iš buvo yra bet kaip jo už nuo un ka par no uz ar kas arī tas vai kā tika"),
    ];

    /// <summary>Function-word hits below which a sample is too short or too unusual to sort into a family.</summary>
    private const int MinimumFamilyHits = 5;

    /// <summary>Function-word hits that sort a short sample into a family when no other family has any.</summary>
    private const int MinimumShortFamilyHits = 2;

    /// <summary>
    /// How many times the next family's hits the leading family needs: shared loanwords and quotations give a second
    /// family a few hits, a text in between (or in a language of neither) gives both many, and then every language is
    /// a candidate.
    /// </summary>
    private const int FamilyDominance = 3;

    /// <summary>Share of a sample's letters that must be Latin before it is sorted by function words.</summary>
    private const double LatinShare = 0.9;

    /// <summary>
    /// Every language, built once a process: Lingua's detector is immutable after it is built (its models live in
    /// Lingua's own cache), so every identifier shares it.
    /// </summary>
    private static readonly Lazy<LanguageDetector> AllLanguages = new(() =>
        LanguageDetectorBuilder.FromLanguages(NewsLanguages).WithLowAccuracyMode().Build());

    /// <summary>
    /// The languages of two families together, for each pair of families (first index below the second), built on first
    /// use: a detector over two families costs a tenth of one over every language.
    /// </summary>
    private static readonly Lazy<LanguageDetector>[] Contested =
        [.. Enumerable.Range(0, Families.Length * Families.Length).Select(i => new Lazy<LanguageDetector>(() =>
            LanguageDetectorBuilder.FromLanguages([.. Families[i / Families.Length].Languages, .. Families[i % Families.Length].Languages])
                .WithLowAccuracyMode().Build()))];

    private static readonly Lazy<LanguageDetector> MajorLatinLanguages = new(() =>
        LanguageDetectorBuilder.FromLanguages(Language.English, Language.German, Language.French, Language.Spanish,
            Language.Portuguese, Language.Italian, Language.Dutch).WithLowAccuracyMode().Build());

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Extractors are given an identifier; an instance keeps that seam although the detectors are shared.")]
    public string? Identify(string text, string? declared = null)
    {
        string sample = text.Length > SampleChars ? text[..SampleChars] : text;
        int letters = CountLetters(sample);
        if (letters >= MinimumLetters)
        {
            try
            {
                var (family, rival, functionWords, latin) = FamilyOf(sample);
                // A long Latin-script sample with hardly a function word of any language is not prose (an earnings table,
                // a list of names or prices), nor is a short one of figures with a function word at most ("Shr 45 cts vs
                // 58 cts Net 1.1 mln"): Lingua would score every language's n-grams (its costliest call) to guess, and
                // guessed French or German for one Reuters earnings line in eight.
                if (latin && family is null
                    && (functionWords < MinimumFamilyHits && letters >= ProseLetters || functionWords <= 1 && MostlyFigures(sample, letters)))
                    return Declared(declared);
                // A short Latin-script text with few function words and no letter beyond Latin-1 (a headline, a price
                // line) is guessed among the most published languages written that way: loading and scoring all of them
                // cost a short run most of its time. Text with letters such as "ł", "ř" or "ș" still gets every language.
                // Prose whose function words point to two families (an English report quoting a French bank's name) is
                // in one of them.
                bool majorOnly = latin && functionWords < MinimumFamilyHits && !HasLetterBeyondLatin1(sample);
                var language = family is { Languages: [var only] } ? only
                    : (family?.Detector
                        ?? (rival is { } pair ? Contested[pair.First * Families.Length + pair.Second].Value
                            : majorOnly ? MajorLatinLanguages.Value : AllLanguages.Value)).DetectLanguageOf(sample);
                if (language != Language.Unknown)
                    return LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();
            }
            catch (Exception e) when (e is IOException || e is AggregateException { InnerExceptions: var inner } && inner.All(i => i is IOException))
            {
                // Lingua's model files missing from a deployment must not cost the article; the declared language stands.
                // Lingua loads a detector's models on parallel threads, so a missing file arrives wrapped.
            }
        }
        return Declared(declared);
    }

    /// <summary>Letters in a sample long enough that prose in any listed Latin-script language shows its function words.</summary>
    private const int ProseLetters = 200;

    /// <summary>
    /// Whether the sample, of <paramref name="letters"/> letters, has a digit for every five letters or fewer: a line
    /// of figures, where a headline of the same length ("Police arrest man after Leeds warehouse fire") has one number
    /// at most.
    /// </summary>
    private static bool MostlyFigures(string sample, int letters)
    {
        int digits = 0;
        foreach (char c in sample)
        {
            if (char.IsDigit(c))
                digits++;
        }
        return digits * 5 >= letters;
    }

    /// <summary>
    /// The start of the paragraphs joined by line breaks, as far as <see cref="Identify"/> reads: joining a whole long
    /// article to read its first few hundred characters cost more than reading them.
    /// </summary>
    public static string SampleOf(IReadOnlyList<string> paragraphs)
    {
        var sample = new StringBuilder(SampleChars + 1);
        // One character past the sample, so that a text longer than the sample still reads as longer.
        for (int i = 0; i < paragraphs.Count; i++)
        {
            string paragraph = paragraphs[i];
            if (i > 0)
                sample.Append('\n');
            sample.Append(paragraph.AsSpan(0, Math.Min(paragraph.Length, Math.Max(0, SampleChars + 1 - sample.Length))));
            if (sample.Length > SampleChars)
                break;
        }
        return sample.ToString();
    }

    /// <summary>
    /// Whether <see cref="Identify"/> gives the same answer for both texts: it reads only their first
    /// <see cref="SampleChars"/> characters, so a second extraction of an article that removed only later lines can
    /// keep the first one's language.
    /// </summary>
    public static bool SameSample(string a, string b) =>
        a.AsSpan(0, Math.Min(a.Length, SampleChars)).SequenceEqual(b.AsSpan(0, Math.Min(b.Length, SampleChars)));

    /// <summary>
    /// Whether a letter beyond Latin-1 ("ł", "ř", "ș") is in the sample. Only letters count: typographic punctuation
    /// (curly quotes, dashes, an ellipsis) is written in every language, and one "…" in a German dialogue line sent it
    /// to every language's models, 32 of the 81 model files a run over the trafilatura-eval pages loaded.
    /// </summary>
    private static bool HasLetterBeyondLatin1(string sample)
    {
        foreach (char c in sample)
        {
            if (c > '\u00FF' && char.IsLetter(c))
                return true;
        }
        return false;
    }

    private static int CountLetters(string sample)
    {
        int letters = 0;
        foreach (char c in sample)
        {
            if (char.IsLetter(c))
                letters++;
        }
        return letters;
    }

    /// <summary>
    /// The one family the sample's function words point to, or null when they point to none clearly; how many
    /// function words the leading family found; and whether the sample is in Latin script (the only one with lists).
    /// </summary>
    private static (Family? Family, (int First, int Second)? Rivals, int FunctionWords, bool Latin) FamilyOf(string sample)
    {
        int letters = 0, latin = 0;
        foreach (char c in sample)
        {
            if (!char.IsLetter(c))
                continue;
            letters++;
            // Basic Latin to Latin Extended-B, and Latin Extended Additional (Vietnamese).
            if (c <= '\u024F' || c is >= '\u1E00' and <= '\u1EFF')
                latin++;
        }
        if (latin < LatinShare * letters)
            return (null, null, 0, false);
        var lower = sample.ToLowerInvariant();
        // The families each function word belongs to, one bit per family (see Families): the words are counted twice,
        // for every family and then for the leading family's rivals, and looked up once.
        Span<uint> wordFamilies = stackalloc uint[lower.Length / 2 + 1];
        int count = 0, start = -1;
        for (int i = 0; i <= lower.Length; i++)
        {
            bool letter = i < lower.Length && char.IsLetter(lower[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                var word = lower.AsSpan(start, i - start);
                uint families = 0;
                for (int f = 0; f < Families.Length; f++)
                {
                    if (Families[f].Words.Contains(word))
                        families |= 1u << f;
                }
                if (families != 0)
                    wordFamilies[count++] = families;
                start = -1;
            }
        }
        wordFamilies = wordFamilies[..count];
        Span<int> hits = stackalloc int[Families.Length];
        foreach (uint families in wordFamilies)
            Count(families, hits);
        int best = 0;
        for (int f = 1; f < hits.Length; f++)
        {
            if (hits[f] > hits[best])
                best = f;
        }
        // A rival is weighed by the words the leading family lacks: "to" is English, Polish and Czech, and "in" English
        // and Slovene, so an English line with "to" in it is no evidence of Polish, and need not go to Lingua, which loads
        // and scores a model per candidate language.
        Span<int> rivalHits = stackalloc int[Families.Length];
        foreach (uint families in wordFamilies)
        {
            if ((families & (1u << best)) == 0)
                Count(families, rivalHits);
        }
        int runnerUp = best == 0 ? 1 : 0;
        for (int f = 0; f < rivalHits.Length; f++)
        {
            if (f != best && rivalHits[f] > rivalHits[runnerUp])
                runnerUp = f;
        }
        // A short text whose few function words all belong to one family ("cuts crude prices by up to") is in it:
        // Lingua, scoring the n-grams of a few words, guessed French for such Reuters headlines written in capitals. A
        // long one with as few is no prose (see Identify).
        if (hits[best] < MinimumFamilyHits)
        {
            bool shortInOneFamily = letters < ProseLetters && hits[best] >= MinimumShortFamilyHits && rivalHits[runnerUp] == 0;
            return (shortInOneFamily ? Families[best] : null, null, hits[best], true);
        }
        if (hits[best] >= FamilyDominance * rivalHits[runnerUp])
            return (Families[best], null, hits[best], true);
        return (null, (Math.Min(best, runnerUp), Math.Max(best, runnerUp)), hits[best], true);
    }

    /// <summary>Adds one hit to each family whose bit is set in <paramref name="families"/>.</summary>
    private static void Count(uint families, Span<int> hits)
    {
        for (int f = 0; f < hits.Length; f++)
        {
            if ((families & (1u << f)) != 0)
                hits[f]++;
        }
    }

    /// <summary>A declared language tag ("en-GB", "de_AT") as its ISO 639 code, or null when it is not one.</summary>
    public static string? Declared(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
            return null;
        string code = declared.Trim().Split('-', '_')[0].ToLowerInvariant();
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower) ? code : null;
    }

    /// <summary>
    /// A few languages that share a script and their function words, with a detector for them alone, built on first
    /// use. A family of one language is its own answer.
    /// </summary>
    private sealed class Family
    {
        public Family(Language[] languages, string words)
        {
            Languages = languages;
            Words = words.Split(' ').ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            _detector = new(() => LanguageDetectorBuilder.FromLanguages(languages).WithLowAccuracyMode().Build());
        }

        private readonly Lazy<LanguageDetector> _detector;

        public Language[] Languages { get; }

        public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Words { get; }

        public LanguageDetector Detector => _detector.Value;
    }
}
