using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using VoServices.Dali.Votable;
using VoServices.Products;

namespace VoServices.Web.Endpoints;

/// <summary>
/// HiPS 1.0 serving. Every published HiPS (built by `vo hips build` or ingested) has the base URL
/// /hips/{collection}/{obs_id}/ that HiPS clients open directly: its layout files (<see cref="HipsLayout"/>) with
/// validators and caching headers, and an index.html showing it in Aladin Lite, served from this service.
/// /hipslist is the node's HiPS list; /hips/ a page listing the surveys. The directory on disk comes from
/// vo.products, found by (collection, obs_id); nothing of the request is joined into a path but a name the
/// layout allows.
/// </summary>
public static class HipsEndpoints
{
    public const string ListPath = "/hipslist";
    public const string HipsListStandardId = "ivo://ivoa.net/std/hips#hipslist-1.0";

    /// <summary>Tiles of a rebuilt HiPS change: clients keep them ten minutes, then revalidate by ETag (a 304 costs no body).</summary>
    public const string CacheControl = "public, max-age=600";

    /// <summary>
    /// The survey page's policy: scripts, styles and data from this origin only (Aladin Lite compiles its WebAssembly
    /// and draws into blobs), so the page can reach no other host whatever the library would call.
    /// </summary>
    public const string ViewerContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self' data: blob:; worker-src 'self' blob:; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    public static IServiceCollection AddHips(this IServiceCollection services) =>
        services.AddProductCatalog().AddSingleton<HipsCatalog>();

    public static IEndpointRouteBuilder MapHips(this IEndpointRouteBuilder app)
    {
        var hips = app.MapProtocol(ProtocolErrors.Text);
        hips.MapGet("/hips", ListPageAsync); // and /hips/: routing ignores a trailing slash
        hips.MapGet(ListPath, HipsListAsync);
        hips.MapGet("/hips/capabilities", (HttpContext c, PublicUrls urls, Hips2FitsService cutouts) => DaliHttp.WriteXmlAsync(c, Capabilities(urls, cutouts)));
        hips.MapGet("/hips/{collection}/{**path}", ServeAsync);
        StaticAssets.Map(app);
        return app;
    }

    /// <summary>The HiPS node's VOSI capabilities: the HiPS list and the hips2fits cutout service.</summary>
    public static string Capabilities(PublicUrls urls, Hips2FitsService cutouts)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var root = XmlText.Escape(urls.Of("hips"));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
              {HipsListCapability(urls)}
              {Hips2FitsEndpoints.Capability(urls, cutouts)}
              <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
                <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{root}/capabilities</accessURL></interface>
              </capability>
            </vosi:capabilities>

            """;
    }

    /// <summary>The capability element declaring the HiPS list (also in the TAP capabilities: one place a client looks).</summary>
    public static string HipsListCapability(PublicUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return $"""
            <capability standardID="{HipsListStandardId}">
                <interface xsi:type="vr:WebBrowser"><accessURL use="full">{XmlText.Escape(urls.Of(ListPath))}</accessURL></interface>
              </capability>
            """;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string collection, string? path, HipsCatalog hips)
    {
        path ??= "";
        // The HiPS is a leading part of the path (its obs_id), the rest a file of its layout.
        var segments = path.Split('/');
        var candidates = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).Where(c => c.Length > 0 && !c.EndsWith('/')).ToArray();
        var product = candidates.Length == 0 ? null : await hips.FindAsync(collection, candidates, context.RequestAborted);
        if (product is null)
        {
            return NotFound($"No HiPS '{path}' in collection '{collection}'");
        }

        // Clients join base URL and file with a '/' of their own, so "base//Norder3/..." is common: one is as good as two.
        var inside = path.Length > product.ObsId.Length ? path[(product.ObsId.Length + 1)..].TrimStart('/') : null;
        switch (inside)
        {
            case null:
                // Clients resolve the survey's files against its base URL: it must end in '/'. Relative, for proxies.
                return Results.Redirect(Uri.EscapeDataString(product.ObsId.Split('/')[^1]) + "/");
            case "" or "index.html":
                return ViewerPage(context, product);
        }

        if (!HipsLayout.IsLayoutFile(inside))
        {
            return NotFound($"'{inside}' is not a file of the HiPS layout");
        }

        var file = new FileInfo(Path.Combine(product.FilePath, inside));
        if (!file.Exists)
        {
            return NotFound($"HiPS '{product.ObsId}' has no '{inside}'");
        }

        context.Response.Headers.CacheControl = CacheControl;
        return Results.File(file.FullName, HipsLayout.ContentType(inside), lastModified: file.LastWriteTimeUtc, entityTag: EntityTag(file), enableRangeProcessing: true);
    }

    /// <summary>A strong validator from the file's modification time and length: a rebuilt tile gets a new one.</summary>
    private static EntityTagHeaderValue EntityTag(FileInfo file) =>
        new(string.Create(CultureInfo.InvariantCulture, $"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\""));

    private static IResult ViewerPage(HttpContext context, PublishedProduct product)
    {
        var properties = ReadProperties(product);
        string Property(string key, string fallback) => properties.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        var title = Property("obs_title", product.Title ?? product.ObsId);
        var ra = Property("hips_initial_ra", (product.Ra ?? 0).ToString("R", CultureInfo.InvariantCulture));
        var dec = Property("hips_initial_dec", (product.Dec ?? 0).ToString("R", CultureInfo.InvariantCulture));
        var fov = Property("hips_initial_fov", Math.Clamp(product.Fov ?? 60, 0.01, 180).ToString("R", CultureInfo.InvariantCulture));
        var frame = Property("hips_frame", "equatorial");
        // Relative links: the page works under any host name or proxy prefix the browser used.
        var up = string.Concat(Enumerable.Repeat("../", product.HipsPath.Count(c => c == '/')));
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><title>{XmlText.Escape(title)} (HiPS)</title>
            <style>html,body{"{"}margin:0;height:100%;font-family:sans-serif{"}"}#aladin-lite-div{"{"}width:100%;height:calc(100% - 4.4em){"}"}header,form{"{"}height:2em;line-height:2em;padding:0 .5em{"}"}form{"{"}margin:.2em 0{"}"}form input{"{"}width:6em{"}"}</style>
            </head><body>
            <header><a href="{up}hips/">HiPS</a> › <strong>{XmlText.Escape(title)}</strong> · <a href="properties">properties</a> · <a href="Moc.fits">Moc.fits</a></header>
            <div id="aladin-lite-div" data-ra="{XmlText.Escape(ra)}" data-dec="{XmlText.Escape(dec)}" data-fov="{XmlText.Escape(fov)}" data-frame="{XmlText.Escape(frame)}"></div>
            {CutoutForm(product, properties, up, ra, dec, fov)}
            <script type="module" src="{up}static/hips-view.js"></script>
            </body></html>

            """;
        context.Response.Headers.ContentSecurityPolicy = ViewerContentSecurityPolicy;
        return Results.Text(html, "text/html; charset=utf-8");
    }

    /// <summary>A one-line hips2fits form, starting at the survey's initial view (for surveys with FITS tiles: cutouts are made of those).</summary>
    private static string CutoutForm(PublishedProduct product, IReadOnlyDictionary<string, string> properties, string up, string ra, string dec, string fov)
    {
        if (!(properties.GetValueOrDefault("hips_tile_format") ?? "").Split(' ').Contains("fits", StringComparer.OrdinalIgnoreCase))
        {
            return "";
        }

        static string Options(params string[] values) => string.Concat(values.Select(v => $"<option>{v}</option>"));
        var coordsys = properties.GetValueOrDefault("hips_frame") == "galactic" ? "galactic" : "icrs";
        return $"""
            <form action="{up}hips2fits" method="get" target="_blank">Cut out an image:
            <input type="hidden" name="hips" value="{XmlText.Escape(Hips2FitsService.NameOf(product))}"/>
            <label>ra <input name="ra" value="{XmlText.Escape(ra)}"/></label> <label>dec <input name="dec" value="{XmlText.Escape(dec)}"/></label>
            <label>fov° <input name="fov" value="{XmlText.Escape(fov)}"/></label>
            <label>width <input name="width" value="800"/></label> <label>height <input name="height" value="600"/></label>
            <select name="projection" aria-label="projection">{Options("TAN", "SIN", "CAR", "AIT", "MOL", "ZEA")}</select>
            <select name="coordsys" aria-label="frame"><option>{coordsys}</option><option>{(coordsys == "icrs" ? "galactic" : "icrs")}</option></select>
            <select name="format" aria-label="format">{Options("png", "jpg", "fits")}</select>
            <select name="cmap" aria-label="colour map">{Options("viridis", "Greys_r", "magma", "Oranges", "turbo")}</select>
            <select name="stretch" aria-label="stretch">{Options("linear", "sqrt", "asinh", "log")}</select>
            <button>hips2fits</button></form>
            """;
    }

    private static IReadOnlyDictionary<string, string> ReadProperties(PublishedProduct product)
    {
        var path = Path.Combine(product.FilePath, Products.HipsProperties.PropertiesFile);
        return File.Exists(path) ? Products.HipsProperties.ReadProperties(path) : new Dictionary<string, string>();
    }

    private static async Task<IResult> ListPageAsync(HttpContext context, HipsCatalog catalog, CancellationToken cancellationToken)
    {
        if (!context.Request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect("hips/"); // the page's links are relative to /hips/
        }

        var html = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><title>HiPS surveys</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}td,th{padding:.2em .6em;text-align:left}code{background:#eee;padding:0 .2em}</style>
            </head><body>
            <h1>HiPS surveys</h1>
            <p>Open a survey in Aladin Lite below, or give its base URL to Aladin Desktop or any HiPS client.
            The <a href="../hipslist">HiPS list</a> describes them all for HiPS clients and registries.</p>
            <table><tr><th>Survey</th><th>Base URL</th><th>Order</th><th>Frame</th></tr>

            """);
        var hips = await catalog.ListAsync(cancellationToken);
        foreach (var product in hips)
        {
            var properties = ReadProperties(product);
            var relative = product.HipsPath["/hips/".Length..] + "/";
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="{XmlText.Escape(relative)}">{XmlText.Escape(properties.GetValueOrDefault("obs_title") ?? product.Title ?? product.ObsId)}</a></td><td><code>{XmlText.Escape(product.HipsPath)}</code></td><td>{XmlText.Escape(properties.GetValueOrDefault("hips_order") ?? "")}</td><td>{XmlText.Escape(properties.GetValueOrDefault("hips_frame") ?? "")}</td></tr>

                """);
        }

        html.Append(hips.Count == 0 ? "</table>\n<p>No HiPS is published yet: build one with <code>vo hips build</code> and ingest it.</p>\n" : "</table>\n");
        html.Append("</body></html>\n");
        return Results.Text(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> HipsListAsync(HipsCatalog catalog, PublicUrls urls, CancellationToken cancellationToken)
    {
        var hips = await catalog.ListAsync(cancellationToken);
        var text = new StringBuilder();
        foreach (var product in hips)
        {
            var path = Path.Combine(product.FilePath, Products.HipsProperties.PropertiesFile);
            if (!File.Exists(path))
            {
                continue;
            }

            text.Append(HipsList.Record(File.ReadLines(path), urls.Of(product.HipsPath), product.FileModified)).Append('\n');
        }

        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    private static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
