using System.Text;
using Tidings.Fingerprints;

namespace Tidings.Evaluation;

/// <summary>
/// Makes copies of a text the way the web does, for evaluation sets and benchmarks: light edits with boilerplate
/// and truncation (near-duplicates), content-farm spins (rewrites) and blocks lifted into another article (partial
/// copies). Every choice comes from the caller's <see cref="Random"/>, so a seed reproduces a set exactly.
/// </summary>
public sealed class CopyMaker(Random random, IReadOnlyList<string> vocabulary)
{
    /// <summary>Lines that republishers paste around a copied story.</summary>
    private static readonly string[] BoilerplateLines =
    [
        "Advertisement",
        "Subscribe to our newsletter to get the day's top stories in your inbox.",
        "Share this article on Facebook, Twitter and WhatsApp.",
        "Click here to download our free app.",
        "Sponsored content: the best deals of the week are waiting for you.",
        "Follow us on social media for breaking news and updates.",
        "Support independent journalism: donate today.",
        "Comments are closed for this article.",
    ];

    /// <summary>Openers a spinner adds to sentences; they carry no content words that matter.</summary>
    private static readonly string[] Fillers =
    [
        "It is worth noting that", "Reportedly,", "As things stand,", "According to reports,", "In fact,", "Notably,",
        "It should be said that", "By all accounts,", "Interestingly,", "As it turns out,",
    ];

    /// <summary>Sentences a spinner inserts between copied ones.</summary>
    private static readonly string[] FillerSentences =
    [
        "This is a story that many people will be following closely.",
        "Observers say the coming weeks will be important.",
        "More details are expected to emerge in the days ahead.",
        "The development has drawn considerable attention online.",
        "Readers are encouraged to stay tuned for further updates.",
    ];

    /// <summary>A spinner's thesaurus: common news words and stand-ins of the same meaning.</summary>
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["said"] = ["stated", "noted", "explained", "remarked"], ["says"] = ["states", "notes", "explains"],
        ["visit"] = ["trip", "tour", "journey"], ["meeting"] = ["talks", "session", "gathering"],
        ["government"] = ["administration", "authorities", "state"], ["country"] = ["nation", "state"],
        ["people"] = ["individuals", "persons", "citizens"], ["big"] = ["large", "major", "huge"],
        ["large"] = ["big", "sizeable", "major"], ["small"] = ["little", "minor", "modest"],
        ["important"] = ["significant", "key", "crucial"], ["new"] = ["fresh", "novel", "recent"],
        ["help"] = ["assist", "support", "aid"], ["show"] = ["reveal", "demonstrate", "indicate"],
        ["start"] = ["begin", "launch", "commence"], ["began"] = ["started", "commenced"],
        ["end"] = ["finish", "conclusion", "close"], ["think"] = ["believe", "consider", "reckon"],
        ["leader"] = ["head", "chief", "boss"], ["officials"] = ["authorities", "representatives"],
        ["official"] = ["representative", "spokesperson"], ["attack"] = ["assault", "strike", "raid"],
        ["killed"] = ["slain", "left dead"], ["city"] = ["town", "municipality"], ["week"] = ["seven days"],
        ["announced"] = ["declared", "revealed", "unveiled"], ["plan"] = ["scheme", "proposal", "strategy"],
        ["talks"] = ["discussions", "negotiations"], ["agreement"] = ["deal", "accord", "pact"],
        ["increase"] = ["rise", "growth", "jump"], ["decrease"] = ["drop", "fall", "decline"],
        ["company"] = ["firm", "business", "corporation"], ["police"] = ["officers", "law enforcement"],
        ["report"] = ["account", "study", "review"], ["according"] = ["as per"], ["major"] = ["key", "main"],
        ["president"] = ["head of state"], ["minister"] = ["secretary", "official"], ["told"] = ["informed", "advised"],
        ["strong"] = ["powerful", "robust"], ["quickly"] = ["rapidly", "swiftly"], ["also"] = ["additionally", "too"],
        ["however"] = ["yet", "nevertheless"], ["many"] = ["numerous", "several", "lots of"], ["first"] = ["initial", "earliest"],
        ["expected"] = ["anticipated", "predicted"], ["made"] = ["created", "produced"], ["make"] = ["create", "produce"],
        ["problem"] = ["issue", "difficulty"], ["children"] = ["kids", "youngsters"], ["work"] = ["labour", "effort"],
        ["money"] = ["funds", "cash"], ["home"] = ["house", "residence"], ["car"] = ["vehicle", "automobile"],
        ["found"] = ["discovered", "uncovered"], ["asked"] = ["requested", "queried"], ["use"] = ["employ", "utilise"],
        ["hospital"] = ["medical centre", "clinic"], ["election"] = ["vote", "poll"], ["war"] = ["conflict", "fighting"],
    };

    /// <summary>The fewest words a lifted block holds in sentences outside quotation marks: a paragraph, not a quotation.</summary>
    public const int MinimumBlockWords = 40;

    /// <summary>Sentences shorter than this are headings and fragments, which a copy's evidence does not rest on.</summary>
    private const int EvidenceSentenceWords = 6;

    private static int WordCount(string sentence) => sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>A sentence of the narrator's own (no quotation mark in it), long enough to be a statement.</summary>
    private static bool IsEvidence(string sentence) =>
        WordCount(sentence) >= EvidenceSentenceWords && sentence.AsSpan().IndexOfAny(QuotationMarks) < 0;

    /// <summary>Three sentences and <see cref="MinimumBlockWords"/> words outside quotation marks: a copied paragraph, not shared quotes.</summary>
    private static bool HoldsEvidence(IEnumerable<string> block)
    {
        var evidence = block.Where(IsEvidence).ToList();
        return evidence.Count >= 3 && evidence.Sum(WordCount) >= MinimumBlockWords;
    }

    /// <summary>Straight, curly, low and angle quotation marks (also what the copy set's shared-origin check skips).</summary>
    internal static readonly System.Buffers.SearchValues<char> QuotationMarks = System.Buffers.SearchValues.Create("\"“”„«»");

    /// <summary>
    /// A near-duplicate: words substituted, dropped or inserted at <paramref name="editRate"/>, optionally boilerplate
    /// around it and the end cut off (keeping at least <paramref name="minimumKept"/> of the paragraphs).
    /// </summary>
    public string NearDuplicate(string text, double editRate, bool addBoilerplate, bool truncate, double minimumKept = 0.6)
    {
        var paragraphs = Paragraphs(text);
        if (truncate)
            paragraphs = CutEnd(paragraphs, minimumKept + random.NextDouble() * (0.95 - minimumKept));
        var edited = paragraphs.Select(p => EditWords(p, editRate)).ToList();
        if (addBoilerplate)
        {
            edited.Insert(0, Pick(BoilerplateLines));
            edited.Insert(Math.Min(edited.Count, 1 + random.Next(edited.Count)), Pick(BoilerplateLines));
            edited.Add(Pick(BoilerplateLines));
        }
        return string.Join("\n", edited);
    }

    /// <summary>
    /// A content-farm spin: in every sentence, <paramref name="substitution"/> of the content words swapped for
    /// stand-ins, clauses sometimes swapped round, filler openers and filler sentences added; the order kept.
    /// </summary>
    public string Rewrite(string text, double substitution)
    {
        var output = new List<string>();
        foreach (var paragraph in Paragraphs(text))
        {
            var sentences = SentenceSplitter.Split(paragraph).Select(s => s.Text).ToList();
            var spun = new List<string>();
            foreach (var sentence in sentences)
            {
                string s = SpinWords(sentence, substitution);
                if (random.NextDouble() < 0.3)
                    s = SwapClauses(s);
                if (random.NextDouble() < 0.25)
                    s = Pick(Fillers) + " " + LowerFirst(s);
                spun.Add(s);
                if (random.NextDouble() < 0.12)
                    spun.Add(Pick(FillerSentences));
            }
            output.Add(string.Join(" ", spun));
        }
        return string.Join("\n", output);
    }

    /// <summary>
    /// A host article with a block of <paramref name="source"/>'s sentences (between <paramref name="minimumShare"/>
    /// and <paramref name="maximumShare"/> of them, holding at least three sentences and <see cref="MinimumBlockWords"/>
    /// words outside quotation marks) pasted in at a paragraph break.
    /// Returns null when the source is too short, or too much quotation, to give a block.
    /// </summary>
    public string? PartialCopy(string source, string host, double minimumShare = 0.2, double maximumShare = 0.5)
    {
        // Sentences with the paragraph they belong to, so the lifted block keeps its line breaks (lists stay lists).
        var sentences = Paragraphs(source)
            .SelectMany((p, paragraph) => SentenceSplitter.Split(p).Select(s => (Paragraph: paragraph, s.Text)))
            .ToList();
        int size = Math.Max(3, (int)Math.Round(sentences.Count * (minimumShare + random.NextDouble() * (maximumShare - minimumShare))));
        if (sentences.Count < size + 2)
            return null;
        int start = random.Next(sentences.Count - size + 1);
        // A block is at least a paragraph's worth of evidence: grow it until it holds three sentences and forty words
        // outside quotation marks. Independent reports print the same quotations, so a block of them is no sign of
        // copying, and a copy-detection set that called it one would reward finding copies where there are none.
        while (start + size < sentences.Count && !HoldsEvidence(sentences.Skip(start).Take(size).Select(x => x.Text)))
            size++;
        if (!HoldsEvidence(sentences.Skip(start).Take(size).Select(x => x.Text)))
            return null;
        var block = sentences.Skip(start).Take(size).GroupBy(s => s.Paragraph).Select(g => string.Join(" ", g.Select(s => s.Text)));
        var paragraphs = Paragraphs(host);
        paragraphs.Insert(random.Next(paragraphs.Count + 1), string.Join("\n", block));
        return string.Join("\n", paragraphs);
    }

    /// <summary>Keeps the first sentences holding <paramref name="share"/> of the words, as a cut-off copy does.</summary>
    private static List<string> CutEnd(List<string> paragraphs, double share)
    {
        int total = paragraphs.Sum(WordCount);
        int budget = (int)Math.Ceiling(total * share), used = 0;
        var kept = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var sentences = new List<string>();
            foreach (var sentence in SentenceSplitter.Split(paragraph))
            {
                if (used >= budget)
                    break;
                sentences.Add(sentence.Text);
                used += WordCount(sentence.Text);
            }
            if (sentences.Count > 0)
                kept.Add(string.Join(" ", sentences));
            if (used >= budget)
                break;
        }
        return kept;
    }

    private static List<string> Paragraphs(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private string EditWords(string paragraph, double rate)
    {
        var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var result = new List<string>(words.Count + 4);
        foreach (var w in words)
        {
            if (random.NextDouble() >= rate)
            {
                result.Add(w);
                continue;
            }
            switch (random.Next(3))
            {
                case 0:
                    result.Add(KeepPunctuation(w, Pick(vocabulary)));
                    break;
                case 1:
                    break;
                default:
                    result.Add(w);
                    result.Add(Pick(vocabulary));
                    break;
            }
        }
        return string.Join(' ', result);
    }

    private string SpinWords(string sentence, double substitution)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            string core = w.Trim('.', ',', ';', ':', '!', '?', '"', '“', '”', '(', ')');
            bool content = core.Length > 2 && !Stopwords.English.Contains(core.ToLowerInvariant());
            string replacement = w;
            if (content && random.NextDouble() < substitution)
            {
                string stand = Synonyms.TryGetValue(core, out var options) ? Pick(options) : Pick(vocabulary);
                replacement = KeepPunctuation(w, char.IsUpper(core[0]) && sb.Length == 0 ? UpperFirst(stand) : stand);
            }
            if (sb.Length > 0)
                sb.Append(' ');
            sb.Append(replacement);
        }
        return sb.ToString();
    }

    /// <summary>"A, b." becomes "B, a.": a spinner's favourite reordering.</summary>
    private static string SwapClauses(string sentence)
    {
        int comma = sentence.IndexOf(", ", StringComparison.Ordinal);
        if (comma < 10 || comma > sentence.Length - 12)
            return sentence;
        string first = sentence[..comma], second = sentence[(comma + 2)..].TrimEnd('.', '!', '?');
        string end = sentence.EndsWith('?') ? "?" : sentence.EndsWith('!') ? "!" : ".";
        return UpperFirst(second) + ", " + LowerFirst(first) + end;
    }

    private static string KeepPunctuation(string original, string replacement)
    {
        int end = original.Length;
        while (end > 0 && !char.IsLetterOrDigit(original[end - 1]))
            end--;
        return replacement + original[end..];
    }

    private static string UpperFirst(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Lower-cases the first letter unless the word looks like a name (a capital after the first letter too).</summary>
    private static string LowerFirst(string s) =>
        s.Length < 2 || char.IsUpper(s[1]) ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
