using CsCheck;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.Synthesis;

namespace Tidings.Tests.Synthesis;

public sealed class StorySynthesizerTests
{
    internal static Article Article(string id, string text, string? published, string? title = null) => new()
    {
        Id = id,
        Origin = new SourceLocation(id),
        Title = title,
        Paragraphs = text.Split("\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Boilerplate = [],
        Published = PublicationDate.TryParseIso(published, out var d) ? d : null,
    };

    // Published on Saturday 2 March 2024: "on Monday" in the future tense is 4 March.
    private const string Wire = """
        Estonian Foreign Minister Arvo Tamm will begin a three-day visit to Lisbon on Monday, his ministry said on Saturday.
        Mr Tamm is expected to meet Portuguese Prime Minister Clara Souza to discuss Baltic energy links and fishing quotas.
        The visit follows a meeting in Riga last month between Tamm and Sergey Volkov, the chairman of the Baltic Grid Council.
        Officials said the ministers would also sign an agreement on joint naval exercises in the Atlantic.
        Tamm's predecessor last visited Portugal in 2019, when the two countries opened a consulate in Tallinn.
        """;

    // A newspaper's copy of the wire story with a standfirst and an appeal glued on.
    private static readonly string WireCopy = "Our correspondent follows the minister across Europe this spring.\n" + Wire + "\nSupport independent journalism by subscribing to our newsletter today.";

    // Another newsroom's own report of the same visit, in its own words.
    private const string Independent = """
        Arvo Tamm, Estonia's foreign minister, arrives in Lisbon for talks running from Monday to Wednesday.
        Tamm will meet Prime Minister Clara Souza on Baltic energy links and fishing quotas during the visit.
        Before the trip, Tamm met Baltic Grid Council chairman Sergei Volkov in Riga last month, officials said.
        The Portuguese government hopes for a deal on cheaper electricity imports, a spokeswoman said.
        """;

    // A third report that gives the visit a different length.
    private const string Conflicting = """
        Estonian Foreign Minister Arvo Tamm begins a four-day visit to Lisbon on Monday, his ministry said on Saturday.
        Local businesses in Lisbon expect few changes from the visit, according to the chamber of commerce.
        """;

    private static (IReadOnlyList<Article> Articles, StoryKnowledge Knowledge) Synthesize(params Article[] articles)
    {
        var copies = CopyGraph.Of(articles);
        return (articles, StorySynthesizer.Synthesize(articles, copies));
    }

    private static StoryFact FactStating(StoryKnowledge knowledge, string words) =>
        Assert.Single(knowledge.Facts, f => f.Text.Contains(words, StringComparison.Ordinal));

    [Fact]
    public void A_copy_is_not_a_second_witness_but_another_newsroom_is()
    {
        var (_, knowledge) = Synthesize(
            Article("wire", Wire, "2024-03-02"),
            Article("paper", WireCopy, "2024-03-02T18:00:00Z"),
            Article("daily", Independent, "2024-03-03"));
        var naval = FactStating(knowledge, "naval exercises");
        Assert.Equal(["wire", "paper"], naval.Sources);
        Assert.Equal(1, naval.Origins);
        Assert.False(naval.Corroborated);
        var riga = FactStating(knowledge, "Riga last month between Tamm");
        Assert.Equal(["wire", "paper", "daily"], riga.Sources);
        Assert.Equal(2, riga.Origins);
        Assert.True(riga.Corroborated);
    }

    [Fact]
    public void Two_reports_of_one_outlet_are_one_witness()
    {
        var (_, knowledge) = Synthesize(
            Article("wire", Wire, "2024-03-02") with { Source = "www.balticwire.example" },
            Article("follow-up", Independent, "2024-03-03") with { Source = "BalticWire.example" });
        var riga = FactStating(knowledge, "Riga last month between Tamm");
        Assert.Equal(["wire", "follow-up"], riga.Sources);
        Assert.Equal(1, riga.Origins);
        Assert.False(riga.Corroborated);
        Assert.Single(Assert.Single(knowledge.Entities, e => e.Name == "Arvo Tamm").MentionsByOrigin);
    }

    [Fact]
    public void Sentences_that_only_resemble_each_other_in_a_chain_are_not_one_fact()
    {
        // Each report shares details with the next, but the first and the last state different things.
        var (_, knowledge) = Synthesize(
            Article("a", "Harbour workers in Calder began a strike on Tuesday over night shifts at the port.", "2024-05-07"),
            Article("b", "The strike by harbour workers in Calder over night shifts closed the port, the union said on Tuesday, stranding fruit exporters.", "2024-05-07"),
            Article("c", "The union said the closure of the port was stranding fruit exporters in Calder.", "2024-05-08"));
        var strike = FactStating(knowledge, "began a strike");
        Assert.Equal(["a", "b"], strike.Sources);
        Assert.DoesNotContain(knowledge.Facts, f => f.Sources.Contains("a") && f.Sources.Contains("c"));
    }

    [Fact]
    public void Sentences_sharing_two_words_do_not_corroborate_each_other()
    {
        // A rare name and a place in common weigh enough for the cosine, but the sentences say opposite things.
        var (_, knowledge) = Synthesize(
            Article("a", "Brydge will soon be in Norway for the first time.", "2024-05-07"),
            Article("b", "Brydge is gone from Norway for the time being.", "2024-05-07"));
        Assert.Equal(2, knowledge.Facts.Count);
        Assert.All(knowledge.Facts, f => Assert.False(f.Corroborated));
    }

    /// <summary>A stand-in encoder for the grouping rule: a sentence means what the first of its listed words it holds
    /// means (each word one axis); it records what it was asked to encode.</summary>
    private sealed class KeywordMeaning(params string[] words) : ISentenceMeaning
    {
        public List<string> Encoded { get; } = [];

        public double SameStatement => 0.65;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> sentences)
        {
            lock (Encoded)
                Encoded.AddRange(sentences);
            return [.. sentences.Select(s => words.Select(w => s.Contains(w, StringComparison.OrdinalIgnoreCase) ? 1f : 0f).ToArray())];
        }
    }

    private static readonly Article[] BridgeReports =
    [
        Article("courier", "The mayor said the new harbour bridge over the Veld estuary would open to traffic in June.\nThe bridge cost 140 million euros and took four years to build.", "2026-03-02"),
        Article("wire", "Engineers found cracks in the new harbour bridge over the Veld estuary during an inspection in June.\nThe 140 million euro bridge took four years to build, officials said.", "2026-03-02"),
    ];

    [Fact]
    public void By_words_alone_two_sentences_about_one_thing_that_say_different_things_of_it_do_not_corroborate()
    {
        var knowledge = StorySynthesizer.Synthesize(BridgeReports, CopyGraph.Of(BridgeReports));
        // Six words in common (the new harbour bridge over the Veld estuary, June), and an opening is not a crack.
        Assert.False(FactStating(knowledge, "The mayor said").Corroborated);
        Assert.True(FactStating(knowledge, "140 million euros").Corroborated);
    }

    [Fact]
    public void With_a_sentence_meaning_sentences_sharing_words_but_not_meaning_do_not_corroborate()
    {
        Article[] articles = BridgeReports;
        var copies = CopyGraph.Of(articles);
        // Words only propose where an encoder decides: one that reads both bridge sentences alike lets them corroborate.
        Assert.True(FactStating(StorySynthesizer.Synthesize(articles, copies, new KeywordMeaning("bridge")), "The mayor said").Corroborated);

        var meaning = new KeywordMeaning("open", "cracks", "cost", "euro");
        var knowledge = StorySynthesizer.Synthesize(articles, copies, meaning);
        Assert.False(FactStating(knowledge, "The mayor said").Corroborated);
        Assert.True(FactStating(knowledge, "140 million euros").Corroborated);
        // Only the sentences that words alone tie to another are encoded, each once.
        Assert.Equal(4, meaning.Encoded.Count);
    }

    [Fact]
    public void Sentences_that_share_only_names_or_a_small_part_of_the_longer_do_not_corroborate()
    {
        var (_, knowledge) = Synthesize(
            Article("courier", "Estonian Foreign Minister Arvo Tamm announced on Saturday that his ministry would open a consulate in Calder next spring.\nThe consulate will employ twelve people.", "2026-03-02"),
            Article("wire", "So did Estonian Foreign Minister Arvo Tamm.\nThe new consulate in Calder will employ twelve people from the region.", "2026-03-02"));
        // Four shared words, all of a name: about one person, not one statement.
        Assert.False(FactStating(knowledge, "announced on Saturday").Corroborated);
        Assert.True(FactStating(knowledge, "employ twelve people").Corroborated);
    }

    [Fact]
    public void A_question_is_not_a_fact()
    {
        var (_, knowledge) = Synthesize(
            Article("a", "What will the new terminal in Calder mean for the fishing fleet?\nThe new terminal in Calder opened on Tuesday with two cranes.", "2024-05-07"),
            Article("b", "How will the fishing fleet fare once the new Calder terminal is open?\nThe terminal in Calder opened its gates on Tuesday with two new cranes.", "2024-05-07"));
        Assert.DoesNotContain(knowledge.Facts, f => f.Text.EndsWith('?'));
        Assert.True(FactStating(knowledge, "opened on Tuesday").Corroborated);
    }

    [Fact]
    public void Names_merge_across_articles_with_their_roles()
    {
        var (_, knowledge) = Synthesize(Article("wire", Wire, "2024-03-02"), Article("daily", Independent, "2024-03-03"));
        var tamm = Assert.Single(knowledge.Entities, e => e.Name == "Arvo Tamm");
        Assert.Equal(EntityKind.Person, tamm.Kind);
        Assert.Contains("Mr Tamm", tamm.Aliases);
        Assert.Contains("Estonian Foreign Minister", tamm.Roles);
        Assert.Contains("Estonia's foreign minister", tamm.Roles);
        Assert.Equal(["wire", "daily"], tamm.Sources);
        Assert.Equal(2, tamm.MentionsByOrigin.Count);
        var volkov = Assert.Single(knowledge.Entities, e => e.Name.EndsWith("Volkov", StringComparison.Ordinal));
        Assert.Contains(volkov.Aliases.Append(volkov.Name), n => n.StartsWith("Sergei", StringComparison.Ordinal));
        Assert.Contains(volkov.Aliases.Append(volkov.Name), n => n.StartsWith("Sergey", StringComparison.Ordinal));
        Assert.Contains(volkov.Roles, r => r.Contains("chairman", StringComparison.Ordinal));
        Assert.Single(knowledge.Entities, e => e.Name == "Clara Souza");
        Assert.Contains(knowledge.Entities, e => e.Name == "Lisbon" && e.Kind == EntityKind.Place);
    }

    [Fact]
    public void A_qualified_body_is_no_alias_of_another_body_of_its_kind()
    {
        var (_, knowledge) = Synthesize(Article("a",
            "The Chinese Ministry of Foreign Affairs said on Monday that talks with Moscow would continue.\n"
            + "A spokesman for the Russian Ministry of Foreign Affairs said the Kremlin welcomed the talks.\n"
            + "Leaders met at the Eastern Economic Forum in Vladivostok before the Road Forum in Beijing.", "2024-03-02"));
        var bodies = knowledge.Entities.Where(e => e.Kind == EntityKind.Organisation).ToList();
        Assert.Contains(bodies, e => e.Name == "Chinese Ministry of Foreign Affairs");
        Assert.Contains(bodies, e => e.Name == "Russian Ministry of Foreign Affairs");
        Assert.All(bodies, e => Assert.DoesNotContain(e.Aliases, a => a.Contains("Forum", StringComparison.Ordinal) != e.Name.Contains("Forum", StringComparison.Ordinal)));
        var eastern = Assert.Single(knowledge.Entities, e => e.Name == "Eastern Economic Forum");
        Assert.DoesNotContain(eastern.Aliases, a => a.Contains("Road", StringComparison.Ordinal));
        Assert.DoesNotContain(knowledge.Entities, e => e.Aliases.Contains("Russian Ministry of Foreign Affairs") && e.Aliases.Concat([e.Name]).Any(a => a.Contains("Chinese", StringComparison.Ordinal)));
    }

    [Fact]
    public void Durations_that_agree_in_other_words_are_no_disagreement_but_different_lengths_are()
    {
        // Three days and "Monday to Wednesday" agree.
        var (_, agreeing) = Synthesize(Article("wire", Wire, "2024-03-02"), Article("daily", Independent, "2024-03-03"));
        Assert.DoesNotContain(agreeing.Disagreements, d => d.Detail == "day");
        var (_, conflicting) = Synthesize(Article("wire", Wire, "2024-03-02"), Article("radio", Conflicting, "2024-03-02"));
        var length = Assert.Single(conflicting.Disagreements, d => d.Detail == "day");
        Assert.Equal(["three-day", "four-day"], length.Values.Select(v => v.Value));
        Assert.Equal(["wire"], length.Values[0].Sources);
        Assert.Equal(["radio"], length.Values[1].Sources);
    }

    [Fact]
    public void How_long_before_something_else_an_event_came_is_a_detail_sources_can_disagree_on()
    {
        var (_, knowledge) = Synthesize(
            Article("wire", "Tamm met Volkov in Riga two days before the four-day visit to Lisbon, his ministry said.", "2024-03-02"),
            Article("daily", "Tamm met Volkov in Riga a day before the four-day visit to Lisbon, officials said.", "2024-03-02"),
            Article("radio", "Tamm met Volkov in Riga one day before his four-day visit to Lisbon, a spokesman said.", "2024-03-02"));
        var timing = Assert.Single(knowledge.Disagreements);
        Assert.Equal("day apart", timing.Detail);
        Assert.Equal(["two days before", "a day before"], timing.Values.Select(v => v.Value));
        Assert.Equal(["daily", "radio"], timing.Values[1].Sources);
        Assert.Equal(2, timing.Values[1].Evidence.Count);
    }

    [Fact]
    public void A_short_report_of_a_long_sentence_with_another_number_is_a_disagreement_not_a_second_fact()
    {
        // The short sentence holds a small share of the long one's words, too small for words alone to call the two one
        // statement; that they say it with another number is what a reader wants shown.
        var (_, knowledge) = Synthesize(
            Article("wire", "At 2,500 tons of thrust, equal to 18 Boeing 747 aircraft at full throttle, the Calder rocket will be the most powerful rocket flying by a factor of two when it leaves the coastal launch site on Tuesday, its makers said.", "2024-03-02"),
            Article("daily", "Its thrust equals 18 Boeing 737 aircraft at full throttle.", "2024-03-02"));
        var aircraft = Assert.Single(knowledge.Disagreements);
        Assert.Equal("aircraft", aircraft.Detail);
        Assert.Equal(["747 aircraft", "737 aircraft"], aircraft.Values.Select(v => v.Value));
    }

    [Fact]
    public void Two_people_in_one_role_disagree_but_one_person_under_two_names_does_not()
    {
        var (_, different) = Synthesize(
            Article("a", "The Oslo talks on fishing rights were hosted by Norwegian Foreign Minister Kari Lund, officials said.\nBoth delegations praised the venue.", "2024-05-06"),
            Article("b", "Norwegian Foreign Minister Per Dahl hosted the Oslo talks on fishing rights, officials said.\nThe talks ended without a deal.", "2024-05-06"));
        var role = Assert.Single(different.Disagreements);
        Assert.Equal("role: norwegian foreign minister", role.Detail);
        Assert.Equal(["Kari Lund", "Per Dahl"], role.Values.Select(v => v.Value));

        var (_, same) = Synthesize(
            Article("a", "The Oslo talks on fishing rights were hosted by Norwegian Foreign Minister Kari Lund, officials said.\nBoth delegations praised the venue.", "2024-05-06"),
            Article("b", "Norwegian Foreign Minister Lund hosted the Oslo talks on fishing rights, officials said.\nThe talks ended without a deal.", "2024-05-06"));
        Assert.Empty(same.Disagreements);
    }

    [Fact]
    public void Relative_days_resolved_from_different_publication_days_are_not_compared()
    {
        // Monday's and Tuesday's papers both say the ferry sank "on Sunday": resolved from two days, the same Sunday.
        var (_, knowledge) = Synthesize(
            Article("monday", "The Calder ferry sank on Sunday near the harbour mouth with 40 passengers aboard, the coastguard said.\nDivers searched the wreck.", "2024-06-03"),
            Article("tuesday", "The Calder ferry sank on Sunday close to the harbour mouth with 40 passengers aboard, coastguard officials said.\nThe owners apologised.", "2024-06-11"));
        Assert.DoesNotContain(knowledge.Disagreements, d => d.Detail == "date");
    }

    [Fact]
    public void The_timeline_resolves_relative_days_against_publication()
    {
        var (_, knowledge) = Synthesize(Article("wire", Wire, "2024-03-02"));
        var start = Assert.Single(knowledge.Timeline, t => t.Date == new DateOnly(2024, 3, 4));
        Assert.Contains("will begin a three-day visit", start.Text, StringComparison.Ordinal);
        Assert.Contains(knowledge.Timeline, t => t.Date == new DateOnly(2024, 3, 2) && t.Text.Contains("Saturday", StringComparison.Ordinal));
        Assert.Equal(knowledge.Timeline.OrderBy(t => t.Date).Select(t => t.Date), knowledge.Timeline.Select(t => t.Date));
    }

    [Fact]
    public void Everything_points_back_to_the_words_an_article_wrote()
    {
        var (articles, knowledge) = Synthesize(
            Article("wire", Wire, "2024-03-02"),
            Article("paper", WireCopy, "2024-03-02T18:00:00Z"),
            Article("daily", Independent, "2024-03-03"));
        var text = articles.ToDictionary(a => a.Id, a => a.Text);
        string At(Evidence e) => text[e.Article].Substring(e.Offset, e.Length);
        foreach (var fact in knowledge.Facts)
        {
            Assert.Contains(At(fact.Evidence[0]), fact.Text, StringComparison.Ordinal);
            Assert.Equal(fact.Sources, fact.Evidence.Select(e => e.Article).Distinct());
        }
        foreach (var entity in knowledge.Entities)
        {
            foreach (var e in entity.Evidence)
                Assert.Contains(At(e), entity.Aliases.Append(entity.Name));
        }
        foreach (var entry in knowledge.Timeline)
            Assert.Equal(entry.Text, At(entry.Evidence[0]));
        Assert.All(knowledge.Summary, s => Assert.Contains(knowledge.Facts, f => f.Text == s));
    }

    [Fact]
    public void The_summary_leads_with_corroborated_facts_without_repeating_itself()
    {
        var (_, knowledge) = Synthesize(
            Article("wire", Wire, "2024-03-02"),
            Article("paper", WireCopy, "2024-03-02T18:00:00Z"),
            Article("daily", Independent, "2024-03-03"));
        Assert.InRange(knowledge.Summary.Count, SummaryWriter.MinSentences, SummaryWriter.MaxSentences);
        Assert.Contains(knowledge.Summary, s => s.Contains("Riga", StringComparison.Ordinal));
        Assert.Equal(knowledge.Summary.Count, knowledge.Summary.Distinct().Count());
    }

    private static readonly string[] Sentences =
    [
        "The harbour authority of Calder said six container ships were waiting offshore on Tuesday.",
        "Dock workers walked out over a new shift system that the port introduced in January.",
        "The union said talks with the harbour authority would resume once the ships were unloaded.",
        "Calder's mayor urged both sides to return to the table before the holiday season.",
        "Shipping companies warned that delays could cost the regional economy millions of euros.",
        "Police reported no incidents at the picket lines outside the container terminal.",
        "The last strike at the port, in 2019, lasted nine days and ended with a pay rise.",
        "Farmers who export fruit through Calder said their produce could spoil within a week.",
        "A spokeswoman for the port said the new shifts were needed to handle larger ships.",
        "The transport minister said the government would not intervene in the dispute for now.",
    ];

    [Fact]
    public void Adding_a_copy_of_an_article_never_changes_any_facts_independent_origins()
    {
        var article = Gen.Int[0, Sentences.Length - 1].Array[6, 9].Select(indices => string.Join("\n", indices.Distinct().Select(i => Sentences[i])));
        Gen.Select(article.Array[2, 4], Gen.Int[0, 3]).Sample((texts, copied) =>
        {
            var articles = texts.Select((t, i) => Article($"a{i}", t, $"2024-06-0{i + 1}")).ToList();
            var source = articles[copied % articles.Count];
            var before = OriginsBySentence(articles);
            var withCopy = articles.Append(Article("copy", source.Text, "2024-06-09")).ToList();
            var after = OriginsBySentence(withCopy);
            foreach (var (sentence, origins) in before)
                Assert.Equal(origins, after[sentence]);
        });
    }

    private static Dictionary<string, int> OriginsBySentence(IReadOnlyList<Article> articles)
    {
        var knowledge = StorySynthesizer.Synthesize(articles, CopyGraph.Of(articles));
        var text = articles.ToDictionary(a => a.Id, a => a.Text);
        return knowledge.Facts
            .SelectMany(f => f.Evidence.Select(e => (Sentence: text[e.Article].Substring(e.Offset, e.Length), f.Origins)))
            .GroupBy(x => x.Sentence)
            .ToDictionary(g => g.Key, g => g.First().Origins);
    }

    [Fact]
    public void A_story_synthesised_on_several_cores_is_the_story_synthesised_on_one()
    {
        // Reports that share and contradict details, repeated under new ids and outlets until there are enough to
        // spread over threads: the knowledge, its order included, must not depend on how the work was divided.
        var reports = new[] { Wire, WireCopy, Independent, Conflicting };
        var articles = Enumerable.Range(0, 120).Select(i => Article($"a{i:000}", reports[i % 4], $"2024-03-{2 + i % 3:00}") with { Source = $"outlet{i % 7}" }).ToList();
        var copies = CopyGraph.Of(articles);

        var oneCore = StorySynthesizer.Synthesize(articles, copies, parallelFrom: int.MaxValue);
        var severalCores = StorySynthesizer.Synthesize(articles, copies, parallelFrom: 1);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(oneCore), System.Text.Json.JsonSerializer.Serialize(severalCores));
        Assert.NotEmpty(oneCore.Facts);
        Assert.NotEmpty(oneCore.Entities);
    }
}
