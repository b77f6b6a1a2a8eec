using CsCheck;
using Tidings.Copies;
using Tidings.Evaluation;
using Tidings.Extraction;
using Tidings.Fingerprints;

namespace Tidings.Tests.Copies;

public sealed class CopyDetectorTests
{
    internal static readonly string[] Vocabulary =
    [
        "harbour", "council", "ferry", "timetable", "storm", "engineers", "budget", "festival", "museum", "tram",
        "library", "schools", "hospital", "river", "orchard", "market", "stadium", "airport", "bakery", "tunnel",
    ];

    /// <summary>Texts of a made-up language: words of two to four syllables, sentences of eight to twenty words.</summary>
    private static readonly Gen<string> Prose =
        Gen.String[Gen.Char['a', 'z'], 2, 9].Array[8, 20]
            .Select(words => string.Join(' ', words) + ".")
            .Array[6, 14]
            .Select(sentences => string.Join("\n", sentences.Select(s => char.ToUpperInvariant(s[0]) + s[1..])));

    /// <summary>The same made-up language from a plain seed, for texts a test needs outside a property.</summary>
    internal static string RandomProse(int seed)
    {
        var random = new Random(seed);
        string Word() => new(Enumerable.Range(0, random.Next(2, 9)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
        var sentences = Enumerable.Range(0, random.Next(6, 14)).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(8, 20)).Select(_ => Word())) + ".");
        return string.Join("\n", sentences.Select(x => char.ToUpperInvariant(x[0]) + x[1..]));
    }

    private static CopyCandidate Article(string id, string text, string? day = null) =>
        new(id, text, PublicationDate.TryParseIso(day, out var d) ? d : null);

    [Fact]
    public void Finds_each_kind_of_copy_in_a_stream_with_the_original_as_root()
    {
        var maker = new CopyMaker(new Random(3), Vocabulary);
        string near = maker.NearDuplicate(CopyVerifierTests.Original, 0.05, addBoilerplate: true, truncate: false);
        var detector = new CopyDetector();
        detector.AddRange([
            Article("original", CopyVerifierTests.Original, "2024-03-01"),
            Article("unrelated", CopyVerifierTests.Independent + "\nA storm closed the ferry for the day.", "2024-03-01"),
            Article("duplicate", CopyVerifierTests.Original, "2024-03-02"),
            Article("near", near, "2024-03-02"),
            Article("spin", CopyVerifierTests.Spun, "2024-03-03"),
        ]);
        var graph = detector.Graph();
        Assert.Equal("original", graph.CopyOf("duplicate"));
        Assert.Equal("original", graph.CopyOf("near"));
        Assert.Equal("original", graph.CopyOf("spin"));
        Assert.Null(graph.CopyOf("original"));
        Assert.Null(graph.CopyOf("unrelated"));
        Assert.Contains(graph.Relations, r => r.Copy == "duplicate" && r.Kind == CopyKind.Duplicate);
        Assert.Contains(graph.Relations, r => r.Copy == "near" && r.Kind == CopyKind.NearDuplicate && r.Evidence.Count > 0);
    }

    [Fact]
    public void A_block_two_articles_of_one_outlet_share_is_its_template_but_another_outlet_lifting_it_copies()
    {
        // A publisher prints the same financing note under two different product pages; a reseller lifts it.
        const string note = """
            Monthly instalments are available to qualified customers, subject to credit approval and a credit limit.
            The last payment for each product will be its purchase price, less all other payments at the monthly amount.
            Instalment terms are subject to change at any time for any reason, including their length and eligible products.
            Taxes and shipping on items bought in instalments are subject to the card's variable rate, not the plan's rate.
            """;
        var detector = new CopyDetector();
        detector.AddRange([
            new CopyCandidate("laptop", RandomProse(1) + "\n" + note, null, "apple.example"),
            new CopyCandidate("tablet", RandomProse(2) + "\n" + note, null, "apple.example"),
            new CopyCandidate("reseller", RandomProse(3) + "\n" + note, null, "reseller.example"),
        ]);
        var graph = detector.Graph();
        Assert.DoesNotContain(graph.Relations, r => r.A is "laptop" or "tablet" && r.B is "laptop" or "tablet");
        Assert.Contains(graph.Relations, r => r.Copy == "reseller" && r.Kind == CopyKind.PartialCopy);
        // The same two pages under no known outlet are what a reader sees: one lifted the other's block.
        var anonymous = new CopyDetector();
        anonymous.AddRange([new CopyCandidate("laptop", RandomProse(1) + "\n" + note), new CopyCandidate("tablet", RandomProse(2) + "\n" + note)]);
        Assert.Contains(anonymous.Graph().Relations, r => r.Kind == CopyKind.PartialCopy);
    }

    [Fact]
    public void Two_matched_sentences_make_a_candidate_of_a_short_article_but_not_of_a_long_one()
    {
        var tally = new CandidateTally();
        tally.AddSentence(7, sentence: 0, weight: 0.1);
        tally.AddSentence(7, sentence: 1, weight: 0.1);
        tally.AddSentence(7, sentence: 1, weight: 0.1);
        Assert.Equal([7], tally.Candidates(self: 9, limit: 5, matchedSentences: 2, hasSentenceKeys: true));
        Assert.Empty(tally.Candidates(self: 9, limit: 5, matchedSentences: CopyDetector.MinimumMatchedSentences, hasSentenceKeys: true));
    }

    /// <summary>A single shared document band may be a 32-bit fingerprint collision: it needs a second band or a sentence.</summary>
    [Fact]
    public void One_document_band_needs_corroboration_when_the_article_has_sentences()
    {
        var tally = new CandidateTally();
        tally.AddBand(3);
        tally.AddBand(4);
        tally.AddBand(4);
        tally.AddBand(5);
        tally.AddSentence(5, sentence: 0, weight: 0.1);
        Assert.Equal([4, 5], tally.Candidates(self: 9, limit: 5, matchedSentences: 3, hasSentenceKeys: true));
        Assert.Equal([4, 5, 3], tally.Candidates(self: 9, limit: 5, matchedSentences: 3, hasSentenceKeys: false));
    }

    [Fact]
    public void Adding_an_article_under_an_id_already_added_is_refused()
    {
        var detector = new CopyDetector();
        detector.Add(Article("a", CopyVerifierTests.Original));
        Assert.Throws<ArgumentException>(() => detector.Add(Article("a", CopyVerifierTests.Spun)));
    }

    /// <summary>Evidence for (a, b) is the mirror of the evidence for (b, a), and the verdict is the same.</summary>
    [Fact]
    public void Verification_is_symmetric_in_evidence()
    {
        var gen = Prose.SelectMany(text => Gen.Int[0, 1000].Select(seed => (text, seed)));
        gen.Sample((text, seed) =>
        {
            var maker = new CopyMaker(new Random(seed), Vocabulary);
            var copy = WordSequence.Read(seed % 2 == 0 ? maker.NearDuplicate(text, 0.08, false, true) : maker.Rewrite(text, 0.4));
            var original = WordSequence.Read(text);
            var forward = CopyDetector.Verify(original, copy);
            var backward = CopyDetector.Verify(copy, original);
            return forward?.Kind == backward?.Kind
                && (forward is null || forward.Value.Evidence.SequenceEqual(backward!.Value.Evidence.Select(e => e.Mirrored())));
        }, iter: 60);
    }

    /// <summary>Who is the original does not depend on which article is named first.</summary>
    [Fact]
    public void Provenance_is_antisymmetric()
    {
        var day = Gen.Select(Gen.Bool, Gen.Int[1, 28]).Select((dated, d) => dated ? new PublicationDate(new DateOnly(2024, 3, d)) : (PublicationDate?)null);
        var claim = Gen.Select(Gen.Int[0, 1000], day, Gen.Int[0, 900]).Select((n, d, w) => new Provenance.Claim(n, d, w));
        Gen.Select(claim, claim).Where((a, b) => a.Number != b.Number).Sample((a, b) =>
        {
            int winner = Provenance.Original(a, b);
            return winner == Provenance.Original(b, a) && (winner == a.Number || winner == b.Number);
        });
    }

    /// <summary>A new article is only compared with earlier ones, so one unrelated to all never changes what was found.</summary>
    [Fact]
    public void Adding_an_unrelated_article_never_changes_existing_relations()
    {
        var gen = Gen.Int[0, 10_000].Select(seed => (seed, Position: seed % 4));
        gen.Sample((seed, position) =>
        {
            var maker = new CopyMaker(new Random(seed), Vocabulary);
            var stream = new List<CopyCandidate>
            {
                Article("original", CopyVerifierTests.Original),
                Article("near", maker.NearDuplicate(CopyVerifierTests.Original, 0.06, false, false)),
                Article("spin", CopyVerifierTests.Spun),
                Article("other", CopyVerifierTests.Independent),
            };
            var before = Relations(stream);
            var unrelated = RandomProse(seed);
            stream.Insert(position, Article("unrelated", unrelated));
            var after = Relations(stream).Where(r => r.A != "unrelated" && r.B != "unrelated").ToHashSet();
            return after.SetEquals(before);
        }, iter: 40);
    }

    private static HashSet<(string A, string B, CopyKind Kind, string Original)> Relations(IReadOnlyList<CopyCandidate> stream)
    {
        var detector = new CopyDetector();
        detector.AddRange(stream);
        return detector.Relations.Select(r => (string.CompareOrdinal(r.A, r.B) < 0 ? (r.A, r.B) : (r.B, r.A)) is var (x, y) ? (x, y, r.Kind, r.Original) : default).ToHashSet();
    }

    /// <summary>
    /// Whether articles arrive one at a time or in one batch, the same relations are found: within a batch, the copies of
    /// an original must already count as its group when a later partial copy's sentences are checked for templates.
    /// </summary>
    [Fact]
    public void Relations_do_not_depend_on_how_the_stream_is_batched()
    {
        Gen.Int[0, 10_000].Sample(seed =>
        {
            var maker = new CopyMaker(new Random(seed), Vocabulary);
            string host = RandomProse(seed);
            var stream = new List<CopyCandidate>
            {
                Article("original", CopyVerifierTests.Original),
                Article("near", maker.NearDuplicate(CopyVerifierTests.Original, 0.05, false, false)),
                Article("near-again", maker.NearDuplicate(CopyVerifierTests.Original, 0.04, false, false)),
                Article("part", maker.PartialCopy(CopyVerifierTests.Original, host, 0.5, 0.7) ?? host),
                Article("spin", CopyVerifierTests.Spun),
                Article("other", CopyVerifierTests.Independent),
            };
            var batched = new CopyDetector();
            batched.AddRange(stream);
            var single = new CopyDetector();
            foreach (var article in stream)
                single.Add(article);
            return batched.Relations.Select(r => (r.A, r.B, r.Kind)).SequenceEqual(single.Relations.Select(r => (r.A, r.B, r.Kind)));
        }, iter: 30);
    }

    [Fact]
    public void Running_on_all_cores_finds_the_same_relations_as_one_thread()
    {
        var maker = new CopyMaker(new Random(5), Vocabulary);
        var stream = Enumerable.Range(0, 40).Select(i => Article($"a{i}", i % 3 == 2
            ? maker.NearDuplicate(CopyVerifierTests.Original, 0.05, false, false)
            : RandomProse(i))).ToList();
        var serial = new CopyDetector();
        serial.AddRange(stream);
        var parallel = new CopyDetector();
        parallel.AddRange(stream, parallel: true);
        Assert.Equal(serial.Relations.Select(r => (r.A, r.B, r.Kind)), parallel.Relations.Select(r => (r.A, r.B, r.Kind)));
        Assert.NotEmpty(serial.Relations);
    }

    [Fact]
    public void Names_ahead_the_stored_texts_that_copies_of_articles_long_past_will_be_verified_against()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var read = new List<string>();
        var detector = new CopyDetector(id => { read.Add(id); return texts[id]; }, keepRelations: false);
        void Add(string id, string text)
        {
            texts[id] = text;
            detector.Add(CopyDetector.Prepare(Article(id, text)));
        }
        Add("long-ago", CopyVerifierTests.Original);
        // More articles than the detector keeps word sequences of, so that the first has left them.
        for (int i = 0; i < 2_100; i++)
            Add($"filler-{i}", RandomProse(1_000 + i));
        string recent = texts["filler-2099"];
        var next = new[] { Article("again", CopyVerifierTests.Original), Article("fresh", RandomProse(7)), Article("recent-again", recent) }
            .Select(CopyDetector.Prepare).ToList();

        var ahead = detector.TextsToRead(next);
        read.Clear();
        foreach (var article in next)
        {
            texts[article.Candidate.Id] = article.Candidate.Text;
            detector.Add(article);
        }

        Assert.Equal(["long-ago"], ahead);
        Assert.Equal(["long-ago"], read);
        Assert.Empty(new CopyDetector().TextsToRead(next));   // a detector that keeps every text reads none
    }
}
