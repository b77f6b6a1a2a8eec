using System.Diagnostics;
using Microsoft.Playwright;

namespace Tidings.EndToEnd;

/// <summary>
/// The web page in a real browser: Debian's Chromium (installed by <c>scripts/chromium.sh</c>), driven by Playwright
/// through its path, against a real <c>tidings serve</c>. Screenshots of the front and story pages are kept in
/// <c>TestResults/screenshots</c> beside the test assembly's results.
/// </summary>
[Collection("HostileInputs")]
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tidings-browser-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServerProcess? _server;

    private static string Screenshots { get; } = Path.Combine(Tidings.RepositoryRoot, "tests", "Tidings.EndToEnd", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var install = Tidings.RunProgram("bash", TimeSpan.FromMinutes(10), Path.Combine(Tidings.RepositoryRoot, "scripts", "chromium.sh"));
        Assert.True(install.ExitCode == 0, "scripts/chromium.sh failed: " + install.Stderr);
        string chromium = install.Stdout.Trim();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        _server = await ServerProcess.StartAsync(["--db", Path.Combine(_folder, "browser.db")]);
        var (status, _) = await _server.PostJsonl(ServerProcess.SeedRecords());
        Assert.Equal(200, status);
        await _server.WaitSettled();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<IPage> Open(string path)
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(_server!.BaseAddress, path).ToString());
        return page;
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task The_front_page_lists_the_seeds_two_stories()
    {
        var page = await Open("/");
        await page.Locator(".card").Nth(1).WaitForAsync();
        Assert.Equal(2, await page.Locator(".card").CountAsync());
        var titles = await page.Locator(".card .title").AllTextContentsAsync();
        Assert.All(titles, t => Assert.Contains("Foreign Minister", t, StringComparison.OrdinalIgnoreCase));
        await page.Locator("#live.on").WaitForAsync();
        await Screenshot(page, "front");
    }

    [Fact]
    public async Task The_2023_story_shows_its_facts_timeline_coverage_and_the_2025_story_as_a_recurrence()
    {
        var page = await Open("/");
        var card = page.Locator(".card").Filter(new LocatorFilterOptions { HasText = "4 articles" });
        await card.Locator(".title").ClickAsync();
        await page.Locator("#story").WaitForAsync();
        Assert.True(await page.Locator("#corroborated .facts li").CountAsync() > 0);
        Assert.True(await page.Locator("#corroborated .chip").CountAsync() >= 2, "a corroborated fact names its independent sources");
        Assert.True(await page.Locator("#single-source .facts li").CountAsync() > 0);
        Assert.True(await page.Locator("#timeline .timeline li time").CountAsync() > 0);
        Assert.True(await page.Locator("#coverage .copy .badge.copy").CountAsync() > 0, "the copy is folded under its original and marked");
        var recurrence = page.Locator("#storyline .related li").Filter(new LocatorFilterOptions { HasText = "recurs" });
        Assert.Equal(1, await recurrence.CountAsync());
        Assert.Contains("Moscow", await recurrence.TextContentAsync() ?? "", StringComparison.Ordinal);
        await Screenshot(page, "story");

        // Every statement links to its sentence in its article.
        await page.Locator("#corroborated .statement").First.ClickAsync();
        await page.Locator("#article mark#cited").WaitForAsync();
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#cited").TextContentAsync()));
        await Screenshot(page, "article");
    }

    [Fact]
    public async Task A_story_updates_live_when_an_article_is_posted()
    {
        var page = await Open("/");
        await page.Locator(".card").Nth(1).WaitForAsync();
        await page.Locator("#live.on").WaitForAsync();
        var (status, _) = await _server!.PostJsonl(["""{"id": "live-browser-1", "title": "Tram line opens in Westbury", "published": "2026-11-30", "text": "The new tram line in Westbury opened on Monday, the city council said. The first trams ran at six in the morning."}"""]);
        Assert.Equal(200, status);
        // No reload: the page hears the event and draws the new story.
        await page.Locator(".card", new PageLocatorOptions { HasText = "Tram line opens in Westbury" }).WaitForAsync();
        Assert.Equal(3, await page.Locator(".card").CountAsync());
        Assert.Equal(1, await page.Locator(".card.updated").CountAsync());
    }

    [Fact]
    public async Task An_article_holding_markup_renders_it_as_text()
    {
        const string hostile = """<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">""";
        string record = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = "hostile-1",
            ["title"] = "Council vote <img src=x onerror=\"window.pwned = 3\"> delayed",
            ["text"] = $"The council in Ashford delayed its vote on Tuesday. {hostile} Members said they needed more time to read the plan.",
        });
        var (status, _) = await _server!.PostJsonl([record]);
        Assert.Equal(200, status);
        await _server.WaitSettled();

        var page = await Open("/#/article/hostile-1");
        await page.Locator("#article .text").WaitForAsync();
        Assert.Contains("<script>window.pwned = 1</script>", await page.Locator("#article .text").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Contains("onerror", await page.Locator("#article h1").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#article img, #article script").CountAsync());

        await page.GotoAsync(new Uri(_server.BaseAddress, "/").ToString());
        var card = page.Locator(".card", new PageLocatorOptions { HasText = "Council vote" });
        await card.Locator(".title").ClickAsync();
        await page.Locator("#story").WaitForAsync();
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.pwned"));
    }
}
