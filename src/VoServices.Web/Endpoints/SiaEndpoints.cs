using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Core.Dali;
using VoServices.Core.Sia;
using VoServices.Core.Tap;
using VoServices.Core.Votable;

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

    public static IEndpointRouteBuilder MapSia(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Built on first use from the server's own parts (TAP's metadata cache, data source, limits).
        var sia = new Lazy<SiaService>(() => SiaService.Create(app.ServiceProvider), LazyThreadSafetyMode.ExecutionAndPublication);
        app.MapMethods("/sia/query", ["GET", "POST"], (HttpContext context) => QueryAsync(context, sia.Value));
        app.MapGet("/sia/capabilities", (HttpContext context) => DaliHttp.WriteXmlAsync(context, Capabilities(sia.Value)));
        app.MapGet("/sia/availability", (HttpContext context, TapService tap) => VosiEndpoints.WriteAvailabilityAsync(context, tap.DataSource, tap.StartedAt));
        return app;
    }

    private static async Task QueryAsync(HttpContext context, SiaService sia)
    {
        var cancellationToken = context.RequestAborted;
        var plainText = false;
        try
        {
            var (parameters, _) = await DaliHttp.ReadAsync(context.Request, cancellationToken);
            plainText = WantsPlainTextErrors(parameters);
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
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await DaliHttp.WriteErrorAsync(context, e, sia.Logger, SiaFault.Message, plainText);
        }
    }

    /// <summary>DALI: an error is a VOTable unless the client asked for another format (then text/plain).</summary>
    private static bool WantsPlainTextErrors(DaliParameters parameters)
    {
        try
        {
            return !ResponseFormats.Resolve(parameters.GetSingle("RESPONSEFORMAT"), ResponseFormats.All).Format.IsVotable;
        }
        catch (DaliException)
        {
            return false; // RESPONSEFORMAT itself is the error: answer in the default format
        }
    }

    public static string Capabilities(SiaService sia)
    {
        ArgumentNullException.ThrowIfNull(sia);
        var baseUrl = sia.Urls.Base + "/sia";
        var query = XmlText.Escape(sia.Urls.Base + SiaResponse.QueryPath);
        var o = sia.Runner.Options;
        var inputs = string.Concat(CapabilityParams.Select(p =>
            $"        <param std=\"true\"><name>{p.Name}</name><description>{XmlText.Escape(p.Description)}</description>"
            + (p.Unit is null ? "" : $"<unit>{p.Unit}</unit>")
            + $"<dataType>{p.Type}</dataType></param>\n"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0" xmlns:xsi="{Xsi}"
                xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1">
              <capability standardID="{SiaResponse.StandardId}">
                <description>SIA 2.0 queries on the images and cubes of ivoa.obscore (default MAXREC {o.DefaultMaxrec}, at most {o.HardMaxrec})</description>
                <interface xsi:type="vs:ParamHTTP" role="std" version="2.0">
                  <accessURL use="base">{query}</accessURL>
                  <queryType>GET</queryType>
                  <queryType>POST</queryType>
                  <resultType>application/x-votable+xml</resultType>
            {inputs}      </interface>
              </capability>
              <capability standardID="ivo://ivoa.net/std/VOSI#capabilities">
                <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{XmlText.Escape(baseUrl)}/capabilities</accessURL></interface>
              </capability>
              <capability standardID="ivo://ivoa.net/std/VOSI#availability">
                <interface xsi:type="vs:ParamHTTP"><accessURL use="full">{XmlText.Escape(baseUrl)}/availability</accessURL></interface>
              </capability>
            </vosi:capabilities>

            """);
    }

    /// <summary>The SIA 2.0 parameters as VODataService describes inputs of a ParamHTTP interface.</summary>
    private static readonly (string Name, string Type, string? Unit, string Description)[] CapabilityParams =
    [
        ("POS", "char", "deg", "Region intersecting the footprint: CIRCLE ra dec r, RANGE ra1 ra2 dec1 dec2 or POLYGON ra1 dec1 ... (ICRS)"),
        ("BAND", "double", "m", "Wavelength interval (lower upper, -Inf/+Inf for open ends)"),
        ("TIME", "double", "d", "Time interval in MJD"),
        ("POL", "char", null, "Polarization state (I Q U V RR LL RL LR XX YY XY YX POLI POLA)"),
        ("FOV", "double", "deg", "Interval containing the field of view"),
        ("SPATRES", "double", "arcsec", "Interval containing the spatial resolution"),
        ("EXPTIME", "double", "s", "Interval containing the exposure time"),
        ("TIMERES", "double", "s", "Interval containing the time resolution"),
        ("SPECRP", "double", null, "Interval containing the spectral resolving power"),
        ("ID", "char", null, "Publisher dataset identifier"),
        ("COLLECTION", "char", null, "Collection name"),
        ("FACILITY", "char", null, "Facility name"),
        ("INSTRUMENT", "char", null, "Instrument name"),
        ("DPTYPE", "char", null, "Data product type: image or cube"),
        ("CALIB", "int", null, "Calibration level (0 to 4)"),
        ("TARGET", "char", null, "Target name"),
        ("FORMAT", "char", null, "File format (MIME type)"),
        ("MAXREC", "int", null, "Most rows to return"),
        ("RESPONSEFORMAT", "char", null, "Output format (default VOTable)"),
    ];

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
            var options = SiaOptions.From(tap);
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            var lists = new SiaValueLists(dataSource, options.ValueListsMaxAge,
                e => logger.LogWarning(e, "reading the SIA OPTION lists failed; descriptors go without them for now"));
            var runner = new SiaQueryRunner(dataSource, services.GetRequiredService<TapMetadataCache>(), lists, options);
            return new SiaService(runner, services.GetRequiredService<PublicUrls>(), logger);
        }
    }
}
