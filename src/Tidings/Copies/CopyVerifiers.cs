using Tidings.Fingerprints;

namespace Tidings.Copies;

/// <summary>
/// Where a detector verifies new articles against earlier ones whose word sequences it no longer keeps: on a cluster,
/// the earlier articles' own grains, which keep their words between the copies that name them, so that the feed's
/// engine neither reads old texts from the store nor holds their words.
/// </summary>
/// <remarks>
/// Verification is a pure function of two texts (<see cref="CopyDetector.Verify"/>), so where it runs changes no verdict.
/// The detector still verifies against the articles it keeps (<see cref="KeptRecent"/>): copies mostly follow their
/// originals within a few thousand articles, and a round trip would cost far more than the verification it carries.
/// </remarks>
public interface ICopyVerifiers
{
    /// <summary>The word sequences of the latest articles the detector keeps and verifies against itself (at least 1).</summary>
    int KeptRecent { get; }

    /// <summary>
    /// The verdict on each pair, in their order (null where the two are no copies). Blocks the calling thread, which is
    /// the engine's. Throws <see cref="Storage.StoreException"/> when an earlier text cannot be read, and
    /// <see cref="InvalidOperationException"/> when the store does not hold one the pair does not carry.
    /// </summary>
    IReadOnlyList<CopyVerdict?> Verify(IReadOnlyList<VerificationPair> pairs);

    /// <summary>An article was stored again with a new text: what was kept of the old one is no longer its text.</summary>
    void Forget(string id);
}

/// <summary>A detector's verifiers elsewhere, and where it finds the texts they cannot read from the store.</summary>
/// <param name="Verifiers">Where the pairs are verified.</param>
/// <param name="UnstoredText">
/// The text of an article the store does not hold as the detector saw it (not yet committed, or stored again with a
/// new text not yet committed), or null to let the verifiers read the stored one.
/// </param>
public sealed record ElsewhereVerification(ICopyVerifiers Verifiers, Func<string, string?> UnstoredText);

/// <summary>A later article to verify against an earlier one.</summary>
/// <param name="Earlier">The earlier article's id.</param>
/// <param name="EarlierText">Its text when the store does not hold it yet (or holds an older version); null to read the stored one.</param>
/// <param name="LaterText">The later article's text.</param>
public sealed record VerificationPair(string Earlier, string? EarlierText, string LaterText);

/// <summary>
/// One earlier article's side of verification, wherever it runs: its words, read once, against each later text.
/// </summary>
public sealed class EarlierArticle(WordSequence words)
{
    public EarlierArticle(string text)
        : this(WordSequence.Read(text))
    {
    }

    /// <summary>The verdicts on the later texts, in their order, as <see cref="CopyDetector.Verify"/> gives them.</summary>
    public IReadOnlyList<CopyVerdict?> Verify(IEnumerable<string> laterTexts) =>
        [.. laterTexts.Select(text => CopyDetector.Verify(words, WordSequence.Read(text)))];
}

/// <summary>A verdict as bytes, to cross a process boundary: exactly the verdict written (scores as their bits).</summary>
public static class CopyVerdictBytes
{
    public static byte[] Write(CopyVerdict verdict)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)verdict.Kind);
            writer.Write(verdict.Score);
            writer.Write(verdict.Evidence.Count);
            foreach (var aligned in verdict.Evidence)
            {
                writer.Write(aligned.InA);
                writer.Write(aligned.InB);
                writer.Write(aligned.Similarity);
            }
            var m = verdict.Measures;
            writer.Write(m.ShorterCoverage);
            writer.Write(m.LongerCoverage);
            writer.Write(m.MeanSimilarity);
            writer.Write(m.KeptPhrases);
            writer.Write(m.VerbatimSentences);
            writer.Write(m.VerbatimWords);
            writer.Write(m.VerbatimShare);
            writer.Write(m.Figures);
            writer.Write(m.FiguresKept);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static CopyVerdict Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var kind = (CopyKind)reader.ReadByte();
            if (!Enum.IsDefined(kind))
                throw new InvalidDataException($"copy kind {(int)kind} is not one this build knows");
            double score = reader.ReadDouble();
            int count = reader.ReadInt32();
            if (count < 0 || count > bytes.Length / 16)
                throw new InvalidDataException($"a verdict of {bytes.Length} bytes cannot hold {count} aligned sentences");
            var evidence = new AlignedSentences[count];
            for (int i = 0; i < count; i++)
                evidence[i] = new AlignedSentences(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble());
            var measures = new AlignmentMeasures(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32());
            if (reader.BaseStream.Position != bytes.Length)
                throw new InvalidDataException($"a verdict ends at byte {reader.BaseStream.Position} of {bytes.Length}");
            return new CopyVerdict(kind, score, evidence, measures);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"a verdict of {bytes.Length} bytes ends early", e);
        }
    }
}
