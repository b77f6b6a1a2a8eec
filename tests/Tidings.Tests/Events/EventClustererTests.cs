using CsCheck;
using Tidings.Copies;
using Tidings.Events;
using Tidings.Extraction;
using Tidings.Fingerprints;
using Tidings.Ingest;
using Tidings.Synthesis;
using Tidings.Tests.Copies;

namespace Tidings.Tests.Events;

public sealed class EventClustererTests
{
    private const string Floods = """
        Floodwater cut off five villages in the Marrow Valley after record rainfall, the emergency service said.
        Rescue crews used boats to reach residents of Hollin and Greystead as the river Marrow rose four metres.
        Governor Tomas Brenn asked the army to help reinforce dykes below Greystead.
        """;

    private const string BridgeFollowUp = """
        Marlow council has voted to close Tanner Bridge to cars from next spring after engineers found cracks in its stone arches.
        The council said repairs to the bridge would cost 14 million euros; buses will use the Mill Street crossing instead.
        Mayor Helga Brandt said businesses on Bridge Road would get help during the closure.
        """;

    private const string BridgeTwoYearsLater = """
        Marlow council voted on Monday to close Tanner Bridge to cars again, after engineers found new cracks in its stone arches.
        Mayor Helga Brandt said buses would once more use the Mill Street crossing while the council repairs the bridge.
        Shop owners on Bridge Road asked for the business support fund to be reopened.
        """;

    /// <summary>The one story that holds <paramref name="article"/>.</summary>
    private static Story StoryWith(IReadOnlyList<Story> stories, string article) => stories.Single(s => s.Articles.Any(a => a.Id == article));

    /// <summary>The ids of the articles of the one story that holds <paramref name="article"/>.</summary>
    private static IEnumerable<string> ArticlesOfStoryWith(IReadOnlyList<Story> stories, string article) =>
        StoryWith(stories, article).Articles.Select(a => a.Id);

    private static IReadOnlyList<Story> Cluster(params Tidings.Fingerprints.Fingerprint[] prints) => Cluster(EventClustererOptions.Default, prints);

    private static IReadOnlyList<Story> Cluster(EventClustererOptions options, params Tidings.Fingerprints.Fingerprint[] prints)
    {
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        var clusterer = new EventClusterer(options);
        foreach (var p in prints)
            clusterer.Add(p, copies);
        clusterer.EndBatch();
        return StoryBuilder.Build(clusterer.Events, prints.ToDictionary(p => p.Id, p => p.Article), copies);
    }

    private const string FirstShooting = """
        A man was shot and wounded outside a bar on Calder Street in Harwick late on Friday, Harwick police said.
        Police said the victim, Dorian Vale, was taken to Harwick General Hospital with wounds to his legs.
        Officers are looking for a gunman who fled in a grey car, police said, and asked witnesses to call them.
        """;

    private const string FirstShootingAgain = """
        Police in Harwick are looking for a gunman after a man was shot outside a bar on Calder Street on Friday night.
        The wounded man, Dorian Vale, is in Harwick General Hospital, police said; the gunman fled in a grey car.
        Witnesses were asked to call police.
        """;

    private const string NextShooting = """
        A man was shot and wounded outside a shop on Penrose Avenue in Harwick late on Saturday, Harwick police said.
        Police said the victim, Marcus Hale, was taken to St Anne's Hospital with wounds to his arm.
        Officers are looking for a gunman who fled on foot, police said, and asked witnesses to call them.
        """;

    private const string FirstShootingArrest = """
        Harwick police have arrested a man over the shooting of Dorian Vale outside a bar on Calder Street two weeks ago.
        Police said the suspect was found with a grey car matching witnesses' description.
        """;

    [Fact]
    public void Two_shootings_in_one_city_are_two_events_and_an_arrest_naming_the_victim_joins_the_first()
    {
        // The same words and city; only the victims, the streets, the hospitals and the days tell the shootings apart.
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-02"),
            CopyVerifierTests.Print("first-again", FirstShootingAgain, "2024-03-02"),
            CopyVerifierTests.Print("next", NextShooting, "2024-03-09"),
            CopyVerifierTests.Print("arrest", FirstShootingArrest, "2024-03-16"));
        Assert.Equal(2, stories.Count);
        Assert.Equal(["first", "first-again", "arrest"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next"], ArticlesOfStoryWith(stories, "next"));
    }

    private const string CompanyNote = """
        Harrowgate Mining Co said on Monday it will issue 150 mln dlrs of ten-year notes to refinance its bank debt.
        Harrowgate Mining Co said the notes would be sold through a group of underwriters led by its usual bank.
        The company said its shareholders had approved the borrowing at a meeting last month.
        """;

    private const string CompanyFind = """
        Harrowgate Mining Co said on Thursday its drillers had found a copper deposit near its mine in the north.
        Harrowgate Mining Co said the deposit could hold more ore than the mine it runs there now.
        The company said it would decide next year whether to develop the find.
        """;

    [Fact]
    public void One_company_s_two_happenings_days_apart_are_two_events()
    {
        // Each names the company twice and nothing else: days apart, a company shared is no sign of one happening.
        var stories = Cluster(
            CopyVerifierTests.Print("note", CompanyNote, "2024-03-04"),
            CopyVerifierTests.Print("find", CompanyFind, "2024-03-07"));
        Assert.Equal(2, stories.Count);
    }

    private const string FirstShootingNamingTheWitness = """
        A man was shot and wounded outside a bar on Calder St in Harwick late on Friday, police said.
        A neighbour, Jonas Reed, said he heard four shots and saw a grey car drive away.
        Officers are looking for the gunman and asked witnesses to call them.
        """;

    [Fact]
    public void A_street_written_short_is_the_same_street()
    {
        // Each report names two specific things and, written alike, shares none with the other; "Calder St" and "Calder
        // Street" are one street.
        var options = EventClustererOptions.Default with { DistinctNames = 2 };
        var stories = Cluster(options,
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-02"),
            CopyVerifierTests.Print("witness", FirstShootingNamingTheWitness, "2024-03-02"));
        Assert.Single(stories);
    }

    private const string FirstShootingNamingTheVictimInFull = """
        A man was shot and wounded outside a bar in Harwick late on Friday, police said.
        Police named the victim as Dorian James Vale; a neighbour, Jonas Reed, said he heard four shots.
        Officers are looking for the gunman and asked witnesses to call them.
        """;

    [Fact]
    public void A_victim_named_with_a_middle_name_is_the_same_victim()
    {
        // Each report names two specific things and, written alike, shares none with the other; "Dorian Vale" and
        // "Dorian James Vale" are one man.
        var options = EventClustererOptions.Default with { DistinctNames = 2 };
        var stories = Cluster(options,
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-02"),
            CopyVerifierTests.Print("in-full", FirstShootingNamingTheVictimInFull, "2024-03-02"));
        Assert.Single(stories);
    }

    private const string ShootingTheChiefSpeaksOf = """
        A man was shot and wounded outside a bar on Calder Street in Harwick, police said.
        Police said the victim, Dorian Vale, was taken to hospital with wounds to his legs.
        Police Chief Ivo Marsh said officers were looking for a gunman who fled in a grey car.
        """;

    private const string AnotherShootingTheChiefSpeaksOf = """
        A man was shot and wounded outside a shop on Penrose Avenue in Harwick, police said.
        Police said the victim, Marcus Hale, was taken to hospital with wounds to his arm.
        Ivo Marsh, the police chief, said officers were looking for a gunman who fled on foot.
        """;

    [Fact]
    public void A_name_that_many_reports_give_written_another_way_does_not_make_two_shootings_one()
    {
        // The chief speaks of every shooting in town. Where a name is specific only while one report gives it, "Marsh",
        // in both reports, is too common to tell one shooting from another: "Ivo Marsh" and "Police Chief Ivo Marsh"
        // say nothing of which.
        var options = EventClustererOptions.Default with { DistinctNames = 2, SpecificNameDocuments = 1 };
        var stories = Cluster(options,
            CopyVerifierTests.Print("first", ShootingTheChiefSpeaksOf, "2024-03-02"),
            CopyVerifierTests.Print("next", AnotherShootingTheChiefSpeaksOf, "2024-03-02"));
        Assert.Equal(2, stories.Count);
    }

    private static string Results(string company, string listing, int cents) => $"""
        {company} <{listing}> said its fourth quarter net rose to {cents} cts a share from {cents - 4} cts a year earlier.
        Shr {cents} cts vs {cents - 4} cts. Net 4.1 mln vs 3.6 mln. Revs 52.3 mln vs 48.9 mln.
        Year shr 1.20 dlrs vs 1.05 dlrs. Net 15.2 mln vs 13.4 mln. Revs 201.7 mln vs 188.2 mln.
        """;

    [Fact]
    public void Two_companies_results_are_two_events_however_alike_their_tables()
    {
        // A financial wire names each company by its listing; the tables share every other word.
        var stories = Cluster(
            CopyVerifierTests.Print("harlow", Results("Harlow Mills Inc", "HMI", 31), "1987-03-02"),
            CopyVerifierTests.Print("kestrel", Results("Kestrel Foods Corp", "KFC", 27), "1987-03-02"),
            CopyVerifierTests.Print("harlow-again", Results("Harlow Mills Inc", "HMI", 31).Replace("said its", "reported that its", StringComparison.Ordinal), "1987-03-03"));
        Assert.Equal(2, stories.Count);
        Assert.Equal(["harlow", "harlow-again"], ArticlesOfStoryWith(stories, "harlow"));
        // Nor one storyline: each company's quarter is its own, told in the words of every other's. Related, at most.
        var (harlow, kestrel) = (StoryWith(stories, "harlow"), StoryWith(stories, "kestrel"));
        Assert.NotEqual(harlow.Storyline, kestrel.Storyline);
        Assert.Contains(harlow.Related, l => l.Story == kestrel.Id && l.Relation == "related");
    }

    /// <summary>One of many reports of the bridge's closure: the same facts, each report's own witness and wording.</summary>
    private static string BridgeClosureReport(int report)
    {
        string[] witnesses = ["Ada Quill", "Bram Otto", "Cora Lind", "Dov Harel", "Elsa Moor", "Finn Abbot", "Gita Rao", "Hugo Sand", "Ines Vidal", "Jon Perk"];
        string[] trades = ["baker", "florist", "cobbler", "grocer", "barber", "tailor", "butcher", "jeweller", "optician", "chemist"];
        return $"""
            Marlow council has voted to close Tanner Bridge to cars from next spring after engineers found cracks in its stone arches.
            Repairs to the bridge will cost 14 million euros, the council said, and buses will use the Mill Street crossing instead.
            {witnesses[report % witnesses.Length]}, a {trades[report / witnesses.Length % trades.Length]} on Bridge Road, said the closure would cost her shop its passing trade.
            """;
    }

    private const string MarlowCarParkClosureAgain = """
        Drivers will have to use the station car park from next spring: Marlow council voted to close the Quay Street car park.
        Engineers found rust in the steel frame of the Quay Street car park, and its repairs will cost 3 million euros.
        A shuttle bus will run from the station to the market, Mayor Helga Brandt said.
        """;

    private const string MarlowCarParkClosure = """
        Marlow council has voted to close the Quay Street car park from next spring after engineers found rust in its steel frame.
        Repairs will cost 3 million euros, the council said; drivers will be sent to the station car park instead.
        Mayor Helga Brandt said the council would run a shuttle bus from the station to the market.
        """;

    [Fact]
    public void An_established_event_is_not_joined_by_another_happening_of_its_topic()
    {
        // Twenty reports of the bridge's closure establish it; the car park's closure shares the council, the vote and the
        // repairs (0.19), enough to join a younger event, not enough to be a twenty-first report of this one: it begins an
        // event of its own in the bridge's storyline.
        var reports = Enumerable.Range(0, 20).Select(i => CopyVerifierTests.Print($"bridge-{i}", BridgeClosureReport(i), "2024-05-06"))
            .Append(CopyVerifierTests.Print("car-park", MarlowCarParkClosure, "2024-05-07"))
            .Append(CopyVerifierTests.Print("bridge-late", BridgeClosureReport(23), "2024-05-07"))
            .ToArray();
        var stories = Cluster(reports);
        Assert.Equal(["car-park"], ArticlesOfStoryWith(stories, "car-park"));
        Assert.Equal(21, ArticlesOfStoryWith(stories, "bridge-late").Count());
        Assert.Equal(StoryWith(stories, "bridge-0").Storyline, StoryWith(stories, "car-park").Storyline);

        // Without the rule, the join threshold alone takes the car park into the bridge's event.
        var unestablished = Cluster(EventClustererOptions.Default with { EstablishedMembers = int.MaxValue }, reports);
        Assert.Contains("car-park", ArticlesOfStoryWith(unestablished, "bridge-0"));

        // Nor does the car park's event, once a second report has made one, merge into the bridge's.
        var withSecondReport = Cluster([.. reports, CopyVerifierTests.Print("car-park-again", MarlowCarParkClosureAgain, "2024-05-07")]);
        Assert.Equal(["car-park", "car-park-again"], ArticlesOfStoryWith(withSecondReport, "car-park"));
        Assert.Equal(StoryWith(withSecondReport, "bridge-0").Storyline, StoryWith(withSecondReport, "car-park").Storyline);
    }

    private const string NextShootingSameHospital = """
        A man was shot and wounded outside a shop on Penrose Avenue in North Harwick late on Thursday, Harwick police said.
        Police said the victim, Marcus Hale, was taken to Harwick General Hospital with wounds to his arm.
        Officers are looking for a gunman who fled on foot, police said, and asked witnesses to call them.
        """;

    private const string ThirdShootingSameArea = """
        A woman was shot and wounded outside a shop on Morrow Lane in North Harwick late on Saturday, Harwick police said.
        Police said the victim, Ada Quill, was taken to Harwick General Hospital with wounds to her arm.
        Officers are looking for a gunman who fled on foot, police said, and asked witnesses to call them.
        """;

    [Fact]
    public void A_hospital_or_a_district_that_shootings_share_does_not_make_them_one()
    {
        // The victims and streets differ; the hospital that treats them and the district they happen in are the same.
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-02"),
            CopyVerifierTests.Print("next", NextShootingSameHospital, "2024-03-07"),
            CopyVerifierTests.Print("third", ThirdShootingSameArea, "2024-03-16"),
            CopyVerifierTests.Print("arrest", FirstShootingArrest, "2024-03-16"));
        Assert.Equal(3, stories.Count);
        Assert.Equal(["first", "arrest"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next"], ArticlesOfStoryWith(stories, "next"));
    }

    private const string ShootingTheBureauInvestigates = """
        A man was shot and wounded outside a bar on Calder Street in Harwick late on Friday, the Harwick Examiner reported.
        The Westland Bureau of Investigation said the victim, Dorian Vale, was taken to hospital with wounds to his legs.
        Agents of the Westland Bureau of Investigation are looking for a gunman who fled in a grey car.
        """;

    private const string NextShootingTheBureauInvestigates = """
        A man was shot and wounded outside a shop on Penrose Avenue in Harwick late on Saturday, the Harwick Examiner reported.
        The Westland Bureau of Investigation said the victim, Marcus Hale, was taken to hospital with wounds to his arm.
        Agents of the Westland Bureau of Investigation are looking for a gunman who fled on foot.
        """;

    private const string ShootingWithTipLine = """
        A man was shot and wounded outside a bar on Calder Street in Harwick late on Friday, police said.
        The victim, Dorian Vale, was taken to hospital with wounds to his legs; the gunman fled in a grey car.
        Anyone with information should call the Harwick Crime Line, police said.
        """;

    private const string NextShootingWithTipLine = """
        A man was shot and wounded outside a shop on Penrose Avenue in Harwick late on Saturday, police said.
        The victim, Marcus Hale, was taken to hospital with wounds to his arm; the gunman fled on foot.
        Anyone with information should call the Harwick Crime Line, police said.
        """;

    [Theory]
    [InlineData(ShootingTheBureauInvestigates, NextShootingTheBureauInvestigates)]
    [InlineData(ShootingWithTipLine, NextShootingWithTipLine)]
    public void A_body_every_report_of_a_place_names_does_not_make_two_shootings_one(string first, string next)
    {
        // A bureau, a sheriff, the local paper or the tip line a report ends by giving is named in every report of a
        // place's shootings: like a district, it tells two apart but does not make them one.
        var stories = Cluster(
            CopyVerifierTests.Print("first", first, "2024-03-02"),
            CopyVerifierTests.Print("next", next, "2024-03-09"));
        Assert.Equal(2, stories.Count);
    }

    private const string FirstRehab = """
        Actress Lena Marlow has checked into the Harbor Pines Clinic in Malibu for treatment, her publicist Dana Crowe said.
        Marlow entered the rehab clinic after a court hearing before Judge Alan Ferris, the publicist said in a statement.
        """;

    private const string SecondRehab = """
        Actor Rafe Dunmore has checked into the Silver Oaks Clinic in Malibu for treatment, his publicist Joel Brandt said.
        Dunmore entered the rehab clinic after a court hearing before Judge Nora Vance, the publicist said in a statement.
        """;

    private const string SecondRehabRecallingTheFirst = """
        Actor Rafe Dunmore has checked into the Silver Oaks Clinic in Malibu for treatment, his publicist Joel Brandt said.
        Dunmore entered the rehab clinic after a court hearing before Judge Nora Vance, the publicist said in a statement.
        He follows Lena Marlow, who entered a clinic in the spring.
        """;

    private const string SecondRehabAgain = """
        Rafe Dunmore is being treated at the Silver Oaks Clinic in Malibu, publicist Joel Brandt told reporters.
        The actor went into rehab after Judge Nora Vance heard his case in court, Brandt said.
        """;

    private const string FirstRehabAgain = """
        Lena Marlow is being treated at the Harbor Pines Clinic in Malibu, publicist Dana Crowe told reporters.
        The actress went into rehab after Judge Alan Ferris heard her case in court, Crowe said.
        """;

    [Fact]
    public void Undated_events_of_one_kind_do_not_merge_over_a_name_one_recalls_in_passing()
    {
        // Without dates, the one name both stays share is the first actress, whom a report of the second recalls in a
        // sentence: it must weigh in both events to make them one. Articles join no event as they arrive here, so
        // that the merge pass alone makes the events.
        var stories = Cluster(EventClustererOptions.Default with { JoinThreshold = 0.99, ClearWinnerThreshold = 0.99 },
            CopyVerifierTests.Print("first", FirstRehab, null),
            CopyVerifierTests.Print("first-again", FirstRehabAgain, null),
            CopyVerifierTests.Print("second", SecondRehabRecallingTheFirst, null),
            CopyVerifierTests.Print("second-again", SecondRehabAgain, null));
        Assert.Equal(["first", "first-again"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["second", "second-again"], ArticlesOfStoryWith(stories, "second"));
    }

    private const string NextShootingRecallingTheFirst = """
        A man was shot and wounded outside a shop on Penrose Avenue in Harwick late on Saturday, Harwick police said.
        Police said the victim, Marcus Hale, was taken to St Anne's Hospital; it was two weeks after Dorian Vale was shot.
        Officers are looking for a gunman who fled on foot, police said, and asked witnesses to call them.
        """;

    private const string NextShootingAgain = """
        Police in Harwick are looking for a gunman who shot Marcus Hale outside a shop on Penrose Avenue on Saturday.
        Marcus Hale is in St Anne's Hospital with wounds to his arm, police said; the gunman fled on foot.
        """;

    [Fact]
    public void Shootings_weeks_apart_do_not_merge_over_a_victim_one_recalls_in_passing_and_share_a_storyline()
    {
        // The second shooting's reports name the first one's victim once, in passing: with days between their first
        // reports, a shared name must weigh in both events to make them one. Articles join no event as they arrive, so
        // that the merge pass alone makes the events, and similarity alone chains no storyline, so that the shared name does.
        var stories = Cluster(EventClustererOptions.Default with { JoinThreshold = 0.99, ClearWinnerThreshold = 0.99, StorylineThreshold = 0.99 },
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-01"),
            CopyVerifierTests.Print("first-again", FirstShootingAgain, "2024-03-01"),
            CopyVerifierTests.Print("next", NextShooting, "2024-03-16"),
            CopyVerifierTests.Print("next-recalling", NextShootingRecallingTheFirst, "2024-03-16"),
            CopyVerifierTests.Print("next-again", NextShootingAgain, "2024-03-16"),
            CopyVerifierTests.Print("next-later", NextShootingAgain.Replace("Saturday", "Saturday night"), "2024-03-17"));
        Assert.Equal(["first", "first-again"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next", "next-recalling", "next-again", "next-later"], ArticlesOfStoryWith(stories, "next"));
        Assert.Equal(StoryWith(stories, "first").Storyline, StoryWith(stories, "next").Storyline);
    }

    [Fact]
    public void A_report_of_the_next_shooting_that_recalls_the_last_ones_victim_does_not_join_its_event()
    {
        // Reported two weeks after the first shooting, the report shares its victim's name, given once in passing
        // while it names its own victim throughout: not enough to join an event that began days before it.
        const string nextRecalling = """
            Marcus Hale was shot and wounded outside a shop on Penrose Avenue in Harwick late on Saturday, police said.
            Marcus Hale was taken to St Anne's Hospital. Friends of Marcus Hale said he had just closed the shop.
            Officers are looking for a gunman who fled on foot and asked witnesses who saw Marcus Hale to call them.
            Police said there was no link with the shooting of Dorian Vale two weeks ago.
            """;
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-01"),
            CopyVerifierTests.Print("first-again", FirstShootingAgain, "2024-03-01"),
            CopyVerifierTests.Print("first-later", FirstShootingAgain.Replace("Friday night", "Friday"), "2024-03-02"),
            CopyVerifierTests.Print("next-recalling", nextRecalling, "2024-03-16"));
        Assert.Equal(["first", "first-again", "first-later"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next-recalling"], ArticlesOfStoryWith(stories, "next-recalling"));
    }

    private const string NextShootingQuotingTheSergeant = """
        Sgt. Lena Brask of the Harwick police said a man was shot outside a shop on Penrose Avenue late on Saturday.
        Sgt. Lena Brask said the victim was taken to St Anne's Hospital; Lena Brask asked witnesses to call her.
        A neighbour, Ivo Petrak, said he heard three shots.
        """;

    [Fact]
    public void A_shooting_weeks_later_does_not_join_the_last_one_over_the_police_sergeant_who_speaks_for_both()
    {
        // The sergeant who speaks for Harwick's police is quoted in the first shooting's reports and throughout the next
        // one's: the name of an official is no sign of one happening, however much it weighs in both.
        string quoted = FirstShooting + "Sgt. Lena Brask said detectives had spoken to Lena Brask's witnesses.\n";
        string quotedAgain = FirstShootingAgain + "Police Sgt. Lena Brask said Lena Brask would give details on Monday.\n";
        var stories = Cluster(
            CopyVerifierTests.Print("first", quoted, "2024-03-01"),
            CopyVerifierTests.Print("first-again", quotedAgain, "2024-03-01"),
            CopyVerifierTests.Print("next", NextShootingQuotingTheSergeant, "2024-03-16"));
        Assert.Equal(["first", "first-again"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next"], ArticlesOfStoryWith(stories, "next"));
    }

    [Fact]
    public void A_shooting_weeks_later_does_not_join_the_last_one_over_the_childrens_hospital_both_victims_went_to()
    {
        // Every child shot in Harwick is taken to the one children's hospital; its name, heavy in both shootings'
        // reports, tells of no one happening. Nor does the heading of the paper's photo widget.
        const string hospital = "The boy was taken to Marlow Children's Hospital. Doctors at Marlow Children's Hospital said he was stable.\nFamous Mug Shots\n";
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstShooting + hospital, "2024-03-01"),
            CopyVerifierTests.Print("first-again", FirstShootingAgain + hospital, "2024-03-01"),
            CopyVerifierTests.Print("next", NextShooting + hospital + "Marlow Children's Hospital staff called police.\n", "2024-03-16"));
        Assert.Equal(["first", "first-again"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next"], ArticlesOfStoryWith(stories, "next"));
    }

    [Fact]
    public void A_charge_months_later_that_names_the_shootings_day_joins_its_event_though_it_names_other_people()
    {
        // The first reports name the victim; the charge three months later names the suspect and the court, and the
        // day of the shooting. That day, not a shared name, says it follows the first reports up.
        const string charged = """
            A Harwick woman, Kara Lind, was charged on Monday with shooting and wounding a man outside a bar in Harwick on March 1.
            Police said Kara Lind was the gunman who fled in a grey car; witnesses who saw the grey car had called police.
            Kara Lind is held at Harwick County Jail and will appear before Harwick Circuit Court next month.
            """;
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-01"),
            CopyVerifierTests.Print("first-again", FirstShootingAgain, "2024-03-01"),
            CopyVerifierTests.Print("charged", charged, "2024-06-10"));
        Assert.Equal(["first", "first-again", "charged"], ArticlesOfStoryWith(stories, "first"));
    }

    [Fact]
    public void Ages_read_alike_in_figures_and_in_words_and_months_apart_from_years()
    {
        var article = CopyVerifierTests.Print("ages", """
            A three-year-old is fighting for her life; a 3-year-old boy and an 8-month-old were not hurt.
            The 20-year-old driver broke a year-old record. Twenty year old Ana Ruiz, 41, saw it.
            """, "2024-05-16").Article;
        Assert.Equal(["3y", "8m", "20y"], EventClusterer.Ages(article));
    }

    private const string FirstPatch = """
        Northwind Browser patch fixes flaw. Corvid released an emergency patch on Wednesday for a flaw in Northwind Browser that let attackers take over computers.
        Northwind Browser users should install the patch now, Corvid said; attackers used the flaw against banks.
        """;

    private const string FirstPatchAgain = """
        Emergency Northwind Browser patch out. Corvid has issued an emergency patch to fix the Northwind Browser flaw that attackers exploited to take over computers.
        The patch closes the Northwind Browser hole used against banks, Corvid said.
        """;

    private const string NextPatch = """
        Northwind Browser gets emergency fix. September 18, 2013. Corvid released an emergency fix for a new flaw in Northwind Browser that attackers exploit to take over computers.
        The Northwind Browser flaw was found by Lena Okafor of Kestrel Labs; Corvid urged users to install the fix.
        """;

    [Fact]
    public void A_dated_report_of_the_next_patch_does_not_join_an_undated_event_over_the_product_both_are_about()
    {
        // No date says the undated reports and the dated one are of one time, and the one name they share is the
        // product patched, not a person or place of one happening.
        var stories = Cluster(
            CopyVerifierTests.Print("first", FirstPatch, null),
            CopyVerifierTests.Print("first-again", FirstPatchAgain, null),
            CopyVerifierTests.Print("next", NextPatch, "2013-09-18"));
        Assert.Equal(["first", "first-again"], ArticlesOfStoryWith(stories, "first"));
        Assert.Equal(["next"], ArticlesOfStoryWith(stories, "next"));
    }

    [Fact]
    public void Undated_reports_of_one_kind_that_name_different_people_are_two_events()
    {
        // No dates to tell the two stays in rehab apart: the people, the clinics and the judges must.
        var first = CopyVerifierTests.Print("first", FirstRehab, null);
        var second = CopyVerifierTests.Print("second", SecondRehab, null);
        Assert.Equal(2, Cluster(first, second).Count);
        var copies = CopyGraph.Of([first.Article, second.Article]);
        var lenient = new EventClusterer(EventClustererOptions.Default with { UndatedDistinctNames = 6 });
        lenient.Add(first, copies);
        lenient.Add(second, copies);
        Assert.Single(lenient.Events);
    }

    [Fact]
    public void Reports_of_one_event_join_and_an_unrelated_event_does_not()
    {
        var stories = Cluster(
            CopyVerifierTests.Print("bridge-1", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("bridge-2", BridgeFollowUp, "2024-03-02"),
            CopyVerifierTests.Print("floods", Floods, "2024-03-02"));
        Assert.Equal(2, stories.Count);
        Assert.Equal(["bridge-1", "bridge-2"], stories[0].Articles.Select(a => a.Id));
    }

    [Fact]
    public void The_same_happening_two_years_later_is_a_new_story_in_the_same_storyline()
    {
        var stories = Cluster(
            CopyVerifierTests.Print("bridge-2024", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("bridge-2026", BridgeTwoYearsLater, "2026-03-04"));
        Assert.Equal(2, stories.Count);
        Assert.Equal(stories[0].Storyline, stories[1].Storyline);
        Assert.Contains(stories[1].Related, l => l.Story == stories[0].Id && l.Relation == "recurs");
    }

    /// <summary>A dock strike, the first of two storylines' tests of drift.</summary>
    private const string FirstStrike = """
        Dock workers at Marlow harbour walked out on Monday in a strike over pay and night shifts.
        The dockers' union said the strike would go on until the harbour board raised wages.
        Cranes stood idle and ships waited at anchor outside the harbour.
        """;

    /// <summary>A later dock strike, like <see cref="FirstStrike"/>, that also stops grain exports.</summary>
    private const string StrikeStopsGrain = """
        Dock workers at Marlow harbour began a strike over pay on Monday, and grain exports stopped.
        Ships waiting to load wheat and barley stood at anchor while cranes were idle.
        Grain traders said the strike would cost farmers their export contracts for wheat and barley.
        """;

    [Fact]
    public void A_storyline_does_not_drift_to_what_only_its_last_event_is_about()
    {
        // Each a year or more apart, so nothing merges: the second strike is like the first, the harvest like the
        // second strike's grain, and nothing like the first strike.
        const string harvestFails = """
            Grain exports from the region fell by a third this season after the wheat and barley harvest failed.
            Farmers lost export contracts for wheat and barley as grain traders turned to other suppliers.
            The farmers' association asked for drought relief.
            """;
        var stories = Cluster(
            CopyVerifierTests.Print("strike-2020", FirstStrike, "2020-03-02"),
            CopyVerifierTests.Print("strike-2022", StrikeStopsGrain, "2022-03-07"),
            CopyVerifierTests.Print("harvest-2024", harvestFails, "2024-03-04"));
        Assert.Equal(3, stories.Count);
        var (first, second, harvest) = (StoryWith(stories, "strike-2020"), StoryWith(stories, "strike-2022"), StoryWith(stories, "harvest-2024"));
        Assert.Equal(first.Storyline, second.Storyline);
        Assert.NotEqual(first.Storyline, harvest.Storyline);
        Assert.Contains(harvest.Related, l => l.Story == second.Id && l.Relation == "related");
    }

    [Fact]
    public void A_long_storyline_asks_more_of_its_first_event_than_a_short_one()
    {
        // Years apart, so nothing merges. The grain strike is like the first strike and the grain blockade like the grain
        // strike; the blockade is like the first strike only a little: enough for a storyline of three events when a
        // storyline counts as long at twenty, not when it counts as long at one.
        const string grainBlockade = """
            Farmers blocked the grain terminal at Marlow harbour on Monday, and wheat and barley exports stopped.
            Ships waiting to load grain stood at anchor while the farmers' tractors closed the gates.
            Grain traders said the blockade would cost farmers their export contracts.
            """;
        static Tidings.Fingerprints.Fingerprint[] Prints() =>
        [
            CopyVerifierTests.Print("strike-2020", FirstStrike, "2020-03-02"),
            CopyVerifierTests.Print("strike-2022", StrikeStopsGrain, "2022-03-07"),
            CopyVerifierTests.Print("blockade-2024", grainBlockade, "2024-03-04"),
        ];
        var lenient = Cluster(EventClustererOptions.Default, Prints());
        var strict = Cluster(EventClustererOptions.Default with { StorylineDriftEvents = 1 }, Prints());
        Assert.All(new[] { lenient, strict }, stories => Assert.Equal(3, stories.Count));
        Assert.Equal(StoryWith(lenient, "strike-2020").Storyline, StoryWith(lenient, "blockade-2024").Storyline);
        Assert.Equal(StoryWith(strict, "strike-2020").Storyline, StoryWith(strict, "strike-2022").Storyline);
        Assert.NotEqual(StoryWith(strict, "strike-2020").Storyline, StoryWith(strict, "blockade-2024").Storyline);
    }

    [Fact]
    public void The_bar_for_a_storyline_s_first_event_rises_with_its_size_from_half_to_the_whole() =>
        Gen.Select(Gen.Int[0, 500], Gen.Int[0, 100]).Sample((events, driftEvents) =>
        {
            double bar = EventClusterer.FounderSimilarity(events, driftEvents);
            return bar >= 0.5 && bar <= 1 && EventClusterer.FounderSimilarity(events + 1, driftEvents) >= bar
                && (events < Math.Max(1, driftEvents) || bar == 1);
        });

    [Fact]
    public void Two_monthly_figures_of_different_things_are_not_one_storyline_for_their_months()
    {
        static Tidings.Fingerprints.Fingerprint Report(string id, string title, string text, string published) =>
            FingerprintBuilder.Build(new Article
            {
                Id = id,
                Origin = new SourceLocation(id),
                Title = title,
                Paragraphs = text.Split("\n", StringSplitOptions.RemoveEmptyEntries),
                Boilerplate = [],
                Published = PublicationDate.TryParseIso(published, out var d) ? d : null,
            });
        // A month apart and about different things; what they share is the months their figures are for. The other
        // reports name no month, as most do not, so a month is a rarer word than it is a topic.
        var stories = Cluster(
            Report("bridge", "Harbour bridge reopens", "The harbour bridge reopened to traffic after repairs to its deck, the city engineer said.", "2024-01-15"),
            Report("jobs", "Jobless, January to February",
                "Valmora's jobless count, January to February: down, the statistics office said.\nFebruary was the lowest since records began; January was revised.",
                "2024-03-04"),
            Report("fire", "Warehouse fire in Ostend docks", "Fire crews fought a blaze at a timber warehouse in the Ostend docks overnight.", "2024-03-20"),
            Report("match", "Marlow win cup final", "Marlow beat Kettering two goals to one to win the county cup final.", "2024-03-28"),
            Report("wool", "Wool cargoes, January to February",
                "Corland's wool cargoes, January to February: up, customs data showed.\nFebruary shipments went mostly to northern mills; January's had been delayed by storms.",
                "2024-04-11"));
        var (jobs, wool) = (StoryWith(stories, "jobs"), StoryWith(stories, "wool"));
        Assert.NotEqual(jobs.Id, wool.Id);
        Assert.NotEqual(jobs.Storyline, wool.Storyline);
    }

    [Fact]
    public void Follow_up_coverage_weeks_later_continues_the_storyline()
    {
        var stories = Cluster(
            CopyVerifierTests.Print("bridge-march", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("bridge-april", BridgeTwoYearsLater, "2024-04-15"));
        Assert.Equal(2, stories.Count);
        Assert.Equal(stories[0].Storyline, stories[1].Storyline);
        Assert.Contains(stories[1].Related, l => l.Story == stories[0].Id && l.Relation == "continues");
    }

    [Fact]
    public void The_merge_pass_joins_events_the_online_pass_split_and_keeps_the_older_id()
    {
        var noOnlineJoins = EventClustererOptions.Default with { JoinThreshold = 1.01, ClearWinnerThreshold = 1.01 };
        var bridge1 = CopyVerifierTests.Print("bridge-1", CopyVerifierTests.Original, "2024-03-01");
        var bridge2 = CopyVerifierTests.Print("bridge-2", BridgeFollowUp, "2024-03-02");
        var floods = CopyVerifierTests.Print("floods", Floods, "2024-03-02");
        var stories = Cluster(noOnlineJoins, bridge1, bridge2, floods);
        Assert.Equal(2, stories.Count);
        Assert.Equal(["bridge-1", "bridge-2"], stories[0].Articles.Select(a => a.Id));
        Assert.Equal(StoryBuilder.StoryId("bridge-1"), stories[0].Id);
        Assert.Equal([StoryBuilder.StoryId("bridge-2")], stories[0].Aliases);
        Assert.Equal(stories[0].Id, Cluster(bridge1, bridge2, floods)[0].Id);
    }

    [Fact]
    public void Idle_events_retire_from_the_live_index_and_keep_their_storyline()
    {
        var options = EventClustererOptions.Default with { RetireEveryArticles = 1 };
        var prints = new[]
        {
            CopyVerifierTests.Print("bridge-2024", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("floods-2024", Floods, "2024-03-02"),
            CopyVerifierTests.Print("bridge-2026", BridgeTwoYearsLater, "2026-03-04"),
        };
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        var clusterer = new EventClusterer(options);
        clusterer.Add(prints[0], copies);
        clusterer.Add(prints[1], copies);
        Assert.Equal(2, clusterer.LiveEvents);
        clusterer.Add(prints[2], copies);
        Assert.Equal(1, clusterer.LiveEvents);
        Assert.True(clusterer.Events[0].Retired && clusterer.Events[1].Retired);
        Assert.Equal(2, clusterer.RetiredEvents);
        clusterer.EndBatch();
        Assert.Equal(clusterer.Events[0].Storyline, clusterer.Events[2].Storyline);
    }

    private const string FloodsFollowUp = """
        The river Marrow fell overnight and residents of Hollin began returning home, the emergency service said.
        Governor Tomas Brenn said the army would stay in the Marrow Valley until the dykes below Greystead are repaired.
        The council opened two shelters for families whose homes were flooded.
        """;

    [Fact]
    public void The_split_pass_separates_two_happenings_that_an_event_drew_together()
    {
        // A join threshold this low, and days this wide for shared words to suffice, let every article that shares a
        // term join the first event online: the floods and the bridge closure end up as one event, which the split
        // pass must take apart.
        var gluing = EventClustererOptions.Default with { JoinThreshold = 0.001, SameEventDays = 7 };
        var prints = new[]
        {
            CopyVerifierTests.Print("floods-1", Floods + "The council met in emergency session.", "2024-03-01"),
            CopyVerifierTests.Print("bridge-1", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("floods-2", FloodsFollowUp, "2024-03-02"),
            CopyVerifierTests.Print("bridge-2", BridgeFollowUp, "2024-03-02"),
        };
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        var clusterer = new EventClusterer(gluing);
        foreach (var p in prints)
            clusterer.Add(p, copies);
        Assert.Single(clusterer.Events);
        clusterer.EndBatch();
        var stories = StoryBuilder.Build(clusterer.Events, prints.ToDictionary(p => p.Id, p => p.Article), copies);
        Assert.Equal(2, stories.Count);
        Assert.Equal(["floods-1", "floods-2"], stories[0].Articles.Select(a => a.Id));
        Assert.Equal(StoryBuilder.StoryId("floods-1"), stories[0].Id);
        Assert.Equal(["bridge-1", "bridge-2"], stories[1].Articles.Select(a => a.Id));
    }

    [Fact]
    public void A_late_report_revives_its_retired_event_through_the_merge_pass()
    {
        var options = EventClustererOptions.Default with { RetireEveryArticles = 1 };
        var prints = new[]
        {
            CopyVerifierTests.Print("bridge-1", CopyVerifierTests.Original, "2024-03-01"),
            CopyVerifierTests.Print("floods", Floods, "2024-04-15"),
            // Published in March but arriving after the floods: its event has retired by then.
            CopyVerifierTests.Print("bridge-late", BridgeFollowUp, "2024-03-03"),
        };
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        var archive = new InMemoryEventArchive();
        var clusterer = new EventClusterer(options, archive);
        clusterer.Add(prints[0], copies);
        clusterer.Add(prints[1], copies);
        Assert.Equal(1, archive.Count);
        clusterer.Add(prints[2], copies);
        clusterer.EndBatch();
        var bridge = clusterer.Events[0];
        Assert.Equal(["bridge-1", "bridge-late"], bridge.Members.Select(m => m.Id));
        Assert.Equal(["bridge-late"], bridge.AbsorbedFirstArticles);
        Assert.Equal(2, clusterer.Events.Count);
    }

    private const string FirstShootingCharge = """
        A Harwick man has been charged with attempted murder over the shooting of Dorian Vale outside a bar on Calder Street on March 1.
        Police said the suspect was found with a grey car matching witnesses' description, and that Vale has left Harwick General Hospital.
        """;

    private const string FirstShootingChargeUndated = """
        A Harwick man has been charged with attempted murder over the shooting of Dorian Vale outside a bar on Calder Street.
        Police said the suspect was found with a grey car matching witnesses' description, and that Vale has left Harwick General Hospital.
        """;

    [Theory]
    [InlineData(FirstShootingCharge, true)]
    [InlineData(FirstShootingChargeUndated, false)]
    public void A_charge_months_later_that_names_the_day_of_the_shooting_follows_it_up(string charge, bool followsUp)
    {
        var options = EventClustererOptions.Default with { RetireEveryArticles = 1 };
        var prints = new[]
        {
            CopyVerifierTests.Print("first", FirstShooting, "2024-03-02"),
            CopyVerifierTests.Print("floods", Floods, "2024-05-20"),
            CopyVerifierTests.Print("charge", charge, "2024-06-10"),
        };
        var copies = CopyGraph.Of(prints.Select(p => p.Article));
        var archive = new InMemoryEventArchive();
        var clusterer = new EventClusterer(options, archive);
        foreach (var print in prints)
            clusterer.Add(print, copies);
        clusterer.EndBatch();
        var shooting = clusterer.Events[0];
        Assert.Equal(followsUp ? ["first", "charge"] : ["first"], shooting.Members.Select(m => m.Id));
        // The span stays the shooting's: stretched to June, it would put the town's next shootings within reach.
        Assert.Equal((new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 1)), (shooting.First!.Value, shooting.Last!.Value));
    }

    [Fact]
    public void Two_means_finds_a_separate_group_and_leaves_one_subject_whole()
    {
        static MemberTerms Member(params int[] terms) =>
            new(new TermSketch(terms.Select(t => KeyValuePair.Create(t, 1.0))), new TermSketch([]), Math.Sqrt(terms.Length));
        var twoSubjects = new[] { Member(1, 2, 3), Member(10, 11, 12), Member(1, 2, 4), Member(10, 11, 13), Member(2, 3, 4) };
        Assert.Equal([1, 3], EventClusterer.SeparateGroup(twoSubjects, titleWeight: 0.3, apart: 0.15, NoNames));
        var oneSubject = new[] { Member(1, 2, 3), Member(1, 2, 4), Member(2, 3, 4), Member(1, 3, 4) };
        Assert.Null(EventClusterer.SeparateGroup(oneSubject, titleWeight: 0.3, apart: 0.15, NoNames));
    }

    private static bool NoNames(int term) => false;

    private static MemberTerms NamedMember(params int[] terms) =>
        new(new TermSketch(terms.Select(t => KeyValuePair.Create(t, 1.0))), new TermSketch([]), Math.Sqrt(terms.Length));

    // Terms 1-9 are words, 100 the champion, 101 and 102 his challengers in two fights years apart, 103 a venue.
    private static bool IsName(int term) => term >= 100;

    [Fact]
    public void Two_fights_of_one_champion_part_by_the_challenger_each_names_throughout()
    {
        var twoFights = new[]
        {
            NamedMember(1, 2, 3, 5, 100, 101), NamedMember(1, 2, 3, 6, 100, 101), NamedMember(1, 2, 3, 100, 101, 103),
            NamedMember(1, 2, 4, 7, 100, 102), NamedMember(1, 2, 4, 8, 100, 102), NamedMember(1, 2, 4, 9, 100, 102),
            NamedMember(1, 2, 4, 5, 100, 102), NamedMember(1, 2, 4, 6, 100, 102, 101),
        };
        // The fights' reports share their words and the champion: as alike as one fight's reports, they score far above
        // the merge threshold, and only the challengers, each named by every report of its fight, tell them apart (the
        // last report of the second fight names the first one's challenger in passing).
        Assert.Null(EventClusterer.SeparateGroup(twoFights, titleWeight: 0.3, apart: 0.15, NoNames));
        Assert.Equal([3, 4, 5, 6, 7], EventClusterer.SeparateGroup(twoFights, titleWeight: 0.3, apart: 0.15, IsName));
    }

    [Fact]
    public void One_fight_stays_whole_when_its_groups_name_each_others_names()
    {
        // Two groups of reports of one fight, told in other words: one names the challenger, the other the venue, and
        // a report of each group names the other's too. A name that a third of the other group's reports hold is no
        // group's own.
        var oneFight = new[]
        {
            NamedMember(1, 2, 3, 5, 100, 101), NamedMember(1, 2, 3, 6, 100, 101), NamedMember(1, 2, 3, 100, 101, 103),
            NamedMember(1, 2, 4, 7, 100, 103), NamedMember(1, 2, 4, 8, 100, 103), NamedMember(1, 2, 4, 9, 100, 103, 101),
        };
        // Two-means parts them in these groups (at a threshold every parting passes); their names do not.
        Assert.Equal([3, 4, 5], EventClusterer.SeparateGroup(oneFight, titleWeight: 0.3, apart: 1.0, IsName));
        Assert.Null(EventClusterer.SeparateGroup(oneFight, titleWeight: 0.3, apart: 0.15, IsName));
    }

    [Fact]
    public void Story_ids_are_stable_for_the_same_input()
    {
        var first = Cluster(CopyVerifierTests.Print("x", Floods, "2024-01-01"));
        var second = Cluster(CopyVerifierTests.Print("x", Floods, "2024-01-01"));
        Assert.Equal(first[0].Id, second[0].Id);
    }
}
