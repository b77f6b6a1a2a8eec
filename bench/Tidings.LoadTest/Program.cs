using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Tidings.LoadTest;

// A bounded load on a real `tidings serve` over loopback: writers post the input's articles at a fixed rate while
// readers poll the stories, and at the end every acknowledged article is looked up. With --kill-at the server is
// killed with -9 mid-load and started again; writers retry what was not acknowledged.
//
//   dotnet run -c Release --project bench/Tidings.LoadTest -- --tidings PROGRAM [--tidings-arg ARG]... --input FILE.jsonl[.gz]
//       [--store-arg ARG]... [--rate 250] [--batch 5] [--readers 50] [--seconds 60] [--kill-at SECONDS]
//
// PROGRAM is the installed `tidings` (./install.sh) or `dotnet` with --tidings-arg path/to/tidings.dll; the store is
// given as it is to `tidings serve` (--store-arg --db --store-arg FILE, or --store-arg --postgres --store-arg CONN).
var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --tidings PROGRAM [--tidings-arg ARG]... --input FILE.jsonl[.gz] --store-arg ARG... [--rate N] [--batch N] [--readers N] [--seconds N] [--kill-at SECONDS]");
    return 1;
}
var records = ReadRecords(options.Input).Take((int)(options.Rate * options.Seconds * 1.2) + 100).ToList();
Console.WriteLine($"load: {records.Count:N0} records from {options.Input}; {options.Rate}/s in batches of {options.Batch}, {options.Readers} readers, {options.Seconds} s, {Environment.ProcessorCount} cores");

await using var server = await ServerUnderLoad.StartAsync(options);
using var load = new Load(options, server, records);
var result = await load.RunAsync();
Console.WriteLine(result);
return result.Lost == 0 && result.Acknowledged > 0 ? 0 : 2;

static IEnumerable<string> ReadRecords(string path)
{
    using var file = File.OpenRead(path);
    using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
    using var reader = new StreamReader(stream, Encoding.UTF8);
    while (reader.ReadLine() is { } line)
    {
        if (line.Length > 0)
            yield return line;
    }
}

namespace Tidings.LoadTest
{
    internal sealed record LoadOptions(string Tidings, IReadOnlyList<string> TidingsArgs, string Input, IReadOnlyList<string> StoreArgs,
        int Rate, int Batch, int Readers, int Seconds, int? KillAt)
    {
        public const string Key = "load-test-key";

        public static LoadOptions? Parse(string[] args)
        {
            string? tidings = null, input = null;
            var tidingsArgs = new List<string>();
            var storeArgs = new List<string>();
            int rate = 250, batch = 5, readers = 50, seconds = 60;
            int? killAt = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                string value = args[i + 1];
                int Int() => int.Parse(value, CultureInfo.InvariantCulture);
                switch (args[i])
                {
                    case "--tidings": tidings = value; break;
                    case "--tidings-arg": tidingsArgs.Add(value); break;
                    case "--input": input = value; break;
                    case "--store-arg": storeArgs.Add(value); break;
                    case "--rate": rate = Int(); break;
                    case "--batch": batch = Int(); break;
                    case "--readers": readers = Int(); break;
                    case "--seconds": seconds = Int(); break;
                    case "--kill-at": killAt = Int(); break;
                    default: return null;
                }
            }
            return tidings is null || input is null || storeArgs.Count == 0 ? null
                : new LoadOptions(tidings, tidingsArgs, input, storeArgs, rate, batch, readers, seconds, killAt);
        }
    }

    /// <summary>The server process: started, killed with -9, started again on the same store and port.</summary>
    internal sealed class ServerUnderLoad : IAsyncDisposable
    {
        private readonly LoadOptions _options;
        private Process _process;

        private ServerUnderLoad(LoadOptions options, Process process, Uri address) => (_options, _process, Address) = (options, process, address);

        public Uri Address { get; }

        public int Restarts { get; private set; }

        public static async Task<ServerUnderLoad> StartAsync(LoadOptions options)
        {
            int port = FreePort();
            var address = new Uri($"http://127.0.0.1:{port}");
            return new ServerUnderLoad(options, await Launch(options, address), address);
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static async Task<Process> Launch(LoadOptions options, Uri address)
        {
            var info = new ProcessStartInfo(options.Tidings) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in options.TidingsArgs.Concat(["serve", .. options.StoreArgs, "--api-key", LoadOptions.Key, "--urls", address.ToString().TrimEnd('/')]))
                info.ArgumentList.Add(arg);
            var process = Process.Start(info)!;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    listening.TrySetException(new InvalidOperationException("the server exited"));
                else if (e.Data.Contains("serving ", StringComparison.Ordinal))
                    listening.TrySetResult();
                else
                    Console.Error.WriteLine("server: " + e.Data);
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromMinutes(3))) != listening.Task)
                throw new TimeoutException("the server did not listen within 3 minutes");
            await listening.Task;
            return process;
        }

        /// <summary>kill -9, then the same command again: whatever was acknowledged must still be there.</summary>
        public async Task KillAndRestartAsync()
        {
            Process.Start("kill", ["-9", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = await Launch(_options, Address);
            Restarts++;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }

    internal sealed record LoadResult(int Posted, int Acknowledged, double Seconds, int Reads, int ReadErrors, double P50, double P95, double P99, double Max, int Restarts, int Lost)
    {
        public override string ToString() =>
            $"ingest: {Acknowledged:N0} articles acknowledged in {Seconds:0.0} s = {Acknowledged / Seconds:0} articles/s ({Posted:N0} posted)\n" +
            $"reads: {Reads:N0} ({ReadErrors} failed), latency ms p50 {P50:0.0}, p95 {P95:0.0}, p99 {P99:0.0}, max {Max:0.0}\n" +
            $"restarts after kill -9: {Restarts}; acknowledged articles lost: {Lost}";
    }

    /// <summary>Writers at a fixed rate, readers polling, and the final count of what was acknowledged and is stored.</summary>
    internal sealed class Load(LoadOptions options, ServerUnderLoad server, List<string> records) : IDisposable
    {
        public void Dispose() => _http.Dispose();

        private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };

        private readonly List<string> _acknowledged = [];
        private readonly List<double> _latencies = [];
        private int _posted, _readErrors;

        public async Task<LoadResult> RunAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
            var clock = Stopwatch.StartNew();
            var readers = Enumerable.Range(0, options.Readers).Select(i => Task.Run(() => Read(i, stop.Token))).ToList();
            var writer = Task.Run(() => Write(stop.Token));
            if (options.KillAt is { } killAt)
            {
                await Task.Delay(TimeSpan.FromSeconds(killAt));
                Console.WriteLine($"load: kill -9 at {clock.Elapsed.TotalSeconds:0.0} s");
                await server.KillAndRestartAsync();
                Console.WriteLine($"load: restarted at {clock.Elapsed.TotalSeconds:0.0} s");
            }
            await writer;
            double seconds = clock.Elapsed.TotalSeconds;
            await Task.WhenAll(readers);
            int lost = await CountLost();
            double[] sorted;
            lock (_latencies)
                sorted = [.. _latencies.Order()];
            double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new LoadResult(_posted, _acknowledged.Count, seconds, sorted.Length, _readErrors, Percentile(0.5), Percentile(0.95), Percentile(0.99),
                sorted.Length == 0 ? double.NaN : sorted[^1], server.Restarts, lost);
        }

        /// <summary>
        /// Batches posted on a fixed schedule (a batch every <c>batch / rate</c> seconds), several in flight at once; a
        /// batch that fails (the server killed, or busy) is posted again until acknowledged or the time is up.
        /// </summary>
        private async Task Write(CancellationToken stop)
        {
            var batches = records.Chunk(options.Batch).ToList();
            var interval = TimeSpan.FromSeconds((double)options.Batch / options.Rate);
            var clock = Stopwatch.StartNew();
            var inFlight = new List<Task>();
            for (int i = 0; i < batches.Count && !stop.IsCancellationRequested; i++)
            {
                var due = interval * i;
                if (due > clock.Elapsed)
                    await Task.Delay(due - clock.Elapsed, CancellationToken.None);
                var batch = batches[i];
                inFlight.Add(PostUntilAcknowledged(batch, stop));
                inFlight.RemoveAll(t => t.IsCompleted);
            }
            await Task.WhenAll(inFlight);
        }

        private async Task PostUntilAcknowledged(string[] batch, CancellationToken stop)
        {
            Interlocked.Add(ref _posted, batch.Length);
            while (true)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/articles"))
                    {
                        Content = new StringContent(string.Join("\n", batch), Encoding.UTF8, "application/x-ndjson"),
                    };
                    request.Headers.Add("X-Api-Key", LoadOptions.Key);
                    using var response = await _http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
                    {
                        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
                        lock (_acknowledged)
                            _acknowledged.AddRange(answer.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!));
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // the server is down (killed): try again once it is back
                }
                if (stop.IsCancellationRequested)
                    return;
                await Task.Delay(200, CancellationToken.None);
            }
        }

        /// <summary>A reader: a page of stories, then one story from it, about four times a second.</summary>
        private async Task Read(int reader, CancellationToken stop)
        {
            var random = new Random(reader);
            while (!stop.IsCancellationRequested)
            {
                string? story = null;
                using (var listing = await Timed($"/stories?order={(reader % 2 == 0 ? "newest" : "active")}&page={1 + random.Next(3)}"))
                {
                    if (listing is not null)
                    {
                        var stories = listing.RootElement.GetProperty("stories");
                        if (stories.GetArrayLength() > 0)
                            story = stories[random.Next(stories.GetArrayLength())].GetProperty("id").GetString();
                    }
                }
                if (story is not null)
                    (await Timed("/stories/" + story))?.Dispose();
                try
                {
                    // A quarter of a second on average, jittered: pollers that woke together would all ask at once.
                    await Task.Delay(random.Next(50, 450), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task<JsonDocument?> Timed(string path)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await _http.GetAsync(new Uri(server.Address, path));
                string body = await response.Content.ReadAsStringAsync();
                double ms = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (Interlocked.Increment(ref _readErrors) <= 3)
                        Console.Error.WriteLine($"load: GET {path}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                    return null;
                }
                lock (_latencies)
                    _latencies.Add(ms);
                return JsonDocument.Parse(body);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _readErrors);   // the server was down (killed) for this request
                return null;
            }
        }

        /// <summary>Every acknowledged article looked up after the load: one missing is one lost.</summary>
        private async Task<int> CountLost()
        {
            int lost = 0;
            foreach (var ids in _acknowledged.Chunk(64))
            {
                var found = await Task.WhenAll(ids.Select(async id =>
                {
                    while (true)
                    {
                        using var response = await _http.GetAsync(new Uri(server.Address, "/articles/" + Uri.EscapeDataString(id)));
                        if (response.StatusCode != HttpStatusCode.TooManyRequests)
                            return response.StatusCode == HttpStatusCode.OK;
                        await Task.Delay(100);   // the server's read rate limit: asked again, not counted lost
                    }
                }));
                lost += found.Count(f => !f);
            }
            return lost;
        }
    }
}
