using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Dali;
using VoServices.Datalink;
using VoServices.Products;
using VoServices.Soda;

namespace VoServices.Web.Endpoints;

/// <summary>
/// SODA 1.0 sync (/soda/sync, GET or POST) with VOSI capabilities/availability. One ID gives a FITS
/// file; several IDs need RESPONSEFORMAT=application/x-tar (one FITS member per dataset that
/// overlaps). No overlap is HTTP 204; user errors are text/plain starting with SODA's error label.
/// Datasets are looked up by ID in the database; no request text becomes a path.
/// </summary>
public static class SodaEndpoints
{
    public const string TarMime = "application/x-tar";

    /// <summary>At most this many IDs per tar request.</summary>
    public const int MaxIds = SodaRequest.MaxIds;

    /// <summary>Errors: text/plain beginning with SODA's label (SODA 1.0 §5.2: UsageError, MultiValuedParamNotSupported, ...).</summary>
    private static readonly ProtocolErrors Errors = new ProtocolErrors.TextErrors(SodaErrors.Text);

    public static IServiceCollection AddSoda(this IServiceCollection services) => services.AddProductCatalog();

    public static IEndpointRouteBuilder MapSoda(this IEndpointRouteBuilder app)
    {
        var soda = app.MapProtocol(Errors);
        soda.MapMethods(DatalinkDescriptors.SodaSyncPath, ["GET", "POST"], SyncAsync);
        soda.MapUwsAsync<SodaAsyncService>(SodaAsyncService.Path, RequestBodies.SodaAsyncMaxBytes);
        soda.MapServiceVosi("/soda", "sync", DatalinkDescriptors.SodaSyncStandardId, "1.0",
            c => c.RequestServices.GetRequiredService<SodaAsyncService>().Capability());
        return app;
    }

    private static async Task SyncAsync(HttpContext context, ProductCatalog products)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = SodaRequest.From(parameters);
        var tar = WantsTar(parameters.GetSingle("RESPONSEFORMAT"));
        if (request.Ids.Count > 1 && !tar)
        {
            throw new DaliException(DaliErrorKind.MultiValuedParameter,
                $"ID was given {request.Ids.Count} times; one FITS file holds one dataset. " +
                $"Ask for several with RESPONSEFORMAT={TarMime} (a tar of FITS files), or one request per ID", "ID");
        }

        if (request.Ids.Count > MaxIds)
        {
            throw DaliException.BadParameter("ID", $"{request.Ids.Count} IDs given; at most {MaxIds} per request");
        }

        var plans = await PlanAsync(request, products, cancellationToken);
        if (plans.Count == 0)
        {
            // SODA 1.0 §5.3: no pixel of the data selected.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.StatusCode = 200;
        if (!tar)
        {
            var plan = plans[0];
            context.Response.ContentType = plan.ContentType;
            context.Response.ContentLength = plan.Length;
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{plan.FileName}\"";
            await plan.WriteAsync(context.Response.Body, cancellationToken);
            return;
        }

        var names = MemberNames(plans);
        context.Response.ContentType = TarMime;
        context.Response.ContentLength = TarStream.Length(plans.Select(p => p.Length));
        context.Response.Headers.ContentDisposition = "attachment; filename=\"cutouts.tar\"";
        for (var i = 0; i < plans.Count; i++)
        {
            await TarStream.WriteMemberAsync(context.Response.Body, names[i], plans[i].Length, plans[i].WriteAsync, cancellationToken);
        }

        await TarStream.EndAsync(context.Response.Body, cancellationToken);
    }

    /// <summary>Every ID must be a published FITS product; those the filters miss are dropped.</summary>
    private static async Task<List<SodaCutoutPlan>> PlanAsync(SodaRequest request, ProductCatalog products, CancellationToken cancellationToken)
    {
        var found = await products.FindAsync(request.Ids, cancellationToken);
        var plans = new List<SodaCutoutPlan>();
        foreach (var id in request.Ids)
        {
            if (!found.TryGetValue(id.ToLowerInvariant(), out var product))
            {
                throw new DaliException(DaliErrorKind.NotFound, $"ID: no dataset with ID {id} is published here", "ID");
            }

            if (product.Kind == ProductKind.Hips)
            {
                throw DaliException.BadParameter("ID", $"{id} is a HiPS survey; SODA cuts FITS cubes and spectra (use the HiPS tiles or hips2fits)");
            }

            var outcome = await SodaCutoutPlanner.PlanAsync(product.FilePath, request, cancellationToken);
            if (outcome.Plan is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans;
    }

    private static bool WantsTar(string? responseFormat)
    {
        var format = responseFormat?.Split(';')[0].Trim();
        if (string.IsNullOrEmpty(format) || format.Equals("fits", StringComparison.OrdinalIgnoreCase)
            || format.Equals("application/fits", StringComparison.OrdinalIgnoreCase) || format.Equals("image/fits", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (format.Equals("tar", StringComparison.OrdinalIgnoreCase) || format.Equals(TarMime, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw DaliException.BadParameter("RESPONSEFORMAT",
            $"'{DaliParameters.Shorten(responseFormat!)}' is not offered; cutouts are application/fits, or {TarMime} for several IDs");
    }

    /// <summary>Tar member names: the cutout file names, made unique.</summary>
    private static string[] MemberNames(List<SodaCutoutPlan> plans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return plans.Select((p, i) => seen.Add(p.FileName) ? p.FileName : $"{i + 1}_{p.FileName}").ToArray();
    }
}
