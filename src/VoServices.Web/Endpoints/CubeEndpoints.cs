using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Cubes;
using VoServices.Dali;
using VoServices.Dali.Votable;
using VoServices.Products;
using VoServices.Soda;

namespace VoServices.Web.Endpoints;

/// <summary>
/// Cube exploration next to the data: GET|POST /cube/moment (moment maps), /cube/pv (position–velocity slices), /cube/channels (binned channel maps), each as FITS or as a PNG rendering. Errors are SODA's (text/plain starting
/// with UsageError, 400 naming the parameter); a spectral range outside the cube is 204, as SODA answers no overlap.
/// Cubes are looked up by ID in the database; no request text becomes a path.
/// </summary>
public static class CubeEndpoints
{
    public const string MomentPath = DatalinkDescriptors.CubeMomentPath;

    public const string PvPath = DatalinkDescriptors.CubePvPath;

    public const string ChannelsPath = DatalinkDescriptors.CubeChannelsPath;

    private static readonly ProtocolErrors Errors = new ProtocolErrors.TextErrors(SodaErrors.Text);

    public const string CapabilitiesPath = "/cube/capabilities";

    public static IServiceCollection AddCubes(this IServiceCollection services, VoServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddProductCatalog().AddSingleton(new CubeAdmission(new QueryAdmission(options.CubeAdmission)));
    }

    public static IEndpointRouteBuilder MapCubes(this IEndpointRouteBuilder app)
    {
        var cubes = app.MapProtocol(Errors);
        cubes.MapMethods(MomentPath, ["GET", "POST"], MomentAsync);
        cubes.MapMethods(PvPath, ["GET", "POST"], PvAsync);
        cubes.MapMethods(ChannelsPath, ["GET", "POST"], ChannelsAsync);
        app.MapGet(CapabilitiesPath, (HttpContext c, PublicUrls urls, CubeAdmission admission) => DaliHttp.WriteXmlAsync(c, Capabilities(urls, admission.Limits)));
        return app;
    }

    /// <summary>The cube services' VOSI capabilities, each with its inputs and the limits it answers 413 or 503 beyond.</summary>
    public static string Capabilities(PublicUrls urls, QueryAdmissionLimits admission)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(admission);
        var limits = FormattableString.Invariant(
            $"Limits: {CubeLimits.MaxWorkingBytes >> 20} MB of working memory a request (then 413: give a region or fewer maps); {admission.Concurrency} products made at once, {admission.Queue} waiting up to {admission.QueueSeconds} s (then 503).");
        string Capability(string path, string what) => $"""
              <capability>
                <description>{XmlText.Escape(what + " " + limits)}</description>
                <interface xsi:type="vs:ParamHTTP" role="std">
                  <accessURL use="base">{XmlText.Escape(urls.Of(path))}</accessURL>
                  <queryType>GET</queryType><queryType>POST</queryType><resultType>image/fits</resultType>
                </interface>
              </capability>
            """;
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:vr="http://www.ivoa.net/xml/VOResource/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
            {Capability(MomentPath, "Moment maps of a cube: ID, MOMENT (0 1 2 sigma fwhm peak vpeak rms), VLOW/VHIGH (km/s) or BAND (m), VELDEF, RESTFRQ, CLIP (value or n sigma), CIRCLE/POLYGON/POS, POL, RESPONSEFORMAT image/fits or image/png.")}
            {Capability(PvPath, FormattableString.Invariant($"Position-velocity slices of a cube: ID, PATH (≤ {PvRequest.MaxVertices} vertices) or CENTER+LENGTH+PA, WIDTH, SPACING, INTERP, ORIGIN, FRAME, VLOW/VHIGH, VELDEF, RESTFRQ, POL; at most {PvSlices.MaxPositions} interpolated positions."))}
            {Capability(ChannelsPath, "Binned channel maps of a cube: ID, VLOW/VHIGH, NBIN or BINWIDTH (km/s), VELDEF, RESTFRQ, POL.")}
              <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
                <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{XmlText.Escape(urls.Of(CapabilitiesPath))}</accessURL></interface>
              </capability>
            </vosi:capabilities>

            """;
    }

    private static async Task MomentAsync(HttpContext context, ProductCatalog products, CubeAdmission admission)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = MomentRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
        using var place = await admission.AdmitAsync(cancellationToken);
        using var cube = CubeFile.Open(product.FilePath, request.Pol);
        var maps = await Task.Run(() => CubeMoments.Compute(cube, request, cancellationToken), cancellationToken);
        if (maps is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var suffix = "_mom" + string.Join("_", request.Moments.Select(MomentRequest.Name));
        if (request.Png)
        {
            var (v0, v1) = (maps.Axis.Velocity[maps.FirstChannel], maps.Axis.Velocity[maps.LastChannel]);
            var title = FormattableString.Invariant($"Moment {MomentRequest.Name(request.Moments[0])} of {product.Title ?? product.ObsId}, {Math.Min(v0, v1):F1} to {Math.Max(v0, v1):F1} km/s");
            await PngAsync(context.Response, product, suffix, () => MomentPng.Render(maps, cube, title), cancellationToken);
            return;
        }

        FitsAttachment(context.Response, product, suffix);
        await MomentFits.WriteAsync(maps, cube, request, context.Response.Body, cancellationToken);
    }

    private static async Task PvAsync(HttpContext context, ProductCatalog products, CubeAdmission admission)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = PvRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
        using var place = await admission.AdmitAsync(cancellationToken);
        using var cube = CubeFile.Open(product.FilePath, request.Pol);
        var slice = await Task.Run(() => PvSlices.Compute(cube, request, cancellationToken), cancellationToken);
        if (slice is null)
        {
            // The path misses the cube, or the velocity range its channels: no overlap, as SODA answers it.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (request.Png)
        {
            var title = $"PV slice of {product.Title ?? product.ObsId}";
            await PngAsync(context.Response, product, "_pv", () => PvPng.Render(slice, cube, request, title), cancellationToken);
            return;
        }

        FitsAttachment(context.Response, product, "_pv");
        await PvFits.WriteAsync(slice, cube, request, context.Response.Body, cancellationToken);
    }

    private static async Task ChannelsAsync(HttpContext context, ProductCatalog products, CubeAdmission admission)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = ChannelMapRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
        using var place = await admission.AdmitAsync(cancellationToken);
        using var cube = CubeFile.Open(product.FilePath, request.Pol);
        var maps = await Task.Run(() => ChannelMaps.Compute(cube, request, cancellationToken), cancellationToken);
        if (maps is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (request.Png)
        {
            var title = FormattableString.Invariant($"Channel maps of {product.Title ?? product.ObsId}, {maps.ChannelsPerBin} channel(s) each");
            await PngAsync(context.Response, product, "_channels", () => ChannelMosaic.Render(maps, cube, request, title), cancellationToken);
            return;
        }

        FitsAttachment(context.Response, product, "_channels");
        await ChannelMapFits.WriteAsync(maps, cube, request, context.Response.Body, cancellationToken);
    }

    private static string FileStem(PublishedProduct product) => Path.GetFileNameWithoutExtension(product.ObsId.Split('/')[^1]);

    // A rendering made off the request thread, answered inline.
    private static async Task PngAsync(HttpResponse response, PublishedProduct product, string suffix, Func<byte[]> render, CancellationToken cancellationToken)
    {
        var png = await Task.Run(render, cancellationToken);
        response.ContentType = "image/png";
        response.ContentLength = png.Length;
        response.Headers.ContentDisposition = $"inline; filename=\"{FileStem(product)}{suffix}.png\"";
        await response.Body.WriteAsync(png, cancellationToken);
    }

    private static void FitsAttachment(HttpResponse response, PublishedProduct product, string suffix)
    {
        response.ContentType = "image/fits";
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileStem(product)}{suffix}.fits\"";
    }

    private static async Task<PublishedProduct> FindCubeAsync(ProductCatalog products, string id, CancellationToken cancellationToken)
    {
        var found = await products.FindAsync([id], cancellationToken);
        if (!found.TryGetValue(id.ToLowerInvariant(), out var product))
        {
            throw new DaliException(DaliErrorKind.NotFound, $"ID: no dataset with ID {id} is published here", "ID");
        }

        return product.Kind switch
        {
            ProductKind.Hips => throw DaliException.BadParameter("ID", $"{id} is a HiPS survey; moments and PV slices are made of cubes (cut HiPS images with /hips2fits)"),
            ProductKind.Rss => throw DaliException.BadParameter("ID",
                $"{id} is row-stacked spectra (RSS); moments, channel maps and PV slices are defined for cubes only. Cut its fibres with /soda/sync (POS, BAND) instead"),
            _ => product,
        };
    }
}

/// <summary>
/// Admission of cube products: CPU- and disk-bound (a moment map uses every core and reads its whole range), so few run
/// at once and a short queue absorbs bursts; beyond, 503 with Retry-After. Held from before the cube is opened until
/// the answer is written.
/// </summary>
public sealed class CubeAdmission(QueryAdmission admission)
{
    public QueryAdmissionLimits Limits => admission.Limits;

    public ValueTask<IDisposable> AdmitAsync(CancellationToken cancellationToken) => admission.AdmitAsync("", cancellationToken);
}
