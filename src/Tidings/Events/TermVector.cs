namespace Tidings.Events;

/// <summary>
/// A sparse vector of weighted terms (by term number, see <see cref="EventClusterer"/>) that keeps its norm up to date as it grows, so a cosine costs one pass over the
/// smaller vector: an event's centroid may hold thousands of terms and is compared with every candidate article.
/// </summary>
internal sealed class TermVector
{
    private readonly Dictionary<int, double> _weights;
    private double _squaredNorm;

    public TermVector() => _weights = new Dictionary<int, double>();

    public TermVector(Dictionary<int, double> weights)
    {
        _weights = weights;
        _squaredNorm = weights.Values.Sum(v => v * v);
    }

    public int Count => _weights.Count;

    public IReadOnlyDictionary<int, double> Weights => _weights;

    public IEnumerable<int> Keys => _weights.Keys;

    public double Norm => Math.Sqrt(Math.Max(0, _squaredNorm));

    /// <summary>Adds <paramref name="other"/> scaled to unit length, so a long article weighs no more than a short one.</summary>
    public void AddUnit(TermVector other)
    {
        double norm = other.Norm;
        if (norm == 0)
            return;
        AddScaled(other, 1 / norm);
    }

    public void AddScaled(TermVector other, double scale) => AddScaled(other._weights, scale);

    public void AddScaled(TermSketch other, double scale) => AddScaled(other.Weights, scale);

    /// <summary>Adds weighted terms, keeping the norm up to date term by term.</summary>
    public void AddScaled(IEnumerable<KeyValuePair<int, double>> weights, double scale)
    {
        foreach (var (key, value) in weights)
        {
            double old = _weights.GetValueOrDefault(key);
            double updated = old + value * scale;
            _weights[key] = updated;
            _squaredNorm += updated * updated - old * old;
        }
    }

    public double Cosine(TermVector other)
    {
        if (Count == 0 || other.Count == 0)
            return 0;
        var (small, large) = Count <= other.Count ? (this, other) : (other, this);
        double dot = 0;
        foreach (var (key, value) in small._weights)
        {
            if (large._weights.TryGetValue(key, out var w))
                dot += value * w;
        }
        double norms = Norm * other.Norm;
        return norms == 0 ? 0 : dot / norms;
    }

    /// <summary>The strongest terms, strongest first (ties by term number, so runs repeat).</summary>
    public IEnumerable<int> Strongest(int count) => StrongestFirst(count).Select(kv => kv.Key);

    /// <summary>Drops all but the strongest <paramref name="count"/> terms.</summary>
    public void KeepStrongest(int count)
    {
        var kept = StrongestFirst(count);
        Clear();
        foreach (var (key, value) in kept)
        {
            _weights[key] = value;
            _squaredNorm += value * value;
        }
        _weights.TrimExcess();
    }

    /// <summary>The strongest terms with their weights, strongest first, ties by term number.</summary>
    public KeyValuePair<int, double>[] StrongestFirst(int count)
    {
        // An array sort, not LINQ's: the passes sketch thousands of archived events in a run, and this is most of the cost.
        var all = _weights.ToArray();
        Array.Sort(all, static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
        return all.Length <= count ? all : all[..count];
    }

    public void Clear()
    {
        _weights.Clear();
        _squaredNorm = 0;
    }

    /// <summary>Writes the terms in their order and the running norm as it is, so a read vector sums in the same order to the same bits.</summary>
    public void WriteExact(BinaryWriter writer)
    {
        writer.Write(_weights.Count);
        foreach (var (key, value) in _weights)
        {
            writer.Write(key);
            writer.Write(value);
        }
        writer.Write(_squaredNorm);
    }

    /// <summary>Replaces this vector's terms with those written by <see cref="WriteExact"/>.</summary>
    public void ReadExact(BinaryReader reader)
    {
        Clear();
        int count = reader.ReadInt32();
        _weights.EnsureCapacity(count);
        for (int i = 0; i < count; i++)
            _weights[reader.ReadInt32()] = reader.ReadDouble();
        _squaredNorm = reader.ReadDouble();
    }
}

/// <summary>
/// A frozen sparse vector, its terms sorted by number: what the passes keep of every event, live or retired. Arrays
/// take a sixth of a dictionary's memory, and a cosine of two sorted lists is a merge with no hashing.
/// </summary>
internal sealed class TermSketch
{
    private readonly int[] _terms;
    private readonly float[] _weights;

    private TermSketch(int[] terms, float[] weights, double norm)
    {
        _terms = terms;
        _weights = weights;
        Norm = norm;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_terms.Length);
        for (int i = 0; i < _terms.Length; i++)
        {
            writer.Write(_terms[i]);
            writer.Write(_weights[i]);
        }
        writer.Write(Norm);
    }

    public static TermSketch Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        var (terms, weights) = (new int[count], new float[count]);
        for (int i = 0; i < count; i++)
            (terms[i], weights[i]) = (reader.ReadInt32(), reader.ReadSingle());
        return new TermSketch(terms, weights, reader.ReadDouble());
    }

    public TermSketch(IEnumerable<KeyValuePair<int, double>> weights)
    {
        var list = weights as IReadOnlyCollection<KeyValuePair<int, double>> ?? [.. weights];
        // Sorted by term as one array of (term, weight) packed in a long, term in the high half, its sign bit flipped so
        // that unsigned order is the terms' order: sorting the terms with their weights alongside was 4% of a
        // 10-article run on a large store, which reads hundreds of retired events' sketches. Terms are distinct, so the
        // order is the same.
        var packed = new ulong[list.Count];
        int i = 0;
        foreach (var (term, weight) in list)
            packed[i++] = (ulong)(uint)(term ^ int.MinValue) << 32 | BitConverter.SingleToUInt32Bits((float)weight);
        Array.Sort(packed);
        (_terms, _weights) = (new int[packed.Length], new float[packed.Length]);
        for (i = 0; i < packed.Length; i++)
            (_terms[i], _weights[i]) = ((int)(uint)(packed[i] >> 32) ^ int.MinValue, BitConverter.UInt32BitsToSingle((uint)packed[i]));
        double squares = 0;
        foreach (float w in _weights)
            squares += (double)w * w;
        Norm = Math.Sqrt(squares);
    }

    public int Count => _terms.Length;

    public double Norm { get; }

    public IEnumerable<int> Keys => _terms;

    public bool Contains(int term) => Array.BinarySearch(_terms, term) >= 0;

    /// <summary>The term's weight, 0 when the sketch lacks it.</summary>
    public double WeightOf(int term) => Array.BinarySearch(_terms, term) is var at and >= 0 ? _weights[at] : 0;

    /// <summary>The largest weight, 0 for an empty sketch.</summary>
    public double MaxWeight => _weights.Length == 0 ? 0 : _weights.Max();

    public IEnumerable<KeyValuePair<int, double>> Weights => _terms.Select((t, i) => KeyValuePair.Create(t, (double)_weights[i]));

    public double Cosine(TermSketch other)
    {
        if (Norm == 0 || other.Norm == 0)
            return 0;
        double dot = 0;
        int i = 0, j = 0;
        var (a, b) = (_terms, other._terms);
        // The walk steps past the smaller term, or both, by arithmetic rather than branches: which side is smaller is a
        // coin toss the processor mispredicts half the time, and the merge pass takes hundreds of thousands of these.
        while (i < a.Length && j < b.Length)
        {
            var (x, y) = (a[i], b[j]);
            if (x == y)
                dot += (double)_weights[i] * other._weights[j];
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }
        return dot / (Norm * other.Norm);
    }
}
