using Tidings.Extraction.Html;

namespace Tidings.Extraction;

/// <summary>
/// Removes the publisher's name from a headline a record declares: scrapers keep the page's browser title, "Man charged
/// in Houston shooting - KLTV.com - Tyler, Longview, Jacksonville". That tail is the outlet's, not the article's, and in
/// a feed of one kind of news it is the strongest thing two of the outlet's headlines share: on the Gun Violence Archive
/// reports it joined shootings weeks and towns apart into one event because one station reported both.
/// </summary>
/// <remarks>
/// The site is known by its source and its address (<c>wmcactionnews5.com</c>, <c>kctv5.com</c>), and a part of the
/// title between separators names it when the two read alike once spaces and punctuation go: "WMC Action News 5",
/// "KCTV5", "KSHB.com", "WNEM TV 5". A part that only begins like the site ("FOX 8 WVUE New Orleans News" on
/// <c>fox8live.com</c>) names it only if it also reads as a medium (news, TV, radio...), so that "Detroit police seek
/// suspect" on <c>detroitnews.com</c> stays. The site's part and all that follows it go; a leading part goes when the
/// site's name opens the title ("WJTV News Channel 12 - Five injured"). At least <see cref="MinKeptWords"/> words of
/// headline always stay.
/// </remarks>
internal static class SiteNameInTitle
{
    /// <summary>Words of headline that must remain: a two-word title whose second part resembles the site is left whole.</summary>
    private const int MinKeptWords = 3;

    /// <summary>Letters two names must share from their start to be read as one site's when neither holds the other.</summary>
    private const int MinSharedPrefix = 4;

    /// <summary>The headline without the site's name, or the title as it was when no part of it names the site.</summary>
    public static string Strip(string title, string? source, string? url)
    {
        var keys = SiteKeys(source, url);
        if (keys.Count == 0)
            return title;
        var separators = PageMetadataReader.TitleSeparator().Matches(title);
        if (separators.Count == 0)
            return title;
        // Trailing parts: the first that names the site ends the headline.
        for (int i = 0; i < separators.Count; i++)
        {
            int partStart = separators[i].Index + separators[i].Length;
            int partEnd = i + 1 < separators.Count ? separators[i + 1].Index : title.Length;
            string head = title[..separators[i].Index].Trim();
            if (NamesSite(title[partStart..partEnd], keys) && WordCount(head) >= MinKeptWords)
                return head;
        }
        // A leading part.
        string rest = title[(separators[0].Index + separators[0].Length)..].Trim();
        return NamesSite(title[..separators[0].Index], keys) && WordCount(rest) >= MinKeptWords ? rest : title;
    }

    private static bool NamesSite(string part, IReadOnlyList<string> keys)
    {
        string compact = Compact(part);
        if (compact.Length < 3)
            return false;
        foreach (string key in keys)
        {
            if (compact == key || (compact.Length >= MinSharedPrefix && key.StartsWith(compact, StringComparison.Ordinal))
                || (key.Length >= MinSharedPrefix && compact.Contains(key, StringComparison.Ordinal)))
                return true;
            if (SharedPrefix(compact, key) >= MinSharedPrefix && ReadsAsMedium(part))
                return true;
        }
        return false;
    }

    private static readonly string[] MediumWords =
    [
        "news", "tv", "television", "channel", "radio", "fm", "weather", "sports", "online", "times", "post",
        "journal", "herald", "tribune", "daily", "press", "gazette", "media", "network", "live", "headlines", "com",
    ];

    private static bool ReadsAsMedium(string part)
    {
        foreach (var word in part.Split([' ', ',', '.', ':', '-', '/', '&'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (MediumWords.Contains(word.ToLowerInvariant()))
                return true;
        }
        return false;
    }

    /// <summary>Labels of an address that name no one site: a host's prefixes and the commonest endings.</summary>
    private static readonly HashSet<string> GenericLabels =
        new(["www", "m", "amp", "mobile", "edition", "com", "net", "org", "co", "uk", "us", "gov", "edu", "info", "biz", "news"], StringComparer.Ordinal);

    /// <summary>The site's names, letters and digits only: the source as declared, and each distinctive label of the source's or the address's host.</summary>
    private static List<string> SiteKeys(string? source, string? url)
    {
        var keys = new List<string>();
        void AddHost(string host)
        {
            foreach (var label in host.Split('.'))
            {
                string key = Compact(label);
                if (key.Length >= 3 && !GenericLabels.Contains(key) && !keys.Contains(key))
                    keys.Add(key);
            }
        }
        if (!string.IsNullOrWhiteSpace(source))
        {
            if (!source.Contains(' ', StringComparison.Ordinal) && source.Contains('.', StringComparison.Ordinal))
                AddHost(source.Trim());
            else if (Compact(source) is { Length: >= 3 } name && !keys.Contains(name))
                keys.Add(name);
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
            AddHost(uri.Host);
        return keys;
    }

    private static string Compact(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        int n = 0;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
                buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }

    private static int SharedPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
            n++;
        return n;
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
