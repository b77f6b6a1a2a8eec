using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Tidings.Ingest;
using UtfUnknown;

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
    /// Registers the code-page encodings (windows-125x, ISO-8859-x, Shift_JIS, GB2312, ...). .NET has only the Unicode
    /// ones without it, and AngleSharp, failing to find a page's declared charset, silently reads it as UTF-8.
    /// Registration is idempotent and process-wide, which is what every reader of pages needs.
    /// </summary>
    static PageCharset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Broken sequences may be this share of a page's non-ASCII sequences in a charset that is still right: UTF-8 with
    /// a stray Latin-1 byte in a footer is UTF-8, while a page in a legacy charset read as UTF-8 breaks on nearly
    /// every accented letter.
    /// </summary>
    private const double MaxBrokenShare = 0.5;

    /// <summary>Where a page's <c>&lt;meta charset&gt;</c> is looked for; browsers look in the first 1,024 bytes, pages with long heads put it later.</summary>
    private const int DeclarationProbeBytes = 64 * 1024;

    /// <summary>How much of a page the detector reads: the charset shows long before this, and more would cost time on large pages.</summary>
    private const int DetectionProbeBytes = 256 * 1024;

    /// <summary>Below this confidence a detected charset does not overrule the Web's default for a page that declares none.</summary>
    private const float ConfidentDetection = 0.5f;

    /// <summary>What a page that declares nothing and cannot be detected is read as (WHATWG's default for legacy pages).</summary>
    private const string DefaultLegacyCharset = "windows-1252";

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
        var detected = Detect(bytes, requireConfidence: declared is null) ?? Resolve(DefaultLegacyCharset)!;
        return detected.GetString(bytes);
    }

    private static bool HasByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    /// <summary>The charset a <c>&lt;meta&gt;</c> declares (as <c>charset=</c> or in <c>http-equiv</c> content), if .NET knows it.</summary>
    internal static Encoding? Declared(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, DeclarationProbeBytes)]);
        var match = MetaCharset().Match(head);
        return match.Success ? Resolve(match.Groups[1].Value) : null;
    }

    /// <summary>Whether most of the non-ASCII sequences fail to decode in <paramref name="encoding"/>.</summary>
    private static bool Fails(Encoding encoding, byte[] bytes)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            var (valid, broken) = Utf8Sequences(bytes);
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

    /// <summary>Valid and broken multi-byte UTF-8 sequences.</summary>
    private static (int Valid, int Broken) Utf8Sequences(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, broken = 0;
        while (true)
        {
            int next = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (next < 0)
                return (valid, broken);
            bytes = bytes[next..];
            if (System.Text.Rune.DecodeFromUtf8(bytes, out _, out int consumed) == OperationStatus.Done)
                valid++;
            else
                broken++;
            bytes = bytes[Math.Max(consumed, 1)..];
        }
    }

    /// <summary>The charset the bytes are written in, as far as the detector can tell; never a Unicode one (the bytes are not valid in them).</summary>
    private static Encoding? Detect(byte[] bytes, bool requireConfidence)
    {
        var probe = bytes.Length <= DetectionProbeBytes ? bytes : bytes[..DetectionProbeBytes];
        var guess = CharsetDetector.DetectFromBytes(probe).Detected;
        if (guess is null || (requireConfidence && guess.Confidence < ConfidentDetection))
            return null;
        var encoding = Resolve(guess.EncodingName);
        return encoding is null || encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001 ? null : encoding;
    }

    /// <summary>
    /// An encoding by label, or null when unknown. ISO-8859-1 and ASCII are read as windows-1252, as browsers do,
    /// since real "Latin-1" pages use its quotes and dashes; a UTF-16 label in a page of single bytes means UTF-8.
    /// </summary>
    internal static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return null;
        label = label.Trim().ToLowerInvariant();
        if (label is "iso-8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso8859-1" or "iso_8859-1" or "cp1252")
            label = DefaultLegacyCharset;
        if (label.StartsWith("utf-16", StringComparison.Ordinal) || label is "utf8" or "unicode-1-1-utf-8")
            label = "utf-8";
        try
        {
            return Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<meta\b[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
