using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Tidings.Server;

/// <summary>A query or path parameter as the OpenAPI document describes it.</summary>
internal sealed record ApiParameter(string Name, string In, string Type, string Description, bool Required = false, string? Format = null);

/// <summary>
/// One endpoint: what it answers, how, and what it returns. The server maps these and the OpenAPI document is written
/// from them, so the document cannot describe an endpoint the server lacks or miss one it has.
/// </summary>
internal sealed record ApiRoute(
    string Method,
    string Pattern,
    string Summary,
    RequestDelegate Handler,
    JsonTypeInfo? Response,
    IReadOnlyList<ApiParameter> Parameters,
    IReadOnlyList<int> Statuses)
{
    /// <summary>Whether the route changes the store: it needs the API key and is held to the write rate.</summary>
    public bool Writes { get; init; }

    /// <summary>The media types of its body, for a route that takes one.</summary>
    public IReadOnlyList<string> Accepts { get; init; } = [];

    /// <summary>The media type of its answer, when it is not JSON.</summary>
    public string? Produces { get; init; }
}
