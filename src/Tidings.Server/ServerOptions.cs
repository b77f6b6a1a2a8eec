using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>How <c>tidings serve</c> runs: its store, where it listens, and what it lets writers do.</summary>
public sealed record ServerOptions
{
    /// <summary>The environment variable a write key may come from, so that it stays out of the process list.</summary>
    public const string ApiKeyVariable = "TIDINGS_API_KEY";

    /// <summary>Loopback only unless told otherwise: a server is opened to a network on purpose.</summary>
    public static IReadOnlyList<string> DefaultUrls { get; } = ["http://127.0.0.1:5080"];

    /// <summary>16 MiB (see <see cref="MaxRequestBytes"/>).</summary>
    public const long DefaultMaxRequestBytes = 16L * 1024 * 1024;

    public required IStoreProvider Store { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = DefaultUrls;

    /// <summary>The key a write must carry (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary>
    /// The largest request body taken; a larger one is refused with 413 before it is read. 16 MiB holds thousands of
    /// articles a request; a feed that sends more sends it in several requests.
    /// </summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>
    /// Write requests a second that one client (its key and address) may make, with a burst of twice as many: a feed
    /// that posts article by article at 200 a second stays under it; a runaway loop does not.
    /// </summary>
    public int WritesPerSecond { get; init; } = 500;

    /// <summary>Read requests a second that one address may make, with a burst of twice as many.</summary>
    public int ReadsPerSecond { get; init; } = 2000;

    public LiveEngineOptions Engine { get; init; } = new();
}
