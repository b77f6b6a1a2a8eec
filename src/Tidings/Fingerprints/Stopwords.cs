namespace Tidings.Fingerprints;

/// <summary>Function words that carry no topic; news in English is the first target, other languages fall back to content-free counts.</summary>
public static class Stopwords
{
    public static readonly IReadOnlySet<string> English = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "said", "says", "say", "mr", "mrs",
        "ms", "dr", "one", "two", "new", "like", "may", "might", "must", "shall", "us", "would", "yet", "still", "since",
        "however", "according", "per", "via", "among", "around", "within", "without", "told", "last", "first", "year",
        "years", "week", "day", "days", "time", "many", "much", "even", "well", "back", "get", "got", "made", "make",
        "around", "across", "along", "already", "another", "ago", "away", "came", "come", "went", "go", "going",
    };
}
