using Tidings.Copies;

namespace Tidings.Tests.Copies;

/// <summary>
/// Verification outside the detector, in this process: what a cluster's article grains do, each earlier article's words
/// read from the store once and kept until it is forgotten, so that a restatement the detector does not pass on shows.
/// </summary>
/// <param name="storedText">The stored text of an article, or null when the store does not hold it.</param>
/// <param name="keptRecent">See <see cref="ICopyVerifiers.KeptRecent"/>.</param>
internal sealed class InProcessCopyVerifiers(Func<string, string?> storedText, int keptRecent) : ICopyVerifiers
{
    private readonly Dictionary<string, EarlierArticle> _kept = new(StringComparer.Ordinal);

    public int KeptRecent { get; } = keptRecent;

    /// <summary>Pairs verified so far.</summary>
    public int Pairs { get; private set; }

    /// <summary>Earlier texts read from the store so far.</summary>
    public int Read { get; private set; }

    /// <summary>Calls so far.</summary>
    public int Calls { get; private set; }

    public IReadOnlyList<CopyVerdict?> Verify(IReadOnlyList<VerificationPair> pairs)
    {
        Calls++;
        Pairs += pairs.Count;
        return [.. pairs.Select(pair => Earlier(pair).Verify([pair.LaterText])[0] is { } verdict
            ? CopyVerdictBytes.Read(CopyVerdictBytes.Write(verdict)) : (CopyVerdict?)null)];
    }

    public void Forget(string id) => _kept.Remove(id);

    private EarlierArticle Earlier(VerificationPair pair)
    {
        // A text the engine carries is not stored yet, or not in this version: used, not kept.
        if (pair.EarlierText is { } carried)
            return new EarlierArticle(carried);
        if (!_kept.TryGetValue(pair.Earlier, out var kept))
        {
            Read++;
            _kept[pair.Earlier] = kept = new EarlierArticle(storedText(pair.Earlier)
                ?? throw new InvalidOperationException($"the store does not hold article '{pair.Earlier}'"));
        }
        return kept;
    }
}
