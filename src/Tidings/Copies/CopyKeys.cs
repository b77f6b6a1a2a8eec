using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// The locality-sensitive keys an article is filed under, at two grains:
/// <list type="bullet">
/// <item>Document bands: a <see cref="MinHashSignature"/> over word 5-shingles cut into <see cref="DocumentBands"/>
/// bands of <see cref="RowsPerDocumentBand"/> rows. Two texts share a band with probability 1-(1-J^8)^8: 0.78 at
/// shingle Jaccard 0.8, 0.98 at 0.9. This finds duplicates and lightly edited copies whatever else they share.</item>
/// <item>Sentence bands: each sentence with at least three content words gets <see cref="SentenceBands"/> bands of
/// two MinHash rows over its content-word stems. A sentence kept at stem Jaccard J shares a band with probability
/// 1-(1-J^2)^2: 1 for a copied sentence, 0.5 at J=0.5 for a spun one. Counting the sentences that match makes the
/// index containment-oriented: a block lifted into a longer article matches as well as a whole copy, and a spin that
/// keeps each sentence's gist matches sentence after sentence where document-level overlap is too low to see.</item>
/// </list>
/// </summary>
internal static class CopyKeys
{
    public const int DocumentBands = 8;
    public const int RowsPerDocumentBand = 8;
    public const int SentenceBands = 2;

    /// <summary>Words per shingle for the document signature: long enough to be specific, short enough to survive light edits.</summary>
    public const int ShingleWords = 5;
    public const int RowsPerSentenceBand = WordSequence.SentenceSignatureRows / SentenceBands;

    /// <summary>Sentences with fewer distinct content words are headings and fragments, too common to be evidence.</summary>
    public const int MinimumSentenceTerms = 3;

    private const ulong DocumentTag = 0xD0C0_0000_0000_0001;
    private const ulong SentenceTag = 0x5E47_0000_0000_0002;

    public static ulong[] Document(WordSequence text)
    {
        // Five-word shingles as a rolling polynomial hash; MinHash needs neither their order nor their distinctness.
        var words = text.Words;
        if (words.Length == 0)
            return [];   // nothing to file: an article of punctuation or emoji copies nobody and is copied by nobody
        int count = Math.Max(1, words.Length - ShingleWords + 1);
        Span<ulong> shingles = count <= 2048 ? stackalloc ulong[count] : new ulong[count];
        const ulong Base = 0x100000001B3;
        ulong top = 1, h = 0;
        for (int k = 0; k < ShingleWords - 1; k++)
            top *= Base;
        for (int k = 0; k < Math.Min(ShingleWords, words.Length); k++)
            h = h * Base + words[k];
        shingles[0] = FoldedWordHash.Finish(h);
        for (int i = 1; i < count; i++)
        {
            h = (h - words[i - 1] * top) * Base + words[i + ShingleWords - 1];
            shingles[i] = FoldedWordHash.Finish(h);
        }
        Span<ulong> signature = stackalloc ulong[DocumentBands * RowsPerDocumentBand];
        MinHashSignature.Fill(shingles, signature);
        var keys = new ulong[DocumentBands];
        for (int band = 0; band < DocumentBands; band++)
        {
            ulong key = DocumentTag + (ulong)band;
            foreach (ulong v in signature.Slice(band * RowsPerDocumentBand, RowsPerDocumentBand))
                key = FoldedWordHash.Finish(key ^ v);
            keys[band] = key;
        }
        return keys;
    }

    /// <summary>The band keys of each sentence, in sentence order (none for sentences too short to count).</summary>
    public static List<(int Sentence, ulong Key)> Sentences(WordSequence text)
    {
        var keys = new List<(int, ulong)>(text.Sentences.Length * SentenceBands);
        for (int s = 0; s < text.Sentences.Length; s++)
        {
            if (text.Sentences[s].ContentWords < MinimumSentenceTerms)
                continue;
            var signature = text.SentenceSignature(s);
            for (int band = 0; band < SentenceBands; band++)
            {
                ulong key = SentenceTag + (ulong)band;
                foreach (ulong row in signature.Slice(band * RowsPerSentenceBand, RowsPerSentenceBand))
                    key = FoldedWordHash.Finish(key ^ row);
                keys.Add((s, key));
            }
        }
        return keys;
    }
}
