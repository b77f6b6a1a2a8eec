using System.Globalization;

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
        // Countries and regions.
        "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
        "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia", "Brazil", "Bulgaria", "Burma", "Cambodia",
        "Cameroon", "Canada", "Chile", "China", "Colombia", "Congo", "Costa Rica", "Croatia", "Cuba", "Cyprus",
        "Czech Republic", "Denmark", "Ecuador", "Egypt", "El Salvador", "Estonia", "Ethiopia", "Finland", "France",
        "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Haiti", "Honduras", "Hungary", "Iceland", "India",
        "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya",
        "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg", "Malaysia",
        "Mali", "Malta", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Nepal",
        "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea", "Norway", "Oman", "Pakistan",
        "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia",
        "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Singapore", "Slovakia", "Slovenia", "Somalia", "South Africa",
        "South Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan",
        "Tajikistan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine",
        "United Arab Emirates", "UAE", "United Kingdom", "UK", "Britain", "Great Britain", "England", "Scotland", "Wales",
        "United States", "US", "USA", "America", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Yemen", "Zambia",
        "Zimbabwe", "Korea", "Europe", "Asia", "Africa", "Latin America", "Middle East", "East Asia", "Gaza",
        "West Bank", "Crimea", "Donbas", "Kashmir", "Tibet", "Xinjiang", "Hong Kong", "Macau", "Virgin Islands",
        "British Virgin Islands", "Caribbean", "Balkans", "Arctic", "Antarctica", "Pacific", "Atlantic",
        // Cities news names most.
        "Moscow", "Beijing", "Washington", "Kyiv", "Kiev", "Pyongyang", "Seoul", "Tokyo", "London", "Paris", "Berlin",
        "Minsk", "Vladivostok", "Shanghai", "St Petersburg", "Brussels", "Geneva", "New York", "Tehran", "Jerusalem",
        "Ankara", "Istanbul", "Delhi", "New Delhi", "Valletta", "Vostochny", "Artyom", "Donetsk", "Kursk", "Rome",
        "Madrid", "Vienna", "Warsaw", "Prague", "Budapest", "Athens", "Cairo", "Baghdad", "Damascus", "Beirut",
        "Kabul", "Islamabad", "Mumbai", "Bangkok", "Hanoi", "Manila", "Jakarta", "Sydney", "Canberra", "Ottawa",
        "Toronto", "Los Angeles", "San Francisco", "Chicago", "Miami", "Boston", "San Jose", "Mexico City",
        "Havana", "Caracas", "Bogota", "Lima", "Santiago", "Buenos Aires", "Nairobi", "Lagos", "Johannesburg",
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
        "Canadian", "Australian", "Mexican", "Brazilian", "Egyptian", "Saudi", "Palestinian", "Soviet", "Rican",
        "Salvadoran", "Venezuelan", "Colombian", "Cuban", "Chilean", "Peruvian", "Argentine", "Argentinian", "Nigerian",
        "Kenyan", "Ethiopian", "Somali", "Libyan", "Tunisian", "Moroccan", "Algerian", "Lebanese", "Jordanian",
        "Yemeni", "Qatari", "Emirati", "Kuwaiti", "Kurdish", "Greek", "Dutch", "Belgian", "Swiss", "Austrian",
        "Swedish", "Norwegian", "Danish", "Finnish", "Irish", "Scottish", "Welsh", "Portuguese", "Hungarian", "Czech",
        "Slovak", "Romanian", "Bulgarian", "Serbian", "Croatian", "Bosnian", "Albanian", "Georgian", "Armenian",
        "Azerbaijani", "Kazakh", "Uzbek", "Mongolian", "Thai", "Filipino", "Indonesian", "Malaysian", "Singaporean",
        "Burmese", "Cambodian", "Bangladeshi", "Nepalese", "Tibetan", "Uighur", "Uyghur", "Latin", "Hispanic",
        "Muslim", "Christian", "Jewish", "Catholic", "Sunni", "Shia", "Shiite", "Estonian", "Latvian", "Lithuanian",
        "Panamanian", "Icelandic", "Maltese", "Taiwanese", "Haitian", "Sudanese", "Congolese", "Rwandan", "Ugandan",
    };

    /// <summary>"North Korean", "Russian": an adjective of nationality, capitalised but no name.</summary>
    public static bool IsDemonym(string name) => Demonyms.Contains(name.Split(' ')[^1]);

    private static readonly string[] PlacePrepositions = ["in", "to", "from", "near", "at", "outside", "across"];

    /// <summary>Whether a text writes the name after "in", "to", "from", "near" or "at": where things happen.</summary>
    public static bool FollowsPlacePreposition(string text, string name) => AnyMention(text, name, at =>
    {
        int end = SkipWhitespaceBack(text, at);
        return end < at && PlacePrepositions.Any(p => end >= p.Length && text.AsSpan(end - p.Length, p.Length).SequenceEqual(p)
            && (end - p.Length == 0 || !IsWordChar(text[end - p.Length - 1])));
    });

    /// <summary>Whether a text writes the name after a lower-case word or a comma, not only at a sentence's start.</summary>
    public static bool WrittenMidSentence(string text, string name) => AnyMention(text, name, at =>
    {
        int end = SkipWhitespaceBack(text, at);
        return end < at && end > 0 && (char.IsLower(text[end - 1]) || text[end - 1] is ',' or ';' or ':');
    });

    /// <summary>
    /// Whether some whole-word occurrence of <paramref name="name"/> passes <paramref name="preceded"/>. Found with an
    /// ordinal search rather than a regex built per name: a story names thousands of entities (a digest, a live blog),
    /// and building and running one regex per name over every article's text made synthesis quadratic in practice.
    /// </summary>
    private static bool AnyMention(string text, string name, Func<int, bool> preceded)
    {
        if (name.Length == 0)
            return false;
        bool wordEnd = IsWordChar(name[^1]);
        for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            int after = at + name.Length;
            // The regex \b after the name: a word character on exactly one side.
            bool boundary = after == text.Length ? wordEnd : wordEnd != IsWordChar(text[after]);
            if (boundary && preceded(at))
                return true;
        }
        return false;
    }

    /// <summary>The index just after the last non-space before <paramref name="at"/>.</summary>
    private static int SkipWhitespaceBack(string text, int at)
    {
        int i = at;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
            i--;
        return i;
    }

    /// <summary>A regex word character: letters, digits, marks and connector punctuation.</summary>
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

    private static readonly HashSet<string> CalendarWords = new(StringComparer.Ordinal)
    {
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    };

    /// <summary>"Nov" of "Nov. 24": a month's abbreviation, capitalised but no name.</summary>
    public static bool IsCalendarWord(string name) => CalendarWords.Contains(name);

    /// <param name="name">The entity's name.</param>
    /// <param name="surfaces">Every way the articles write it.</param>
    /// <param name="roles">The roles they give it.</param>
    /// <param name="afterPlacePreposition">Whether some article writes it as a place ("in Lisbon").</param>
    public static EntityKind Classify(string name, IReadOnlyList<string> surfaces, IReadOnlyList<string> roles, bool afterPlacePreposition)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (Places.Contains(name))
            return EntityKind.Place;
        // Short words count as organisation words only in capitals: "UN" is one, the "Un" of "Kim Jong Un" is not.
        if (words.Any(w => OrganisationWords.Contains(w) && (w.Length > 3 || w.All(char.IsUpper))) || (name.Length <= 5 && name.All(c => char.IsUpper(c) || c == '-')))
            return EntityKind.Organisation;
        bool personal = roles.Any(r => r.Split(' ').Any(PersonalRoleWords.Contains))
            || surfaces.Any(s => Honorifics.Any(h => s.StartsWith(h, StringComparison.Ordinal)));
        // People are called by their surname alone ("Putin", "Mr Kim"); a firm or a newspaper rarely is.
        bool shortForm = words.Length is 2 or 3 && surfaces.Any(s => s == words[^1]);
        if (personal || shortForm)
            return EntityKind.Person;
        if (afterPlacePreposition && words.Length == 1)
            return EntityKind.Place;
        return EntityKind.Other;
    }
}
