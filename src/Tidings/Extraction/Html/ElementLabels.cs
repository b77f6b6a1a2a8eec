using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Tidings.Extraction.Html;

/// <summary>
/// What an element's own labels (class, id, role, itemprop) say about it. Labels are judged token by token, and
/// tokens that describe the page rather than the element are ignored: WordPress puts <c>tag-news</c>,
/// <c>category-sport</c> and <c>comments-open</c> on the article itself, <c>o-section--has-ads</c> says what a
/// section holds besides its text, and <c>field--label-hidden</c> hides a label, not the field.
/// </summary>
internal static partial class ElementLabels
{
    /// <summary>
    /// Every kind the labels name, read once: a node's labels are asked about many times while a page is scored, and
    /// matching each question's pattern against each token again was a fifth of extraction's time.
    /// </summary>
    /// <param name="hints">Lower-cased labels, space-separated.</param>
    /// <param name="tokenKinds">Tokens already read, for a caller that reads all the labels of a page: a page repeats
    /// its tokens across elements ("card", "col-6"), and the patterns are the cost.</param>
    /// <param name="vocabulary">Tokens read on earlier pages, asked when the page has not read a token yet.</param>
    public static LabelSet Read(string hints, Dictionary<string, LabelKinds>? tokenKinds = null, LabelVocabulary? vocabulary = null)
    {
        var kinds = LabelKinds.None;
        foreach (var token in hints.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (tokenKinds is null)
                kinds |= KindsOf(token);
            else if (tokenKinds.TryGetValue(token, out var known))
                kinds |= known;
            else
                kinds |= tokenKinds[token] = vocabulary?.KindsOf(token) ?? KindsOf(token);
        }
        return new LabelSet(kinds);
    }

    internal static LabelKinds KindsOf(string token)
    {
        var kinds = LabelKinds.None;
        if (DescribesPage().IsMatch(token))
            return kinds;
        foreach (var (pattern, kind) in KindPatterns)
        {
            if (pattern.IsMatch(token))
                kinds |= kind;
        }
        return kinds;
    }

    /// <summary>The pattern of each kind a token can name.</summary>
    private static readonly (Regex Pattern, LabelKinds Kind)[] KindPatterns =
    [
        (Boilerplate(), LabelKinds.Boilerplate),
        (Teaser(), LabelKinds.Teaser),
        (Standfirst(), LabelKinds.StandfirstWord),
        (Content(), LabelKinds.Content),
        (ArticleBody(), LabelKinds.ArticleBody),
        (Related(), LabelKinds.Related),
        (StandfirstBox(), LabelKinds.StandfirstBox),
        (Sidebar(), LabelKinds.Sidebar),
        (Comments(), LabelKinds.Comments),
        (Overlay(), LabelKinds.Overlay),
    ];

    [GeneratedRegex(@"(?:^|[-_])(?:has|with|no|is|use|uses|enable|enabled|disable)[-_]|[-_](?:enabled|disabled|active|open|visible)$|off-canvas-main|^(?:tag|tags|category|categories|format|status|type|postid|post-\d|page-id|page-template|ping|single|archive|comments-(?:open|closed)|field--label|label-|js[-_])")]
    private static partial Regex DescribesPage();

    // A skip link is "skip", "skip-link(s)", "skip-nav", "skip-to-content", not every label that starts with "skip" (one
    // site files each article section under "skip-item"); a "contextmenu" class attaches a menu to prose, it is no menu.
    [GeneratedRegex(@"comment(?!ary)|share|sharing|social|related|recommend|newsletter|subscri|cookie|consent|gdpr|sidebar|^widget_|widget-area|breadcrumb|(?<!context)menu|navbar|^nav|-nav|_nav|footer|masthead|^banner$|site-banner|advert|^ads?$|^ad[-_]|[-_]ads?$|[-_]ad[-_]|sponsor|promo|popup|modal|^tags?$|tag-?list|tags-|tag-?cloud|pagination|(?:^|[-_])pager|^skip(?:-?(?:links?|nav|to|content)|$)|^print|toolbar|rating|signup|sign-up|login|disqus|outbrain|taboola|more-(?:stories|articles|news)|^meta$|[-_]meta$|entry-meta|post-meta|byline|author-?(?:bio|box|info|card)|about-?author|^author$|^abh_|saboxplugin|print-?button|caption|credit|copyright|disclaimer|overlay|topbar|^follow(?![-_]?ups?(?:$|[-_]))|recirc|^shop|^cart$|read-?more|readmore|^drawer|complementary|contentinfo|navigation|^header$|site-header|page-header|sr-only|visually-hidden|screen-reader")]
    private static partial Regex Boilerplate();

    [GeneratedRegex(@"article|^body|[-_]body|content|entry|hentry|h-entry|^main|^post|[-_]post|^text|[-_]text|blog|story|prose|^rte$|richtext")]
    private static partial Regex Content();

    [GeneratedRegex(@"articlebody|article-body|article__body|article_body|articletext|article-text|story-body|storybody|post-body|postbody|post_body|entry-content|entry_content|post-content|post_content|article-content|article__content|story-content|blog-content|content-body|main-content|text-content|field-body|field-name-body|body-text|bodytext|^rte$|richtext")]
    private static partial Regex ArticleBody();

    [GeneratedRegex(@"related|recommend|more-(?:stories|articles|news|posts)|read-?next|also-?read")]
    private static partial Regex Related();

    [GeneratedRegex(@"^lead$|[-_]lead(?:$|[-_])|^lead[-_]|intro|summary|standfirst|excerpt|article-?teaser|teaser-?text|subtitle|deck$|dek$|abstract")]
    private static partial Regex StandfirstBox();

    [GeneratedRegex(@"^sidebar|[-_]sidebar$|^widget-area|^aside$")]
    private static partial Regex Sidebar();

    [GeneratedRegex(@"teaser")]
    private static partial Regex Teaser();

    [GeneratedRegex(@"artikel|article|intro|description|descr|lead|standfirst|summary|abstract|teaser-?text")]
    private static partial Regex Standfirst();

    [GeneratedRegex(@"^(?:modal|popup|pop-up|dialog|overlay|lightbox|takeover|paywall)(?:$|[-_])|[-_](?:modal|popup|dialog|overlay|lightbox)$|^cookie|[-_]cookies?(?:$|[-_])|consent|gdpr|newsletter-?(?:popup|modal|overlay)")]
    private static partial Regex Overlay();

    [GeneratedRegex(@"comment(?!ary)|disqus|respond|reply|discussion")]
    private static partial Regex Comments();
}

/// <summary>
/// The kinds of the label tokens an extractor has read, shared by every page it reads, on any thread: sites share their
/// frameworks' class names ("container", "row", "wp-block-group"), and of the tokens each of the 990 trafilatura-eval
/// pages reads (272,000 in all) 44% were read on an earlier page. Bounded, so that a stream of made-up class names
/// cannot grow it without end; past the bound a token is read again each time, as without it.
/// </summary>
/// <param name="maxTokens">Tokens kept at most: 200,000 by default, about 15 MB.</param>
internal sealed class LabelVocabulary(int maxTokens = 200_000)
{
    private readonly ConcurrentDictionary<string, LabelKinds> _kinds = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Tokens kept.</summary>
    public int Count => Volatile.Read(ref _count);

    public LabelKinds KindsOf(string token)
    {
        if (_kinds.TryGetValue(token, out var kinds))
            return kinds;
        kinds = ElementLabels.KindsOf(token);
        // A slot is taken before the token is added and given back if the vocabulary is full or another thread added the
        // token first, so that however many threads read at once the bound holds.
        if (Count >= maxTokens)
            return kinds;
        if (Interlocked.Increment(ref _count) > maxTokens || !_kinds.TryAdd(token, kinds))
            Interlocked.Decrement(ref _count);
        return kinds;
    }
}

/// <summary>The kinds an element's labels name, each true when any one of its tokens names it.</summary>
[Flags]
internal enum LabelKinds
{
    None = 0,
    Boilerplate = 1,
    Teaser = 1 << 1,
    /// <summary>A word that marks a teaser as the article's own standfirst ("artikel", "intro", "teaser-text").</summary>
    StandfirstWord = 1 << 2,
    Content = 1 << 3,
    ArticleBody = 1 << 4,
    Related = 1 << 5,
    StandfirstBox = 1 << 6,
    Sidebar = 1 << 7,
    Comments = 1 << 8,
    Overlay = 1 << 9,
}

/// <summary>What an element's own labels say about it (see <see cref="ElementLabels"/>), asked as questions.</summary>
internal readonly record struct LabelSet(LabelKinds Kinds)
{
    /// <summary>
    /// A teaser is usually a card pointing to another article, but sites also call an article's own standfirst its
    /// teaser ("mosi-artikel-teaser", "teaser-text description"); the second kind says so in another token.
    /// </summary>
    public bool IsBoilerplate => Has(LabelKinds.Boilerplate) || (Has(LabelKinds.Teaser) && !Has(LabelKinds.StandfirstWord));

    public bool IsContent => Has(LabelKinds.Content);

    /// <summary>Links to other articles ("related_post", "more-stories"): a content word in the same label does not
    /// make them the article.</summary>
    public bool IsRelated => Has(LabelKinds.Related);

    /// <summary>An article's standfirst: "lead", "intro", "summary", "article-teaser", "entry-excerpt".</summary>
    public bool IsStandfirst => Has(LabelKinds.StandfirstBox);

    public bool IsSidebar => Has(LabelKinds.Sidebar);

    public bool IsArticleBody => Has(LabelKinds.ArticleBody);

    public bool IsComments => Has(LabelKinds.Comments);

    /// <summary>Dialogs and overlays (cookie consent, newsletter pop-ups, a shop's privacy policy in a modal): never
    /// the page's content, however much text they hold.</summary>
    public bool IsOverlay => Has(LabelKinds.Overlay);

    private bool Has(LabelKinds kind) => (Kinds & kind) != 0;
}
