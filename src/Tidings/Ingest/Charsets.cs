using System.Buffers;
using System.Text;
using UtfUnknown;

namespace Tidings.Ingest;

/// <summary>
/// What plain-text decoding and page decoding share about character sets: counting UTF-8 sequences, resolving a label
/// the way browsers do, and detecting a legacy charset from the bytes (UTF.Unknown).
/// </summary>
internal static class Charsets
{
    /// <summary>
    /// Registers the code-page encodings (windows-125x, ISO-8859-x, Shift_JIS, GB2312, ...). .NET has only the Unicode
    /// ones without it, and AngleSharp, failing to find a page's declared charset, silently reads it as UTF-8.
    /// Registration is idempotent and process-wide, which is what every reader of text needs.
    /// </summary>
    static Charsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>What undetectable 8-bit text is read as: the Web's default for unlabelled legacy text (WHATWG
    /// Encoding), which decodes every byte, so the text is kept with at worst a few wrong accents.</summary>
    public const string DefaultLegacy = "windows-1252";

    /// <summary>How much the detector reads: a charset shows long before this, and a 10 MB file of high bytes would
    /// otherwise cost seconds.</summary>
    public const int DetectionProbeBytes = 256 * 1024;

    /// <summary>Valid and broken multi-byte UTF-8 sequences.</summary>
    public static (int Valid, int Broken) Utf8Sequences(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, broken = 0;
        while (true)
        {
            int next = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (next < 0)
                return (valid, broken);
            bytes = bytes[next..];
            if (Rune.DecodeFromUtf8(bytes, out _, out int consumed) == OperationStatus.Done)
                valid++;
            else
                broken++;
            bytes = bytes[Math.Max(consumed, 1)..];
        }
    }

    /// <summary>
    /// An encoding by label, or null when unknown. ISO-8859-1 and ASCII are read as windows-1252, as browsers do,
    /// since real "Latin-1" text uses its quotes and dashes; a UTF-16 label on single bytes means UTF-8.
    /// </summary>
    public static Encoding? Resolve(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return null;
        label = label.Trim().ToLowerInvariant();
        if (label is "iso-8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso8859-1" or "iso_8859-1" or "cp1252")
            label = DefaultLegacy;
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

    /// <summary>The legacy charset the bytes are written in, as far as the detector can tell, with its confidence;
    /// never a Unicode one, since the callers ask only after the bytes failed as Unicode.</summary>
    public static (Encoding Encoding, float Confidence)? Detect(ReadOnlySpan<byte> bytes)
    {
        var guess = CharsetDetector.DetectFromBytes(bytes[..Math.Min(bytes.Length, DetectionProbeBytes)].ToArray()).Detected;
        var encoding = Resolve(guess?.EncodingName);
        return encoding is null || encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001 ? null : (encoding, guess!.Confidence);
    }
}
