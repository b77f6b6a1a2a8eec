using System.Buffers;
using System.Text.Unicode;

namespace Tidings.Ingest;

/// <summary>Strict decoding of article bytes: binary and invalid UTF-8 are reported with the line they occur on.</summary>
internal static class TextDecoding
{
    /// <summary>
    /// How many bytes at the start are inspected for NUL and control characters. Text never holds NUL;
    /// a few control bytes in 8 KB already mean an image, archive or executable.
    /// </summary>
    private const int BinaryProbeBytes = 8192;

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

    /// <summary>Decodes UTF-8 (dropping a BOM) or says why not, naming the 1-based line of the first invalid byte.</summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text, out string? error, int firstLine = 1)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                int line = firstLine + bytes[..read].Count((byte)'\n');
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

    public static string DescribeSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024.0):0.#} MB"
        : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
}
