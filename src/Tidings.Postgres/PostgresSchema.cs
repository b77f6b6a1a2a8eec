namespace Tidings.Postgres;

/// <summary>
/// The store's tables as an ordered list of migration steps. A database records in <c>schema_version</c> each step it
/// has taken; a writer opening it takes the missing ones, all in one transaction, so a store is never left half
/// upgraded. A later Tidings appends steps and never edits one already released: a database that took step 1 under an
/// earlier version must reach the same tables as a new one.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// Step <c>i</c> brings a store from version <c>i</c> to <c>i + 1</c>.
    /// </summary>
    /// <remarks>
    /// Version 1, the tables of the SQLite store with PostgreSQL's types. Articles are numbered by the writer
    /// (<c>seq</c>, without gaps, as SQLite numbers them). An article's JSON and its search vector (its distinct words,
    /// for full-text search) are a row of <c>article_texts</c>, written once: the row in <c>articles</c> that names
    /// its story changes with every commit that rewrites the story, and an update writes a new version of the whole
    /// row and of each of its index entries, the several hundred of its words in the search index among them (a
    /// commit of 2,000 articles spent 0.6 s on it). The search index keeps a pending list large enough for a commit's
    /// words, merged after the commit (see <see cref="PostgresStoryStore"/>). Large values are compressed with lz4
    /// where the server has it: pglz spent 0.4 s of a commit of 2,000 articles compressing their JSON and vectors. Days
    /// are dates, so the span indexes compare days; <c>start_day</c>/<c>end_day</c> because <c>end</c> is reserved. A
    /// story row keeps the whole story as JSON text (what a reader is shown, byte for byte as written), its links in a
    /// column of their own so a relink rewrites them alone, and its parts in tables for the questions a reader asks.
    /// Entity names are matched in any case through an index on <c>lower(name)</c>. The engine's checkpoint is its
    /// chunk list and counters in <c>engine</c>, the chunks by hash in <c>engine_chunks</c>.
    /// </remarks>
    public static IReadOnlyList<string> Steps { get; } =
    [
        """
        CREATE TABLE articles (
            seq bigint PRIMARY KEY,
            id text NOT NULL UNIQUE,
            source text, title text, published text, language text, url text, story text, placement text);
        CREATE INDEX articles_story ON articles (story);
        CREATE TABLE article_texts (seq bigint PRIMARY KEY, json text NOT NULL, search tsvector NOT NULL);
        CREATE INDEX article_texts_search ON article_texts USING gin (search) WITH (gin_pending_list_limit = 65536);
        CREATE TABLE stories (
            id text PRIMARY KEY,
            storyline text NOT NULL,
            json text NOT NULL,
            event integer, title text, start_day date, end_day date, size integer,
            signature bigint, link_signature bigint, related text, summary text);
        CREATE INDEX stories_event ON stories (event);
        CREATE INDEX stories_storyline ON stories (storyline);
        CREATE INDEX stories_span ON stories (start_day, end_day);
        CREATE INDEX stories_newest ON stories (end_day DESC NULLS LAST, event DESC NULLS LAST);
        CREATE TABLE copies (
            a text NOT NULL, b text NOT NULL, kind text NOT NULL, original text NOT NULL, score double precision NOT NULL,
            PRIMARY KEY (a, b));
        CREATE INDEX copies_b ON copies (b);
        CREATE TABLE story_aliases (alias text PRIMARY KEY, story text NOT NULL);
        CREATE INDEX story_aliases_story ON story_aliases (story);
        CREATE TABLE story_links (story text NOT NULL, other text NOT NULL, relation text NOT NULL, PRIMARY KEY (story, other));
        CREATE TABLE facts (
            story text NOT NULL, position integer NOT NULL, text text NOT NULL, origins integer NOT NULL,
            corroborated boolean NOT NULL, sources text NOT NULL, PRIMARY KEY (story, position));
        CREATE TABLE entities (story text NOT NULL, name text NOT NULL, kind text NOT NULL, origins integer NOT NULL, PRIMARY KEY (story, name));
        CREATE INDEX entities_name ON entities (lower(name));
        CREATE TABLE timeline (story text NOT NULL, position integer NOT NULL, day date NOT NULL, text text NOT NULL, PRIMARY KEY (story, position));
        CREATE INDEX timeline_day ON timeline (day);
        CREATE TABLE retired_events (number integer PRIMARY KEY, event bytea NOT NULL);
        CREATE TABLE engine (key text PRIMARY KEY, value bytea NOT NULL);
        CREATE TABLE engine_chunks (hash bigint PRIMARY KEY, bytes bytea NOT NULL);
        DO $$
        BEGIN
            ALTER TABLE article_texts ALTER COLUMN json SET COMPRESSION lz4, ALTER COLUMN search SET COMPRESSION lz4;
            ALTER TABLE stories ALTER COLUMN json SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
            NULL;   -- a server built without lz4 compresses with pglz, slower
        END $$;
        """,
        // Version 2: Orleans grain state (a cluster's copy index shards), one row per grain and state, stored as written:
        // a shard's postings are hashes, which compression would only spend time on.
        """
        CREATE TABLE grain_state (name text NOT NULL, grain text NOT NULL, etag bigint NOT NULL, state bytea NOT NULL, PRIMARY KEY (name, grain));
        ALTER TABLE grain_state ALTER COLUMN state SET STORAGE EXTERNAL;
        """,
    ];

    /// <summary>The version a store of this Tidings has once every step is taken.</summary>
    public static int Current => Steps.Count;

    /// <summary>The tables that only a Tidings store has together: a database with them but no <c>schema_version</c> is someone else's.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["articles", "stories"];
}
