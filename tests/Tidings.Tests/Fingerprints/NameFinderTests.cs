using Tidings.Fingerprints;

namespace Tidings.Tests.Fingerprints;

public sealed class NameFinderTests
{
    [Fact]
    public void Short_forms_and_titles_merge_into_the_full_name()
    {
        var entities = NameFinder.Find([
            "Foreign Minister Arvo Tamm arrived in Lisbon on Monday.",
            "Mr Tamm met Prime Minister Clara Souza.",
            "Tamm said the talks were useful, and Souza agreed.",
        ]);
        var tamm = Assert.Single(entities, e => e.Name == "Arvo Tamm");
        Assert.Equal(3, tamm.Mentions);
        Assert.Contains(entities, e => e.Name == "Clara Souza" && e.Mentions == 2);
        Assert.DoesNotContain(entities, e => e.Name is "Tamm" or "Mr Tamm" or "Souza");
        Assert.Contains(entities, e => e.Name == "Lisbon");
    }

    [Fact]
    public void A_company_named_without_its_legal_form_is_that_company()
    {
        var entities = NameFinder.Find([
            "Harrowgate Mining Co said it will issue ten-year notes.",
            "Harrowgate Mining said the notes would refinance bank debt, and Baltic Freight Ltd agreed.",
        ]);
        var company = Assert.Single(entities, e => e.Name == "Harrowgate Mining Co");
        Assert.Equal(2, company.Mentions);
        Assert.Contains("Harrowgate Mining", company.Aliases);
        Assert.DoesNotContain(entities, e => e.Name == "Harrowgate Mining");
        Assert.True(NameFinder.IsCompanyForm("PLC"));
        Assert.False(NameFinder.IsCompanyForm("Mining"));
    }

    [Fact]
    public void A_title_case_headline_gives_the_names_among_its_words()
    {
        var names = NameFinder.Find([
            "Lena Marlow Checks Out Of Rehab And Into Harbor Pines Clinic",
            "The actress checks out of rehab today and into a clinic in Malibu.",
        ]).Select(e => e.Name).ToList();
        Assert.Contains("Lena Marlow", names);
        Assert.Contains("Harbor Pines", names);
        Assert.DoesNotContain(names, n => n.Contains("Checks", StringComparison.Ordinal) || n.Contains("Rehab", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_written_after_a_title_of_office_is_an_officials()
    {
        var entities = NameFinder.Find([
            "Julian Sims was shot on Coursin Street, said Sgt. Dan Donakowski of the Harwick police.",
            "Police spokesman Anthony Guglielmi said Officer Simon Drobik found Sims.",
            "Donakowski said the Harwick Police Department was looking for Rosa Keel.",
        ]);
        Assert.True(Assert.Single(entities, e => e.Name == "Dan Donakowski").Official);
        Assert.True(Assert.Single(entities, e => e.Name == "Anthony Guglielmi").Official);
        Assert.True(Assert.Single(entities, e => e.Name == "Simon Drobik").Official);
        Assert.False(Assert.Single(entities, e => e.Name == "Julian Sims").Official);
        Assert.False(Assert.Single(entities, e => e.Name == "Rosa Keel").Official);
    }

    [Fact]
    public void Possessives_and_capital_hyphens_part_names_and_qualified_bodies_stay_whole()
    {
        var names = NameFinder.Find([
            "Arvo Tamm’s Lisbon trip follows Estonia-Portugal talks.",
            "The Estonian Foreign Ministry said Is Tamm ready was not a question.",
            "Oslo-based analysts agreed.",
        ]).Select(e => e.Name).ToList();
        Assert.Contains("Arvo Tamm", names);
        Assert.Contains("Lisbon", names);
        Assert.Contains("Estonia", names);
        Assert.Contains("Portugal", names);
        Assert.Contains("Estonian Foreign Ministry", names);
        Assert.Contains("Oslo", names);
        Assert.DoesNotContain(names, n => n.Contains("’s", StringComparison.Ordinal) || n.StartsWith("Is ", StringComparison.Ordinal) || n.EndsWith("-based", StringComparison.Ordinal));
    }

    [Fact]
    public void Bodies_keep_the_qualifiers_that_tell_them_apart()
    {
        var names = NameFinder.Find([
            "The Chinese Ministry of Foreign Affairs said the talks would go on.",
            "A spokesman for the Russian Ministry of Foreign Affairs welcomed them.",
        ]).Select(e => e.Name).ToList();
        Assert.Contains("Chinese Ministry of Foreign Affairs", names);
        Assert.Contains("Russian Ministry of Foreign Affairs", names);
        Assert.DoesNotContain("Ministry of Foreign Affairs", names);
    }

    [Fact]
    public void No_name_runs_across_a_line_break_or_over_a_second_the()
    {
        var names = NameFinder.Find(["The report was shared by Reuters\nThe Guardian also ran it.", "Sources: BBC The Times"]).Select(e => e.Name).ToList();
        Assert.Contains("Reuters", names);
        Assert.Contains("Guardian", names);
        Assert.Contains("BBC", names);
        Assert.Contains("Times", names);
        Assert.DoesNotContain(names, n => n.Contains(' ', StringComparison.Ordinal) && (n.Contains("Reuters", StringComparison.Ordinal) || n.Contains("BBC", StringComparison.Ordinal)));
    }
}
