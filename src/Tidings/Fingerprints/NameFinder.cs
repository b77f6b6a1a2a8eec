using System.Text.RegularExpressions;

namespace Tidings.Fingerprints;

/// <summary>A named entity as one article writes it, reduced to a canonical name shared by its short forms.</summary>
public sealed record NamedEntity(string Name, int Mentions, IReadOnlyList<string> Aliases)
{
    /// <summary>
    /// Whether the article writes the name after a title of office at least once ("Sgt. Dan Donakowski", "police
    /// spokesman Anthony Guglielmi"): someone who speaks for every happening of a place, not a party to this one.
    /// </summary>
    public bool Official { get; init; }

    /// <summary>The comparison key: lower case, so "Wang Yi" in two articles is one entity.</summary>
    public string Key => Name.ToLowerInvariant();
}

/// <summary>
/// Finds names as runs of capitalised words, strips honorifics and titles ("Mr", "President"), and merges a short
/// form into the one full name it belongs to ("Mr Wang" and "Wang" into "Wang Yi"; "Putin" into "Vladimir Putin").
/// A statistical recogniser comes later; capitalisation is an honest first signal in English news.
/// </summary>
public static partial class NameFinder
{
    // Words of one name are on one line: a run never crosses a line break ("BBC" ending one line, "The Guardian" starting the next).
    [GeneratedRegex(@"\p{Lu}[\p{L}\p{M}]*(?:[\-'’]\p{L}[\p{L}\p{M}]*)*(?:[^\S\r\n]+(?:(?:of|de|del|al|bin|van|von|da|der|la|the)[^\S\r\n]+)?\p{Lu}[\p{L}\p{M}]*(?:[\-'’]\p{L}[\p{L}\p{M}]*)*)*", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedRun();

    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady", "President", "Vice", "Premier", "Prime", "Minister",
        "Foreign", "Defence", "Defense", "Director", "Chairman", "Chairwoman", "Secretary", "General", "Chancellor",
        "King", "Queen", "Prince", "Princess", "Senator", "Sen", "Rep", "Governor", "Gov", "Mayor", "Judge", "Justice",
        "Pope", "Chief", "Executive", "Managing", "Correspondent", "Spokesman", "Spokeswoman", "Ambassador", "Envoy",
        "Leader", "Captain", "Officer", "Professor", "Prof", "Commander", "Colonel", "Col", "Lieutenant", "Sergeant",
        "Detective", "Inspector", "Supreme", "Deputy", "Acting", "Former", "Top", "Special", "Russian", "Chinese",
        "American", "British", "US", "UN", "National", "Security", "Council", "Adviser", "Advisor", "Managing",
        "Chairwoman", "Spokesperson", "Representative", "Economic", "Affairs",
    };

    /// <summary>Words that name a body when titles qualify them.</summary>
    private static readonly HashSet<string> Bodies = new(StringComparer.Ordinal)
    {
        "Ministry", "Council", "Office", "Department", "Committee", "Commission", "Agency", "Service", "Court",
        "Government", "Parliament", "Army", "Navy", "Embassy", "Mission", "Forum", "Bank", "Fund", "Union", "Party",
        "Organisation", "Organization", "Association", "Institute", "Authority", "Board", "Assembly", "Summit",
    };

    /// <summary>Whether a word names a kind of body ("Ministry", "Forum"): qualifiers before it tell one body from another.</summary>
    public static bool IsBody(string word) => Bodies.Contains(word);

    /// <summary>Lower-case words the name pattern lets inside a name ("Bank of England"), never at its ends.</summary>
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "of", "de", "del", "al", "bin", "van", "von", "da", "der", "la", "the" };

    /// <summary>Capitalised only because they start a sentence or are months and days.</summary>
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "As", "It", "He", "She", "They", "We", "I", "This",
        "That", "These", "Those", "His", "Her", "Their", "Its", "After", "Before", "While", "When", "Where", "What",
        "Who", "Why", "How", "There", "Here", "Meanwhile", "However", "Also", "According", "During", "Since", "Both",
        "Some", "Many", "Most", "Any", "All", "Each", "Such", "Only", "Even", "For", "From", "With", "By", "To", "Of",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "Photo", "Image",
        "Additionally", "Then", "Now", "Yet", "Still", "Despite", "Although", "Though", "Because", "Until", "Once",
        "Last", "Next", "Earlier", "Later", "Today", "Yesterday", "Tomorrow", "One", "Two", "Three", "More", "Other",
        "Is", "Was", "Are", "Were", "Did", "Does", "Do", "Can", "Will", "Should", "Would", "Could", "Has", "Have", "Had",
    };

    /// <summary>Whether a capitalised word is a title or qualifier that comes before names ("Minister", "Chinese").</summary>
    public static bool IsTitle(string word) => Titles.Contains(word);

    public static List<NamedEntity> Find(IEnumerable<string> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var aliases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var officials = new HashSet<string>(StringComparer.Ordinal);
        var all = sentences as IReadOnlyCollection<string> ?? sentences.ToList();
        HashSet<string>? lowerWords = null;
        foreach (var sentence in all)
        {
            foreach (var m in CapitalisedRun().EnumerateMatches(sentence))
            {
                bool afterOffice = FollowsOffice(sentence.AsSpan(0, m.Index));
                var parts = Parts(sentence.Substring(m.Index, m.Length))
                    .SelectMany(part => TooLong(part) ? HeadlineNames(part, lowerWords ??= LowerCaseWords(all)) : [part]);
                foreach (var part in parts)
                {
                    if (Clean(part, out bool titled) is not { } name)
                        continue;
                    if (afterOffice || titled)
                        officials.Add(name);
                    afterOffice = false;
                    if (!counts.TryAdd(name, 1))
                        counts[name]++;
                    else
                        order.Add(name);
                    if (!aliases.TryGetValue(name, out var set))
                        aliases[name] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(part);
                }
            }
        }
        return MergeShortForms(order, counts, aliases, officials);
    }

    /// <summary>
    /// Titles of those who speak for every happening of a place (police ranks, spokespeople, prosecutors, judges),
    /// lower case and without a full stop, as a name's own run or the word before it writes them.
    /// </summary>
    private static readonly HashSet<string> OfficeTitles = new(StringComparer.OrdinalIgnoreCase)
    {
        "officer", "ofc", "sergeant", "sgt", "lieutenant", "lt", "captain", "capt", "detective", "det", "corporal", "cpl",
        "chief", "sheriff", "deputy", "spokesman", "spokeswoman", "spokesperson", "trooper", "agent", "investigator",
        "inspector", "commissioner", "superintendent", "supt", "coroner", "prosecutor", "judge", "mayor", "marshal",
        "constable", "attorney", "commander", "cmdr",
    };

    /// <summary>Whether the text before a name ends with a title of office ("said Sgt.", "police spokesman").</summary>
    private static bool FollowsOffice(ReadOnlySpan<char> before)
    {
        before = before.TrimEnd().TrimEnd('.');
        int start = before.Length;
        while (start > 0 && char.IsLetter(before[start - 1]))
            start--;
        return start < before.Length && OfficeTitleSpans.Contains(before[start..]);
    }

    /// <summary><see cref="OfficeTitles"/> looked up by span, made once: every capitalised run of every article asks it.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OfficeTitleSpans = OfficeTitles.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The most words a name has; a longer capitalised run is a headline or a heading.</summary>
    private const int MaxNameWords = 5;

    /// <summary>
    /// A headline written in title case is one capitalised run ("Lindsay Lohan Checks Out Of Rehab"), too long to be a
    /// name: its names are the stretches of words the article never writes in lower case ("checks", "out", "rehab" it
    /// does). Dropped whole, such headlines had hidden the one person two reports of a day share: on ECB+ reading them
    /// took event-level pairwise F1 from 0.900 to 0.906 (recall 0.832 to 0.843); GVA 0.854 to 0.852 (precision 0.946),
    /// Giveme5W1H 0.951 unchanged.
    /// </summary>
    private static IEnumerable<string> HeadlineNames(string run, HashSet<string> lowerWords)
    {
        var current = new List<string>();
        foreach (var word in run.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lowerWords.Contains(word.ToLowerInvariant()))
            {
                if (current.Count > 0)
                    yield return string.Join(' ', current);
                current.Clear();
            }
            else
            {
                current.Add(word);
            }
        }
        if (current.Count > 0)
            yield return string.Join(' ', current);
    }

    /// <summary>Whether a run has more words than a name, once the words <see cref="Clean"/> trims from its ends are gone.</summary>
    private static bool TooLong(string run)
    {
        if (run.Count(c => c == ' ') < MaxNameWords)
            return false;
        var words = run.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int start = 0, end = words.Length;
        while (start < end && IsEdgeWord(words[start]))
            start++;
        while (end > start && IsEdgeWord(words[end - 1]))
            end--;
        return end - start > MaxNameWords;
    }

    /// <summary>A word a name neither starts nor ends with: a sentence's capitalised first word, or a connector ("of").</summary>
    private static bool IsEdgeWord(string word) => NotNames.Contains(word) || Connectors.Contains(word);

    /// <summary>The words the article writes in lower case somewhere, as written.</summary>
    private static HashSet<string> LowerCaseWords(IEnumerable<string> sentences)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            foreach (var m in LowerCaseWord().EnumerateMatches(sentence))
                words.Add(sentence.Substring(m.Index, m.Length));
        }
        return words;
    }

    [GeneratedRegex(@"\b\p{Ll}[\p{L}\p{M}'’-]*", RegexOptions.CultureInvariant)]
    private static partial Regex LowerCaseWord();

    /// <summary>
    /// A run of capitalised words holds several names where a possessive or a hyphen between capitals joins them:
    /// "Wang Yi’s Moscow trip" names Wang Yi and Moscow, "Russia-North Korea talks" Russia and North Korea.
    /// </summary>
    private static IEnumerable<string> Parts(string run)
    {
        // Most runs have nothing to split at (no apostrophe, hyphen or inner "The"), and every article has hundreds.
        if (run.AsSpan().IndexOfAny('\'', '’', '-') < 0 && !run.Contains("The", StringComparison.Ordinal))
            return [run];
        // "The" inside a run starts another name: "BBC The Guardian" lists two publishers.
        var parts = PossessiveOrCapitalHyphen().Split(run).SelectMany(p => InnerThe().Split(p));
        return parts.Where(p => p.Length > 0);
    }

    /// <summary>"Beijing-based", "Russia-backed": a place made an adjective; the name is the place.</summary>
    [GeneratedRegex(@"-(?:based|backed|led|born|made|owned|run|funded|style|era|bound|linked|allied|friendly)$", RegexOptions.CultureInvariant)]
    private static partial Regex AdjectiveSuffix();

    [GeneratedRegex(@"(?<=\p{L})['’]s\s+|(?<=\p{L}{2})-(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex PossessiveOrCapitalHyphen();

    [GeneratedRegex(@"\s+(?=The\s)", RegexOptions.CultureInvariant)]
    private static partial Regex InnerThe();

    /// <summary>
    /// The name a run of capitalised words gives, without titles and sentence-initial words: "Foreign Minister Arvo
    /// Tamm" gives "Arvo Tamm". A run of title words alone names an office or body when it has two words or more
    /// ("Security Council"); a lone title ("President") names nobody.
    /// </summary>
    private static string? Clean(string surface, out bool titled)
    {
        titled = false;
        // The words kept are words[start..end]: trimmed in place rather than copied into lists, since every capitalised
        // run of every sentence passes through here twice (fingerprint and synthesis).
        var words = surface.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int start = 0, end = words.Length;
        while (start < end && IsEdgeWord(words[start]))
            start++;
        int untitled = start;
        while (untitled < end && (Titles.Contains(words[untitled]) || Connectors.Contains(words[untitled])))
            untitled++;
        // "Russian Foreign Ministry" and "the Chinese Ministry of Foreign Affairs" are bodies of their own, not one
        // "Ministry" that qualifiers describe: the Russian and the Chinese ministry are two organisations.
        if (untitled < end && Bodies.Contains(words[untitled]) && untitled > start)
            untitled = start;
        if (untitled < end)
        {
            for (int i = start; i < untitled && !titled; i++)
                titled = OfficeTitles.Contains(words[i]);
            start = untitled;
        }
        else if (end - start < 2)
            return null;
        while (end > start && IsEdgeWord(words[end - 1]))
            end--;
        if (end == start || end - start > MaxNameWords)
            return null;
        string name = AdjectiveSuffix().Replace(string.Join(' ', words, start, end - start), "").TrimEnd('’', '\'');
        if (name.EndsWith("’s", StringComparison.Ordinal) || name.EndsWith("'s", StringComparison.Ordinal))
            name = name[..^2];
        return name.Length < 2 ? null : name;
    }

    /// <summary>
    /// Legal forms that end a company's name ("Standard Oil Co", "Perry Gas Cos Inc", "Beecham Group Plc"), in any case.
    /// </summary>
    private static readonly HashSet<string> CompanyForms = new(StringComparer.OrdinalIgnoreCase)
    {
        "co", "cos", "corp", "inc", "ltd", "plc", "ag", "sa", "nv", "bv", "gmbh", "llc", "company", "corporation",
    };

    /// <summary>Whether a name's last word says it names a company ("Co", "Inc", "Plc"), in any case.</summary>
    public static bool IsCompanyForm(string word) => CompanyForms.Contains(word);

    /// <summary>
    /// A one-word name that is a word of exactly one longer name is that person or place, and a name that is another
    /// without its legal form ("Standard Oil" beside "Standard Oil Co") is that company.
    /// </summary>
    private static List<NamedEntity> MergeShortForms(List<string> order, Dictionary<string, int> counts, Dictionary<string, HashSet<string>> aliases, HashSet<string> officials)
    {
        // Each word of a longer name is filed once under that name, so that a short form finds its owners by one lookup:
        // matching every short form against every longer name was quadratic in an article's names.
        var owners = new Dictionary<string, (string First, int Count)>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            if (!name.Contains(' ', StringComparison.Ordinal))
                continue;
            foreach (var word in name.Split(' ').Distinct(StringComparer.Ordinal))
                owners[word] = owners.TryGetValue(word, out var known) ? (known.First, known.Count + 1) : (name, 1);
        }
        var target = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            if (!name.Contains(' ', StringComparison.Ordinal) && owners.TryGetValue(name, out var owner) && owner.Count == 1)
                target[name] = owner.First;
        }
        // A company named without its legal form ("Standard Oil" beside "Standard Oil Co") is that company, in the same
        // case only: taking a wire headline's "STANDARD OIL" in too made more of one company's reports events of their
        // own, which the storyline pass then chained (Reuters' storylines agreed on a topic in 0.198 of pairs across
        // events, against 0.260 this way).
        foreach (var name in order)
        {
            int space = name.LastIndexOf(' ');
            if (space > 0 && IsCompanyForm(name[(space + 1)..]) && counts.ContainsKey(name[..space]))
                target.TryAdd(name[..space], name);
        }
        var merged = new Dictionary<string, (int Mentions, HashSet<string> Aliases)>(StringComparer.Ordinal);
        var mergedOfficials = new HashSet<string>(StringComparer.Ordinal);
        var mergedOrder = new List<string>();
        foreach (var name in order)
        {
            string canonical = target.GetValueOrDefault(name, name);
            if (!merged.TryGetValue(canonical, out var entry))
            {
                entry = (0, new HashSet<string>(StringComparer.Ordinal));
                mergedOrder.Add(canonical);
            }
            entry.Aliases.UnionWith(aliases[name]);
            if (officials.Contains(name))
                mergedOfficials.Add(canonical);
            merged[canonical] = (entry.Mentions + counts[name], entry.Aliases);
        }
        return mergedOrder.Select(n => new NamedEntity(n, merged[n].Mentions,
            merged[n].Aliases.Where(a => a != n).Order(StringComparer.Ordinal).ToList()) { Official = mergedOfficials.Contains(n) }).ToList();
    }
}
