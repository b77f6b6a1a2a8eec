using System.Text.RegularExpressions;

namespace Tidings.Fingerprints;

/// <summary>A sentence and where it starts in the article text, so that evidence can point back to it.</summary>
public sealed record Sentence(int Index, int Offset, string Text);

/// <summary>Splits prose into sentences at terminal punctuation, not after common abbreviations and initials.</summary>
public static partial class SentenceSplitter
{
    [GeneratedRegex(@"(?<=[.!?…][""”’')\]]?)\s+(?=[""“‘'(\[]?[\p{Lu}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Prof|No|Vol|Inc|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b\p{Lu}|\b(?:U\.S|U\.K|U\.N|E\.U))\.$", RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    public static List<Sentence> Split(string text)
    {
        var result = new List<Sentence>();
        int start = 0;
        foreach (Match m in Boundary().Matches(text))
        {
            string candidate = text[start..m.Index];
            if (Abbreviation().IsMatch(candidate) || !candidate.Any(char.IsLetter))
                continue;
            Add(result, text, start, m.Index);
            start = m.Index + m.Length;
        }
        Add(result, text, start, text.Length);
        return result;
    }

    private static void Add(List<Sentence> result, string text, int start, int end)
    {
        // Paragraph breaks are sentence breaks too, even without punctuation (headings, standfirsts).
        foreach (var part in SplitLines(text, start, end))
        {
            string raw = text[part.Start..part.End];
            string s = raw.Trim();
            if (s.Length > 0)
                result.Add(new Sentence(result.Count, part.Start + raw.Length - raw.TrimStart().Length, s));
        }
    }

    private static IEnumerable<(int Start, int End)> SplitLines(string text, int start, int end)
    {
        int s = start;
        for (int i = start; i < end; i++)
        {
            if (text[i] == '\n')
            {
                if (i > s)
                    yield return (s, i);
                s = i + 1;
            }
        }
        if (end > s)
            yield return (s, end);
    }
}
