using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Products;

namespace VoServices.Web.Endpoints;

/// <summary>
/// GET /files/{collection}/{obs_id}: the product files behind ObsCore's access_url, with HTTP ranges.
/// The product is looked up in the database by (obs_collection, obs_id); the path on disk comes from
/// vo.products, never from the request. Inside a HiPS directory only the HiPS layout's own file names
/// (<see cref="HipsLayout"/>) are served; /hips serves the same HiPS to HiPS clients, with caching headers.
/// </summary>
public static class FilesEndpoints
{
    public static IServiceCollection AddFiles(this IServiceCollection services) => services.AddProductCatalog();

    /// <summary>Failures are plain text: /files is not a DAL service, its clients are browsers and download tools.</summary>
    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app)
    {
        app.MapProtocol(ProtocolErrors.Text).MapGet("/files/{collection}/{**path}", ServeAsync);
        return app;
    }

    private static async Task<IResult> ServeAsync(string collection, string path, ProductCatalog products, CancellationToken cancellationToken)
    {
        // The product is either the whole path (a file) or a leading part of it (a HiPS directory and a file inside).
        var segments = path.Split('/');
        var candidates = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).ToArray();
        var product = await products.FindByObsIdAsync(collection, candidates, cancellationToken);
        if (product is null)
        {
            return NotFound($"No product '{path}' in collection '{collection}'");
        }

        if (product.FileContentType is { } contentType)
        {
            return product.ObsId == path && File.Exists(product.FilePath)
                ? Results.File(product.FilePath, contentType, Path.GetFileName(product.FilePath), enableRangeProcessing: true)
                : NotFound($"No product '{path}' in collection '{collection}'");
        }

        var inside = path.Length > product.ObsId.Length ? path[(product.ObsId.Length + 1)..] : "";
        if (!HipsLayout.IsLayoutFile(inside))
        {
            return NotFound($"'{inside}' is not a file of the HiPS layout");
        }

        var file = Path.Combine(product.FilePath, inside);
        return File.Exists(file)
            ? Results.File(file, HipsLayout.ContentType(inside), enableRangeProcessing: true)
            : NotFound($"HiPS '{product.ObsId}' has no '{inside}'");
    }

    private static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain", statusCode: StatusCodes.Status404NotFound);
}
