using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Products;
using VoServices.Database;
using VoServices.Tap;
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
        new("SODA 1.0 async bulk cutouts", SodaAsyncService.Path, "UWS jobs: many IDs × regions × bands, or a target list (UPLOAD=targets,param:NAME) whose covering products the service finds; a manifest, every cutout and one tar"),
        new("SODA capabilities (VOSI)", "/soda/capabilities", "what the SODA service supports, with the bulk limits"),
        new("HiPS surveys", "/hips/", "every published HiPS, each shown in Aladin Lite at its base URL /hips/{collection}/{obs_id}/"),
        new("HiPS list", HipsEndpoints.ListPath, "the HiPS list of this node, for Aladin, the MocServer and registries"),
        new("hips2fits cutouts", Hips2FitsEndpoints.Path + "?hips=", "images cut out of any HiPS (CDS hips2fits parameters, astroquery's client): FITS, PNG, JPEG in any projection and frame"),
        new("Cube moments", CubeEndpoints.MomentPath + "?ID=", "moment maps of a cube: MOMENT=0,1,2,sigma,fwhm,peak,vpeak,rms over VLOW/VHIGH (km/s) or BAND (m), VELDEF, RESTFRQ, CLIP, CIRCLE/POLYGON/POS"),
        new("Cube PV slices", CubeEndpoints.PvPath + "?ID=", "position–velocity slices of a cube along PATH or CENTER+LENGTH+PA"),
        new("Cube channel maps", CubeEndpoints.ChannelsPath + "?ID=", "binned channel maps of a cube: NBIN or BINWIDTH (km/s)"),
        new("Cube capabilities (VOSI)", CubeEndpoints.CapabilitiesPath, "the cube services, with their limits"),
        new("HiPS capabilities (VOSI)", "/hips/capabilities", "the HiPS list and the hips2fits service, with its limits"),
    ];

    public static WebApplication BuildApp(VoServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        LimitRequestBodies(builder, options.Tap);
        builder.AddHttpHardening();
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        // ASP.NET's own request lines (two per request at Information) would dwarf everything else under load.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        WebApplication? built = null;
        builder.Services
            .AddShared(options, () => built)
            .AddTap(options.Tap, options.AllowUploadByUrl, options.UploadUrlHosts)
            .AddSia()
            .AddDatalink(options.PreviewDirectory)
            .AddSoda()
            .AddSodaAsync(options.Tap, options.SodaBulk)
            .AddFiles()
            .AddHips()
            .AddHips2Fits(options)
            .AddCubes(options);

        var app = builder.Build();
        built = app;
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = _ => Task.CompletedTask });
        app.UseHttpHardening();
        app.UseRouting(); // after the hardening: a HEAD turned GET must be routed as a GET
        app.MapPages(Services);
        app.MapTap();
        app.MapSia();
        app.MapFiles();
        app.MapHips();
        app.MapHips2Fits();
        app.MapCubes();
        app.MapDatalink();
        app.MapSoda();
        return app;
    }

    /// <summary>The product lookup by ID, shared by DataLink, SODA, previews and /files.</summary>
    internal static IServiceCollection AddProductCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ProductCatalog(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }

    /// <summary>What every service uses: the database, the URLs clients see, the start time, TAP_SCHEMA, the error handler.</summary>
    private static IServiceCollection AddShared(this IServiceCollection services, VoServerOptions options, Func<WebApplication?> app)
    {
        var dataSource = new NpgsqlDataSourceBuilder(PoolConnectionString(options.ConnectionString, options.OwnerPoolSize, options))
            { Name = "voservices" }.Build();
        services.AddSingleton(_ => dataSource); // a factory registration, so the container closes the pool at shutdown
        var query = new QueryDataSource(new NpgsqlDataSourceBuilder(QueryConnectionString(options)) { Name = "voservices-query" }.Build());
        services.AddSingleton(_ => query);
        services.AddSingleton(new ServerStart(DateTime.UtcNow));
        services.AddSingleton(new TapMetadataCache(dataSource, TimeSpan.FromSeconds(30)));
        services.AddSingleton(new PublicUrls(() => options.PublicUrl ?? app()?.Urls.FirstOrDefault() ?? options.Urls));
        services.AddSingleton(new QueryAdmission(options.SyncAdmission));
        services.AddExceptionHandler<ProtocolExceptionHandler>();
        return services;
    }

    /// <summary>The owner's connection string with the pool bounds (explicit values in it win).</summary>
    private static string PoolConnectionString(string connectionString, int poolSize, VoServerOptions options)
    {
        // A value still at Npgsql's default counts as not given: compared by value, not by asking the builder which keywords it holds.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var defaults = new NpgsqlConnectionStringBuilder();
        if (builder.MaxPoolSize == defaults.MaxPoolSize)
        {
            builder.MaxPoolSize = Math.Max(1, poolSize);
        }

        if (builder.ConnectionIdleLifetime == defaults.ConnectionIdleLifetime)
        {
            builder.ConnectionIdleLifetime = Math.Max(1, options.PoolIdleSeconds);
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// User queries' connection string: the same host and database as the owner's, logged in as the
    /// unprivileged <see cref="VoServerOptions.QueryUser"/>, so no SQL can step back into the owner's rights.
    /// </summary>
    private static string QueryConnectionString(VoServerOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(PoolConnectionString(options.ConnectionString, options.QueryPoolSize, options));
        if (options.QueryUser is not null)
        {
            builder.Username = options.QueryUser;
            builder.Password = options.QueryPassword; // never the owner's password
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Request bodies: <see cref="RequestBodies.DefaultMaxBytes"/> unless the endpoint says more; a multipart part up
    /// to an upload's maximum (parts go to disk); url-encoded values up to 4 MB each (an ADQL query).
    /// </summary>
    private static void LimitRequestBodies(WebApplicationBuilder builder, TapOptions tap)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodies.DefaultMaxBytes);
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = tap.UploadMaxBytes + RequestBodies.DefaultMaxBytes;
            f.ValueLengthLimit = 4 * 1024 * 1024;
        });
    }
}
