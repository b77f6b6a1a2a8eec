using Tidings.Copies;
using Tidings.Extraction;

namespace Tidings.Synthesis;

/// <summary>
/// The independent witnesses among a story's articles. An article and its copies count once, because a copy is not a
/// second witness; so do an outlet's own articles, because a newsroom's second report of a story repeats what its
/// first one learned (two Daily Mail pieces are one source, not two).
/// </summary>
internal sealed class Newsrooms
{
    private readonly Dictionary<string, string> _originOf;

    private Newsrooms(Dictionary<string, string> originOf) => _originOf = originOf;

    /// <summary>The newsroom an article counts as: the copy origin of the first article, in story order, of its outlet and copy group.</summary>
    public string OriginOf(string articleId) => _originOf.GetValueOrDefault(articleId, articleId);

    /// <param name="articles">The story's articles, in story order.</param>
    /// <param name="copies">Who copied whom.</param>
    public static Newsrooms Of(IReadOnlyList<Article> articles, CopyGraph copies)
    {
        // Articles, copy origins and outlets are the nodes; an article joins its copy origin and its outlet.
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent.TryGetValue(x, out var p) && p != x)
                x = parent[x] = parent.GetValueOrDefault(p, p);
            return x;
        }
        void Union(string a, string b)
        {
            string ra = Find(a), rb = Find(b);
            if (ra != rb)
                parent[rb] = ra;
        }
        foreach (var article in articles)
        {
            Union(article.Id, "copy:" + copies.OriginOf(article.Id));
            if (Article.OutletOf(article.Source) is { } outlet)
                Union(article.Id, "outlet:" + outlet);
        }
        var label = new Dictionary<string, string>(StringComparer.Ordinal);
        var originOf = new Dictionary<string, string>(articles.Count, StringComparer.Ordinal);
        foreach (var article in articles)
        {
            string root = Find(article.Id);
            if (!label.TryGetValue(root, out var name))
                label[root] = name = copies.OriginOf(article.Id);
            originOf[article.Id] = name;
        }
        return new Newsrooms(originOf);
    }
}
