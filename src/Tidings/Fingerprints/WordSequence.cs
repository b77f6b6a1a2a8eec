using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tidings.Fingerprints;

/// <summary>
/// A sentence as a range of words and of characters in the text it came from, how many of its words carry content,
/// and whether it holds a quotation (double quotes or guillemets): independent reports of one event print the same
/// quotes word for word, so a quoted sentence is weak evidence that one copied the other.
/// </summary>
public readonly record struct SentenceRange(int FirstWord, int EndWord, int Offset, int Length, int ContentWords = 0, bool Quoted = false)
{
    public int WordCount => EndWord - FirstWord;
}

/// <summary>
/// A text as copy detection reads it: one 64-bit hash per normalised word, the hash of its light stem where it is a
/// content word, and sentence boundaries. Built in one pass over the characters, hashing each word as it is read and
/// allocating nothing per word, because copy detection must read tens of thousands of articles a second.
/// </summary>
/// <remarks>
/// The word rules are <see cref="TextTokenizer"/>'s: letters and digits, joined by inner apostrophes and hyphens,
/// lower-cased, curly apostrophes straightened, a possessive "'s" dropped, plural endings stemmed for content words.
/// Sentences end at terminal punctuation followed by a capital or digit (not after an abbreviation or an initial)
/// and at every line break; in a lower-cased text (<see cref="SentenceSplitter.IsLowerCased(string)"/>) followed by any word.
/// </remarks>
public sealed class WordSequence
{
    private WordSequence(ulong[] words, ulong[] terms, SentenceRange[] sentences, ulong[] sentenceSignatures, int[] figureWords, ulong[] figureValues)
    {
        Words = words;
        Terms = terms;
        Sentences = sentences;
        _sentenceSignatures = sentenceSignatures;
        _figureWords = figureWords;
        _figureValues = figureValues;
    }

    private readonly ulong[] _sentenceSignatures;

    /// <summary>The words that begin figures (see <see cref="FiguresOf"/>), in order, and each figure's key.</summary>
    private readonly int[] _figureWords;

    private readonly ulong[] _figureValues;

    /// <summary>
    /// The figures of a sentence, each as written (see <see cref="FigureKey"/>: "4-5/8", "19" of "19-year-old", "7" of
    /// "07"), hashed. Figures carry no term, so sentence alignment passes over them; copy verification
    /// reads them apart, since a copy keeps its original's figures while a template filled in again (the next bond
    /// issue, the next week's auction) changes them. Kept apart from the words, since few words are figures.
    /// </summary>
    public ReadOnlySpan<ulong> FiguresOf(SentenceRange sentence)
    {
        int from = LowerBound(_figureWords, sentence.FirstWord), to = LowerBound(_figureWords, sentence.EndWord);
        return _figureValues.AsSpan(from, to - from);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int at = Array.BinarySearch(sorted, value);
        return at >= 0 ? at : ~at;
    }

    /// <summary>Rows of each sentence's MinHash signature over its content-word stems.</summary>
    public const int SentenceSignatureRows = 4;

    /// <summary>
    /// A sentence's MinHash signature over its distinct content-word stems: <see cref="SentenceSignatureRows"/> minima of
    /// fixed row permutations, computed as the sentence is read. Two sentences agree on a row with probability equal to
    /// their stems' Jaccard similarity, which is what lets a spun sentence find the one it was spun from.
    /// </summary>
    public ReadOnlySpan<ulong> SentenceSignature(int sentence) => _sentenceSignatures.AsSpan(sentence * SentenceSignatureRows, SentenceSignatureRows);

    /// <summary>The hash of each word, in order.</summary>
    public ulong[] Words { get; }

    /// <summary>For each word, the hash of its stem when it is a content word, else 0.</summary>
    public ulong[] Terms { get; }

    public SentenceRange[] Sentences { get; }

    /// <summary>The number of words in the text.</summary>
    public int WordCount => Words.Length;

    /// <summary>Odd multipliers and offsets of the sentence signature's row permutations t -> a*t + b (mod 2^64), fixed for reproducibility.</summary>
    private static readonly ulong[] SignatureRows = MakeSignatureRows();

    /// <summary>The stopwords' hashes, computed by the character path so the table does not depend on the reader it serves.</summary>
    private static readonly StopwordTable StopwordHashes = new(Stopwords.English.Select(w => HashesOf(w).Word));

    /// <summary>
    /// A fixed set of word hashes, hashed perfectly (one member a slot) into a table of 16-bit tags small enough for
    /// the first-level cache: a lookup, made once per word read, is one load and one comparison, where probing a
    /// general table is a loop whose length depends on the word.
    /// </summary>
    private sealed class StopwordTable
    {
        private readonly ushort[] _tags;
        private readonly ulong _multiplier;
        private readonly int _shift;

        public StopwordTable(IEnumerable<ulong> hashes)
        {
            var distinct = hashes.Distinct().ToList();
            int bits = 4;
            while ((1 << bits) < distinct.Count * 16)
                bits++;
            _shift = 64 - bits;
            // Multipliers from a fixed sequence until one sends every member to its own slot (a few dozen tries).
            for (ulong state = 0; ; )
            {
                _multiplier = FoldedWordHash.Finish(state += 0x9E3779B97F4A7C15) | 1UL;
                _tags = new ushort[1 << bits];
                if (distinct.All(h => Place(h)))
                    return;
            }
        }

        private bool Place(ulong hash)
        {
            ref ushort tag = ref _tags[Slot(hash)];
            if (tag != 0)
                return false;
            tag = Tag(hash);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Contains(ulong hash) => _tags[Slot(hash)] == Tag(hash);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Slot(ulong hash) => (int)((hash * _multiplier) >> _shift);

        /// <summary>
        /// Sixteen bits of the hash other than those the slot depends on, never 0 (the empty slot), so that the table
        /// fits the first-level cache: a word outside the set matches by chance once in 65,536 lookups of a filled slot.
        /// </summary>
        private static ushort Tag(ulong hash) => (ushort)(hash | 1);
    }

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "Mr", "Mrs", "Ms", "Dr", "St", "Sr", "Jr", "Gen", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Prof", "No", "Vol",
        "Inc", "Ltd", "Co", "Corp", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary><see cref="Abbreviations"/> as a lower-cased text writes them.</summary>
    private static readonly FrozenSet<string> LowerCasedAbbreviations = Abbreviations.Select(a => a.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The hash of one word as <see cref="Read(string)"/> computes it.</summary>
    public static ulong HashWord(string word) => Read(word) is { WordCount: > 0 } read ? read.Words[0] : 0;

    public static WordSequence Read(string text)
    {
        int capacity = text.Length / 2 + 1;
        var words = ArrayPool<ulong>.Shared.Rent(capacity);
        var terms = ArrayPool<ulong>.Shared.Rent(capacity);
        try
        {
            var sentences = new List<SentenceRange>(text.Length / 100 + 1);
            var signatures = new List<ulong>((text.Length / 100 + 1) * SentenceSignatureRows);
            var (figureWords, figureValues) = (new List<int>(), new List<ulong>());
            int count = Scan(text, words, terms, figureWords, figureValues, sentences, signatures, StopwordHashes);
            return new WordSequence(words.AsSpan(0, count).ToArray(), terms.AsSpan(0, count).ToArray(), [.. sentences], [.. signatures], [.. figureWords], [.. figureValues]);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(words);
            ArrayPool<ulong>.Shared.Return(terms);
        }
    }

    private static int Scan(string text, ulong[] words, ulong[] terms, List<int> figureWords, List<ulong> figureValues, List<SentenceRange> sentences, List<ulong> signatures, StopwordTable stopwords)
    {
        ReadOnlySpan<char> span = text;
        int count = 0, sentenceStart = -1, sentenceFirstWord = 0, lastWordStart = 0, lastWordEnd = -1;
        bool lowerCased = SentenceSplitter.IsLowerCased(text);
        var open = new OpenSentence(stackalloc ulong[OpenSentence.Slots], stackalloc int[OpenSentence.Slots]);
        int i = 0;
        while (i < span.Length)
        {
            char c = span[i];
            if (IsWordChar(c))
            {
                int start = i;
                if (sentenceStart < 0)
                    sentenceStart = OpeningPunctuationStart(text, start);
                var (wordHash, stem, length) = ReadWord(span, ref i);
                words[count] = wordHash;
                // Numbers carry no term; only a word that starts with a digit can be one.
                bool figure = (uint)(span[start] - '0') <= 9;
                if (figure && !ContinuesFigure(span, start))
                {
                    figureWords.Add(count);
                    figureValues.Add(FigureKey(span, start));
                }
                bool allDigits = figure && !span[start..i].ContainsAnyExcept(Digits);
                ulong term = length > 1 && !allDigits && !stopwords.Contains(wordHash) ? stem : 0;
                terms[count] = term;
                if (term != 0)
                    open.Add(term);
                count++;
                (lastWordStart, lastWordEnd) = (start, i);
                continue;
            }
            if (c == ' ')
            {
                // Most characters between words are single spaces: skip the punctuation tests.
                i++;
                continue;
            }
            if (c == '\n')
            {
                Close(sentences, signatures, ref sentenceStart, ref sentenceFirstWord, count, TrimEnd(text, i), ref open);
            }
            else if (c is '"' or '“' or '”' or '„' or '«' or '»')
            {
                open.Quoted = true;
            }
            else if (c is '.' or '!' or '?' or '…' && sentenceStart >= 0)
            {
                int after = i + 1;
                while (after < span.Length && span[after] is '"' or '”' or '’' or '\'' or ')' or ']')
                    after++;
                bool abbreviation = c == '.' && lastWordEnd == i && IsAbbreviation(span[lastWordStart..lastWordEnd], lowerCased);
                if (!abbreviation && StartsNewSentence(text, after, lowerCased))
                {
                    Close(sentences, signatures, ref sentenceStart, ref sentenceFirstWord, count, after, ref open);
                    i = after;
                    continue;
                }
            }
            i++;
        }
        Close(sentences, signatures, ref sentenceStart, ref sentenceFirstWord, count, TrimEnd(text, text.Length), ref open);
        return count;
    }

    /// <summary>Characters that join the digits of one figure: "4-5/8", "30,000", "10.3", "5:50", "1986/87".</summary>
    private static bool JoinsFigure(char c) => c is '/' or ',' or '.' or ':' or '-';

    /// <summary>Whether the word is the rest of the figure before it ("8" of "4-5/8"), which <see cref="FigureKey"/> took in.</summary>
    private static bool ContinuesFigure(ReadOnlySpan<char> text, int start) =>
        start >= 2 && JoinsFigure(text[start - 1]) && (uint)(text[start - 2] - '0') <= 9;

    /// <summary>
    /// A figure as written from <paramref name="start"/>: its digits and the characters joining them, leading zeros
    /// dropped ("07" is "7"), hashed. A word that follows ("19-year-old") is not part of it.
    /// </summary>
    private static ulong FigureKey(ReadOnlySpan<char> text, int start)
    {
        const ulong prime = 1099511628211;
        ulong hash = 14695981039346656037;
        int j = start;
        while (j + 1 < text.Length && text[j] == '0' && (uint)(text[j + 1] - '0') <= 9)
            j++;
        for (; j < text.Length; j++)
        {
            char c = text[j];
            bool digit = (uint)(c - '0') <= 9;
            if (!digit && !(JoinsFigure(c) && j + 1 < text.Length && (uint)(text[j + 1] - '0') <= 9))
                break;
            hash = (hash ^ c) * prime;
        }
        return hash;
    }

    /// <summary>
    /// Reads the word starting at <paramref name="i"/>, leaves <paramref name="i"/> after it and returns the hash of
    /// the word (its possessive "'s" dropped), the hash of its light stem and its length as hashed. A word of at most
    /// 14 ASCII characters, nearly every word of English prose, is found, folded and hashed in a few vector operations
    /// instead of character by character; every other word takes the character path, whose hash is the same
    /// <see cref="FoldedWordHash"/> of the same folded characters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Word, ulong Stem, int Length) ReadWord(ReadOnlySpan<char> span, ref int i)
    {
        int start = i;
        if (Vector256.IsHardwareAccelerated && start + FoldedWordHash.StripeChars <= span.Length)
        {
            var chars = Vector256.LoadUnsafe(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(span)), (nuint)start);
            var lower = chars | Vector256.Create((ushort)0x20);
            var letterOrDigit = Vector256.LessThanOrEqual(lower - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')))
                | Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
            var curly = Vector256.Equals(chars, Vector256.Create((ushort)'’'));
            var joiner = Vector256.Equals(chars, Vector256.Create((ushort)'\'')) | Vector256.Equals(chars, Vector256.Create((ushort)'-')) | curly;
            uint wordChars = letterOrDigit.ExtractMostSignificantBits();
            // A joiner belongs to the word when a letter or digit follows it.
            uint inWord = wordChars | (joiner.ExtractMostSignificantBits() & (wordChars >> 1));
            int length = BitOperations.TrailingZeroCount(~inWord);
            // Up to 14 characters the lane after a trailing joiner was seen; a character beyond ASCII could continue
            // the word, so the character path decides those.
            if (length is > 0 and <= FoldedWordHash.StripeChars - 2 && EndsInAscii(span, start + length))
            {
                i = start + length;
                var folded = Vector256.ConditionalSelect(curly, Vector256.Create((ushort)'\''), lower) & Prefix(length);
                return Hashes(folded, length);
            }
        }
        while (true)
        {
            if (++i >= span.Length)
                break;
            char c = span[i];
            if (IsWordChar(c) || (IsJoiner(c) && i + 1 < span.Length && IsWordChar(span[i + 1])))
                continue;
            break;
        }
        return HashesOf(span[start..i]);
    }

    /// <summary>
    /// Whether the ASCII reading of a word is the whole word: the character after it is ASCII and, if a joiner, not
    /// followed by a letter beyond ASCII ("d'été" goes on past the apostrophe, as does "ga’é").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsInAscii(ReadOnlySpan<char> span, int end) =>
        span[end] < 128 && !(IsJoiner(span[end]) && span[end + 1] >= 128);

    /// <summary>
    /// The light-stemming rules, as lengths of the folded word: the word is hashed over its first <c>Word</c>
    /// characters (a possessive "'s" dropped) and its stem over its first <c>Stem</c>, the last of them read as "y"
    /// when <c>EndsInY</c> ("cities" -> "city"). Both ways of reading a word apply the rules through this one place,
    /// so they cannot drift apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Word, int Stem, bool EndsInY) Stemming(int length, int last1, int last2, int last3)
    {
        if (last1 == 's' && length > 2 && last2 == '\'')
            return (length - 2, length - 2, false);
        if (last1 != 's' || length <= 3 || last2 is 's' or 'u')
            return (length, length, false);
        if (length > 4 && last2 == 'e' && last3 == 'i')
            return (length, length - 2, true);
        return (length, length - 1, false);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Word, ulong Stem, int Length) Hashes(Vector256<ushort> folded, int length)
    {
        var (wordLength, stemLength, endsInY) = Stemming(length, folded.GetElement(length - 1),
            length > 1 ? folded.GetElement(length - 2) : 0, length > 2 ? folded.GetElement(length - 3) : 0);
        ulong word = FoldedWordHash.Of(folded & Prefix(wordLength), wordLength);
        if (stemLength == wordLength)
            return (word, word, wordLength);
        var stem = endsInY
            ? (folded & Prefix(stemLength - 1)) | (Vector256.Equals(Lanes, Vector256.Create((ushort)(stemLength - 1))) & Vector256.Create((ushort)'y'))
            : folded & Prefix(stemLength);
        return (word, FoldedWordHash.Of(stem, stemLength), wordLength);
    }

    /// <summary>The character path of <see cref="ReadWord"/>: the same folding and stemming, on a copy of the word.</summary>
    private static (ulong Word, ulong Stem, int Length) HashesOf(ReadOnlySpan<char> word)
    {
        char[]? rented = word.Length > 256 ? ArrayPool<char>.Shared.Rent(word.Length) : null;
        Span<char> folded = rented ?? stackalloc char[256];
        try
        {
            int length = word.Length;
            for (int k = 0; k < length; k++)
                folded[k] = Fold(word[k]);
            var (wordLength, stemLength, endsInY) = Stemming(length, folded[length - 1],
                length > 1 ? folded[length - 2] : 0, length > 2 ? folded[length - 3] : 0);
            ulong hash = FoldedWordHash.Of(folded[..wordLength]);
            if (stemLength == wordLength)
                return (hash, hash, wordLength);
            if (endsInY)
                folded[stemLength - 1] = 'y';
            return (hash, FoldedWordHash.Of(folded[..stemLength]), wordLength);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static readonly Vector256<ushort> Lanes = Vector256.Create((ushort)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>All ones in the first <paramref name="length"/> lanes, zero in the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Prefix(int length) => Vector256.LessThan(Lanes, Vector256.Create((ushort)length));

    private static void Close(List<SentenceRange> sentences, List<ulong> signatures, ref int start, ref int firstWord, int words, int end, ref OpenSentence sentence)
    {
        if (start >= 0 && words > firstWord)
        {
            sentences.Add(new SentenceRange(firstWord, words, start, end - start, sentence.Count, sentence.Quoted));
            sentence.AppendSignature(signatures);
        }
        start = -1;
        firstWord = words;
        sentence.Clear();
    }

    private static ulong[] MakeSignatureRows()
    {
        var rows = new ulong[2 * SentenceSignatureRows];
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < rows.Length; i += 2)
        {
            rows[i] = FoldedWordHash.Finish(state += 0x9E3779B97F4A7C15) | 1UL;
            rows[i + 1] = FoldedWordHash.Finish(state += 0x9E3779B97F4A7C15);
        }
        return rows;
    }

    /// <summary>
    /// The sentence being read: counts its distinct stems in a small open-addressed table on the stack, emptied slot by
    /// slot at each sentence end (a sentence with more distinct stems than slots counts the rest as new), and keeps the
    /// minima of its signature rows.
    /// </summary>
    private ref struct OpenSentence(Span<ulong> slots, Span<int> used)
    {
        public const int Slots = 128;

        private readonly Span<ulong> _slots = slots;
        private readonly Span<int> _used = used;
        private ulong _m0 = ulong.MaxValue, _m1 = ulong.MaxValue, _m2 = ulong.MaxValue, _m3 = ulong.MaxValue;

        public int Count { get; private set; }

        /// <summary>Whether a quotation mark was read since the last sentence ended.</summary>
        public bool Quoted { get; set; }

        public void Add(ulong term)
        {
            var rows = SignatureRows;
            _m0 = Math.Min(_m0, unchecked(rows[0] * term + rows[1]));
            _m1 = Math.Min(_m1, unchecked(rows[2] * term + rows[3]));
            _m2 = Math.Min(_m2, unchecked(rows[4] * term + rows[5]));
            _m3 = Math.Min(_m3, unchecked(rows[6] * term + rows[7]));
            if (Count >= Slots / 2)
            {
                Count++;
                return;
            }
            int i = (int)(term >> 57);
            while (_slots[i] != 0)
            {
                if (_slots[i] == term)
                    return;
                i = (i + 1) & (Slots - 1);
            }
            _slots[i] = term;
            _used[Count++] = i;
        }

        public readonly void AppendSignature(List<ulong> signatures)
        {
            signatures.Add(_m0);
            signatures.Add(_m1);
            signatures.Add(_m2);
            signatures.Add(_m3);
        }

        public void Clear()
        {
            _m0 = _m1 = _m2 = _m3 = ulong.MaxValue;
            Quoted = false;
            for (int k = 0; k < Math.Min(Count, Slots / 2); k++)
                _slots[_used[k]] = 0;
            Count = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char Fold(char c)
    {
        // Within a word, ASCII is letters, digits, apostrophes and hyphens: setting bit 5 lower-cases the capitals and
        // leaves every other one of them as it is.
        if (c < 128)
            return (char)(c | 0x20);
        return c == '’' ? '\'' : char.ToLowerInvariant(c);
    }

    private static bool StartsNewSentence(string text, int at, bool lowerCased)
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
        return at < text.Length && (char.IsUpper(text[at]) || char.IsDigit(text[at]) || (lowerCased && char.IsLetter(text[at])));
    }

    /// <summary>Whether a word before a full stop is an abbreviation or an initial ("J."; in lower-cased text "j.", and "s." of "u.s.").</summary>
    private static bool IsAbbreviation(ReadOnlySpan<char> word, bool lowerCased) =>
        lowerCased
            ? (word.Length == 1 && char.IsLetter(word[0])) || LowerCasedAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)
            : (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

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

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsJoiner(char c) => c is '\'' or '’' or '-';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c)
    {
        if (c < 128)
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        return IsWordCharBeyondAscii(c);
    }

    private static bool IsWordCharBeyondAscii(char c)
    {
        return char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>The stems of one sentence's words, 0 for words that are not content words (repeats kept).</summary>
    public ReadOnlySpan<ulong> TermsOf(int sentence) => Terms.AsSpan(Sentences[sentence].FirstWord, Sentences[sentence].WordCount);

    /// <summary>Whether two sentences, of this text and another, have the same words in the same order.</summary>
    public bool SameWords(int sentence, WordSequence other, int otherSentence) =>
        Words.AsSpan(Sentences[sentence].FirstWord, Sentences[sentence].WordCount)
            .SequenceEqual(other.Words.AsSpan(other.Sentences[otherSentence].FirstWord, other.Sentences[otherSentence].WordCount));

    /// <summary>The hash of the whole word sequence: equal for texts that differ only in case, spacing and punctuation.</summary>
    public ulong BodyHash() => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Words.AsSpan()));
}
