using System.CommandLine;
using System.Security.Cryptography;

namespace Tidings.Server;

/// <summary>
/// The server's options as <c>tidings serve</c> and <c>tidings-cluster serve</c> both take them (where it listens, the
/// write key, the body limit), declared and read once so that the two commands cannot drift apart.
/// </summary>
public sealed class ServeCommandLine
{
    /// <summary>The smallest body limit taken: below it not even one article fits.</summary>
    private const long SmallestRequestBytes = 1024;

    public Option<string[]> Urls { get; } = new("--urls")
    {
        Description = "Addresses to listen on.",
        DefaultValueFactory = _ => [.. ServerOptions.DefaultUrls],
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The key writes must carry (X-Api-Key or Authorization: Bearer). Also read from {ServerOptions.ApiKeyVariable}; without either, one is made up and printed.",
    };

    public Option<long> MaxRequestBytes { get; } = new("--max-request-bytes")
    {
        Description = "The largest request body taken; larger ones are refused with 413.",
        DefaultValueFactory = _ => ServerOptions.DefaultMaxRequestBytes,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Urls);
        command.Options.Add(ApiKey);
        command.Options.Add(MaxRequestBytes);
    }

    /// <summary>
    /// The options as given, or null after telling <paramref name="report"/> why they cannot be used. A key not given
    /// (nor in <see cref="ServerOptions.ApiKeyVariable"/>) is made up, and <paramref name="report"/> is told it.
    /// </summary>
    public ServeSettings? Read(ParseResult parse, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(report);
        long maxRequest = parse.GetValue(MaxRequestBytes);
        if (maxRequest < SmallestRequestBytes)
        {
            report($"--max-request-bytes must be at least {SmallestRequestBytes}");
            return null;
        }
        string? key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ServerOptions.ApiKeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            report($"writes need the API key {key} (choose one with --api-key or {ServerOptions.ApiKeyVariable})");
        }
        return new ServeSettings(parse.GetValue(Urls)!, key, maxRequest);
    }
}

/// <summary>The server's options as read from a command line (see <see cref="ServeCommandLine"/>).</summary>
public sealed record ServeSettings(IReadOnlyList<string> Urls, string ApiKey, long MaxRequestBytes)
{
    /// <summary>The server's options on <paramref name="store"/>.</summary>
    public ServerOptions On(Storage.IStoreProvider store) => new() { Store = store, Urls = Urls, ApiKey = ApiKey, MaxRequestBytes = MaxRequestBytes };
}
