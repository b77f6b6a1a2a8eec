using Tidings.Extraction;

namespace Tidings.Synthesis;

/// <summary>An article as a story lists it: enough to cite it, plus the original it copies.</summary>
public sealed record StoryArticle(string Id, string? Source, string? Title, PublicationDate? Published, string? CopyOf);

/// <summary>A typed link to another story: <c>continues</c> (follow-up weeks later) or <c>recurs</c> (the same kind of happening again), both in one storyline, or the looser <c>related</c>.</summary>
public sealed record StoryLink(string Story, string Relation);

/// <summary>One real-world event as Tidings reports it.</summary>
public sealed record Story(
    string Id,
    string Storyline,
    string? Title,
    DateOnly? Start,
    DateOnly? End,
    IReadOnlyList<StoryArticle> Articles,
    IReadOnlyList<StoryLink> Related)
{
    /// <summary>Ids this story had before the merge pass joined other events into it; a reader holding one still finds it.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Three to five of the story's own sentences, corroborated facts first (see <see cref="StorySynthesizer"/>).</summary>
    public string Summary { get; init; } = string.Empty;

    public IReadOnlyList<StoryEntity> Entities { get; init; } = [];

    /// <summary>The story's statements, those with the most independent origins first.</summary>
    public IReadOnlyList<StoryFact> Facts { get; init; } = [];

    public IReadOnlyList<Disagreement> Disagreements { get; init; } = [];

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
}
