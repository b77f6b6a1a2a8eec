using System.Globalization;
using System.Text;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Synthesis;

/// <summary>
/// The entities of a story: each article's names (<see cref="NameFinder"/>, which already merges "Mr Wang" into
/// "Wang Yi" within one article) merged across articles. Two names are one entity when they are equal up to case,
/// accents and hyphens ("Kim Jong-un", "Kim Jong Un"), when they share a surname and their given names differ by a
/// transliteration ("Sergey Lavrov", "Sergei Lavrov"), or when one is a single word of exactly one fuller name in
/// the story ("Putin"). Roles come from the words the articles put around a name ("Chinese Foreign Minister Wang Yi",
/// "China's top diplomat Wang Yi", "Sergei Shoigu, the secretary of Russia's Security Council").
/// </summary>
internal static class EntityMerger
{
    public static List<StoryEntity> Merge(IReadOnlyList<ReadArticle> read, Newsrooms newsrooms)
    {
        var textOf = read.ToDictionary(a => a.Article.Id, a => a.Text, StringComparer.Ordinal);
        var sentencesOf = read.ToDictionary(a => a.Article.Id, a => a.Sentences, StringComparer.Ordinal);
        var mentions = new List<(Article Article, NamedEntity Entity)>();
        foreach (var article in read.Select(a => a.Article))
        {
            // Headlines are in title case, where every word looks like a name: names come from the text.
            mentions.AddRange(NameFinder.Find(sentencesOf[article.Id].Select(s => s.Text))
                .Where(e => !Kinds.IsDemonym(e.Name) && !Kinds.IsCalendarWord(e.Name))
                .Select(e => (article, Unqualified(e))));
        }
        var canonical = Canonicalise([.. mentions.Select(m => m.Entity.Name).Distinct(StringComparer.Ordinal)], mentions);
        var entities = new List<StoryEntity>();
        foreach (var group in mentions.GroupBy(m => canonical[m.Entity.Name]).OrderByDescending(g => g.Sum(m => m.Entity.Mentions)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            string name = group.Key;
            var surfaces = group.SelectMany(m => m.Entity.Aliases.Append(m.Entity.Name)).Distinct(StringComparer.Ordinal).ToList();
            var mentioning = group.Select(m => m.Article).DistinctBy(a => a.Id, StringComparer.Ordinal).ToList();
            var roles = RolesOf(surfaces, mentioning.SelectMany(a => sentencesOf[a.Id]));
            var texts = mentioning.Select(a => textOf[a.Id]).ToList();
            var kind = Kinds.Classify(name, surfaces, roles, texts.Any(t => Kinds.FollowsPlacePreposition(t, name)));
            // A lone capitalised word that is no known person, place or organisation, and that no article writes
            // inside a sentence, is a sentence's first word, not a name.
            if (kind == EntityKind.Other && !name.Contains(' ', StringComparison.Ordinal) && !texts.Any(t => Kinds.WrittenMidSentence(t, name)))
                continue;
            var byOrigin = group
                .GroupBy(m => newsrooms.OriginOf(m.Article.Id), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(m => m.Entity.Mentions), StringComparer.Ordinal);
            entities.Add(new StoryEntity(
                name,
                kind,
                [.. surfaces.Where(s => s != name).Order(StringComparer.Ordinal)],
                roles,
                [.. mentioning.Select(a => a.Id)],
                byOrigin,
                [.. mentioning.Select(a => FirstMention(a.Id, sentencesOf[a.Id], surfaces)).OfType<Evidence>()]));
        }
        return entities;
    }

    /// <summary>Every role the sentences give any form of the name, first seen first, once whatever its case.</summary>
    private static List<string> RolesOf(List<string> surfaces, IEnumerable<Sentence> sentences)
    {
        var roles = new List<string>();
        foreach (var sentence in sentences)
        {
            foreach (var name in surfaces)
            {
                // Most sentences of a story do not write this name: looking for it costs less than starting the finder.
                if (!sentence.Text.Contains(name, StringComparison.Ordinal))
                    continue;
                foreach (var role in RoleFinder.Roles(sentence.Text, name))
                {
                    if (!roles.Contains(role, StringComparer.OrdinalIgnoreCase))
                        roles.Add(role);
                }
            }
        }
        return roles;
    }

    /// <summary>Where an article first writes the entity, under its longest form written there.</summary>
    private static Evidence? FirstMention(string article, List<Sentence> sentences, List<string> surfaces)
    {
        foreach (var sentence in sentences)
        {
            // The earliest form written, the longest of those starting there (the first listed among equals).
            string? first = null;
            int firstAt = -1;
            foreach (var name in surfaces)
            {
                int at = sentence.Text.IndexOf(name, StringComparison.Ordinal);
                if (at >= 0 && (first is null || at < firstAt || (at == firstAt && name.Length > first.Length)))
                    (first, firstAt) = (name, at);
            }
            if (first is not null)
                return new Evidence(article, sentence.Index, sentence.Offset + firstAt, first.Length);
        }
        return null;
    }

    /// <summary>
    /// The name without the qualifiers before its last title word: "Estonian Foreign Minister Arvo Tamm" is Arvo Tamm
    /// (the finder strips only titles it knows from the front, and "Estonian" is not one). The full form stays an alias.
    /// </summary>
    internal static NamedEntity Unqualified(NamedEntity entity)
    {
        var words = entity.Name.Split(' ');
        int lastTitle = Array.FindLastIndex(words, NameFinder.IsTitle);
        // "Eastern Economic Forum" is not a "Forum" that "Eastern Economic" describes: a body keeps its qualifiers.
        if (lastTitle < 0 || lastTitle >= words.Length - 1 || (lastTitle == words.Length - 2 && NameFinder.IsBody(words[^1])))
            return entity;
        return entity with { Name = string.Join(' ', words.Skip(lastTitle + 1)), Aliases = [.. entity.Aliases.Append(entity.Name).Distinct()] };
    }

    /// <summary>Each name's canonical form: the fullest, most mentioned name of the entity it belongs to.</summary>
    private static Dictionary<string, string> Canonicalise(List<string> names, List<(Article Article, NamedEntity Entity)> mentions)
    {
        var count = mentions.GroupBy(m => m.Entity.Name).ToDictionary(g => g.Key, g => g.Sum(m => m.Entity.Mentions), StringComparer.Ordinal);
        // Folding normalises Unicode: fold each name once, not once per pair it is compared in.
        var words = names.ToDictionary(n => n, Words, StringComparer.Ordinal);
        var parent = names.ToDictionary(n => n, n => n, StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
                x = parent[x];
            return x;
        }
        void Union(string a, string b)
        {
            var (x, y) = (Find(a), Find(b));
            if (x != y)
                parent[Better(x, y) ? y : x] = Better(x, y) ? x : y;
        }
        bool Better(string a, string b) =>
            words[a].Length != words[b].Length ? words[a].Length > words[b].Length
            : count[a] != count[b] ? count[a] > count[b]
            : string.CompareOrdinal(a, b) < 0;

        // Two names of one person end in the same folded surname, so only names sharing their last word are compared.
        // Each component's root is its best name whatever the order of unions, so the buckets change no result.
        var multi = names.Where(n => words[n].Length > 1).ToList();
        foreach (var bucket in multi.GroupBy(n => words[n][^1], StringComparer.Ordinal))
        {
            var same = bucket.ToList();
            for (int i = 0; i < same.Count; i++)
            {
                for (int j = i + 1; j < same.Count; j++)
                {
                    if (SamePerson(words[same[i]], words[same[j]]))
                        Union(same[i], same[j]);
                }
            }
        }
        // A single word joins the one fuller entity whose best name holds it; uniting a single word never changes
        // which fuller names are roots, so the roots are indexed by word once.
        var rootsByWord = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var root in multi.Select(Find).Distinct(StringComparer.Ordinal))
        {
            foreach (var word in words[root])
            {
                if (!rootsByWord.TryGetValue(word, out var roots))
                    rootsByWord[word] = roots = new HashSet<string>(StringComparer.Ordinal);
                roots.Add(root);
            }
        }
        foreach (var single in names.Where(n => words[n].Length == 1))
        {
            if (rootsByWord.TryGetValue(Fold(single), out var owners) && owners.Count == 1)
                Union(owners.First(), single);
        }
        return names.ToDictionary(n => n, Find, StringComparer.Ordinal);
    }

    /// <summary>Equal up to case, accents and hyphens, or one surname with given names a transliteration apart.</summary>
    internal static bool SamePerson(string a, string b) => SamePerson(Words(a), Words(b));

    private static bool SamePerson(string[] x, string[] y)
    {
        if (x.SequenceEqual(y))
            return true;
        if (x.Length != y.Length || x.Length < 2 || x[^1] != y[^1] || !x.AsSpan(0, x.Length - 2).SequenceEqual(y.AsSpan(0, y.Length - 2)))
            return false;
        var (gx, gy) = (x[^2], y[^2]);
        return NameForms.SpeltAlike(gx, gy);
    }

    private static string[] Words(string name) => Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Lower case, no accents, hyphens as spaces: "Kim Jong-un" and "Kim Jong Un" fold alike.</summary>
    private static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            builder.Append(c is '-' or '‐' or '–' ? ' ' : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
