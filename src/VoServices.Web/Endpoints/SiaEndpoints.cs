using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Dali;
using VoServices.Sia;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web.Endpoints;

/// <summary>
/// SIA 2.0: /sia/query (GET or POST, DALI-sync, ObsCore image and cube rows), /sia/capabilities (VOSI; every
/// capability has a standardID, which pyVO's SIAService needs) and /sia/availability. Errors are DALI error
/// documents whose text starts with the SIA fault name (<c>UsageFault: POS: ...</c>), text/plain when the
/// client asked for CSV/TSV/FITS.
/// </summary>
public static class SiaEndpoints
{
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Errors: the SIA fault name first (UsageFault, ...), as text/plain when the client asked for CSV/TSV/FITS.</summary>
    private static readonly ProtocolErrors Errors = new ProtocolErrors.VotableErrors(SiaFault.Message, ["RESPONSEFORMAT"]);

    public static IServiceCollection AddSia(this IServiceCollection services) =>
        services.AddSingleton(SiaService.Create);

    public static IEndpointRouteBuilder MapSia(this IEndpointRouteBuilder app)
    {
        var sia = app.MapProtocol(Errors);
        sia.MapMethods(SiaResponse.QueryPath, ["GET", "POST"], QueryAsync).WithQueryAdmission();
        sia.MapGet("/sia/capabilities", (HttpContext context, SiaService service) => DaliHttp.WriteXmlAsync(context, Capabilities(service)));
        sia.MapGet("/sia/availability", (HttpContext context, NpgsqlDataSource db, ServerStart start) =>
            VosiEndpoints.WriteAvailabilityAsync(context, db, start.Utc));
        return app;
    }

    private static async Task QueryAsync(HttpContext context, SiaService sia)
    {
        var cancellationToken = context.RequestAborted;
        var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
        var query = SiaQuery.From(parameters, sia.Runner.Options);
        var result = await sia.Runner.RunAsync(query, sia.Urls.Base, () => ResponseTables.Start(context.Response, query.ResponseFormat), cancellationToken);
        if (result.LateException is { } late)
        {
            sia.Logger.LogWarning(late, "SIA query failed after {Rows} rows", result.Rows);
            if (!query.ResponseFormat.Format.IsVotable)
            {
                // CSV/TSV/FITS cannot say ERROR: cut the connection so the client sees an incomplete response.
                context.Abort();
            }
        }
    }

    public static string Capabilities(SiaService sia)
    {
        ArgumentNullException.ThrowIfNull(sia);
        var baseUrl = sia.Urls.Base + "/sia";
        var query = XmlText.Escape(sia.Urls.Base + SiaResponse.QueryPath);
        var o = sia.Runner.Options;
        // One queryType and no param list: both are valid VODataService, but pyVO 1.2.1 warns about a second
        // queryType and every param element each time a client opens the service (POST works all the same).
        return string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="{Xsi}"
                xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
              <capability standardID="{SiaResponse.StandardId}">
                <description>SIA 2.0 queries on the images and cubes of ivoa.obscore (default MAXREC {o.DefaultMaxrec}, at most {o.HardMaxrec})</description>
                <interface xsi:type="vs:ParamHTTP" role="std" version="2.0">
                  <accessURL use="base">{query}</accessURL>
                  <queryType>GET</queryType>
                  <resultType>application/x-votable+xml</resultType>
                </interface>
              </capability>
              {VosiEndpoints.VosiCapabilities(XmlText.Escape(baseUrl))}
            </vosi:capabilities>

            """);
    }

    /// <summary>The SIA service's parts, one per server.</summary>
    public sealed class SiaService(SiaQueryRunner runner, PublicUrls urls, ILogger logger)
    {
        public SiaQueryRunner Runner { get; } = runner;

        public PublicUrls Urls { get; } = urls;

        public ILogger Logger { get; } = logger;

        public static SiaService Create(IServiceProvider services)
        {
            ArgumentNullException.ThrowIfNull(services);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("VoServices.Sia");
            var tap = services.GetRequiredService<TapOptions>();
            // The same limits as the TAP service's synchronous queries (one configuration for both).
            var options = new SiaOptions { DefaultMaxrec = tap.DefaultMaxrec, HardMaxrec = tap.HardMaxrec, TimeoutSeconds = tap.SyncExecutionDuration };
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            var lists = new SiaValueLists(dataSource, options.ValueListsMaxAge,
                e => logger.LogWarning(e, "reading the SIA OPTION lists failed; descriptors go without them for now"));
            // User SQL runs on the unprivileged query pool; the OPTION lists are the service's own reads.
            var runner = new SiaQueryRunner(services.GetRequiredService<QueryDataSource>().Source, services.GetRequiredService<TapMetadataCache>(), lists, options);
            return new SiaService(runner, services.GetRequiredService<PublicUrls>(), logger);
        }
    }
}
