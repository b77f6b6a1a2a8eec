using Tidings.Fingerprints;

namespace Tidings.Synthesis;

/// <summary>
/// The story's dated statements in the order of the days they refer to: every day a fact's sentences name, written in
/// full or resolved against the article's publication ("will begin on Monday"), with the sentence that names it first
/// and every article that dates the fact to that day.
/// </summary>
internal static class TimelineBuilder
{
    public static List<TimelineEntry> Build(IReadOnlyList<List<StatedSentence>> facts)
    {
        var entries = new List<(TimelineEntry Entry, int Fact)>();
        for (int f = 0; f < facts.Count; f++)
        {
            var dated = facts[f]
                .SelectMany(s => s.Days.Select(d => (d.Day, s)))
                .GroupBy(x => x.Day);
            foreach (var day in dated)
            {
                var sentences = day.Select(x => x.s).Distinct().ToList();
                entries.Add((new TimelineEntry(day.Key, sentences[0].Text, [.. sentences.Select(s => s.Article).Distinct()], [.. sentences.Select(s => s.Evidence)]), f));
            }
        }
        return [.. entries.OrderBy(e => e.Entry.Date).ThenBy(e => e.Fact).Select(e => e.Entry)];
    }
}
