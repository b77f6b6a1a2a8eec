using System.IO.Hashing;
using System.Text;

namespace Tidings.Ingest;

/// <summary>
/// Records a service was sent as JSONL (the command line's record schema), read by the command line's parser, so a
/// record is accepted or refused for the same reasons and named by its line; the server and a cluster's feed both read
/// them so.
/// </summary>
public static class SubmittedRecords
{
    /// <summary>The records of <paramref name="jsonl"/>, named by <paramref name="input"/> and their lines.</summary>
    public static IReadOnlyList<IngestItem> Read(byte[] jsonl, string input) =>
        [.. new DocumentReader().ReadJsonl(new MemoryStream(jsonl, writable: false), input).Select(item => WithStableId(item, input))];

    /// <summary>
    /// A record without an id is named by its content (<c>sha-</c> and a hash of its text and URL), not by the request
    /// and line the parser names it by: a feed that posts it again, in another request, posts the same article.
    /// </summary>
    private static IngestItem WithStableId(IngestItem item, string input)
    {
        if (item is not AcceptedDocument { Document: var document } || !document.Id.StartsWith(input + "-", StringComparison.Ordinal))
            return item;
        var hash = new XxHash128();
        switch (document.Body)
        {
            case PlainTextBody text:
                hash.Append(Encoding.UTF8.GetBytes(text.Text));
                break;
            case HtmlBody html:
                hash.Append(html.Bytes);
                break;
        }
        hash.Append([0]);
        hash.Append(Encoding.UTF8.GetBytes(document.Hints.Url ?? string.Empty));
        return new AcceptedDocument(document with { Id = "sha-" + Convert.ToHexStringLower(hash.GetCurrentHash()) });
    }
}
