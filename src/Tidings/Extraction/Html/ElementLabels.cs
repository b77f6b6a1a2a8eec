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
    /// A teaser is usually a card pointing to another article, but sites also call an article's own standfirst its
    /// teaser ("mosi-artikel-teaser", "teaser-text description"); the second kind says so in another token.
    /// </summary>
    public static bool IsBoilerplate(string hints) =>
        AnyToken(hints, Boilerplate()) || (AnyToken(hints, Teaser()) && !AnyToken(hints, Standfirst()));

    public static bool IsContent(string hints) => AnyToken(hints, Content());

    /// <summary>Links to other articles ("related_post", "more-stories"): a content word in the same label does not
    /// make them the article.</summary>
    public static bool IsRelated(string hints) => AnyToken(hints, Related());

    /// <summary>An article's standfirst: "lead", "intro", "summary", "article-teaser", "entry-excerpt".</summary>
    public static bool IsStandfirst(string hints) => AnyToken(hints, StandfirstBox());

    public static bool IsSidebar(string hints) => AnyToken(hints, Sidebar());

    public static bool IsArticleBody(string hints) => AnyToken(hints, ArticleBody());

    public static bool IsComments(string hints) => AnyToken(hints, Comments());

    /// <summary>Dialogs and overlays (cookie consent, newsletter pop-ups, a shop's privacy policy in a modal): never
    /// the page's content, however much text they hold.</summary>
    public static bool IsOverlay(string hints) => AnyToken(hints, Overlay());

    private static bool AnyToken(string hints, Regex pattern)
    {
        if (hints.Length == 0)
            return false;
        foreach (var token in hints.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!DescribesPage().IsMatch(token) && pattern.IsMatch(token))
                return true;
        }
        return false;
    }

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
