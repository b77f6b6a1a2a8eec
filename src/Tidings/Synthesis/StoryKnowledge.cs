namespace Tidings.Synthesis;

/// <summary>Where a story states something: an article, the sentence's number in its text, and the characters it spans.</summary>
public sealed record Evidence(string Article, int Sentence, int Offset, int Length);

/// <summary>
/// A person, organisation or place the story's articles name, under its fullest name, with the other names the
/// articles use for it, the roles they give it, and how often each independent origin mentions it.
/// </summary>
public sealed record StoryEntity(
    string Name,
    EntityKind Kind,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, int> MentionsByOrigin,
    IReadOnlyList<Evidence> Evidence);

public enum EntityKind
{
    Person,
    Organisation,
    Place,
    Other,
}

/// <summary>
/// One statement of the story, in the words of its first independent report, with every article that states it.
/// <see cref="Origins"/> counts independent origins: an article, its copies and its outlet's other articles count once,
/// because a copy is not a second witness and a newsroom's second report repeats what it learned for its first.
/// </summary>
public sealed record StoryFact(
    string Text,
    IReadOnlyList<string> Sources,
    int Origins,
    bool Corroborated,
    IReadOnlyList<Evidence> Evidence);

/// <summary>A detail on which independent origins state different values about the same fact.</summary>
public sealed record Disagreement(string Fact, string Detail, IReadOnlyList<DisagreeingValue> Values);

/// <summary>One side of a <see cref="Disagreement"/>: the value as written and the articles that state it.</summary>
public sealed record DisagreeingValue(string Value, IReadOnlyList<string> Sources, IReadOnlyList<Evidence> Evidence);

/// <summary>A dated statement: the day it refers to (absolute or resolved from "on Monday"), the statement and its sources.</summary>
public sealed record TimelineEntry(DateOnly Date, string Text, IReadOnlyList<string> Sources, IReadOnlyList<Evidence> Evidence);

/// <summary>What synthesis tells the reader about a story beyond its list of articles.</summary>
public sealed record StoryKnowledge(
    IReadOnlyList<StoryEntity> Entities,
    IReadOnlyList<StoryFact> Facts,
    IReadOnlyList<Disagreement> Disagreements,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<string> Summary)
{
    public static StoryKnowledge Empty { get; } = new([], [], [], [], []);
}

internal static class StoryKnowledgeExtensions
{
    public static Story WithKnowledge(this Story story, StoryKnowledge knowledge) => story with
    {
        Summary = string.Join(' ', knowledge.Summary),
        Entities = knowledge.Entities,
        Facts = knowledge.Facts,
        Disagreements = knowledge.Disagreements,
        Timeline = knowledge.Timeline,
    };
}
