namespace Tidings.Events;

/// <summary>
/// A typed link between two events: <c>continues</c>, <c>recurs</c> or <c>related</c>. A value, not an object: every
/// event of a storyline links to every other, and a checkpoint that reads thousands of changed events held their links
/// as 42 MB of objects at 190,000 replayed Reuters articles.
/// </summary>
public readonly record struct EventLink(int Event, string Relation);

/// <summary>An article as an event holds it: its id and the day of the happening it reports.</summary>
public sealed record EventMember(string Id, DateOnly? Day);

/// <summary>
/// One real-world event as built so far. A live event also keeps each member's strongest terms, which the split pass
/// reads; a retired one keeps only what the storyline pass and a revival need.
/// </summary>
public sealed class EventCluster
{
    internal EventCluster(int number) => Number = number;

    public int Number { get; }
    public List<EventMember> Members { get; } = [];

    /// <summary>The number of the storyline's oldest event; set by the passes (see <see cref="EventClusterer.EndBatch"/>).</summary>
    public int Storyline { get; internal set; }

    /// <summary>Links to other events, set when the events are read (see <see cref="EventClusterer.Events"/>).</summary>
    public IReadOnlyList<EventLink> Links { get; internal set; } = [];

    public DateOnly? First { get; internal set; }
    public DateOnly? Last { get; internal set; }

    /// <summary>The first articles of the events merged into this one, which named them: their story ids live on as aliases.</summary>
    public List<string> AbsorbedFirstArticles { get; } = [];

    /// <summary>Whether the event has left the live index for the archive: no article can join it unless a pass revives it.</summary>
    public bool Retired { get; internal set; }

    internal HashSet<int> IndexKeys { get; } = [];

    internal TermVector Centroid { get; init; } = new();
    internal TermVector TitleCentroid { get; init; } = new();

    /// <summary>Each member's strongest terms and its title terms, in member order; live events only.</summary>
    internal List<MemberTerms> MemberTerms { get; } = [];

    /// <summary>The size at which the split pass last checked the event.</summary>
    internal int SplitCheckedAt { get; set; }

    /// <summary>
    /// Days well before their publication that members' leads name (see <see cref="Fingerprints.Fingerprint.RecalledDay"/>):
    /// a follow-up months later names its happening's day, by which the merge pass finds the event it follows up.
    /// </summary>
    internal List<DateOnly> RecalledDays { get; } = [];

    /// <summary>Recalled days an event keeps: a follow-up names one, a round-up a few; more tell nothing more.</summary>
    private const int MaxRecalledDays = 8;

    internal void Recall(DateOnly day)
    {
        if (!RecalledDays.Contains(day) && RecalledDays.Count < MaxRecalledDays)
            RecalledDays.Add(day);
    }

    /// <summary>
    /// A stamp of what <see cref="WriteLive"/> writes, cheap to take: every change the clusterer makes to a live event
    /// moves it (a join or a merge adds members, terms and index keys; a split takes members and terms away; the split
    /// pass's check moves <see cref="SplitCheckedAt"/>; a recalled day is added), so an event whose stamp stands has not
    /// changed. Writing every event an article read to compare its bytes cost a window of articles half a second.
    /// </summary>
    internal int ChangeStamp()
    {
        var stamp = new HashCode();
        stamp.Add(Members.Count);
        stamp.Add(MemberTerms.Count);
        stamp.Add(First);
        stamp.Add(Last);
        stamp.Add(AbsorbedFirstArticles.Count);
        stamp.Add(IndexKeys.Count);
        stamp.Add(Centroid.Count);
        stamp.Add(Centroid.Norm);
        stamp.Add(TitleCentroid.Count);
        stamp.Add(TitleCentroid.Norm);
        stamp.Add(SplitCheckedAt);
        stamp.Add(RecalledDays.Count);
        return stamp.ToHashCode();
    }

    /// <summary>Writes what a retired event keeps (members, span, aliases, centroids), for an archive that stores bytes.</summary>
    internal void WriteRetired(BinaryWriter writer)
    {
        WriteIdentity(writer);
        WriteVector(writer, Centroid);
        WriteVector(writer, TitleCentroid);
    }

    /// <summary>What both layouts share: number, members, span and absorbed events' first articles.</summary>
    private void WriteIdentity(BinaryWriter writer)
    {
        writer.Write(Number);
        writer.Write(Members.Count);
        foreach (var member in Members)
        {
            writer.Write(member.Id);
            WriteDay(writer, member.Day);
        }
        WriteDay(writer, First);
        WriteDay(writer, Last);
        writer.Write(AbsorbedFirstArticles.Count);
        foreach (var id in AbsorbedFirstArticles)
            writer.Write(id);
    }

    /// <summary>Reads an event written by <see cref="WriteRetired"/>; it comes back retired.</summary>
    internal static EventCluster ReadRetired(BinaryReader reader)
    {
        var ev = ReadIdentity(reader, retired: true);
        ReadVector(reader, ev.Centroid);
        ReadVector(reader, ev.TitleCentroid);
        return ev;
    }

    private static EventCluster ReadIdentity(BinaryReader reader, bool retired)
    {
        var ev = new EventCluster(reader.ReadInt32()) { Retired = retired };
        int members = reader.ReadInt32();
        for (int i = 0; i < members; i++)
            ev.Members.Add(new EventMember(reader.ReadString(), ReadDay(reader)));
        ev.First = ReadDay(reader);
        ev.Last = ReadDay(reader);
        int absorbed = reader.ReadInt32();
        for (int i = 0; i < absorbed; i++)
            ev.AbsorbedFirstArticles.Add(reader.ReadString());
        return ev;
    }

    /// <summary>The retired layout as bytes, for an archive that stores them.</summary>
    internal byte[] ToRetiredBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            WriteRetired(writer);
        return stream.ToArray();
    }

    internal static EventCluster FromRetiredBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return ReadRetired(reader);
    }

    /// <summary>An event's listing from bytes written by <see cref="WriteRetired"/>: the vectors after it are not read (see <see cref="IEventArchive.GetListing"/>).</summary>
    internal static EventCluster ListingFromRetiredBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return ReadIdentity(reader, retired: true);
    }

    /// <summary>What <see cref="ArchivedTerms"/> a pass needs of bytes written by <see cref="WriteRetired"/>: members are skipped, no vector is built.</summary>
    internal static ArchivedTerms TermsFromRetiredBytes(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.ReadInt32();
        int members = reader.ReadInt32();
        for (int i = 0; i < members; i++)
        {
            SkipString(reader);
            reader.ReadInt32();
        }
        var (first, last) = (ReadDay(reader), ReadDay(reader));
        int absorbed = reader.ReadInt32();
        for (int i = 0; i < absorbed; i++)
            SkipString(reader);
        return new ArchivedTerms(members, first, last, ReadWeights(reader), ReadWeights(reader));
    }

    private static void SkipString(BinaryReader reader) => reader.BaseStream.Seek(reader.Read7BitEncodedInt(), SeekOrigin.Current);

    /// <summary>Writes a live event in full, for a checkpoint of the clusterer (see <see cref="EventClusterer.WriteState"/>).</summary>
    internal void WriteLive(BinaryWriter writer)
    {
        WriteIdentity(writer);
        writer.Write(IndexKeys.Count);
        foreach (int key in IndexKeys)
            writer.Write(key);
        Centroid.WriteExact(writer);
        TitleCentroid.WriteExact(writer);
        writer.Write(MemberTerms.Count);
        foreach (var terms in MemberTerms)
        {
            terms.Body.Write(writer);
            terms.Title.Write(writer);
            writer.Write(terms.BodyNorm);
        }
        writer.Write(SplitCheckedAt);
        writer.Write(RecalledDays.Count);
        foreach (var day in RecalledDays)
            writer.Write(day.DayNumber);
    }

    /// <summary>Reads an event written by <see cref="WriteLive"/>; it comes back live, with its index keys, which the clusterer files again.</summary>
    internal static EventCluster ReadLive(BinaryReader reader)
    {
        var ev = ReadIdentity(reader, retired: false);
        int keys = reader.ReadInt32();
        ev.IndexKeys.EnsureCapacity(keys);
        for (int i = 0; i < keys; i++)
            ev.IndexKeys.Add(reader.ReadInt32());
        ev.Centroid.ReadExact(reader);
        ev.TitleCentroid.ReadExact(reader);
        int members = reader.ReadInt32();
        for (int i = 0; i < members; i++)
            ev.MemberTerms.Add(new MemberTerms(TermSketch.Read(reader), TermSketch.Read(reader), reader.ReadDouble()));
        ev.SplitCheckedAt = reader.ReadInt32();
        int recalled = reader.ReadInt32();
        for (int i = 0; i < recalled; i++)
            ev.RecalledDays.Add(DateOnly.FromDayNumber(reader.ReadInt32()));
        return ev;
    }

    internal static void WriteDay(BinaryWriter writer, DateOnly? day) => writer.Write(day?.DayNumber ?? -1);

    internal static DateOnly? ReadDay(BinaryReader reader) => reader.ReadInt32() is var n and >= 0 ? DateOnly.FromDayNumber(n) : null;

    private static void WriteVector(BinaryWriter writer, TermVector vector)
    {
        writer.Write(vector.Count);
        foreach (var (term, weight) in vector.Weights)
        {
            writer.Write(term);
            writer.Write(weight);
        }
    }

    private static void ReadVector(BinaryReader reader, TermVector into) => into.AddScaled(ReadWeights(reader), 1);

    private static KeyValuePair<int, double>[] ReadWeights(BinaryReader reader)
    {
        var weights = new KeyValuePair<int, double>[reader.ReadInt32()];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = KeyValuePair.Create(reader.ReadInt32(), reader.ReadDouble());
        return weights;
    }
}

/// <summary>
/// A retired event as a pass compares it: its span and its centroids' weighted terms (by term number), without its
/// members. A pass reads thousands of retired events; an archive that stores bytes reads these without building events.
/// </summary>
public sealed record ArchivedTerms(int Members, DateOnly? First, DateOnly? Last, IReadOnlyCollection<KeyValuePair<int, double>> Centroid, IReadOnlyCollection<KeyValuePair<int, double>> Title)
{
    internal static ArchivedTerms Of(EventCluster ev) => new(ev.Members.Count, ev.First, ev.Last, [.. ev.Centroid.Weights], [.. ev.TitleCentroid.Weights]);
}

/// <summary>What the split pass knows of one member: its strongest terms, weighed, and its title terms.</summary>
/// <remarks><see cref="BodyNorm"/> is the norm of the member's whole vector, which scaled what it added to the centroid.</remarks>
internal sealed record MemberTerms(TermSketch Body, TermSketch Title, double BodyNorm);
