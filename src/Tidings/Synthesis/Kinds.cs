using System.Text.RegularExpressions;

namespace Tidings.Synthesis;

/// <summary>
/// Whether a name is a person, an organisation or a place: organisations by the words their names are built of,
/// places from a short list of the countries and cities news names most (or a word written after "in" or "to"),
/// people by a personal role, an honorific, or a name of two or three words that the articles also shorten to one
/// of its words ("Putin"). Other names stay <see cref="EntityKind.Other"/>: a wrong kind misleads more than none.
/// </summary>
internal static class Kinds
{
    private static readonly HashSet<string> OrganisationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ministry", "council", "court", "forum", "institute", "agency", "committee", "party", "bank", "union",
        "organization", "organisation", "times", "news", "post", "department", "office", "commission", "association",
        "university", "company", "corporation", "inc", "ltd", "group", "army", "navy", "police", "government",
        "parliament", "assembly", "kremlin", "nations", "federation", "fund", "foundation", "service", "guard",
        "command", "house", "press", "media", "tv", "radio", "journal", "herald", "tribune", "reuters", "afp", "ap",
        "xinhua", "tass", "bbc", "cnn", "epa", "nato", "un", "eu", "icc", "pentagon", "congress", "senate", "cabinet",
    };

    private static readonly HashSet<string> Places = new(StringComparer.OrdinalIgnoreCase)
    {
        "Russia", "China", "Ukraine", "United States", "US", "America", "North Korea", "South Korea", "Korea", "Japan",
        "India", "Pakistan", "Iran", "Iraq", "Israel", "Syria", "Turkey", "Germany", "France", "Britain", "UK",
        "United Kingdom", "England", "Italy", "Spain", "Poland", "Belarus", "Kazakhstan", "Kyrgyzstan", "Uzbekistan",
        "Mongolia", "Taiwan", "Vietnam", "Malta", "Europe", "Asia", "Africa", "Brazil", "Mexico", "Canada", "Australia",
        "Egypt", "Saudi Arabia", "Qatar", "Gaza", "Crimea", "Moscow", "Beijing", "Washington", "Kyiv", "Kiev",
        "Pyongyang", "Seoul", "Tokyo", "London", "Paris", "Berlin", "Minsk", "Vladivostok", "Shanghai", "Hong Kong",
        "St Petersburg", "Brussels", "Geneva", "New York", "Tehran", "Jerusalem", "Ankara", "Istanbul", "Delhi",
        "New Delhi", "Valletta", "Vostochny", "East Asia", "Middle East", "Artyom", "Donetsk", "Kursk",
    };

    private static readonly HashSet<string> PersonalRoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "minister", "president", "secretary", "adviser", "advisor", "director", "chairman", "chairwoman", "leader",
        "spokesperson", "spokeswoman", "spokesman", "envoy", "diplomat", "ambassador", "premier", "chancellor", "mayor",
        "governor", "official", "senator", "analyst", "correspondent", "negotiator",
    };

    private static readonly string[] Honorifics = ["Mr ", "Mrs ", "Ms ", "Dr ", "Mr. ", "Mrs. ", "Ms. ", "Dr. "];

    private static readonly HashSet<string> Demonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "Korean", "Russian", "Chinese", "American", "British", "French", "German", "Japanese", "Indian", "Iranian",
        "Israeli", "Ukrainian", "European", "Western", "Eastern", "Asian", "African", "Arab", "Turkish", "Syrian",
        "Iraqi", "Afghan", "Pakistani", "Taiwanese", "Vietnamese", "Belarusian", "Polish", "Italian", "Spanish",
        "Canadian", "Australian", "Mexican", "Brazilian", "Egyptian", "Saudi", "Palestinian", "Soviet",
    };

    /// <summary>"North Korean", "Russian": an adjective of nationality, capitalised but no name.</summary>
    public static bool IsDemonym(string name) => Demonyms.Contains(name.Split(' ')[^1]);

    /// <summary>Whether a text writes the name after "in", "to", "from", "near" or "at": where things happen.</summary>
    public static bool FollowsPlacePreposition(string text, string name) =>
        Regex.IsMatch(text, @"\b(?:in|to|from|near|at|outside|across)\s+" + Regex.Escape(name) + @"\b", RegexOptions.CultureInvariant);

    /// <summary>Whether a text writes the name after a lower-case word or a comma, not only at a sentence's start.</summary>
    public static bool WrittenMidSentence(string text, string name) =>
        Regex.IsMatch(text, @"(?<=[\p{Ll},;:]\s+)" + Regex.Escape(name) + @"\b", RegexOptions.CultureInvariant);

    /// <param name="name">The entity's name.</param>
    /// <param name="surfaces">Every way the articles write it.</param>
    /// <param name="roles">The roles they give it.</param>
    /// <param name="afterPlacePreposition">Whether some article writes it as a place ("in Lisbon").</param>
    public static EntityKind Classify(string name, IReadOnlyList<string> surfaces, IReadOnlyList<string> roles, bool afterPlacePreposition)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(OrganisationWords.Contains) || (name.Length <= 5 && name.All(c => char.IsUpper(c) || c == '-') && !Places.Contains(name)))
            return EntityKind.Organisation;
        if (Places.Contains(name))
            return EntityKind.Place;
        bool personal = roles.Any(r => r.Split(' ').Any(PersonalRoleWords.Contains))
            || surfaces.Any(s => Honorifics.Any(h => s.StartsWith(h, StringComparison.Ordinal)));
        // People are called by their surname alone ("Putin", "Mr Kim"); a firm or a newspaper rarely is.
        bool shortForm = words.Length is 2 or 3 && surfaces.Any(s => s == words[^1] || s == words[0]);
        if (personal || shortForm)
            return EntityKind.Person;
        if (afterPlacePreposition && words.Length == 1)
            return EntityKind.Place;
        return EntityKind.Other;
    }
}
