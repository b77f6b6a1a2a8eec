using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Tidings.Pipeline;
using Tidings.Storage;

namespace Tidings.Orleans;

/// <summary>How a silo and a client of a Tidings cluster are set up.</summary>
public static class TidingsClusterExtensions
{
    /// <summary>
    /// Makes this silo able to run a feed's engine on <paramref name="store"/>, which every silo of the cluster must name
    /// alike (a PostgreSQL database; a SQLite file only when all silos share one machine).
    /// </summary>
    public static ISiloBuilder AddTidings(this ISiloBuilder silo, IStoreProvider store, LiveEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        // A silo answers no reader itself (servers read the store): its engine may take every core, where a server's
        // leaves one to its readers.
        var engines = new FeedEngines(store, options ?? new LiveEngineOptions { EngineCores = Environment.ProcessorCount });
        silo.Services.AddSingleton(engines);
        silo.Services.AddSingleton<IHostedService>(engines);
        silo.Services.AddSerializer(TidingsTypes);
        silo.Services.Configure<ExceptionSerializationOptions>(TidingsExceptions);
        return silo;
    }

    /// <summary>Makes this client able to read what a Tidings cluster answers.</summary>
    public static IClientBuilder AddTidings(this IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Services.AddSerializer(TidingsTypes);
        client.Services.Configure<ExceptionSerializationOptions>(TidingsExceptions);
        return client;
    }

    /// <summary>
    /// The engine's own records (receipts, rejections, statuses) travel as JSON: they belong to the core library, which
    /// knows nothing of Orleans and carries none of its serialisation attributes.
    /// </summary>
    /// <remarks>
    /// Exceptions are Orleans' to carry (by type, message and stack): JSON cannot write a thrown exception, and a
    /// <see cref="Pipeline.LiveEngineBusyException"/> must reach the caller as itself for back-pressure to work.
    /// </remarks>
    private static void TidingsTypes(ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type => type.Namespace?.StartsWith("Tidings", StringComparison.Ordinal) == true && !typeof(Exception).IsAssignableFrom(type));

    private static void TidingsExceptions(ExceptionSerializationOptions options) => options.SupportedNamespacePrefixes.Add("Tidings");
}
