using Tidings.Ingest;

namespace Tidings.Extraction;

/// <summary>A line that cleaning removed, with the reason, so that every removal can be audited.</summary>
public sealed record RemovedLine(string Text, string Reason);

/// <summary>An article's own text and metadata, as extraction found them. Unknown metadata stays null, never invented.</summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required SourceLocation Origin { get; init; }
    public string? Url { get; init; }
    /// <summary>The publisher: JSONL <c>source</c>, else the URL's host, else a name the page gives itself.</summary>
    public string? Source { get; init; }
    public string? Title { get; init; }
    public string? Byline { get; init; }
    public PublicationDate? Published { get; init; }
    /// <summary>The evidence the date came from ("input", "dateline", "url", "meta article:published_time", ...), so
    /// that a surprising date can be checked.</summary>
    public string? PublishedFrom { get; init; }
    /// <summary>ISO 639-1 code, or null when the text is too short or mixed to tell.</summary>
    public string? Language { get; init; }
    /// <summary>The body as paragraphs, boilerplate removed.</summary>
    /// <remarks>
    /// Kept as the joined <see cref="Text"/> and each paragraph's length, and cut out again when read: every stage reads
    /// the text, few read the paragraphs, and holding both kept each article's body twice in memory (the share of a
    /// run's heap that every collection copies and marks).
    /// </remarks>
    public required IReadOnlyList<string> Paragraphs
    {
        get
        {
            var paragraphs = new string[_paragraphLengths.Length];
            int start = 0;
            for (int i = 0; i < paragraphs.Length; i++)
            {
                paragraphs[i] = Text.Substring(start, _paragraphLengths[i]);
                start += _paragraphLengths[i] + ParagraphBreak.Length;
            }
            return paragraphs;
        }
        init
        {
            Text = string.Join(ParagraphBreak, value);
            _paragraphLengths = [.. value.Select(p => p.Length)];
        }
    }

    private readonly int[] _paragraphLengths = [];

    /// <summary>How many paragraphs the body holds, without cutting them out.</summary>
    public int ParagraphCount => _paragraphLengths.Length;

    private const string ParagraphBreak = "\n\n";

    /// <summary>
    /// True when the body was empty or only repeated the headline, so the headline stands as the body. A one-sentence
    /// brief, a headline-only feed item or a paywalled page says what happened in its headline, and still belongs to
    /// its story; consumers that need prose (quotes, facts beyond the headline) can tell it has none.
    /// </summary>
    public bool BodyFromTitle { get; init; }
    public required IReadOnlyList<RemovedLine> Boilerplate { get; init; }

    /// <summary>The paragraphs as one text, separated by blank lines.</summary>
    public string Text { get; private init; } = string.Empty;

    /// <summary>
    /// A publisher as one key, so that "www.Example.com", "example.com" and "news.example.com" are one outlet: what
    /// tells a newsroom's own second report, or its own template, from another newsroom's. Null when the publisher is
    /// unknown.
    /// </summary>
    public static string? OutletOf(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
            return null;
        string key = source.Trim().ToLowerInvariant();
        if (key.StartsWith("www.", StringComparison.Ordinal))
            key = key[4..];
        // A host stands for its site's family: "pittsburgh.cbslocal.com" and "denver.cbslocal.com" are one network's
        // stations, printing one network's template and one wire's copy. Platforms that host many independent
        // writers under their own subdomains are the exception.
        var labels = key.Split('.');
        if (labels.Length <= 2 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            return key;
        bool countrySecondLevel = labels[^1].Length == 2 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" or "edu" or "ne" or "or" or "go";
        string domain = string.Join('.', labels[^(countrySecondLevel ? 3 : 2)..]);
        return HostingPlatforms.Contains(domain) ? key : domain;
    }

    private static readonly HashSet<string> HostingPlatforms = new(StringComparer.Ordinal)
    {
        "blogspot.com", "wordpress.com", "tumblr.com", "substack.com", "medium.com", "github.io", "wixsite.com", "typepad.com",
        "livejournal.com", "weebly.com",
    };
}
