using Npgsql;
using NpgsqlTypes;
using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Storage;
using Tidings.Synthesis;

namespace Tidings.Postgres;

/// <summary>
/// Commits: each batch of the stream in one transaction, its articles sent by binary COPY and everything else table
/// by table, one multi-row statement each (arrays unnested on the server), the statements of a few hundred stories
/// sent together. A statement per row costs a round trip to the server each, which is what makes a database on
/// another machine slow; a commit of 2,000 articles with their stories is a dozen round trips this way.
/// </summary>
public sealed partial class PostgresStoryStore
{
    /// <summary>Rows' worth of bytes sent in one statement: large enough that a commit is few statements, small enough that none holds a whole large batch in memory twice.</summary>
    private const int StatementBytes = 8 << 20;

    /// <summary>Stories written in one round trip: their deletes and inserts together.</summary>
    private const int StoriesWrittenAtOnce = 500;

    /// <summary>
    /// Bytes of an article's distinct words that search indexes; beyond them its words are not found. A PostgreSQL
    /// search vector holds at most a megabyte of them, which a book-length article of made-up words could pass and so
    /// fail its whole batch; a long news article has a thousand distinct words, ten kilobytes.
    /// </summary>
    private const int SearchedBytes = 1_000_000;

    /// <summary>The longest word search indexes: PostgreSQL refuses longer lexemes, and no reader searches for one.</summary>
    internal const int LongestSearchedWord = 200;

    /// <summary>
    /// Stores one batch of the stream in one transaction: its new and replaced articles, copy relations, the stories
    /// they changed, and (with a checkpoint) the engine's state and retired events. Either all of it lands or none.
    /// </summary>
    public void Commit(StoreCommit commit) => Guard(() =>
    {
        if (!_writer)
            throw new StoreException(_location, "opened for reading; a writer opens it with StoreAccess.Write");
        var tx = _connection.BeginTransaction();
        // The changed stories are built as they are written, and read their articles through this store meanwhile.
        _saving = tx;
        int inserted;
        try
        {
            inserted = InsertArticles(commit);
            InsertRelations(commit.Relations);
            var redo = new List<int>();
            if (commit.Checkpoint is { } checkpoint)
            {
                WriteRetiredEvents(commit.RetiredRemoved, commit.RetiredPut);
                using (var chunks = new StateChunkWriter(this))
                    checkpoint(chunks);
                PutEngineValue("covered", BitConverter.GetBytes(LatestSeq()));
            }
            WriteStories(commit.Stories, redo: null);
            if (commit.AfterCheckpoint is { } after)
                WriteStories(after, redo);
            if (commit.AfterCheckpoint is not null || commit.Checkpoint is not null)
            {
                redo.AddRange(commit.Redo);
                PutEngineValue("redo", [.. redo.Distinct().Order().SelectMany(BitConverter.GetBytes)]);
            }
            tx.Commit();
        }
        finally
        {
            _saving = null;
            // A batch that failed is rolled back as its transaction is disposed; the writer goes on with the next.
            try
            {
                tx.Dispose();
            }
            catch (NpgsqlException)
            {
                // The connection is gone: the server rolled the batch back as it lost it, and the failure that stopped
                // the commit is the one to report.
            }
        }
        if (inserted > 0)
            MergeSearchIndexSoon();
        return 0;
    }, "saving (nothing of this batch was stored)");

    /// <summary>
    /// The merge of the search index's pending entries after the last commit, on a connection of its own.
    /// </summary>
    /// <remarks>
    /// A GIN index takes new entries into a pending list, and merging them into the index proper is most of what
    /// indexing a batch's words costs (a commit of 2,000 articles spent 0.4 s of its 0.9 s on it). The list is made
    /// large enough for a commit (<see cref="PostgresSchema"/>), so a commit only appends to it, and merged here while
    /// the engine reads its next batch; a search meanwhile reads the list as well as the index, and finds the same.
    /// A merge that fails (a writer that does not own the index) is left to autovacuum, which merges it too.
    /// </remarks>
    private Task _searchIndexMerge = Task.CompletedTask;

    private void MergeSearchIndexSoon()
    {
        if (_searchIndexMerge.IsCompleted)
            _searchIndexMerge = Task.Run(MergeSearchIndex);
    }

    private void MergeSearchIndex()
    {
        try
        {
            using var connection = new NpgsqlConnection(_pooledConnectionString);
            connection.Open();
            using var cmd = new NpgsqlCommand("SELECT gin_clean_pending_list('article_texts_search'::regclass)", connection) { CommandTimeout = 0 };
            cmd.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Merged later by autovacuum, or by a commit whose entries overflow the list; searches find the same meanwhile.
        }
    }

    private void PutEngineValue(string key, byte[] value) =>
        Execute("INSERT INTO engine (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ("k", key), ("v", value));

    /// <summary>
    /// New articles are numbered after the last stored one, without gaps (the writer's lock makes it the only one
    /// numbering), and an id already stored, or given twice, is stored once: ingest is idempotent. They are sent by
    /// binary COPY, which the server reads as it arrives: an INSERT from arrays made the server unpack and buffer
    /// every array before writing a row, and cost a commit of 2,000 articles about half a second more.
    /// </summary>
    private int InsertArticles(StoreCommit commit)
    {
        int inserted = 0;
        if (commit.NewArticles.Count > 0)
        {
            var stored = Column<string>("SELECT id FROM articles WHERE id = ANY(@ids)", ("ids", commit.NewArticles.Select(a => a.Id).ToArray()))
                .ToHashSet(StringComparer.Ordinal);
            var fresh = commit.NewArticles.Where(a => stored.Add(a.Id)).ToList();
            inserted = fresh.Count;
            long first = LatestSeq() + 1;
            using (var rows = _connection.BeginBinaryImport("COPY articles (seq, id, source, title, published, language, url, placement) FROM STDIN (FORMAT BINARY)"))
            {
                long seq = first;
                foreach (var article in fresh)
                {
                    rows.StartRow();
                    rows.Write(seq++, NpgsqlDbType.Bigint);
                    foreach (var text in new[] { article.Id, article.Source, article.Title, article.Published?.ToString(), article.Language, article.Url, commit.Placements.GetValueOrDefault(article.Id) })
                        WriteText(rows, text);
                }
                rows.Complete();
            }
            using (var rows = _connection.BeginBinaryImport("COPY article_texts (seq, json, search) FROM STDIN (FORMAT BINARY)"))
            {
                long seq = first;
                // A few hundred at a time, serialised and cut into words on every core while the server writes the last ones.
                foreach (var batch in fresh.Chunk(ArticlesPreparedAtOnce))
                {
                    foreach (var (json, search) in batch.AsParallel().AsOrdered().Select(a => (Serialize(a), SearchVector(a))).ToList())
                    {
                        rows.StartRow();
                        rows.Write(seq++, NpgsqlDbType.Bigint);
                        rows.Write(json, NpgsqlDbType.Text);
                        rows.Write(search, NpgsqlDbType.Bytea);   // tsvector's own binary form (see SearchVector)
                    }
                }
                rows.Complete();
            }
        }
        foreach (var batch in BySize(commit.ReplacedArticles.DistinctBy(a => a.Id).ToList(), ArticleBytes))
        {
            Execute(
                """
                WITH u AS (SELECT * FROM unnest(@id, @source, @title, @published, @language, @url, @json, @words)
                        AS u(id, source, title, published, language, url, json, words)),
                    listed AS (UPDATE articles a SET source = u.source, title = u.title, published = u.published, language = u.language, url = u.url
                        FROM u WHERE a.id = u.id RETURNING a.seq, u.json, u.words)
                UPDATE article_texts t SET json = listed.json, search = array_to_tsvector(string_to_array(listed.words, ' '))
                FROM listed WHERE t.seq = listed.seq
                """,
                ("id", batch.Select(a => StoredText(a.Id)).ToArray()),
                ("source", batch.Select(a => StoredText(a.Source)).ToArray()),
                ("title", batch.Select(a => StoredText(a.Title)).ToArray()),
                ("published", batch.Select(a => a.Published?.ToString()).ToArray()),
                ("language", batch.Select(a => StoredText(a.Language)).ToArray()),
                ("url", batch.Select(a => StoredText(a.Url)).ToArray()),
                ("json", batch.AsParallel().AsOrdered().Select(Serialize).ToArray()),
                ("words", batch.AsParallel().AsOrdered().Select(a => string.Join(' ', SearchWords(a))).ToArray()));
        }
        return inserted;
    }

    private const int ArticlesPreparedAtOnce = 256;

    private static void WriteText(NpgsqlBinaryImporter rows, string? text)
    {
        if (StoredText(text) is { } stored)
            rows.Write(stored, NpgsqlDbType.Text);
        else
            rows.WriteNull();
    }

    private static long ArticleBytes(Article article) => 2L * (article.Text.Length + (article.Title?.Length ?? 0)) + 1024;

    /// <summary>
    /// What search indexes of an article: the distinct words of its title and text, cut as <see cref="StoryQuery.Words"/>
    /// cuts a reader's (letters and digits, in lower case), made a search vector as they are rather than by the
    /// server's parser. A word is found exactly when a reader's word is that word (the parser would keep "example.com"
    /// or "e-mail" whole, which a reader's words never are), and the commit does not spend the server's time parsing
    /// megabytes of text (<c>to_tsvector</c> cost a commit of 2,000 articles 0.7 s).
    /// </summary>
    private static List<string> SearchWords(Article article)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var known = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var words = new List<string>();
        var word = new char[LongestSearchedWord];
        int length = 0, bytes = 0;
        bool tooLong = false;
        foreach (string part in new[] { article.Title ?? string.Empty, article.Text })
        {
            foreach (char c in part.AsSpan())
            {
                // ASCII first: most of most articles, and a test and an OR instead of two table lookups.
                char lower = char.IsAscii(c) ? char.IsAsciiLetterOrDigit(c) ? (char)(c | 0x20) : '\0'
                    : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';
                if (lower == '\0')
                {
                    End();
                    continue;
                }
                if (length < word.Length)
                    word[length++] = lower;
                else
                    tooLong = true;
            }
            End();
        }
        return words;

        void End()
        {
            // Each word's string is made once, the first time it is seen: an article repeats most of its words.
            if (length > 0 && !tooLong && bytes < SearchedBytes && !known.Contains(word.AsSpan(0, length)))
            {
                string found = new(word, 0, length);
                seen.Add(found);
                if ((bytes += System.Text.Encoding.UTF8.GetByteCount(found)) <= SearchedBytes)
                    words.Add(found);
            }
            (length, tooLong) = (0, false);
        }
    }

    /// <summary>
    /// An article's search vector in the form a <c>tsvector</c> is sent in (PostgreSQL's <c>tsvectorrecv</c>): the
    /// number of words, then each word in UTF-8 ended by a zero byte, with a count of no positions; the server sorts
    /// them. Written here because Npgsql builds a vector only from its text form, by a parser it marks unreliable.
    /// </summary>
    private static byte[] SearchVector(Article article)
    {
        var words = SearchWords(article);
        var vector = new MemoryStream();
        Span<byte> count = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(count, words.Count);
        vector.Write(count);
        foreach (string word in words)
        {
            vector.Write(System.Text.Encoding.UTF8.GetBytes(word));
            vector.Write([0, 0, 0]);   // the zero that ends the word, and its 16-bit count of positions
        }
        return vector.ToArray();
    }

    /// <summary>
    /// Text as a PostgreSQL text column holds it: without NUL characters, which it refuses, and with any half of a
    /// surrogate pair that lost its other half replaced, since the driver cannot encode it as UTF-8. The JSON keeps the
    /// text exactly (its serializer escapes both); these columns are what a reader filters and lists by.
    /// </summary>
    internal static string? StoredText(string? text)
    {
        if (text is null)
            return null;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\0' || char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
                break;
            if (char.IsHighSurrogate(c))
                i++;
        }
        if (i == text.Length)
            return text;
        var clean = new System.Text.StringBuilder(text.Length);
        for (int j = 0; j < text.Length; j++)
        {
            char c = text[j];
            if (c == '\0')
                continue;
            if (char.IsHighSurrogate(c) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]))
                clean.Append(c).Append(text[++j]);
            else
                clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return clean.ToString();
    }

    /// <summary>Relations by pair, the last given for a pair kept (as a row replaced is).</summary>
    private void InsertRelations(IReadOnlyList<CopyRelation> relations)
    {
        if (relations.Count == 0)
            return;
        var last = new Dictionary<(string, string), CopyRelation>();
        foreach (var r in relations)
            last[(r.A, r.B)] = r;
        foreach (var batch in last.Values.Chunk(20_000))
        {
            Execute(
                """
                INSERT INTO copies (a, b, kind, original, score)
                SELECT * FROM unnest(@a, @b, @kind, @original, @score)
                ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, original = excluded.original, score = excluded.score
                """,
                ("a", batch.Select(r => StoredText(r.A)).ToArray()),
                ("b", batch.Select(r => StoredText(r.B)).ToArray()),
                ("kind", batch.Select(r => CopyRelation.KindName(r.Kind)).ToArray()),
                ("original", batch.Select(r => StoredText(r.Original)).ToArray()),
                ("score", batch.Select(r => r.Score).ToArray()));
        }
    }

    private void WriteRetiredEvents(IReadOnlyList<int> removed, IReadOnlyList<(int Number, byte[] Event)> put)
    {
        if (removed.Count > 0)
            Execute("DELETE FROM retired_events WHERE number = ANY(@n)", ("n", removed.ToArray()));
        var last = new Dictionary<int, byte[]>();
        foreach (var (number, bytes) in put)
            last[number] = bytes;
        foreach (var batch in BySize([.. last], e => e.Value.Length + 16L))
        {
            Execute(
                "INSERT INTO retired_events (number, event) SELECT * FROM unnest(@n, @e) ON CONFLICT (number) DO UPDATE SET event = excluded.event",
                ("n", batch.Select(e => e.Key).ToArray()), ("e", batch.Select(e => e.Value).ToArray()));
        }
    }

    /// <summary>Renames storylines, then writes changed stories and removes merged ones; with <paramref name="redo"/>, notes every event whose row it touched.</summary>
    private void WriteStories(StoryChanges changes, List<int>? redo)
    {
        var renames = changes.FinalRenames();
        if (renames.Count > 0)
        {
            var rows = StorylineRows(renames.Keys);
            redo?.AddRange(rows.Where(r => r.Event is not null).Select(r => r.Event!.Value));
            // The rows this commit writes, relinks or removes get their storyline there: an event joining a storyline
            // is itself changed, so its story was renamed only to be written again, a new row version in five indexes
            // (on 300,000 articles of the replayed stream, 1,275 rows are left to rename).
            var rewritten = changes.Written.Select(w => w.Story.Id).Concat(changes.Relinked.Select(r => r.Id)).Concat(changes.Removed.Select(r => r.Id))
                .ToHashSet(StringComparer.Ordinal);
            var moved = rows.Where(r => renames[r.Storyline] != r.Storyline && !rewritten.Contains(r.Id)).ToList();
            if (moved.Count > 0)
            {
                Execute("UPDATE stories s SET storyline = u.target FROM unnest(@id, @target) AS u(id, target) WHERE s.id = u.id",
                    ("id", moved.Select(r => r.Id).ToArray()), ("target", moved.Select(r => StoredText(renames[r.Storyline])).ToArray()));
            }
        }
        if (changes.Removed.Count > 0)
        {
            redo?.AddRange(changes.Removed.Select(r => r.Event));
            using var batch = new NpgsqlBatch(_connection, _saving);
            DeleteStories(batch, [.. changes.Removed.Select(r => r.Id).Distinct()]);
            batch.ExecuteNonQuery();
        }
        if (changes.Relinked.Count > 0)
        {
            redo?.AddRange(changes.Relinked.Select(r => r.Event));
            Relink(changes.Relinked);
        }
        var pending = new List<(int Event, Story Story)>();
        var pendingIds = new HashSet<string>(StringComparer.Ordinal);
        long pendingBytes = 0;
        foreach (var (number, story) in changes.Written)
        {
            redo?.Add(number);
            // A story given twice is written twice, in order, as the later one replaces the earlier.
            if (!pendingIds.Add(story.Id) || pending.Count >= StoriesWrittenAtOnce || pendingBytes >= StatementBytes)
            {
                WriteStoryRows(pending, changes.Signatures);
                (pendingBytes, pending) = (0, []);
                pendingIds = new HashSet<string>(StringComparer.Ordinal) { story.Id };
            }
            pending.Add((number, story));
            pendingBytes += StoryBytes(story);
        }
        WriteStoryRows(pending, changes.Signatures);
    }

    /// <summary>
    /// The stored stories of these storylines, looked up one storyline at a time: most storylines renamed hold one row
    /// or none (a new event's own, about to join another), and joined to the whole list at once, PostgreSQL scanned the
    /// whole table once the list passed a few hundred (365 ms a commit on 187,000 stories), as it cannot know they are small.
    /// </summary>
    private List<(string Id, int? Event, string Storyline)> StorylineRows(IEnumerable<string> storylines)
    {
        using var cmd = Command(
            "SELECT x.id, x.event, u.storyline FROM unnest(@s) AS u(storyline) CROSS JOIN LATERAL (SELECT id, event FROM stories WHERE storyline = u.storyline OFFSET 0) x",
            ("s", storylines.ToArray()));
        using var reader = cmd.ExecuteReader();
        var rows = new List<(string, int?, string)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetString(2)));
        return rows;
    }

    private static long StoryBytes(Story story) =>
        1024L + 256L * (story.Articles.Count + story.Facts.Count + story.Entities.Count + story.Timeline.Count + story.Disagreements.Count);

    /// <summary>
    /// Writes stories whose stored rows say what they say with their new storylines and links (see
    /// <see cref="SqliteStoryStore"/>): their JSON and parts stay. Refuses the batch when one of them has no row.
    /// </summary>
    private void Relink(IReadOnlyList<StoryRelink> relinks)
    {
        var last = new Dictionary<string, StoryRelink>(StringComparer.Ordinal);
        foreach (var relink in relinks)
            last[relink.Id] = relink;
        var rows = last.Values.ToList();
        var updated = Column<string>(
            """
            UPDATE stories s SET event = u.event, storyline = u.storyline, signature = u.signature, link_signature = u.links, related = u.related
            FROM unnest(@id, @event, @storyline, @signature, @links, @related) AS u(id, event, storyline, signature, links, related)
            WHERE s.id = u.id RETURNING s.id
            """,
            ("id", rows.Select(r => r.Id).ToArray()),
            ("event", rows.Select(r => r.Event).ToArray()),
            ("storyline", rows.Select(r => StoredText(r.Storyline)).ToArray()),
            ("signature", rows.Select(r => r.Signature.Content).ToArray()),
            ("links", rows.Select(r => r.Signature.Links).ToArray()),
            ("related", rows.Select(r => Serialize(r.Related)).ToArray())).ToHashSet(StringComparer.Ordinal);
        if (rows.FirstOrDefault(r => !updated.Contains(r.Id)) is { } missing)
            throw new StoreException(_location, $"story '{missing.Id}' has no stored row to relink");
        // Only the links that changed are written: a story in a storyline of k events holds k - 1 links, and each new
        // event relinks all k, so deleting and inserting every link again grew with the square of the storyline.
        var links = rows.SelectMany(r => r.Related.Select(link => (Story: StoredText(r.Id), Other: StoredText(link.Story)))).ToArray();
        using var batch = new NpgsqlBatch(_connection, _saving);
        Add(batch,
            """
            DELETE FROM story_links l WHERE l.story = ANY(@ids)
            AND NOT EXISTS (SELECT 1 FROM unnest(@story, @other) AS k(story, other) WHERE k.story = l.story AND k.other = l.other)
            """,
            ("ids", rows.Select(r => StoredText(r.Id)).ToArray()), ("story", links.Select(l => l.Story).ToArray()), ("other", links.Select(l => l.Other).ToArray()));
        AddLinks(batch, rows.Select(r => (r.Id, r.Related)));
        batch.ExecuteNonQuery();
    }

    /// <summary>
    /// Replaces the rows of some stories, each id once, in one round trip: as if each were removed and written in turn.
    /// Aliases are worked out here in that order (a story written later takes an alias from an earlier one, and drops
    /// any alias that names it), so one statement writes them all.
    /// </summary>
    private void WriteStoryRows(List<(int Event, Story Story)> stories, IReadOnlyDictionary<string, StorySignature> signatures)
    {
        if (stories.Count == 0)
            return;
        string[] ids = [.. stories.Select(s => s.Story.Id)];
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var articleStory = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, story) in stories)
        {
            foreach (var (alias, owner) in aliases.ToList())
            {
                if (alias == story.Id || owner == story.Id)
                    aliases.Remove(alias);
            }
            foreach (var alias in story.Aliases)
                aliases[alias] = story.Id;
            foreach (var article in story.Articles)
                articleStory[article.Id] = story.Id;
        }
        using var batch = new NpgsqlBatch(_connection, _saving);
        DeleteStories(batch, ids);
        StorySignature? SignatureOf(Story story) => signatures.TryGetValue(story.Id, out var known) ? known : null;
        // The links are a column of their own, out of the JSON, so that a relink rewrites them alone.
        Add(batch,
            """
            INSERT INTO stories (id, event, storyline, title, start_day, end_day, size, signature, link_signature, related, summary, json)
            SELECT * FROM unnest(@id, @event, @storyline, @title, @start, @end, @size, @signature, @links, @related, @summary, @json)
            """,
            ("id", ids.Select(StoredText).ToArray()),
            ("event", stories.Select(s => s.Event).ToArray()),
            ("storyline", stories.Select(s => StoredText(s.Story.Storyline)).ToArray()),
            ("title", stories.Select(s => StoredText(s.Story.Title)).ToArray()),
            ("start", stories.Select(s => s.Story.Start).ToArray()),
            ("end", stories.Select(s => s.Story.End).ToArray()),
            ("size", stories.Select(s => s.Story.Articles.Count).ToArray()),
            ("signature", stories.Select(s => SignatureOf(s.Story)?.Content).ToArray()),
            ("links", stories.Select(s => SignatureOf(s.Story)?.Links).ToArray()),
            ("related", stories.Select(s => Serialize(s.Story.Related)).ToArray()),
            ("summary", stories.Select(s => StoredText(s.Story.Summary)).ToArray()),
            ("json", stories.Select(s => Serialize(s.Story with { Related = [] })).ToArray()));
        if (aliases.Count > 0)
        {
            Add(batch,
                "INSERT INTO story_aliases (alias, story) SELECT * FROM unnest(@alias, @story) ON CONFLICT (alias) DO UPDATE SET story = excluded.story",
                ("alias", aliases.Keys.Select(StoredText).ToArray()), ("story", aliases.Values.Select(StoredText).ToArray()));
        }
        AddLinks(batch, stories.Select(s => (s.Story.Id, s.Story.Related)));
        var facts = stories.SelectMany(s => s.Story.Facts.Select((fact, i) => (s.Story.Id, Position: i, Fact: fact))).ToList();
        if (facts.Count > 0)
        {
            Add(batch,
                "INSERT INTO facts (story, position, text, origins, corroborated, sources) SELECT * FROM unnest(@story, @position, @text, @origins, @corroborated, @sources)",
                ("story", facts.Select(f => StoredText(f.Id)).ToArray()),
                ("position", facts.Select(f => f.Position).ToArray()),
                ("text", facts.Select(f => StoredText(f.Fact.Text)).ToArray()),
                ("origins", facts.Select(f => f.Fact.Origins).ToArray()),
                ("corroborated", facts.Select(f => f.Fact.Corroborated).ToArray()),
                ("sources", facts.Select(f => StoredText(string.Join(' ', f.Fact.Sources))).ToArray()));
        }
        var entities = stories.SelectMany(s => s.Story.Entities.DistinctBy(e => e.Name).Select(e => (s.Story.Id, Entity: e))).ToList();
        if (entities.Count > 0)
        {
            Add(batch,
                "INSERT INTO entities (story, name, kind, origins) SELECT * FROM unnest(@story, @name, @kind, @origins) ON CONFLICT (story, name) DO NOTHING",
                ("story", entities.Select(e => StoredText(e.Id)).ToArray()),
                ("name", entities.Select(e => StoredText(e.Entity.Name)).ToArray()),
                ("kind", entities.Select(e => e.Entity.Kind.ToString().ToLowerInvariant()).ToArray()),
                ("origins", entities.Select(e => e.Entity.MentionsByOrigin.Count).ToArray()));
        }
        var timeline = stories.SelectMany(s => s.Story.Timeline.Select((entry, i) => (s.Story.Id, Position: i, Entry: entry))).ToList();
        if (timeline.Count > 0)
        {
            Add(batch,
                "INSERT INTO timeline (story, position, day, text) SELECT * FROM unnest(@story, @position, @day, @text)",
                ("story", timeline.Select(t => StoredText(t.Id)).ToArray()),
                ("position", timeline.Select(t => t.Position).ToArray()),
                ("day", timeline.Select(t => t.Entry.Date).ToArray()),
                ("text", timeline.Select(t => StoredText(t.Entry.Text)).ToArray()));
        }
        Add(batch,
            "UPDATE articles SET story = u.story FROM unnest(@id, @story) AS u(id, story) WHERE articles.id = u.id",
            ("id", articleStory.Keys.Select(StoredText).ToArray()), ("story", articleStory.Values.Select(StoredText).ToArray()));
        batch.ExecuteNonQuery();
    }

    /// <summary>Links by story and other story, the last given for a pair kept.</summary>
    private static void AddLinks(NpgsqlBatch batch, IEnumerable<(string Story, IReadOnlyList<StoryLink> Links)> stories)
    {
        var last = new Dictionary<(string Story, string Other), string>();
        foreach (var (story, links) in stories)
        {
            foreach (var link in links)
                last[(story, link.Story)] = link.Relation;
        }
        if (last.Count == 0)
            return;
        Add(batch,
            """
            INSERT INTO story_links (story, other, relation) SELECT * FROM unnest(@story, @other, @relation)
            ON CONFLICT (story, other) DO UPDATE SET relation = excluded.relation WHERE story_links.relation <> excluded.relation
            """,
            ("story", last.Keys.Select(k => StoredText(k.Story)).ToArray()),
            ("other", last.Keys.Select(k => StoredText(k.Other)).ToArray()),
            ("relation", last.Values.Select(StoredText).ToArray()));
    }

    /// <summary>Removes stories with their parts, and the aliases they had or were.</summary>
    private static void DeleteStories(NpgsqlBatch batch, string[] ids)
    {
        foreach (var table in new[] { "facts", "entities", "timeline", "story_links" })
            Add(batch, $"DELETE FROM {table} WHERE story = ANY(@ids)", ("ids", ids));
        Add(batch, "DELETE FROM story_aliases WHERE story = ANY(@ids) OR alias = ANY(@ids)", ("ids", ids));
        Add(batch, "DELETE FROM stories WHERE id = ANY(@ids)", ("ids", ids));
    }

    private static void Add(NpgsqlBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(Parameter(name, value));
        batch.BatchCommands.Add(command);
    }

    /// <summary>Consecutive runs of <paramref name="items"/> whose estimated sizes add up to about <see cref="StatementBytes"/>.</summary>
    private static IEnumerable<List<T>> BySize<T>(IReadOnlyList<T> items, Func<T, long> bytes)
    {
        var run = new List<T>();
        long size = 0;
        foreach (var item in items)
        {
            if (run.Count > 0 && size + bytes(item) > StatementBytes)
            {
                yield return run;
                (run, size) = ([], 0);
            }
            run.Add(item);
            size += bytes(item);
        }
        if (run.Count > 0)
            yield return run;
    }
}
