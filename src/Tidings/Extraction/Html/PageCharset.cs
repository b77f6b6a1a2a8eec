using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Tidings.Ingest;

namespace Tidings.Extraction.Html;

/// <summary>
/// Decides how a page's bytes become text. A page is read in its declared (or sniffed) charset, the way browsers
/// read it, unless that reading fails: bytes that are valid UTF-8 are UTF-8 whatever the page says (legacy text is
/// almost never valid UTF-8 by chance), and a page that declares UTF-8 (or a multi-byte charset) whose bytes mostly
/// fail to decode in it, or that declares nothing, has its charset detected from the bytes. A windows-1251 page that
/// claims UTF-8 is thus read in Cyrillic rather than as a row of U+FFFD.
/// </summary>
internal static partial class PageCharset
{
    /// <summary>
    /// Broken sequences may be this share of a page's non-ASCII sequences in a charset that is still right: UTF-8 with
    /// a stray Latin-1 byte in a footer is UTF-8, while a page in a legacy charset read as UTF-8 breaks on nearly
    /// every accented letter.
    /// </summary>
    private const double MaxBrokenShare = 0.5;

    /// <summary>Where a page's <c>&lt;meta charset&gt;</c> is looked for; browsers look in the first 1,024 bytes, pages with long heads put it later.</summary>
    private const int DeclarationProbeBytes = 64 * 1024;

    /// <summary>Below this confidence a detected charset does not overrule the Web's default for a page that declares none.</summary>
    private const float ConfidentDetection = 0.5f;

    /// <summary>
    /// The page as text when its charset is decided here; null when the parser should read the bytes itself (a
    /// byte-order mark, or a declared charset that decodes them).
    /// </summary>
    public static string? Decode(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0 || HasByteOrderMark(bytes))
            return null;
        if (TextDecoding.TryDecodeUtf8(bytes, out var utf8, out _))
            return MojibakeRepair.Repair(utf8);
        var declared = Declared(bytes);
        if (declared is not null && !Fails(declared, bytes))
            return null;
        var detected = Detect(bytes, requireConfidence: declared is null) ?? Charsets.Resolve(Charsets.DefaultLegacy)!;
        return detected.GetString(bytes);
    }

    /// <summary>
    /// The page's text where <see cref="Decode"/> leaves the charset to the page: by its byte-order mark, else in the
    /// charset it declares, else (ASCII, or a declaration no decoder knows) in the legacy default, which reads ASCII as
    /// ASCII. A UTF-16 declaration in the markup is read as UTF-8, as browsers do: markup that a UTF-16 decoder could
    /// read would not have been ASCII.
    /// </summary>
    public static string DecodeAsDeclared(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        if (TextDecoding.Utf16ByBom(bytes) is { } utf16)
            return utf16.GetString(bytes, 2, bytes.Length - 2);
        var declared = Declared(bytes) ?? Charsets.Resolve(Charsets.DefaultLegacy)!;
        return (declared.CodePage is 1200 or 1201 ? Encoding.UTF8 : declared).GetString(bytes);
    }

    private static bool HasByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Encoding.UTF8.Preamble) || TextDecoding.Utf16ByBom(bytes) is not null;

    /// <summary>The charset a <c>&lt;meta&gt;</c> declares (as <c>charset=</c> or in <c>http-equiv</c> content), if .NET knows it.</summary>
    internal static Encoding? Declared(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, DeclarationProbeBytes)]);
        var match = MetaCharset().Match(head);
        return match.Success ? Charsets.Resolve(match.Groups[1].Value) : null;
    }

    /// <summary>Whether most of the non-ASCII sequences fail to decode in <paramref name="encoding"/>.</summary>
    private static bool Fails(Encoding encoding, byte[] bytes)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            var (valid, broken) = Charsets.Utf8Sequences(bytes);
            return broken > MaxBrokenShare * (valid + broken);
        }
        if (encoding.IsSingleByte)
            return false;
        // A multi-byte legacy charset (Shift_JIS, GB2312, Big5, EUC-KR): count what its decoder had to replace.
        string text = encoding.GetString(bytes);
        int replaced = text.AsSpan().Count('\uFFFD');
        return replaced > MaxBrokenShare * Math.Max(1, CountNonAscii(text));
    }

    private static int CountNonAscii(string text)
    {
        int count = 0;
        foreach (char c in text)
        {
            if (c > '\u007F')
                count++;
        }
        return count;
    }

    /// <summary>The charset the bytes are written in, as far as the detector can tell; without a declaration to
    /// overrule, only a confident guess.</summary>
    private static Encoding? Detect(byte[] bytes, bool requireConfidence) =>
        Charsets.Detect(bytes) is var (encoding, confidence) && (!requireConfidence || confidence >= ConfidentDetection) ? encoding : null;

    [GeneratedRegex(@"<meta\b[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
