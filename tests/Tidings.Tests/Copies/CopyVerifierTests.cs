using Tidings.Copies;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Ingest;

namespace Tidings.Tests.Copies;

public sealed class CopyVerifierTests
{
    internal static Fingerprint Print(string id, string text, string? published = null) => FingerprintBuilder.Build(new Article
    {
        Id = id,
        Origin = new SourceLocation(id),
        Paragraphs = text.Split("\n", StringSplitOptions.RemoveEmptyEntries),
        Boilerplate = [],
        Published = PublicationDate.TryParseIso(published, out var d) ? d : null,
    });

    internal const string Original = """
        The city council of Marlow voted on Tuesday to close the old Tanner Bridge to cars from next spring.
        Engineers found cracks in two of the bridge's five stone arches during an inspection in January.
        The repairs are expected to cost about 14 million euros and take two years, the council said.
        Buses will be diverted over the Mill Street crossing while the work is carried out.
        Shop owners on Bridge Road said they feared losing customers during the closure.
        The mayor, Helga Brandt, promised a support fund for businesses affected by the works.
        """;

    internal const string Spun = """
        On Tuesday Marlow's city council decided by vote to shut the historic Tanner Bridge for cars starting next spring.
        During an inspection in January, engineers discovered cracks in two of the five stone arches of the bridge.
        According to the council, the repair works should cost around 14 million euros and last two years.
        While the works are carried out, buses will be rerouted across the Mill Street crossing.
        Owners of shops along Bridge Road said they fear they will lose customers while the bridge is closed.
        """;

    internal const string Independent = """
        Drivers in Marlow will lose one of their two river crossings next year.
        Tanner Bridge, built in 1822, is to be shut to motor traffic after councillors backed the plan by 31 votes to 12.
        Council documents show the arches have been monitored since a lorry struck the parapet in 2019.
        Local historian Peter Quint called the bridge the town's finest monument and urged careful restoration.
        A cycling group welcomed the decision and asked for a temporary bike lane on Mill Street.
        """;

    internal static CopyVerdict? Verify(string a, string b) => CopyDetector.Verify(WordSequence.Read(a), WordSequence.Read(b));

    [Fact]
    public void A_spun_copy_is_a_rewrite_with_aligned_evidence()
    {
        var verdict = Verify(Original, Spun);
        Assert.Equal(CopyKind.Rewrite, verdict?.Kind);
        Assert.True(verdict!.Value.Evidence.Count >= 4);
        Assert.Equal(verdict.Value.Evidence.OrderBy(e => e.InA).Select(e => e.InB), verdict.Value.Evidence.Select(e => e.InB).Order());
    }

    [Fact]
    public void Independent_reports_of_one_event_are_not_copies() =>
        Assert.Null(Verify(Original, Independent));

    [Fact]
    public void The_same_body_is_a_duplicate() =>
        Assert.Equal(CopyKind.Duplicate, Verify(Original, Original)?.Kind);

    [Fact]
    public void A_copy_with_a_paragraph_dropped_is_a_near_duplicate()
    {
        string truncated = string.Join('\n', Original.Split('\n')[..5]);
        Assert.Equal(CopyKind.NearDuplicate, Verify(Original, truncated)?.Kind);
    }

    [Fact]
    public void A_block_lifted_into_another_article_is_a_partial_copy()
    {
        string host = Independent + "\n" + string.Join('\n', Original.Split('\n')[..4]) + "\n" + Independent.Replace("Marlow", "Marlow town", StringComparison.Ordinal);
        Assert.Equal(CopyKind.PartialCopy, Verify(Original, host)?.Kind);
    }

    private const string Statement = """
        "We are deeply saddened by the loss of our colleagues at the Marlow depot and we share the grief of their families.
        We are working closely with the investigators and will publish their findings as soon as we receive them," the company said.
        """;

    [Fact]
    public void Reports_sharing_a_quoted_statement_and_one_sentence_are_not_copies()
    {
        // Two newsrooms print the same press statement word for word, and one plain sentence of the same wire detail.
        const string shared = "The depot on Quay Road will stay closed until the end of the month while the inquiry continues.";
        string first = Original + "\n" + Statement + "\n" + shared;
        string second = Independent + "\n" + Statement + "\n" + shared;
        Assert.Null(Verify(first, second));
    }

    [Fact]
    public void Shared_photo_credits_are_no_block()
    {
        // Two reports open with the same agency photo: its caption around two credit lines.
        const string furniture = "This May 2 photo made available by the port shows the quay gates closed for the repairs in Marlow.\n"
            + "(Marlow Port via AP)\n(Associated Press Photo)\n"
            + "Engineers inspect the old stone arches of the Tanner Bridge from a council boat on the river.";
        Assert.Null(Verify(furniture + "\n" + Original, furniture + "\n" + Independent));
    }

    [Fact]
    public void A_quotation_counts_towards_a_lifted_block_at_half_weight()
    {
        string lifted = string.Join('\n', Original.Split('\n')[..2]) + "\n" + Statement + "\n" + Original.Split('\n')[2];
        string host = Independent + "\n" + lifted + "\n" + Independent.Replace("Marlow", "Marlow town", StringComparison.Ordinal);
        Assert.Equal(CopyKind.PartialCopy, Verify(Original + "\n" + Statement, host)?.Kind);
    }

    [Fact]
    public void The_earlier_article_is_the_original_and_copies_of_copies_resolve_to_it()
    {
        var graph = CopyGraph.Of([
            Print("late-copy", Original, "2024-03-05").Article,
            Print("first", Original, "2024-03-01").Article,
            Print("spin", Spun, "2024-03-06").Article,
        ]);
        Assert.All(graph.Relations.Where(r => r.Kind == CopyKind.Duplicate), r => Assert.Equal("first", r.Original));
        Assert.Equal("first", graph.CopyOf("late-copy"));
        Assert.Equal("first", graph.CopyOf("spin"));
        Assert.Null(graph.CopyOf("first"));
    }

    private const string BondIssue = """
        Harbin Steel is issuing a 20 billion yen bond due April 6, 1992 paying 4-5/8 pct and priced at 101-5/8 pct, lead manager Ostend Securities said.
        The bonds will be listed in London and sold in denominations of one mln yen each, the lead manager added.
        Fees comprise 1-1/4 pct for selling and 5/8 pct for management and underwriting combined.
        The payment date is April 6 and the first coupon of the new bonds falls due in 1988.
        The borrower will use the proceeds of the issue to refinance older debt at lower rates.
        """;

    /// <summary>The same wire template, told of another borrower's issue: every figure differs.</summary>
    private const string OtherBondIssue = """
        Valdor Mining is issuing a 35 billion yen bond due March 12, 1994 paying 5-1/8 pct and priced at 102-1/4 pct, lead manager Kestrel Capital said.
        The bonds will be listed in Luxembourg and sold in denominations of ten mln yen each, the lead manager added.
        Fees comprise 1-3/8 pct for selling and 3/4 pct for management and underwriting combined.
        The payment date is March 12 and the first coupon of the new bonds falls due in 1989.
        The borrower will use the proceeds of the issue to refinance older debt at lower rates.
        """;

    [Fact]
    public void One_template_filled_in_with_other_figures_is_no_copy()
    {
        Assert.Null(Verify(BondIssue, OtherBondIssue));
        Assert.Null(Verify(OtherBondIssue, BondIssue));
    }

    [Fact]
    public void A_copy_that_changes_one_figure_of_many_is_still_a_copy()
    {
        var verdict = Verify(BondIssue, BondIssue.Replace("due in 1988", "due in 1989", StringComparison.Ordinal).Replace("older debt", "its older debt", StringComparison.Ordinal));
        Assert.Equal(CopyKind.NearDuplicate, verdict?.Kind);
        Assert.False(verdict!.Value.Measures.IsFilledTemplate);
    }

    [Fact]
    public void Texts_with_few_figures_are_not_judged_by_them() =>
        Assert.False(new AlignmentMeasures(1, 1, 1, 1, 0, 0, 0, Figures: CopyVerifier.TemplateMinimumFigures - 1, FiguresKept: 0).IsFilledTemplate);
}
