namespace Tidings.Extraction.Html;

/// <summary>The element that holds a page's largest run of repeated items, and how much text those items hold.</summary>
internal sealed record Listing(PageNode Container, int Items, int Chars);

/// <summary>
/// Finds repeated structure: an element whose children include many siblings of one kind (same tag and first
/// label), most of them with a link and some text of their own. Search results, product grids, event lists and
/// forum threads look like this; an article does not, so the caller only prefers a listing that far outweighs
/// the page's prose.
/// </summary>
internal static class ListingDetector
{
    private const int MinimumItems = 4;

    public static Listing? Find(PageTree tree)
    {
        Listing? best = null;
        foreach (var node in tree.Nodes)
        {
            if (node.Children.Count < MinimumItems || node.IsInBoilerplate())
                continue;
            foreach (var group in node.Children.Where(c => c.TextChars >= 10 && !c.IsBoilerplate).GroupBy(Kind))
            {
                var items = group.ToList();
                if (items.Count < MinimumItems || items.Count(i => i.LinkChars > 0) * 2 < items.Count)
                    continue;
                int chars = items.Sum(i => i.TextChars);
                if (best is null || chars > best.Chars)
                    best = new Listing(node, items.Count, chars);
            }
        }
        return best;
    }

    private static string Kind(PageNode node)
    {
        int space = node.Hints.IndexOf(' ', StringComparison.Ordinal);
        return node.Tag + "." + (space < 0 ? node.Hints : node.Hints[..space]);
    }
}
