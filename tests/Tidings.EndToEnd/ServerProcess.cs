using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tidings.EndToEnd;

/// <summary>A real <c>tidings serve</c> process on a free loopback port, and HTTP clients for it.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    public const string Key = "test-key-7f3a";

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        BaseAddress = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        Anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client that carries the API key.</summary>
    public HttpClient Client { get; }

    /// <summary>A client without the key.</summary>
    public HttpClient Anonymous { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Starts the server on <paramref name="store"/> (<c>--db FILE</c> or <c>--postgres CONN</c>) and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string[] store, params string[] more)
    {
        var process = Tidings.Start(["serve", .. store, "--api-key", Key, "--urls", "http://127.0.0.1:0", .. more]);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = default(ServerProcess);
        var early = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("the server exited before listening: " + early));
                return;
            }
            lock (early)
                early.AppendLine(e.Data);
            if (server is not null)
            {
                lock (server._stderr)
                    server._stderr.AppendLine(e.Data);
            }
            if (Listening().Match(e.Data) is { Success: true } match)
                listening.TrySetResult(new Uri(match.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var started = await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(90)));
        if (started != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the server did not listen within 90 s: " + early);
        }
        server = new ServerProcess(process, await listening.Task);
        lock (early)
            server._stderr.Append(early);
        return server;
    }

    [GeneratedRegex(@"serving (http://[^\s;]+)")]
    private static partial Regex Listening();

    /// <summary>Posts JSONL, and returns the status and the parsed answer.</summary>
    public async Task<(int Status, JsonElement Body)> PostJsonl(IEnumerable<string> lines, HttpClient? client = null)
    {
        using var content = new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
        using var response = await (client ?? Client).PostAsync("/articles", content);
        return ((int)response.StatusCode, await Json(response));
    }

    public async Task<(int Status, JsonElement Body)> Get(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await Json(response));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}, not JSON: {text[..Math.Min(500, text.Length)]}");
        }
    }

    /// <summary>Waits until everything posted is stored and the end-of-run pass has run (see <c>/health</c>'s <c>settled</c>).</summary>
    public async Task WaitSettled(TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (limit ?? TimeSpan.FromMinutes(3)))
        {
            var (status, health) = await Get("/health");
            if (status == 200 && health.GetProperty("settled").GetBoolean())
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the server did not settle; stderr: " + Stderr);
    }

    /// <summary>kill -9: no chance to store what is queued or to close the store.</summary>
    public void KillHard()
    {
        Process.Start("kill", ["-9", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit status.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    /// <summary>The seeds as JSONL records: each file's name is its id, its text (or HTML) the article.</summary>
    public static IReadOnlyList<string> SeedRecords() =>
        [.. Directory.EnumerateFiles(Tidings.Seeds).Order(StringComparer.Ordinal).Select(file =>
        {
            string id = Path.GetFileName(file).Split('.')[0];
            string body = File.ReadAllText(file);
            string field = file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) ? "html" : "text";
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = id, [field] = body });
        })];
}
