using System.Globalization;
using Tidings.Events;
using Tidings.Ingest;
using Tidings.Pipeline;

namespace Tidings.Tests.Pipeline;

/// <summary>
/// A made-up news feed for engine tests: topics that happen again years later, several newsrooms reporting each
/// happening in their own words, and wire copies (verbatim, and with a sentence changed) that follow their original.
/// Deterministic for a seed, so two runs over it can be compared story for story.
/// </summary>
internal static class SyntheticFeed
{
    private static readonly string[] Places = ["Marrowby", "Tessaly", "Greystead", "Hollin", "Dunmore", "Carrick", "Veldmark", "Ostrava", "Linden", "Pellham", "Quarrow", "Sefton"];
    private static readonly string[] People = ["Helga Brandt", "Tomas Brenn", "Ilse Varga", "Omar Haddad", "Petra Novak", "Jonas Weir", "Mira Solberg", "Karl Dunst", "Anya Petrov", "Luis Ortega"];
    private static readonly string[] Happenings = ["flood", "strike", "bridge closure", "election", "factory fire", "rail crash", "port blockade", "drought", "mine collapse", "summit"];
    /// <summary>The function words every report uses whatever it is about.</summary>
    private static readonly string[] Common = ["the", "and", "of", "to", "in", "that", "was", "for", "with", "as", "on", "at", "by", "from", "it", "had", "were", "which", "this", "their", "but", "also", "after", "over", "into", "about", "would", "could"];

    /// <summary>Content words any report may use, made up once: two reports of different happenings share few of them.</summary>
    private static readonly string[] General = MakeWords(3000, new Random(17));

    private static string[] MakeWords(int count, Random random) => [.. Enumerable.Range(0, count).Select(_ => Word(random))];

    private static readonly string[] Sources = ["Courier", "Herald", "Gazette", "Post", "Wire"];

    /// <summary>Small batches, frequent checkpoints and sweeps, so a short feed crosses every boundary the engine has.</summary>
    public static EngineOptions Busy { get; } = new()
    {
        ChunkSize = 16,
        CommitEvery = 25,
        CheckpointEvery = 70,
        Clustering = EventClustererOptions.Default with { RetireEveryArticles = 40 },
    };

    public static List<RawDocument> Make(int seed, int topics, int happeningsPerTopic, int reportsPerHappening)
    {
        var random = new Random(seed);
        var documents = new List<(DateTime When, RawDocument Document)>();
        var start = new DateTime(2020, 1, 6, 8, 0, 0, DateTimeKind.Utc);
        for (int t = 0; t < topics; t++)
        {
            string place = Places[t % Places.Length] + (t >= Places.Length ? " " + Places[(t * 7 + 3) % Places.Length] : "");
            string person = People[(t * 3) % People.Length];
            string what = Happenings[t % Happenings.Length];
            var topicRandom = new Random(seed * 1000 + t);
            var lexicon = MakeWords(60, topicRandom);
            for (int h = 0; h < happeningsPerTopic; h++)
            {
                var day = start.AddDays(t * 9 + h * 400 + random.Next(5));
                string wire = null!;
                for (int r = 0; r < reportsPerHappening; r++)
                {
                    string source = Sources[(t + r) % Sources.Length];
                    string id = $"t{t}-h{h}-r{r}";
                    string text = r > 0 && r % 3 == 0 ? Edit(wire, random) : Report(place, person, what, lexicon, source, day, h, r, random);
                    if (r == 0)
                        wire = text;
                    var when = day.AddHours(r * 3);
                    var hints = new DocumentHints(Source: source, Title: $"{Capital(lexicon[0])} {lexicon[1]}: {what} in {place}", Published: when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    documents.Add((when, new RawDocument(id, new SourceLocation($"feed/{id}.txt"), new PlainTextBody(text), hints)));
                }
            }
        }
        return [.. documents.OrderBy(d => d.When).ThenBy(d => d.Document.Id, StringComparer.Ordinal).Select(d => d.Document)];
    }

    private static string Report(string place, string person, string what, string[] lexicon, string source, DateTime day, int happening, int report, Random random)
    {
        int casualties = 3 + random.Next(40);
        string weekday = day.DayOfWeek.ToString();
        string W() => lexicon[random.Next(lexicon.Length)];
        // Sentences of words drawn from the topic's own lexicon and a shared vocabulary: reports of one happening share
        // its terms, as real ones do, but no two newsrooms write the same sentence.
        var sentences = new List<string>();
        for (int i = 0; i < 7; i++)
        {
            var words = Enumerable.Range(0, 9 + random.Next(6)).Select(_ => random.NextDouble() switch
            {
                < 0.35 => W(),
                < 0.7 => General[random.Next(General.Length)],
                _ => Common[random.Next(Common.Length)],
            }).ToList();
            words.Insert(random.Next(words.Count), i % 2 == 0 ? place : person);
            sentences.Add(Capital(string.Join(' ', words)) + ".");
        }
        sentences.Insert(1, $"The {what} hit {place} on {weekday} and {casualties} were hurt, {person} said.");
        return string.Join("\n\n", sentences);
    }

    /// <summary>A wire copy with one word changed.</summary>
    private static string Edit(string original, Random random)
    {
        var words = original.Split(' ');
        words[random.Next(words.Length)] = "reportedly";
        return string.Join(' ', words);
    }

    /// <summary>A made-up word: each topic speaks of its own places and things, as real events do.</summary>
    private static string Word(Random random)
    {
        const string consonants = "bdfgklmnprstvz", vowels = "aeiou";
        var chars = new char[2 * (2 + random.Next(2))];
        for (int i = 0; i < chars.Length; i += 2)
            (chars[i], chars[i + 1]) = (consonants[random.Next(consonants.Length)], vowels[random.Next(vowels.Length)]);
        return new string(chars);
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    public static IEnumerable<IngestItem> Items(IEnumerable<RawDocument> documents) => documents.Select(d => new AcceptedDocument(d));
}
