using System.Text.RegularExpressions;

namespace Tidings.Synthesis;

/// <summary>
/// Groups the story's sentences into facts: sentences of different articles that say the same thing in different
/// words. Two sentences are tied when their content terms, weighed by how rare each is among the story's sentences,
/// reach a weighted cosine and share enough words (<see cref="WordGate"/>); a fact is
/// its first sentence and the later sentences tied to one of its sentences that still share that many words with the
/// first, so that no chain of resemblances drifts to another statement. Repeated sentences (a copy's) are compared
/// once, and term rarity is counted over distinct sentences, so adding a copy of an article adds its articles to facts
/// but never changes which sentences group together.
/// </summary>
internal static partial class FactGrouper
{
    /// <summary>
    /// How much two sentences' words must have in common to state one fact: a weighted cosine of their content terms,
    /// and a share of the longer sentence's content words that the two hold in common (a short sentence that names what
    /// a long one names, "So did German Chancellor Angela Merkel.", shares most of its own words with it yet says little
    /// of what the long one states).
    /// </summary>
    private readonly record struct WordGate(double Cosine, double ShareOfLonger)
    {
        /// <summary>
        /// Where words alone decide. On the judged Giveme5W1H pairs, the gate that lets a sentence encoder decide
        /// (<see cref="BeforeMeaning"/>) made 192 of 210 corroborated facts one statement (0.914): two sentences about
        /// one boy, one gorilla and one exhibit, or one PS4 update, passed it while saying different things of them.
        /// This gate, with the exception of <see cref="Ties"/>, makes 166 of 173 one statement (0.960). Two newsrooms'
        /// own wordings of one statement (the Malta talks in seeds 000 and 002; the terminal opening in the sample's
        /// courier and wire reports) still pass it; at a cosine of 0.42 the wire's report of the opening stands alone.
        /// </summary>
        public static readonly WordGate ByWordsAlone = new(0.38, 0.35);

        /// <summary>
        /// Where a sentence encoder also reads the two as one statement (<see cref="ISentenceMeaning"/>), words only
        /// propose: with this gate and all-MiniLM-L6-v2, 165 of 169 facts are one statement, where the stricter gate
        /// keeps 143 of 146. At a cosine of 0.30 the sentence about the Malta talks and the one announcing the visit
        /// chain into one fact.
        /// </summary>
        public static readonly WordGate BeforeMeaning = new(0.35, 0.25);
    }

    /// <summary>Content words (stemmed) two sentences must share to state one thing, whatever their weight.</summary>
    private const int MinSharedTerms = 3;

    /// <summary>
    /// Shared content words that either sentence writes in lower case somewhere: words of what is said, not only of
    /// who it is about. "German Chancellor Angela Merkel" is four shared words and no statement.
    /// </summary>
    private const int MinSharedPlainWords = 2;

    /// <summary>
    /// Whether two sentences share enough content words, stemmed but not cut, to state one thing: whatever their weight,
    /// a name and one more word in common make two sentences about one thing, not one statement.
    /// </summary>
    private static bool SharesEnough(StatedSentence a, StatedSentence b, WordGate gate)
    {
        int shared = 0, plain = 0;
        foreach (var term in a.Terms)
        {
            if (!b.Terms.Contains(term))
                continue;
            shared++;
            // A term is a stem in lower case: found in a sentence's text as it stands, it begins a word written there in
            // lower case (or sits inside one, which is rare enough for a count of two).
            if (a.Text.Contains(term, StringComparison.Ordinal) || b.Text.Contains(term, StringComparison.Ordinal))
                plain++;
        }
        return shared >= MinSharedTerms && plain >= MinSharedPlainWords
            && shared >= gate.ShareOfLonger * Math.Max(a.Terms.Count, b.Terms.Count);
    }

    /// <summary>
    /// Whether two sentences' words make them one statement under the gate; or, under the looser gate, one statement
    /// told with a different number or day ("equal to 18 Boeing 747 aircraft" and "18 Boeing 737 aircraft"), which
    /// the stricter gate's share of words misses and a reader wants shown as a disagreement. The cosine is infinite
    /// where only the shared words are in question.
    /// </summary>
    private static bool Ties(StatedSentence a, StatedSentence b, double cosine, WordGate gate) =>
        (cosine >= gate.Cosine && SharesEnough(a, b, gate))
        || (gate != WordGate.BeforeMeaning && SharesEnough(a, b, WordGate.BeforeMeaning) && DisagreementFinder.StateDifferently(a, b));

    /// <summary>The vectors of the sentences that words alone tie to another (the only ones a fact can join), encoded
    /// in one call; null for the rest.</summary>
    private static float[]?[] Meanings(List<List<StatedSentence>> distinct, List<(int Earlier, double Cosine)>?[] partners, ISentenceMeaning meaning)
    {
        var tied = new SortedSet<int>();
        for (int j = 0; j < partners.Length; j++)
        {
            foreach (var (earlier, _) in partners[j] ?? [])
            {
                tied.Add(earlier);
                tied.Add(j);
            }
        }
        var means = new float[]?[distinct.Count];
        if (tied.Count == 0)
            return means;
        var encoded = meaning.Encode([.. tied.Select(i => distinct[i][0].Text)]);
        int k = 0;
        foreach (int i in tied)
            means[i] = encoded[k++];
        return means;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
    }

    /// <summary>A term in more distinct sentences than this is the story's subject, not a detail: it does not make two sentences candidates.</summary>
    private const int MaxSentencesPerTerm = 40;

    /// <summary>
    /// Terms cut to their first five letters: two newsrooms write "adviser" and "advisor", "visited" and "visit", and a
    /// cut that joins them costs less than the few words it confuses.
    /// </summary>
    private static string Truncate(string term) => term.Length > 5 ? term[..5] : term;

    [GeneratedRegex(@"[\s\p{P}]+", RegexOptions.CultureInvariant)]
    private static partial Regex PunctuationAndSpace();

    /// <summary>The sentences grouped into facts, each group in story order, the groups by their first sentence.</summary>
    /// <param name="sentences">The story's sentences, in story order.</param>
    /// <param name="meaning">When given, a sentence joins a fact only if it also means what the fact's first sentence
    /// means (see <see cref="ISentenceMeaning"/>).</param>
    public static List<List<StatedSentence>> Group(IReadOnlyList<StatedSentence> sentences, ISentenceMeaning? meaning = null)
    {
        var gate = meaning is null ? WordGate.ByWordsAlone : WordGate.BeforeMeaning;
        var distinct = new List<List<StatedSentence>>();
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
        {
            string key = PunctuationAndSpace().Replace(s.Text.ToLowerInvariant(), " ").Trim();
            if (!byText.TryGetValue(key, out int at))
            {
                byText[key] = at = distinct.Count;
                distinct.Add([]);
            }
            distinct[at].Add(s);
        }

        // Terms as dense ids, each sentence's ids in the order its term set enumerates them: a large story compares
        // thousands of sentence pairs, and string sets made each comparison hash every term again. The sums below run
        // in that same order, so every cosine is the same double the string sets gave.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new int[distinct.Count][];
        var frequency = new List<int>();
        var seen = new List<int>();
        for (int i = 0; i < distinct.Count; i++)
        {
            var own = new List<int>();
            foreach (var term in distinct[i][0].Terms)
            {
                string cut = Truncate(term);
                if (!ids.TryGetValue(cut, out int id))
                {
                    ids[cut] = id = frequency.Count;
                    frequency.Add(0);
                    seen.Add(-1);
                }
                if (seen[id] == i)
                    continue;
                seen[id] = i;
                own.Add(id);
                frequency[id]++;
            }
            terms[i] = [.. own];
        }
        var squaredWeight = new double[frequency.Count];
        for (int id = 0; id < squaredWeight.Length; id++)
        {
            double weight = Math.Log(1.0 + (double)distinct.Count / frequency[id]);
            squaredWeight[id] = weight * weight;
        }
        var norms = new double[terms.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            double sum = 0;
            foreach (int id in terms[i])
                sum += squaredWeight[id];
            norms[i] = Math.Sqrt(sum);
        }

        // Only sentences that share a term can reach the threshold, and a term of the story's subject joins too many.
        var byTerm = new List<int>[frequency.Count];
        for (int i = 0; i < terms.Length; i++)
        {
            foreach (int id in terms[i])
                (byTerm[id] ??= []).Add(i);
        }
        // Each sentence's earlier partners that state the same thing directly: enough weight in common, and at least
        // MinSharedTerms words, so that one or two shared words (a name and "said") never make a partner.
        var partners = new List<(int Earlier, double Cosine)>?[distinct.Count];
        var candidateOf = new int[distinct.Count];
        Array.Fill(candidateOf, -1);
        var holder = new int[frequency.Count];
        Array.Fill(holder, -1);
        var candidates = new List<int>();
        for (int i = 0; i < terms.Length; i++)
        {
            candidates.Clear();
            foreach (int id in terms[i])
            {
                var list = byTerm[id];
                if (list.Count > MaxSentencesPerTerm)
                    continue;
                // Lists are in sentence order: the partners after i are its tail.
                for (int k = list.Count - 1; k >= 0 && list[k] > i; k--)
                {
                    int j = list[k];
                    if (candidateOf[j] != i)
                    {
                        candidateOf[j] = i;
                        candidates.Add(j);
                    }
                }
            }
            foreach (int j in candidates)
            {
                foreach (int id in terms[j])
                    holder[id] = j;
                double dot = 0;
                foreach (int id in terms[i])
                {
                    if (holder[id] == j)
                        dot += squaredWeight[id];
                }
                double cosine = dot / (norms[i] * norms[j]);
                if (cosine >= WordGate.BeforeMeaning.Cosine && Ties(distinct[i][0], distinct[j][0], cosine, gate))
                    (partners[j] ??= []).Add((i, cosine));
            }
        }
        // A sentence joins the fact of the earlier partner it is closest to, provided it still shares
        // MinSharedTerms words with that fact's first sentence: chains of sentences that each resemble the next drifted
        // from "Brydge Pro for iPad Pro to the rescue" to fourteen Nintendo Switch deals, while two reports of one
        // attack that each resemble the first report's sentence a little and each other a lot stay one fact.
        var means = meaning is null ? null : Meanings(distinct, partners, meaning);
        var leadOf = new int[distinct.Count];
        for (int j = 0; j < leadOf.Length; j++)
        {
            leadOf[j] = j;
            double best = 0;
            foreach (var (earlier, cosine) in partners[j] ?? [])
            {
                int lead = leadOf[earlier];
                if (cosine < best || (cosine == best && lead >= leadOf[j]) || !Ties(distinct[lead][0], distinct[j][0], double.PositiveInfinity, gate)
                    || (means is not null && Cosine(means[lead]!, means[j]!) < meaning!.SameStatement))
                    continue;
                (leadOf[j], best) = (lead, cosine);
            }
        }
        var position = new Dictionary<StatedSentence, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < sentences.Count; i++)
            position[sentences[i]] = i;
        return Enumerable.Range(0, distinct.Count)
            .GroupBy(i => leadOf[i])
            .Select(g => g.SelectMany(i => distinct[i]).OrderBy(s => position[s]).ToList())
            .OrderBy(g => position[g[0]])
            .ToList();
    }
}
