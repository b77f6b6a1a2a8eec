using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace Tidings.Server;

/// <summary>
/// The OpenAPI 3.1 document of the routes the server maps (see <see cref="ApiRoute"/>), with each answer's schema
/// exported from the same compile-time JSON description the server writes it with: the document and the answers
/// cannot drift apart, and nothing needs reflection (the server runs in the natively compiled <c>tidings</c>).
/// </summary>
internal static class OpenApiDocument
{
    public static string Write(IReadOnlyList<ApiRoute> routes, string version)
    {
        var paths = new JsonObject();
        foreach (var group in routes.GroupBy(r => r.Pattern))
        {
            var item = new JsonObject();
            foreach (var route in group)
                item[route.Method.ToLowerInvariant()] = Operation(route);
            paths[group.Key] = item;
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Tidings",
                ["version"] = version,
                ["description"] = "News stories built from a feed of articles: one story per real-world event, its sources, copies, timeline and corroborated facts.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject Operation(ApiRoute route)
    {
        var operation = new JsonObject
        {
            ["operationId"] = route.Method.ToLowerInvariant() + string.Concat(route.Pattern.Split('/', '{', '}').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..])),
            ["summary"] = route.Summary,
        };
        if (route.Parameters.Count > 0)
        {
            operation["parameters"] = new JsonArray([.. route.Parameters.Select(p =>
            {
                var schema = new JsonObject { ["type"] = p.Type };
                if (p.Format is not null)
                    schema["format"] = p.Format;
                return (JsonNode)new JsonObject { ["name"] = p.Name, ["in"] = p.In, ["required"] = p.Required, ["description"] = p.Description, ["schema"] = schema };
            })]);
        }
        if (route.Writes)
        {
            operation["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() });
            var content = new JsonObject();
            foreach (var type in route.Accepts)
                content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = type == "application/json" ? "object" : "string" } };
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content };
        }
        var responses = new JsonObject();
        foreach (int status in route.Statuses)
        {
            var response = new JsonObject { ["description"] = Describe(status) };
            if (status is 200 or 422 && route.Response is { } info)
                response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = info.GetJsonSchemaAsNode() } };
            else if (status == 200 && route.Produces is { } media)
                response["content"] = new JsonObject { [media] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } };
            else if (status != 200)
                response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ApiJson.Options.GetTypeInfo(typeof(ErrorResponse)).GetJsonSchemaAsNode() } };
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        operation["responses"] = responses;
        return operation;
    }

    private static string Describe(int status) => status switch
    {
        200 => "OK",
        400 => "The request cannot be read",
        401 => "No API key, or a wrong one",
        404 => "No such story or article",
        413 => "The body is larger than the server takes",
        422 => "Every record was refused (each with its line and reason)",
        429 => "Too many requests; try again shortly",
        503 => "The engine or the store cannot take it now (see Retry-After)",
        _ => "See the body",
    };
}
