using System.Text;

namespace Tidings.Fuzz;

/// <summary>
/// libFuzzer-style byte mutations, plus a few that know what breaks text code: markup fragments, JSON escapes, WARC
/// headers, surrogate escapes, invalid UTF-8, and long repeats of a chunk (the shape behind most superlinear cases).
/// Deterministic for a seed, so a finding can be replayed.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Tokens =
    [
        "<div>", "</span>", "<a href=x>", "</a>", "<b><i>", "</b>", "<table>", "<td>", "<svg>", "<math>", "<!--", "-->", "<script>",
        "</script>", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "<meta charset=\"windows-1251\">", "\"\\ud800\"", "\\u0000", "\":", "{", "}",
        "[", "]", "null", "12345", "WARC/1.0\r\n", "Content-Length: -1\r\n", "Content-Length: 99999999999\r\n", "\r\n\r\n", "\u001b]0;x\u0007",
        "\uFFFD", "— —", "🙂", "\n\n", "Mr. ", "On Monday, ", "19 November 2019", "Tue, 19 Nov 2019 10:00:00 GMT",
    ];

    private const string Punctuation = "<>\"\\{}\n\r\0&;:/";

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        int rounds = 1 + _random.Next(4);
        for (int r = 0; r < rounds; r++)
            Apply(bytes);
        return [.. bytes];
    }

    private void Apply(List<byte> bytes)
    {
        int at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                bytes.Insert(at, (byte)_random.Next(256));
                break;
            case 2 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(64)));
                break;
            case 3:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[_random.Next(Tokens.Length)]));
                break;
            case 4 when bytes.Count > 0:
                {
                    // A chunk repeated hundreds of times: nesting, stray end tags, blank lines, headers.
                    int length = Math.Min(bytes.Count - at, 1 + _random.Next(32));
                    var chunk = bytes.GetRange(at, length);
                    int times = 10 + _random.Next(2000);
                    var repeated = new List<byte>(chunk.Count * times);
                    for (int t = 0; t < times; t++)
                        repeated.AddRange(chunk);
                    bytes.InsertRange(at, repeated);
                    break;
                }
            case 5 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);   // truncation
                break;
            case 6:
                bytes.InsertRange(at, new byte[] { 0xC3, 0x28, 0xE2, 0x82, 0xFF, 0xFE });   // invalid UTF-8
                break;
            case 7 when bytes.Count > 1:
                {
                    int from = _random.Next(bytes.Count);
                    int length = Math.Min(bytes.Count - from, 1 + _random.Next(256));
                    bytes.InsertRange(at, bytes.GetRange(from, length));   // splice within the input
                    break;
                }
            default:
                bytes.Insert(at, (byte)Punctuation[_random.Next(Punctuation.Length)]);
                break;
        }
    }
}
