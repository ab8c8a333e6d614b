using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoServices.Database;
using VoServices.Tap;

namespace VoServices.Web.Endpoints;

/// <summary>TAP /sync: GET or POST (form or multipart with inline uploads); the result streams as it is read.</summary>
public static class TapSyncEndpoints
{
    public static IEndpointRouteBuilder MapTapSync(this IEndpointRouteBuilder app)
    {
        var tap = app.ServiceProvider.GetRequiredService<TapOptions>();
        app.MapMethods("/tap/sync", ["GET", "POST"], HandleAsync).WithQueryAdmission().WithBodyLimit(RequestBodies.TapMaxBytes(tap));
        return app;
    }

    private static async Task HandleAsync(HttpContext context, TapService tap)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, files) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var request = TapRequest.From(parameters, tap.Options);
        var result = await tap.Runner.RunAsync(request, new DaliHttp.FormFileParts(files), tap.Options.SyncExecutionDuration,
            () => ResponseTables.Start(context.Response, request.Format), cancellationToken);
        if (result.LateException is { } late)
        {
            tap.Logger.LogWarning(late, "sync query failed after {Rows} rows", result.Rows);
            if (!request.Format.Format.IsVotable)
            {
                // CSV/TSV cannot say ERROR: cut the connection so the client sees an incomplete response.
                context.Abort();
            }
        }
    }
}
