using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Dali;
using VoServices.Dali.Votable;
using VoServices.Hips2Fits;
using VoServices.Products;

namespace VoServices.Web.Endpoints;

/// <summary>
/// hips2fits: GET|POST /hips2fits?hips=…&amp;… (or /hips2fits/{collection}/{obs_id}?…) cuts an image out of a served
/// HiPS, parameter-compatible with CDS's hips2fits so astroquery's client and existing scripts work. Refusals are
/// the JSON documents astroquery reads ({"title", "description"}, 4xx); a cutout off the survey's coverage is 204.
/// </summary>
public static class Hips2FitsEndpoints
{
    public const string Path = DatalinkDescriptors.Hips2FitsPath;

    public static IServiceCollection AddHips2Fits(this IServiceCollection services, VoServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddSingleton(sp => new Hips2FitsService(
            sp.GetRequiredService<HipsCatalog>(),
            new HipsTileCache(Math.Max(1, options.HipsTileCacheMegabytes) * (1L << 20)),
            new QueryAdmission(options.Hips2FitsAdmission)));
    }

    public static IEndpointRouteBuilder MapHips2Fits(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, ["GET", "POST"], (HttpContext c, Hips2FitsService s) => CutoutAsync(c, s, null)).WithBodyLimit(RequestBodies.FormMaxBytes);
        app.MapMethods(Path + "/{collection}/{**name}", ["GET", "POST"], (HttpContext c, Hips2FitsService s, string collection, string? name) =>
            CutoutAsync(c, s, collection + "/" + name)).WithBodyLimit(RequestBodies.FormMaxBytes);
        return app;
    }

    /// <summary>The capability element of the cutout service, with its limits (in /hips/capabilities).</summary>
    public static string Capability(PublicUrls urls, Hips2FitsService service)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(service);
        var limits = service.Admission.Limits;
        string Param(string name, string type, string description) =>
            $"<param std=\"false\"><name>{name}</name><description>{XmlText.Escape(description)}</description><dataType>{type}</dataType></param>";
        return $"""
            <capability>
                <description>{XmlText.Escape(FormattableString.Invariant(
                    $"hips2fits image cutouts from any HiPS served here (CDS hips2fits parameters). Limits: width × height ≤ {Hips2FitsLimits.MaxPixels} pixels, each side ≤ {Hips2FitsLimits.MaxSide}, 0 < fov ≤ {Hips2FitsLimits.MaxFov} degrees; {limits.Concurrency} cutouts at once, {limits.Queue} waiting (then 503); decoded tiles cached up to {service.Tiles.CapacityBytes >> 20} MB."))}</description>
                <interface xsi:type="vs:ParamHTTP" role="std">
                  <accessURL use="base">{XmlText.Escape(urls.Of(Path))}</accessURL>
                  <queryType>GET</queryType><queryType>POST</queryType><resultType>image/fits</resultType>
                  {Param("hips", "char", "the HiPS: collection/obs_id as /hipslist gives it, or its creator_did")}
                  {Param("ra", "double", "centre longitude, degrees (in coordsys)")}
                  {Param("dec", "double", "centre latitude, degrees")}
                  {Param("fov", "double", "size of the larger image side, degrees")}
                  {Param("width", "int", "pixels")}
                  {Param("height", "int", "pixels")}
                  {Param("projection", "char", string.Join(" ", Hips2FitsParameters.Projections))}
                  {Param("coordsys", "char", "icrs or galactic")}
                  {Param("rotation_angle", "double", "degrees (CROTA2); alias pa")}
                  {Param("wcs", "char", "instead of the above: a JSON object of FITS WCS keywords with NAXIS1, NAXIS2")}
                  {Param("format", "char", "fits, png or jpg")}
                  {Param("stretch", "char", string.Join(" ", CutoutStretches.Names))}
                  {Param("cmap", "char", "a Matplotlib colour map name, e.g. Greys_r, viridis, Oranges")}
                  {Param("min_cut", "char", "value or percentile (0.5%); alias min")}
                  {Param("max_cut", "char", "value or percentile (99.5%); alias max")}
                  {Param("inverted", "boolean", "reverse the colour scale")}
                  {Param("interp", "char", "bilinear (default) or nearest")}
                </interface>
              </capability>
            """;
    }

    private static async Task CutoutAsync(HttpContext context, Hips2FitsService service, string? hipsFromPath)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        try
        {
            var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
            var request = Hips2FitsParameters.Parse(parameters, hipsFromPath);
            var survey = await service.FindAsync(request.Hips, cancellationToken);
            var (lease, refusal) = await service.Admission.TryAdmitAsync("", cancellationToken);
            if (lease is null)
            {
                throw new Hips2FitsException("Service busy", refusal!.Message, 503);
            }

            using (lease)
            {
                var image = await Task.Run(() => HipsCutout.Render(survey, request, service.Tiles, cancellationToken), cancellationToken);
                if (image is null)
                {
                    response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }

                var name = survey.Name.Replace('/', '_');
                response.ContentType = CutoutEncoder.ContentType(request.Format);
                response.Headers.ContentDisposition = $"inline; filename=\"{name}.{CutoutEncoder.Extension(request.Format)}\"";
                response.Headers.AccessControlAllowOrigin = "*";
                if (request.Format == CutoutFormat.Fits)
                {
                    await CutoutEncoder.WriteFitsAsync(image, response.Body, cancellationToken);
                }
                else
                {
                    var bytes = CutoutEncoder.EncodeImage(image, request.Format, request.Display);
                    response.ContentLength = bytes.Length;
                    await response.Body.WriteAsync(bytes, cancellationToken);
                }
            }
        }
        catch (Hips2FitsException e) when (!response.HasStarted)
        {
            await WriteErrorAsync(response, e.Status, e.Title, e.Message, cancellationToken);
        }
        catch (DaliException e) when (!response.HasStarted)
        {
            await WriteErrorAsync(response, e.Kind switch
            {
                DaliErrorKind.TooLarge => 413,
                DaliErrorKind.RequestTimeout => 408,
                _ => 400,
            }, "Bad request", e.Message, cancellationToken);
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string title, string description, CancellationToken cancellationToken)
    {
        response.Clear();
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers.AccessControlAllowOrigin = "*";
        if (status == 503)
        {
            response.Headers.RetryAfter = QueryAdmissionLimits.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["title"] = title, ["description"] = description }), cancellationToken);
    }
}

/// <summary>The published HiPS as cutouts see them (found by name or creator_did), the shared tile cache and the admission limits.</summary>
public sealed class Hips2FitsService(HipsCatalog catalog, HipsTileCache tiles, QueryAdmission admission)
{
    private readonly ConcurrentDictionary<string, HipsSurvey> _surveys = new(StringComparer.Ordinal);

    public HipsTileCache Tiles { get; } = tiles;

    public QueryAdmission Admission { get; } = admission;

    /// <summary>The survey named <paramref name="name"/> (collection/obs_id, or creator_did); 404 with close names otherwise.</summary>
    public async Task<HipsSurvey> FindAsync(string name, CancellationToken cancellationToken)
    {
        var all = await catalog.ListAsync(cancellationToken);
        var product = all.FirstOrDefault(p => string.Equals(NameOf(p), name, StringComparison.Ordinal))
            ?? all.FirstOrDefault(p => string.Equals(NameOf(p), name, StringComparison.OrdinalIgnoreCase));
        if (product is null)
        {
            foreach (var candidate in all)
            {
                if (Open(candidate) is { CreatorDid: { } did } survey && string.Equals(did.Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return survey;
                }
            }

            var close = all.Select(NameOf).OrderBy(n => Distance(n.ToLowerInvariant(), name.ToLowerInvariant())).ThenBy(n => n, StringComparer.Ordinal).Take(5);
            throw new Hips2FitsException("HiPS not found",
                $"No HiPS '{DaliParameters.Shorten(name)}' is served here. Closest names: {string.Join(", ", close)}. /hipslist lists them all.", 404);
        }

        return Open(product) ?? throw new Hips2FitsException("HiPS not found", $"{NameOf(product)} is published but its files are missing on this server", 404);
    }

    public static string NameOf(PublishedProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return product.Collection + "/" + product.ObsId;
    }

    // Re-read when its properties file changes (a rebuild); otherwise the opened survey (and its MOC) is reused.
    private HipsSurvey? Open(PublishedProduct product)
    {
        var properties = System.IO.Path.Combine(product.FilePath, "properties");
        if (!File.Exists(properties))
        {
            return null;
        }

        var generation = File.GetLastWriteTimeUtc(properties).Ticks;
        if (_surveys.TryGetValue(product.FilePath, out var known) && known.Generation == generation)
        {
            return known;
        }

        var survey = HipsSurvey.Open(NameOf(product), product.FilePath);
        _surveys[product.FilePath] = survey;
        return survey;
    }

    // Levenshtein distance, for "did you mean" names.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
