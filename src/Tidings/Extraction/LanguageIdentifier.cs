using Lingua;

namespace Tidings.Extraction;

/// <summary>Language of an article's text, by SearchPioneer.Lingua; a page's declared language is only a fallback.</summary>
public sealed class LanguageIdentifier
{
    /// <summary>Lingua is accurate from a few sentences; more text only costs time.</summary>
    private const int SampleChars = 2000;

    /// <summary>Below this many letters no detector is reliable, so the answer stays unknown.</summary>
    private const int MinimumLetters = 20;

    private readonly Lazy<LanguageDetector> _detector = new(() =>
        LanguageDetectorBuilder.FromAllLanguages().WithLowAccuracyMode().Build());

    public string? Identify(string text, string? declared = null)
    {
        string sample = text.Length > SampleChars ? text[..SampleChars] : text;
        if (sample.Count(char.IsLetter) >= MinimumLetters)
        {
            try
            {
                var language = _detector.Value.DetectLanguageOf(sample);
                if (language != Language.Unknown)
                    return LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();
            }
            catch (IOException)
            {
                // Lingua's model files missing from a deployment must not cost the article; the declared language stands.
            }
        }
        return Declared(declared);
    }

    private static string? Declared(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
            return null;
        string code = declared.Trim().Split('-', '_')[0].ToLowerInvariant();
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower) ? code : null;
    }
}
