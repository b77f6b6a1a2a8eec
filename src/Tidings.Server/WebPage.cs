using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tidings.Server;

/// <summary>
/// The web page: plain HTML, CSS and JavaScript compiled into the program (nothing from a CDN, nothing to build), read
/// once and served from memory. The page fetches the API and renders every text from it as text, never as markup.
/// </summary>
internal static class WebPage
{
    private static readonly (string Path, string Resource, string Type)[] Files =
    [
        ("/", "wwwroot/index.html", "text/html; charset=utf-8"),
        ("/app.js", "wwwroot/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "wwwroot/app.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach (var (path, resource, type) in Files)
        {
            byte[] content = Read(resource);
            app.MapGet(path, context =>
            {
                context.Response.ContentType = type;
                // The page draws articles' text: no script but its own runs, and it is never framed by another site.
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "no-cache";
                return context.Response.Body.WriteAsync(content).AsTask();
            });
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the page's {resource} is not in the program");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
