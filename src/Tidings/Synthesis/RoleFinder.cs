using System.Text.RegularExpressions;

namespace Tidings.Synthesis;

/// <summary>
/// The role a sentence gives a name: the title words right before it ("Chinese Foreign Minister Wang Yi", "China's
/// top diplomat Wang Yi", "US national security adviser Jake Sullivan") or an apposition right after it ("Sergei
/// Shoigu, the secretary of Russia's Security Council,"). A role must hold a head word (minister, adviser, spokeswoman);
/// the other words must be title words, so "visited Moscow with Wang Yi" gives none.
/// </summary>
internal static partial class RoleFinder
{
    private static readonly HashSet<string> Heads = new(StringComparer.OrdinalIgnoreCase)
    {
        "minister", "president", "secretary", "adviser", "advisor", "director", "chairman", "chairwoman", "chair",
        "leader", "spokesperson", "spokeswoman", "spokesman", "envoy", "diplomat", "ambassador", "premier", "chancellor",
        "king", "queen", "mayor", "governor", "general", "official", "chief", "head", "commander", "senator", "ceo",
        "founder", "prosecutor", "judge", "negotiator", "representative", "editor", "correspondent", "analyst",
    };

    private static readonly HashSet<string> Modifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "foreign", "prime", "vice", "deputy", "national", "security", "defence", "defense", "top", "special", "state",
        "senior", "former", "acting", "supreme", "council", "ministry", "affairs", "policy", "communist", "party", "ruling",
        "us", "u.s.", "white", "house", "executive", "managing", "assistant", "associate", "chief", "presidential",
        "military", "intelligence", "finance", "trade", "economy", "interior", "justice", "health", "energy", "press",
        "chinese", "russian", "american", "north", "south", "korean", "ukrainian", "british", "french", "german",
        "japanese", "indian", "iranian", "israeli", "european", "turkish", "belarusian", "un", "eu", "nato",
    };

    /// <summary>Joining words allowed inside a role, never at its ends.</summary>
    private static readonly HashSet<string> Joiners = new(StringComparer.OrdinalIgnoreCase) { "of", "for", "and", "the" };

    /// <summary>A capitalised adjective of nationality, which qualifies a role: "Estonian", "Portuguese", "Turkish".</summary>
    [GeneratedRegex(@"^\p{Lu}\p{Ll}+(?:ian|ese|ish|an|ic|i)$", RegexOptions.CultureInvariant)]
    private static partial Regex Nationality();

    [GeneratedRegex(@"[\p{L}][\p{L}.’'\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>
    /// How much text around a mention is read for its role. A role is at most seven words before the name or an
    /// apposition of 80 characters after it; reading only this much keeps a mention's cost constant, where reading the
    /// whole sentence made a "sentence" without stops (a scraped list, a table) quadratic in its mentions.
    /// </summary>
    private const int RoleContext = 240;

    /// <summary>The roles <paramref name="sentence"/> gives <paramref name="name"/>, as written.</summary>
    public static IEnumerable<string> Roles(string sentence, string name)
    {
        int at = 0;
        while ((at = sentence.IndexOf(name, at, StringComparison.Ordinal)) >= 0)
        {
            if (Before(TextBefore(sentence, at)) is { } before)
                yield return before;
            int end = at + name.Length;
            bool cut = sentence.Length - end > RoleContext;
            if (After(sentence.Substring(end, cut ? RoleContext : sentence.Length - end), cut) is { } after)
                yield return after;
            at += name.Length;
        }
    }

    /// <summary>The <see cref="RoleContext"/> characters before <paramref name="at"/>, starting at a word.</summary>
    private static string TextBefore(string sentence, int at)
    {
        if (at <= RoleContext)
            return sentence[..at];
        int start = at - RoleContext;
        int space = sentence.IndexOf(' ', start, RoleContext);
        return sentence[(space < 0 ? start : space + 1)..at];
    }

    private static string? Before(string text)
    {
        // A role before a name ends in a head word right before it, which nearly no mention has: look at that one word
        // before matching every word of the context.
        if (LastWord(text) is not { } last || !Heads.Contains(last))
            return null;
        var words = Word().Matches(text).TakeLast(7).ToList();
        // The words must run up to the name with nothing but spaces between.
        if (words.Count == 0 || text[(words[^1].Index + words[^1].Length)..].Trim().Length > 0)
            return null;
        int start = words.Count;
        for (int i = words.Count - 1; i >= 0; i--)
        {
            string w = words[i].Value;
            bool possessive = w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal);
            if (i < words.Count - 1 && text[(words[i].Index + words[i].Length)..words[i + 1].Index].Trim().Length > 0)
                break;
            // "spokesman for Russian President Vladimir Putin": the role of Putin starts after "for".
            if (Joiners.Contains(w) && !string.Equals(w, "of", StringComparison.OrdinalIgnoreCase))
                break;
            if (IsRoleWord(w) || Nationality().IsMatch(w) || (possessive && char.IsUpper(w[0])))
            {
                start = i;
                if (possessive)
                {
                    // The owner may be a name of several words: "North Korea's leader".
                    while (start > 0 && char.IsUpper(words[start - 1].Value[0]) && text[(words[start - 1].Index + words[start - 1].Length)..words[start].Index].Trim().Length == 0)
                        start--;
                    break;
                }
            }
            else
            {
                break;
            }
        }
        // A role written before a name ends in its head word: "adviser Jake Sullivan", not "secretary of Russia".
        if (start == words.Count || !Heads.Contains(words[^1].Value))
            return null;
        return Role(words.Skip(start).Select(m => m.Value).ToList());
    }

    /// <summary>
    /// The last <see cref="Word"/> match of <paramref name="text"/> when only white space follows it, else null. Word
    /// characters cannot join a match to the one before, so the match is the run of word characters at the end, from
    /// its first letter.
    /// </summary>
    private static string? LastWord(string text)
    {
        int end = text.Length;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
            end--;
        int start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] is '.' or '’' or '\'' or '-'))
            start--;
        while (start < end && !char.IsLetter(text[start]))
            start++;
        return start < end ? text[start..end] : null;
    }

    [GeneratedRegex(@"^\s*,\s+(?:the\s+|a\s+|an\s+)?(?<role>[^,.;:()""“”]{3,80}?)\s*(?:[,.;:)]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Apposition();

    /// <param name="text">What follows the name.</param>
    /// <param name="cut">Whether the sentence goes on past <paramref name="text"/>: then its end is no end of an apposition.</param>
    private static string? After(string text, bool cut)
    {
        var m = Apposition().Match(text);
        if (!m.Success || (cut && m.Index + m.Length == text.Length && !",.;:)".Contains(text[^1], StringComparison.Ordinal)))
            return null;
        var words = Word().Matches(m.Groups["role"].Value).Select(w => w.Value).ToList();
        if (words.Count > 8 || !words.Any(Heads.Contains))
            return null;
        // An apposition may name an office's country or body ("of Russia's Security Council"); it may not tell a
        // story or list other people ("Putin, Iceland's Prime Minister Sigmundur Gunnlaugsson").
        if (words.Any(w => !IsRoleWord(w) && !Joiners.Contains(w) && !(char.IsUpper(w[0]) && (w.EndsWith("'s", StringComparison.Ordinal) || w.EndsWith("’s", StringComparison.Ordinal) || Nationality().IsMatch(w)))))
            return null;
        return m.Groups["role"].Value.Trim();
    }

    private static string? Role(List<string> words)
    {
        while (words.Count > 0 && Joiners.Contains(words[0]))
            words.RemoveAt(0);
        if (words.Count == 0)
            return null;
        // "Mr" and "the" are not roles; a lone head word in lower case ("official Wang") is too vague to keep.
        if (words.Count == 1 && char.IsLower(words[0][0]))
            return null;
        return string.Join(' ', words);
    }

    private static bool IsRoleWord(string word) => Heads.Contains(word) || Modifiers.Contains(word) || Joiners.Contains(word);
}
