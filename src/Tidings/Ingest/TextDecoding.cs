using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tidings.Ingest;

/// <summary>A plain-text article's bytes as text, or why not; with a warning when its character set was a guess.</summary>
internal readonly record struct DecodedText(string? Text, string? Error, string? Warning);

/// <summary>
/// Decoding of article bytes: UTF-8 and UTF-16 (by byte-order mark) exactly, binary and damaged UTF-8 reported with
/// the line they occur on, and text in a legacy character set (windows-1251 Cyrillic, windows-1252 Western, ...)
/// recognised from its bytes.
/// </summary>
internal static class TextDecoding
{
    /// <summary>
    /// How many bytes at the start are inspected for NUL and control characters. Text never holds NUL;
    /// a few control bytes in 8 KB already mean an image, archive or executable.
    /// </summary>
    private const int BinaryProbeBytes = 8192;

    /// <summary>
    /// Below this confidence the detector's answer is still used (it is the best guess there is) but the user is
    /// warned. Detectors answer 0.8 and above for a paragraph of real text in one charset; a line or two of
    /// capitals and punctuation scores around 0.3.
    /// </summary>
    private const float ConfidentCharsetGuess = 0.5f;


    public static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var probe = bytes[..Math.Min(bytes.Length, BinaryProbeBytes)];
        if (probe.Contains((byte)0))
            return true;
        int control = 0;
        foreach (var b in probe)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C))
                control++;
        }
        return probe.Length > 0 && control * 100 > probe.Length;
    }

    /// <summary>The UTF-16 encoding a byte-order mark announces, or null.</summary>
    public static Encoding? Utf16ByBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false)
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false)
        : null;

    /// <summary>
    /// A plain-text article as text. UTF-16 needs its byte-order mark (without one, its zero bytes read as binary).
    /// Bytes that are not UTF-8 are UTF-8 with damage when most of their non-ASCII sequences are valid UTF-8, and that
    /// is reported with its line (guessing would garble the rest); otherwise they are in a legacy character set,
    /// which is detected.
    /// </summary>
    public static DecodedText DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (Utf16ByBom(bytes) is { } utf16)
            return new DecodedText(utf16.GetString(bytes[2..]), null, null);
        if (LooksBinary(bytes))
            return new DecodedText(null, "binary content, not text or HTML", null);
        if (TryDecodeUtf8(bytes, out var text, out var error))
            return new DecodedText(text, null, null);
        if (MostlyUtf8(bytes))
            return new DecodedText(null, error, null);
        return DecodeLegacy(bytes);
    }

    /// <summary>True when valid multi-byte UTF-8 sequences are at least as many as the bytes that are not UTF-8.</summary>
    private static bool MostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        var (valid, broken) = Charsets.Utf8Sequences(bytes);
        return valid >= broken;
    }

    private static DecodedText DecodeLegacy(ReadOnlySpan<byte> bytes)
    {
        if (Charsets.Detect(bytes) is not var (encoding, confidence))
        {
            return new DecodedText(Charsets.Resolve(Charsets.DefaultLegacy)!.GetString(bytes), null,
                $"not UTF-8, and its character set could not be recognised: read as {Charsets.DefaultLegacy}; save it as UTF-8 if letters look wrong");
        }
        string? warning = confidence < ConfidentCharsetGuess
            ? $"not UTF-8: read as {encoding.WebName}, a guess with low confidence; save it as UTF-8 if letters look wrong"
            : null;
        return new DecodedText(encoding.GetString(bytes), null, warning);
    }

    /// <summary>Decodes UTF-8 (dropping a BOM) or says why not, naming the 1-based line of the first invalid byte.</summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text, out string? error, long firstLine = 1)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                long line = firstLine + bytes[..read].Count((byte)'\n');
                text = string.Empty;
                error = $"invalid UTF-8 at line {line} (byte offset {read})";
                return false;
            }
            text = new string(chars, 0, written);
            error = null;
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public static string DescribeSize(long bytes) => bytes >= 1024L * 1024 * 1024
        ? $"{bytes / (1024.0 * 1024.0 * 1024.0):0.#} GB"
        : bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024.0):0.#} MB"
        : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
}
