namespace Tidings.Extraction.Html;

/// <summary>
/// Compares titles ignoring case and the typography a CMS adds when it prints one: curly quotes against straight
/// ones, en and em dashes against hyphens, an ellipsis character against three dots. The same title typed once and
/// shown in two places differs only in these.
/// </summary>
internal sealed class TypographyInsensitive : IEqualityComparer<string>
{
    public static TypographyInsensitive Instance { get; } = new();

    private TypographyInsensitive()
    {
    }

    public bool Equals(string? x, string? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && string.Equals(Fold(x), Fold(y), StringComparison.Ordinal));

    public int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Fold(obj));

    internal static string Fold(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '‘' or '’' or '‚' or '′':
                    folded.Append('\'');
                    break;
                case '“' or '”' or '„' or '″':
                    folded.Append('"');
                    break;
                case '–' or '—' or '‐' or '‑' or '−':
                    folded.Append('-');
                    break;
                case '…':
                    folded.Append("...");
                    break;
                default:
                    folded.Append(char.ToLowerInvariant(c));
                    break;
            }
        }
        return folded.ToString();
    }
}
