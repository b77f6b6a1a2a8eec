using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>What one line looks like, computed once; the classifier's rules read only these.</summary>
internal sealed partial record LineFeatures
{
    public required string Text { get; init; }
    public required bool IsHeading { get; init; }
    public required int Links { get; init; }
    public required int Words { get; init; }
    /// <summary>"we", "our", "you", "your"... outside quotation marks: news reports rarely address the reader.</summary>
    public required int ReaderAddress { get; init; }
    /// <summary>"we", "our", "us" outside quotes: the site speaking as itself, which appeals do and product reviews do not.</summary>
    public required int SiteVoice { get; init; }
    public required bool EndsSentence { get; init; }
    public required bool StartsUpper { get; init; }
    public required int Hashtags { get; init; }
    public required int CapitalisedWords { get; init; }
    public required bool HasDigit { get; init; }

    /// <summary>A line that is certainly article prose: long, and shaped like sentences.</summary>
    public bool IsStrongBody => Words >= 20 || (Words >= 10 && EndsSentence);

    public static LineFeatures Of(string text, bool isHeading, int links)
    {
        var words = WordPattern().Matches(text);
        int reader = 0, voice = 0, caps = 0, hashtags = 0;
        var unquoted = QuotedSpan().Replace(text, " ");
        foreach (Match w in WordPattern().Matches(unquoted))
        {
            // "US" is the country, not the pronoun.
            if (w.Value == "US" || !ReaderWords.Contains(w.Value.ToLowerInvariant()))
                continue;
            reader++;
            if (SiteWords.Contains(w.Value.ToLowerInvariant()))
                voice++;
        }
        foreach (Match w in words)
        {
            if (char.IsUpper(w.Value[0]))
                caps++;
        }
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length > 1 && token[0] == '#')
                hashtags++;
        }
        return new LineFeatures
        {
            Text = text,
            IsHeading = isHeading,
            Links = links,
            Words = words.Count,
            ReaderAddress = reader,
            SiteVoice = voice,
            EndsSentence = EndsWithSentenceEnd(text),
            StartsUpper = text.Length > 0 && (char.IsUpper(text[0]) || char.IsDigit(text[0]) || text[0] is '"' or '“' or '‘' or '\''),
            Hashtags = hashtags,
            CapitalisedWords = caps,
            HasDigit = text.Any(char.IsDigit),
        };
    }

    /// <summary>Whether the text ends a sentence, closing quotes and brackets aside.</summary>
    public static bool EndsWithSentenceEnd(string text)
    {
        string trimmed = text.TrimEnd('"', '”', '’', '\'', ')', ']', ' ');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…';
    }

    private static readonly HashSet<string> SiteWords =
        ["we", "our", "us", "ours", "we're", "we’re", "we've", "we’ve"];

    private static readonly HashSet<string> ReaderWords =
        ["we", "our", "us", "ours", "you", "your", "yours", "you're", "you’re", "we're", "we’re", "we've", "we’ve"];

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    internal static partial Regex WordPattern();

    [GeneratedRegex("\"[^\"]*\"|“[^”]*”|‘[^’]{12,}’")]
    private static partial Regex QuotedSpan();
}
