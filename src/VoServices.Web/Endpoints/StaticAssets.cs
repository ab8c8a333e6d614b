using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace VoServices.Web.Endpoints;

/// <summary>
/// The scripts our pages load, embedded in this assembly at build time (Aladin Lite from npm, our viewer script):
/// served from /static/ by the service itself, so a page never depends on a CDN. Read once, with a content hash
/// as ETag; nothing but these names is served. Each is also gzipped once (Aladin Lite's 2.4 MB script is ~0.7 MB
/// so), and sent so to clients that accept it.
/// </summary>
internal static class StaticAssets
{
    private const string Prefix = "static/";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/static/{**name}", (HttpContext context, string name) =>
        {
            if (!Assets.Value.TryGetValue(name, out var asset))
            {
                return Results.Text($"No static file '{name}'\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }

            context.Response.Headers.CacheControl = "public, max-age=86400";
            context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (AcceptsGzip(context.Request))
            {
                context.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(asset.Gzipped, "text/javascript; charset=utf-8", entityTag: asset.GzippedETag);
            }

            return Results.Bytes(asset.Content, "text/javascript; charset=utf-8", entityTag: asset.ETag);
        });

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12));
            using var gzipped = new MemoryStream();
            using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(content);
            }

            assets.Add(resource[Prefix.Length..], new Asset(content, new EntityTagHeaderValue($"\"{hash}\""), gzipped.ToArray(), new EntityTagHeaderValue($"\"{hash}-gz\"")));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // "gzip" among the codings, unless given q=0.
    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList([.. request.Headers.AcceptEncoding.OfType<string>()], out var codings)
        && codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (c.Quality ?? 1) > 0);

    private sealed record Asset(byte[] Content, EntityTagHeaderValue ETag, byte[] Gzipped, EntityTagHeaderValue GzippedETag);
}
