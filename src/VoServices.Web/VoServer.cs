using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Datalink;
using VoServices.Products;
using VoServices.Preview;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Uws;
using VoServices.Web.Endpoints;

namespace VoServices.Web;

/// <summary>
/// Builds the web application: services, error handling, and every endpoint (TAP sync/async, VOSI,
/// examples, landing page). `vo serve` and the integration tests both start the server through here.
/// </summary>
public static class VoServer
{
    /// <summary>The services the landing page names; other services add themselves here as they are built.</summary>
    public static IReadOnlyList<ServiceLink> Services { get; } =
    [
        new("TAP 1.1", "/tap", "Table Access Protocol: ADQL queries on ivoa.obscore and TAP_SCHEMA (sync, async, upload)"),
        new("TAP capabilities (VOSI)", "/tap/capabilities", "what the TAP service supports"),
        new("TAP availability (VOSI)", "/tap/availability", "whether the service is up"),
        new("TAP tables (VOSI)", "/tap/tables", "the published tables and columns"),
        new("TAP examples (DALI)", "/tap/examples", "example ADQL queries"),
        new("SIA 2.0", "/sia/query", "Simple Image Access: images and cubes by position, band, time, polarization, ... (e.g. ?POS=CIRCLE 10.68 41.27 1)"),
        new("SIA capabilities (VOSI)", "/sia/capabilities", "what the SIA service supports"),
        new("SIA availability (VOSI)", "/sia/availability", "whether the SIA service is up"),
        new("DataLink 1.1 links", "/datalink/links?ID=", "files, previews, headers, cutout services and related products of a dataset (ID = obs_publisher_did)"),
        new("DataLink capabilities (VOSI)", "/datalink/capabilities", "what the DataLink service supports"),
        new("SODA 1.0 sync cutouts", "/soda/sync?ID=", "cutouts of cubes and spectra: ID, CIRCLE, POLYGON, POS, BAND (m), TIME (MJD), POL"),
        new("SODA capabilities (VOSI)", "/soda/capabilities", "what the SODA service supports"),
    ];

    public static WebApplication BuildApp(VoServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        var tap = options.Tap;
        var maxBody = (tap.UploadMaxBytes * tap.UploadMaxTables) + (16 * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = maxBody;
            f.ValueLengthLimit = 4 * 1024 * 1024;
        });
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "voservices" }.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(tap);
        builder.Services.AddSingleton(new TapMetadataCache(dataSource, TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton(_ => new TapUploads(tap, options.AllowUploadByUrl ? new HttpClient { Timeout = TimeSpan.FromMinutes(2) } : null));
        builder.Services.AddSingleton(sp => new TapQueryRunner(dataSource, sp.GetRequiredService<TapMetadataCache>(), sp.GetRequiredService<TapUploads>())
        {
            ServiceBaseUrl = () => sp.GetRequiredService<PublicUrls>().Base,
        });
        builder.Services.AddSingleton(new ProductCatalog(dataSource));
        builder.Services.AddSingleton(new PreviewCache(options.PreviewDirectory, new PreviewRenderer()));
        builder.Services.AddSingleton(sp => new UwsJobManager(new UwsJobStore(dataSource),
            new TapJobExecutor(sp.GetRequiredService<TapQueryRunner>(), tap),
            new UwsManagerOptions(TapService.JobList, tap.ResultDirectory)
            {
                Workers = tap.Workers,
                DefaultExecutionDuration = tap.DefaultExecutionDuration,
                HardExecutionDuration = tap.HardExecutionDuration,
                DefaultRetention = tap.DefaultRetention,
                HardRetention = tap.HardRetention,
                SweepInterval = TimeSpan.FromSeconds(tap.DestructionSweepInterval),
            },
            JobLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoServices.Uws"))));
        builder.Services.AddSingleton<TapService>();
        builder.Services.AddHostedService<UwsHostedService>();
        WebApplication? built = null;
        builder.Services.AddSingleton(new PublicUrls(() => options.PublicUrl ?? built?.Urls.FirstOrDefault() ?? options.Urls));

        var app = builder.Build();
        built = app;
        app.Use(ErrorsAsDaliDocuments);
        app.MapPages(Services);
        app.MapTapSync();
        app.MapTapAsync();
        app.MapTapVosi();
        app.MapSia();
        app.MapFiles();
        var startedAt = DateTime.UtcNow;
        app.MapDatalink(startedAt);
        app.MapSoda(startedAt);
        return app;
    }

    private static async Task ErrorsAsDaliDocuments(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its query has been cancelled with the token.
        }
        catch (Exception e)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("VoServices.Web");
            await DaliHttp.WriteErrorAsync(context, e, logger);
        }
    }

    private static Action<Exception?, string> JobLog(ILogger logger) => (e, message) =>
    {
        if (e is null)
        {
            logger.LogInformation("{Message}", message);
        }
        else
        {
            logger.LogError(e, "{Message}", message);
        }
    };

    /// <summary>Starts the UWS workers with the host (after recovering jobs of a previous run) and stops them with it.</summary>
    private sealed class UwsHostedService(UwsJobManager jobs) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => jobs.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await jobs.DisposeAsync();
    }
}
