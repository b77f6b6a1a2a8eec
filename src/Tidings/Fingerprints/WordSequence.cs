using System.Collections.Frozen;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Tidings.Fingerprints;

/// <summary>A sentence as a range of words and of characters in the text it came from.</summary>
public readonly record struct SentenceRange(int FirstWord, int EndWord, int Offset, int Length)
{
    public int WordCount => EndWord - FirstWord;
}

/// <summary>
/// A text as copy detection reads it: one 64-bit hash per normalised word, the hash of its light stem where it is a
/// content word, and sentence boundaries. Built in one pass over the characters without allocating a string per
/// word, because copy detection must read tens of thousands of articles a second.
/// </summary>
/// <remarks>
/// The word rules are <see cref="TextTokenizer"/>'s: letters and digits, joined by inner apostrophes and hyphens,
/// lower-cased, curly apostrophes straightened, a possessive "'s" dropped. Sentences end at terminal punctuation
/// followed by a capital or digit (not after an abbreviation or an initial) and at every line break.
/// </remarks>
public sealed class WordSequence
{
    private WordSequence(ulong[] words, ulong[] terms, SentenceRange[] sentences)
    {
        Words = words;
        Terms = terms;
        Sentences = sentences;
    }

    /// <summary>The hash of each word, in order.</summary>
    public ulong[] Words { get; }

    /// <summary>For each word, the hash of its stem when it is a content word, else 0.</summary>
    public ulong[] Terms { get; }

    public SentenceRange[] Sentences { get; }

    /// <summary>Computed on first use; one reference, so threads that race to build it see a whole table.</summary>
    private TermTable? _sentenceTerms;

    private sealed record TermTable(ulong[] Terms, int[] Starts);

    /// <summary>The distinct content-word stems of one sentence, sorted: what sentence alignment compares.</summary>
    public ReadOnlySpan<ulong> SentenceTerms(int sentence)
    {
        var (terms, starts) = _sentenceTerms ??= CollectSentenceTerms();
        return terms.AsSpan(starts[sentence], starts[sentence + 1] - starts[sentence]);
    }

    private TermTable CollectSentenceTerms()
    {
        var all = new ulong[Terms.Length];
        var starts = new int[Sentences.Length + 1];
        int n = 0;
        for (int s = 0; s < Sentences.Length; s++)
        {
            starts[s] = n;
            var range = Sentences[s];
            foreach (ulong t in Terms.AsSpan(range.FirstWord, range.WordCount))
            {
                if (t != 0)
                    all[n++] = t;
            }
            var sentenceTerms = all.AsSpan(starts[s], n - starts[s]);
            sentenceTerms.Sort();
            // Drop repeats in place.
            int distinct = 0;
            for (int k = 0; k < sentenceTerms.Length; k++)
            {
                if (k == 0 || sentenceTerms[k] != sentenceTerms[k - 1])
                    sentenceTerms[distinct++] = sentenceTerms[k];
            }
            n = starts[s] + distinct;
        }
        starts[Sentences.Length] = n;
        return new TermTable(all, starts);
    }

    private ulong[]? _shingles;

    /// <summary>Word n-grams that survive light edits but not word swaps: the distinct hashes of every run of five words, sorted.</summary>
    public const int ShingleWords = 5;

    /// <summary>The distinct hashes of the text's <see cref="ShingleWords"/>-word runs, sorted (the whole text when shorter).</summary>
    public ReadOnlySpan<ulong> Shingles() => _shingles ??= CollectShingles();

    private ulong[] CollectShingles()
    {
        int count = Math.Max(Words.Length == 0 ? 0 : 1, Words.Length - ShingleWords + 1);
        var shingles = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            ulong h = 0x9E3779B97F4A7C15;
            for (int k = i; k < Math.Min(i + ShingleWords, Words.Length); k++)
                h = (System.Numerics.BitOperations.RotateLeft(h, 23) ^ Words[k]) * 0xBF58476D1CE4E5B9;
            shingles[i] = h ^ (h >> 31);
        }
        Array.Sort(shingles);
        int distinct = 0;
        for (int k = 0; k < shingles.Length; k++)
        {
            if (k == 0 || shingles[k] != shingles[k - 1])
                shingles[distinct++] = shingles[k];
        }
        return shingles[..distinct];
    }

    /// <summary>The number of words in the text.</summary>
    public int WordCount => Words.Length;

    /// <summary>Words longer than this are hashed by their first characters; no real word is this long.</summary>
    private const int MaxHashedChars = 64;

    private static readonly FrozenSet<ulong> StopwordHashes = Stopwords.English.Select(HashWord).ToFrozenSet();

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "Mr", "Mrs", "Ms", "Dr", "St", "Sr", "Jr", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Prof", "No", "Vol",
        "Inc", "Ltd", "Co", "Corp", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The hash of one word as <see cref="Read"/> computes it (for tests and stopword tables).</summary>
    public static ulong HashWord(string word)
    {
        Span<char> buffer = stackalloc char[MaxHashedChars];
        int n = Normalise(word, buffer);
        return Hash(buffer[..n]);
    }

    public static WordSequence Read(string text)
    {
        var words = new List<ulong>(text.Length / 5);
        var terms = new List<ulong>(text.Length / 5);
        var sentences = new List<SentenceRange>();
        Span<char> buffer = stackalloc char[MaxHashedChars];
        int sentenceStart = -1, sentenceFirstWord = 0, lastWordStart = 0, lastWordEnd = -1;

        void CloseSentence(int end)
        {
            if (sentenceStart >= 0 && words.Count > sentenceFirstWord)
                sentences.Add(new SentenceRange(sentenceFirstWord, words.Count, sentenceStart, end - sentenceStart));
            sentenceStart = -1;
            sentenceFirstWord = words.Count;
        }

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (IsWordChar(c))
            {
                int start = i;
                i++;
                while (i < text.Length && (IsWordChar(text[i]) || (IsJoiner(text[i]) && i + 1 < text.Length && IsWordChar(text[i + 1]))))
                    i++;
                if (sentenceStart < 0)
                    sentenceStart = OpeningPunctuationStart(text, start);
                var word = text.AsSpan(start, i - start);
                int n = Normalise(word, buffer);
                ulong hash = Hash(buffer[..n]);
                words.Add(hash);
                terms.Add(IsContentWord(buffer[..n], hash) ? Hash(buffer[..Stem(buffer[..n])]) : 0);
                (lastWordStart, lastWordEnd) = (start, i);
                continue;
            }
            if (c == '\n')
                CloseSentence(TrimEnd(text, i));
            else if (c is '.' or '!' or '?' or '…' && sentenceStart >= 0)
            {
                int after = i + 1;
                while (after < text.Length && text[after] is '"' or '”' or '’' or '\'' or ')' or ']')
                    after++;
                bool abbreviation = c == '.' && lastWordEnd == i && IsAbbreviation(text.AsSpan(lastWordStart, lastWordEnd - lastWordStart));
                if (!abbreviation && StartsNewSentence(text, after))
                {
                    CloseSentence(after);
                    i = after;
                    continue;
                }
            }
            i++;
        }
        CloseSentence(TrimEnd(text, text.Length));
        return new WordSequence(words.ToArray(), terms.ToArray(), sentences.ToArray());
    }

    /// <summary>The hash of the whole word sequence: equal for texts that differ only in case, spacing and punctuation.</summary>
    public ulong BodyHash() => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Words.AsSpan()));

    /// <summary>The hash of one sentence's word sequence.</summary>
    public ulong SentenceHash(int sentence)
    {
        var s = Sentences[sentence];
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Words.AsSpan(s.FirstWord, s.WordCount)));
    }

    private static bool StartsNewSentence(string text, int at)
    {
        if (at >= text.Length)
            return true;
        if (!char.IsWhiteSpace(text[at]))
            return false;
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            if (text[at] == '\n')
                return true;
            at++;
        }
        if (at < text.Length && text[at] is '"' or '“' or '‘' or '\'' or '(' or '[')
            at++;
        return at < text.Length && (char.IsUpper(text[at]) || char.IsDigit(text[at]));
    }

    private static bool IsAbbreviation(ReadOnlySpan<char> word) =>
        (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>A sentence starts at its opening quote or bracket, if any, so that its span reads as written.</summary>
    private static int OpeningPunctuationStart(string text, int wordStart)
    {
        int s = wordStart;
        while (s > 0 && text[s - 1] is '"' or '“' or '‘' or '\'' or '(' or '[')
            s--;
        return s;
    }

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
            end--;
        return end;
    }

    private static bool IsJoiner(char c) => c is '\'' or '’' or '-';

    private static bool IsWordChar(char c)
    {
        if (c < 128)
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        return char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>Lower case, straight apostrophes, no possessive "'s"; returns the normalised length.</summary>
    private static int Normalise(ReadOnlySpan<char> word, Span<char> buffer)
    {
        int n = Math.Min(word.Length, buffer.Length);
        for (int k = 0; k < n; k++)
        {
            char c = word[k];
            buffer[k] = c < 128 ? (char)((uint)(c - 'A') <= 'Z' - 'A' ? c | 0x20 : c) : c == '’' ? '\'' : char.ToLowerInvariant(c);
        }
        if (n > 2 && buffer[n - 1] == 's' && buffer[n - 2] == '\'')
            n -= 2;
        return n;
    }

    private static bool IsContentWord(ReadOnlySpan<char> word, ulong hash)
    {
        if (word.Length <= 1 || StopwordHashes.Contains(hash))
            return false;
        foreach (char c in word)
        {
            if (!char.IsAsciiDigit(c))
                return true;
        }
        return false;
    }

    /// <summary><see cref="TextTokenizer.Stem"/> in place: plural endings only. Returns the stem's length.</summary>
    private static int Stem(Span<char> word)
    {
        int n = word.Length;
        if (n > 4 && word[(n - 3)..].SequenceEqual("ies"))
        {
            word[n - 3] = 'y';
            return n - 2;
        }
        if (n > 3 && word[n - 1] == 's' && word[n - 2] is not ('s' or 'u'))
            return n - 1;
        return n;
    }

    private static ulong Hash(ReadOnlySpan<char> normalised) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(normalised));
}
