using System.Text;

namespace Tidings.Extraction.Html;

/// <summary>What limiting did to a page: the bytes the parser gets, and what the parser will build from them.</summary>
internal sealed record LimitedMarkup(
    byte[] Bytes,
    int DroppedTags,
    int PeakDepth,
    int Elements,
    int Amplified,
    int Adoptions,
    long MovedNodes,
    bool Stripped);

/// <summary>
/// What the parser may still build for one page, shared by the page and the markup fragments read from it
/// (<c>&lt;noscript&gt;</c> bodies, script templates), so that a page cannot escape the bounds by splitting its
/// markup into many small fragments.
/// </summary>
internal sealed class MarkupBudget
{
    public int Elements { get; private set; }
    public int Amplified { get; private set; }
    public int Adoptions { get; private set; }
    public long MovedNodes { get; private set; }

    public bool Exceeded(int elements, int amplified, int adoptions, long movedNodes) =>
        Elements + elements > NestingLimiter.MaxElements || Amplified + amplified > NestingLimiter.MaxAmplified
        || Adoptions + adoptions > NestingLimiter.MaxAdoptions || MovedNodes + movedNodes > NestingLimiter.MaxMovedNodes;

    public void Spend(int elements, int amplified, int adoptions, long movedNodes)
    {
        Elements += elements;
        Amplified += amplified;
        Adoptions += adoptions;
        MovedNodes += movedNodes;
    }
}

/// <summary>
/// Bounds the work the HTML parser does on a page, whatever its markup, before the parser sees it. HTML tree building
/// is superlinear on hostile markup: every tag searches the stack of open elements (100,000 nested
/// <c>&lt;div&gt;</c>s cost AngleSharp over 20 seconds, and <c>&lt;div&gt;&lt;/span&gt;</c> repeated nests just as
/// deep, because an end tag that matches no open element is ignored), formatting elements left open are reopened by
/// every later paragraph, and each misnested end tag of one runs the adoption agency algorithm. So the page is read
/// once, tag by tag, through <see cref="TreeBuilderModel"/>, which does what the parser would do with each tag; tags
/// the parser would ignore, tags that would nest deeper than <see cref="MaxDepth"/> and formatting tags beyond
/// <see cref="MaxActiveFormatting"/> are dropped with their text kept, and once the page would cost more elements
/// or adoptions than any real page does, the remaining tags are dropped and only the text is kept. The pass is
/// linear in the bytes; real pages come through byte for byte.
/// </summary>
internal static class NestingLimiter
{
    /// <summary>
    /// Deepest nesting passed to the parser. Real pages keep fewer than 60 elements open at once (the deepest DOM of
    /// the evaluation sets, 188, comes from adoption's clones). AngleSharp itself stops nesting at about 510 elements
    /// below the body (it then attaches elements as siblings, and paragraphs there can vanish), so the cap stays
    /// below that with room for reopened formatting and implied table parts.
    /// </summary>
    public const int MaxDepth = 400;

    /// <summary>
    /// Longest list of active formatting elements. Each implicitly closed one is reopened by the next text, so a
    /// hostile page can make every paragraph reopen them all; identical ones are capped at three by the parser,
    /// and real pages leave a handful open.
    /// </summary>
    public const int MaxActiveFormatting = 32;

    /// <summary>
    /// Elements a page may make the parser build before its remaining tags are dropped (their text is kept). No page
    /// of the evaluation sets (3,477 pages up to 5 MB) builds more than 15,800; parsing and reading 100,000 took about
    /// two seconds, so a page of nothing but tags is stopped at three times the largest real one.
    /// </summary>
    public const int MaxElements = 50_000;

    /// <summary>
    /// Elements built without a tag of their own (formatting reopened in each paragraph, adoption's clones, implied
    /// table parts). Real pages build at most 200; this is where a page of 1 MB becomes a DOM of millions.
    /// </summary>
    public const int MaxAmplified = 20_000;

    /// <summary>
    /// Runs of the adoption agency (misnested formatting end tags), each of which walks and rewires the open
    /// elements. Real pages need at most 100.
    /// </summary>
    public const int MaxAdoptions = 2_000;

    /// <summary>
    /// Nodes the adoption agency may move in all. Each run moves every child of the block it works under, so runs
    /// repeated under one growing block cost quadratic time (half a megabyte of them took 18 s); real pages move at
    /// most 130.
    /// </summary>
    public const long MaxMovedNodes = 200_000;

    /// <summary>The bytes unchanged when they are harmless; otherwise a copy without the tags that would cost too much.</summary>
    /// <param name="html">The page's bytes.</param>
    /// <param name="scripting">As the parser is configured: whether <c>&lt;noscript&gt;</c> holds raw text.</param>
    public static byte[] Limit(byte[] html, bool scripting = true) => Measure(html, new MarkupBudget(), scripting).Bytes;

    /// <summary>Limits a page against the budget it shares with its fragments.</summary>
    public static byte[] Limit(byte[] html, MarkupBudget budget, bool scripting = true) => Measure(html, budget, scripting).Bytes;

    /// <summary>Limits markup held as text (a template or <c>&lt;noscript&gt;</c> body parsed as a fragment).</summary>
    public static string Limit(string html, MarkupBudget budget, bool scripting)
    {
        if (!html.Contains('<'))
            return html;
        var bytes = Encoding.UTF8.GetBytes(html);
        var limited = Limit(bytes, budget, scripting);
        return ReferenceEquals(limited, bytes) ? html : Encoding.UTF8.GetString(limited);
    }

    /// <summary>Limits and reports what the parser will build, for tests and measurements.</summary>
    public static LimitedMarkup Measure(byte[] html, MarkupBudget budget, bool scripting = true)
    {
        if (html.AsSpan().IndexOf((byte)'<') < 0)
            return new LimitedMarkup(html, 0, 0, 0, 0, 0, 0, false);
        var result = new LimiterPass(html, budget, scripting).Run();
        budget.Spend(result.Elements, result.Amplified, result.Adoptions, result.MovedNodes);
        return result;
    }

    /// <summary>One pass over one page: the scanner, the model and the bytes written so far.</summary>
    private sealed class LimiterPass
    {
        private readonly byte[] _html;
        private readonly bool _scripting;
        private readonly MarkupBudget _budget;
        private readonly MarkupScanner _scanner;
        private readonly TreeBuilderModel _model;
        private MemoryStream? _output;
        private int _copiedUpTo, _dropped;
        private bool _stripping, _seenContent;

        public LimiterPass(byte[] html, MarkupBudget budget, bool scripting)
        {
            _html = html;
            _budget = budget;
            _scripting = scripting;
            _scanner = new MarkupScanner(html);
            _model = new TreeBuilderModel(html, _scanner, scripting, MaxDepth, MaxActiveFormatting);
        }

        public LimitedMarkup Run()
        {
            _stripping = OverBudget();
            while (_scanner.Next(_model.InForeignContent, out var token))
            {
                if (!Step(token))
                    break;
                if (!_stripping && OverBudget())
                    _stripping = true;
            }
            byte[] bytes = _html;
            if (_output is not null)
            {
                _output.Write(_html, _copiedUpTo, _html.Length - _copiedUpTo);
                bytes = _output.ToArray();
            }
            return new LimitedMarkup(bytes, _dropped, _model.PeakDepth, _model.Elements, _model.Amplified, _model.Adoptions, _model.MovedNodes, _stripping);
        }

        private bool OverBudget() => _budget.Exceeded(_model.Elements, _model.Amplified, _model.Adoptions, _model.MovedNodes);

        /// <summary>Handles one token; false when the rest of the page is text or comment and nothing more can nest.</summary>
        private bool Step(in MarkupToken token)
        {
            switch (token.Kind)
            {
                case MarkupKind.Text:
                    bool whitespace = IsWhitespace(token);
                    if (!whitespace)
                        NoDoctype();
                    if (!_stripping)
                        _model.Text(whitespace);
                    return true;
                case MarkupKind.Comment:
                    if (!_seenContent && StartsWithIgnoreCase(token, "<!doctype"u8))
                    {
                        _model.NoQuirks = DeclaresNoQuirks(token);
                        _seenContent = true;
                    }
                    if (_stripping)
                        Drop(token.Start, token.End);
                    return true;
                case MarkupKind.StartTag:
                    NoDoctype();
                    return _stripping ? StripStart(token) : Start(token);
                case MarkupKind.EndTag:
                    if (_stripping || !_model.End(token))
                        Drop(token.Start, token.End);
                    return true;
                default:
                    if (_stripping)
                        Drop(token.Start, token.End);
                    return false;
            }
        }

        private bool Start(in MarkupToken token)
        {
            switch (_model.Start(token))
            {
                case StartVerdict.Drop:
                    Drop(token.Start, token.End);
                    return true;
                case StartVerdict.RawText:
                    return _scanner.SkipRawText(token.Name);
                case StartVerdict.RestIsText:
                    return false;
                case StartVerdict.KeepClosed:
                    Insert(token.End, "</" + token.Name + ">");
                    return true;
                default:
                    return true;
            }
        }

        /// <summary>Past the budget every tag goes; an element whose content is raw text goes with its content.</summary>
        private bool StripStart(in MarkupToken token)
        {
            string name = token.Name;
            if (name == "plaintext")
            {
                Drop(token.Start, token.End);
                return false;
            }
            if (HtmlElementKinds.RawText.Contains(name) || (name == "noscript" && _scripting))
            {
                _scanner.SkipRawText(name);
                Drop(token.Start, _scanner.Position);
                return true;
            }
            Drop(token.Start, token.End);
            return true;
        }

        /// <summary>A doctype counts only before the first tag or text; without one the model stays unsure about quirks.</summary>
        private void NoDoctype() => _seenContent = true;

        /// <summary><c>&lt;!DOCTYPE html&gt;</c> alone means no quirks; legacy doctypes may mean either.</summary>
        private bool DeclaresNoQuirks(in MarkupToken token)
        {
            var text = _html.AsSpan(token.Start + 9, token.End - token.Start - 10).Trim(" \t\n\r\f"u8);
            return Ascii.EqualsIgnoreCase(text, "html"u8);
        }

        private bool StartsWithIgnoreCase(in MarkupToken token, ReadOnlySpan<byte> prefix) =>
            token.End - token.Start >= prefix.Length && Ascii.EqualsIgnoreCase(_html.AsSpan(token.Start, prefix.Length), prefix);

        private bool IsWhitespace(in MarkupToken token) =>
            _html.AsSpan(token.Start, token.End - token.Start).IndexOfAnyExcept(" \t\n\r\f"u8) < 0;

        private void Insert(int at, string markup)
        {
            _output ??= new MemoryStream(_html.Length);
            _output.Write(_html, _copiedUpTo, at - _copiedUpTo);
            _output.Write(Encoding.Latin1.GetBytes(markup));
            _copiedUpTo = at;
        }

        private void Drop(int start, int end)
        {
            _output ??= new MemoryStream(_html.Length);
            _output.Write(_html, _copiedUpTo, start - _copiedUpTo);
            _copiedUpTo = end;
            _dropped++;
        }
    }
}
