using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tidings.Copies;
using Tidings.Evaluation;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Cli;

/// <summary>
/// The records the commands print, in <see cref="TidingsJson"/>'s conventions, described at compile time: the same
/// records as anonymous objects were described by reflection in every process, and a short run (a few articles added
/// to a store, a small batch of copies) spent a noticeable part of its CPU building that description.
/// </summary>
internal static partial class OutputRecords
{
    public static JsonSerializerOptions Options { get; } = With(TidingsJson.Options);

    public static JsonSerializerOptions Indented { get; } = With(TidingsJson.Indented);

    /// <summary>One record as a line of JSON, through its compile-time description.</summary>
    public static string Line<T>(T record) => JsonSerializer.Serialize(record, Options.Describe<T>());

    private static JsonSerializerOptions With(JsonSerializerOptions conventions)
    {
        var options = new JsonSerializerOptions(conventions)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Described.Default, conventions.TypeInfoResolver),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary><c>dedup --format jsonl</c>: one copy relation.</summary>
    public sealed record Copy(string A, string B, string Relation, string Original, double Score);

    /// <summary><c>extract --format jsonl</c>: one article.</summary>
    public sealed record Extracted(
        string Id, string? Url, string? Source, string? Title, string? Byline, PublicationDate? Published, string? PublishedFrom,
        string? Language, string Text, IReadOnlyList<RemovedLine> Boilerplate, bool BodyFromTitle);

    /// <summary><c>run --format json</c>: the whole run.</summary>
    public sealed record RunDocument(IEnumerable<Story> Stories, IEnumerable<Rejected> Rejected, IEnumerable<Warning> Warnings);

    public sealed record Rejected(string Input, long? Line, string Error);

    public sealed record Warning(string Input, long? Line, [property: JsonPropertyName("warning")] string Message);

    /// <summary><c>run --format jsonl</c>: an article placed in a new or existing story.</summary>
    public sealed record Placed(string Type, string Story, string Article, string? Title);

    /// <summary><c>run --format jsonl</c>: a story merged into another.</summary>
    public sealed record Merged(string Type, string Story, string From);

    /// <summary><c>run --format jsonl</c>: a story linked to the earlier event of its storyline.</summary>
    public sealed record Linked(string Type, string Story, string Earlier);

    /// <summary><c>run --format jsonl</c>: a story as the run left it.</summary>
    public sealed record StoryRecord(string Type, Story Story);

    /// <summary><c>eval copies --details</c>: a gold pair the run did not relate.</summary>
    public sealed record CopyMissed(string Error, string A, string B, string? GoldA, string? GoldB);

    /// <summary><c>eval copies --details</c>: a relation between two articles the gold set keeps apart.</summary>
    public sealed record CopyUnwanted(string Error, string A, string B, string? Found);

    /// <summary><c>eval copies --details</c>: a relation the run found, with the measures it was decided on.</summary>
    public sealed record CopyFound(string? Error, string A, string B, string Found, string? Gold, double Score, AlignmentMeasures Measures);

    /// <summary><c>eval make-copy-set</c>: one article of the labelled set.</summary>
    public sealed record CopySetLine(
        string Id, string? Title, string Text, string? Published, string? Source, string? Url, IReadOnlyList<string> Origins, string? Relation, string? CopyOf);

    /// <summary><c>eval facts</c>' pair files: two sentences for a person to judge, with both texts.</summary>
    public sealed record JudgementPair(SentenceRef Fact, SentenceRef Witness, bool? Same, string FactText, string WitnessText);

    // The extraction logs keep the capitalised names they had before these records (Url, PagePath, the word-bag
    // scores): bench/extraction-peers.sh reads them.

    /// <summary><c>eval extraction --details</c>: one page's snippets and metadata against its labels.</summary>
    public sealed record SnippetPage(
        [property: JsonPropertyName("Url")] string Url, [property: JsonPropertyName("PagePath")] string PagePath, int Tp, int Fp, int Fn,
        IReadOnlyList<string> Missing, IReadOnlyList<string> Unwanted, string? Title, string? GoldTitle, string? Author, string? GoldAuthor,
        string? Date, string? GoldDate, string Text);

    /// <summary><c>eval extraction-wcxb --details</c>: one page's word-bag score and metadata against its labels.</summary>
    public sealed record WcxbPage(
        [property: JsonPropertyName("Url")] string Url, [property: JsonPropertyName("PagePath")] string PagePath, string Type,
        [property: JsonPropertyName("Precision")] double Precision, [property: JsonPropertyName("Recall")] double Recall,
        [property: JsonPropertyName("F1")] double F1, string? Title, string? GoldTitle, string? Author, string? GoldAuthor, string? Date,
        string? GoldDate, string Text);

    /// <summary><c>eval dates --details</c>: one page's date against its label.</summary>
    public sealed record DatedPage(
        [property: JsonPropertyName("Url")] string Url, [property: JsonPropertyName("PagePath")] string PagePath, bool Right, string? Date,
        string? From, string GoldDate);

    [JsonSerializable(typeof(CopyMissed))]
    [JsonSerializable(typeof(CopyUnwanted))]
    [JsonSerializable(typeof(CopyFound))]
    [JsonSerializable(typeof(CopySetLine))]
    [JsonSerializable(typeof(JudgementPair))]
    [JsonSerializable(typeof(SnippetPage))]
    [JsonSerializable(typeof(WcxbPage))]
    [JsonSerializable(typeof(DatedPage))]
    [JsonSerializable(typeof(Copy))]
    [JsonSerializable(typeof(Extracted))]
    [JsonSerializable(typeof(RunDocument))]
    [JsonSerializable(typeof(Placed))]
    [JsonSerializable(typeof(Merged))]
    [JsonSerializable(typeof(Linked))]
    [JsonSerializable(typeof(StoryRecord))]
    private sealed partial class Described : JsonSerializerContext;
}
