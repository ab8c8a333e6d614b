using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Cubes;
using VoServices.Dali;
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

    public static IServiceCollection AddCubes(this IServiceCollection services) => services.AddProductCatalog();

    public static IEndpointRouteBuilder MapCubes(this IEndpointRouteBuilder app)
    {
        var cubes = app.MapProtocol(Errors);
        cubes.MapMethods(MomentPath, ["GET", "POST"], MomentAsync);
        cubes.MapMethods(PvPath, ["GET", "POST"], PvAsync);
        cubes.MapMethods(ChannelsPath, ["GET", "POST"], ChannelsAsync);
        return app;
    }

    private static async Task MomentAsync(HttpContext context, ProductCatalog products)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = MomentRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
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

    private static async Task PvAsync(HttpContext context, ProductCatalog products)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = PvRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
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

    private static async Task ChannelsAsync(HttpContext context, ProductCatalog products)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = ChannelMapRequest.From(parameters);
        var product = await FindCubeAsync(products, request.Id, cancellationToken);
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
