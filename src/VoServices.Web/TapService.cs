using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Dali;
using VoServices.Dali.Votable;
using VoServices.Database;
using VoServices.Tap;
using VoServices.Uws;
using VoServices.Web.Endpoints;

namespace VoServices.Web;

/// <summary>The TAP service's parts, shared by its endpoints (one instance per server).</summary>
public sealed class TapService(TapOptions options, NpgsqlDataSource dataSource, TapMetadataCache metadata, TapQueryRunner runner,
    UwsJobManager jobs, PublicUrls urls, ILogger<TapService> logger) : IUwsService
{
    public const string JobList = "tap";

    public TapOptions Options { get; } = options;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public TapMetadataCache Metadata { get; } = metadata;

    public TapQueryRunner Runner { get; } = runner;

    public UwsJobManager Jobs { get; } = jobs;

    public PublicUrls Urls { get; } = urls;

    public ILogger Logger { get; } = logger;

    public string AsyncUrl => Urls.Tap + "/async";

    public int MaxWait => Options.MaxWait;

    /// <summary>The part names UPLOAD refers to as param:NAME; none when UPLOAD is malformed (the job then fails when run).</summary>
    public IReadOnlySet<string> ReferencedParts(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        try
        {
            return TapRequest.ParseUploads(parameters.GetAll("UPLOAD"), Options)
                .Where(u => u.Uri.StartsWith("param:", StringComparison.OrdinalIgnoreCase))
                .Select(u => u.Uri["param:".Length..])
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (DaliException)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>TAP's one result, "result".</summary>
    public IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> Results(UwsJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Phase == UwsPhase.Completed ? [(TapJobExecutor.ResultId, AsyncUrl + "/" + job.JobId + "/results/" + TapJobExecutor.ResultId, job.ResultMime, job.ResultSize)] : [];
    }

    public async Task WriteResultAsync(HttpContext context, UwsJob job, string resultId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        var path = resultId == TapJobExecutor.ResultId ? TapJobExecutor.FindResult(Jobs.JobDirectory(job.JobId)) : null;
        if (path is null)
        {
            throw DaliException.NotFound($"job {job.JobId} has no result '{DaliParameters.Shorten(resultId)}'");
        }

        context.Response.ContentType = job.ResultMime ?? "application/octet-stream";
        await context.Response.SendFileAsync(path, context.RequestAborted);
    }

    /// <summary>TAP's error document: a VOTable with QUERY_STATUS ERROR.</summary>
    public async Task WriteErrorAsync(HttpContext context, UwsJob job)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        context.Response.ContentType = DaliHttp.VotableMime;
        await VotableWriter.WriteErrorDocumentAsync(context.Response.BodyWriter, job.ErrorMessage ?? "", context.RequestAborted);
    }
}

/// <summary>TAP 1.1 in the server: its services (query runner, uploads, UWS jobs and their workers) and its endpoints.</summary>
public static class TapRegistration
{
    public static IServiceCollection AddTap(this IServiceCollection services, TapOptions tap, bool allowUploadByUrl,
        IReadOnlyList<string> uploadUrlHosts)
    {
        ArgumentNullException.ThrowIfNull(tap);
        ArgumentNullException.ThrowIfNull(uploadUrlHosts);
        services.AddSingleton(tap);
        services.AddSingleton(_ => new TapUploads(tap, allowUploadByUrl ? UploadUrlClient.Create() : null, uploadUrlHosts));
        services.AddSingleton(sp => new TapQueryRunner(sp.GetRequiredService<QueryDataSource>().Source, sp.GetRequiredService<TapMetadataCache>(),
            sp.GetRequiredService<TapUploads>())
        {
            ServiceBaseUrl = () => sp.GetRequiredService<PublicUrls>().Base,
        });
        services.AddSingleton(sp => new UwsJobManager(new UwsJobStore(sp.GetRequiredService<NpgsqlDataSource>()),
            new TapJobExecutor(sp.GetRequiredService<TapQueryRunner>(), tap),
            new UwsManagerOptions(TapService.JobList, tap.ResultDirectory)
            {
                Workers = tap.Workers,
                BurstWorkers = tap.BurstWorkers,
                DefaultExecutionDuration = tap.DefaultExecutionDuration,
                HardExecutionDuration = tap.HardExecutionDuration,
                DefaultRetention = tap.DefaultRetention,
                HardRetention = tap.HardRetention,
                SweepInterval = TimeSpan.FromSeconds(tap.DestructionSweepInterval),
            },
            JobLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoServices.Uws"))));
        services.AddSingleton<TapService>();
        services.AddHostedService(sp => new UwsHostedService(sp.GetRequiredService<TapService>().Jobs));
        return services;
    }

    /// <summary>/tap/sync, /tap/async (UWS) and the TAP VOSI resources; failures are TAP VOTable error documents.</summary>
    public static IEndpointRouteBuilder MapTap(this IEndpointRouteBuilder app)
    {
        var tap = app.MapProtocol(ProtocolErrors.Tap);
        tap.MapTapSync();
        tap.MapUwsAsync<TapService>("/tap/async", RequestBodies.TapMaxBytes(app.ServiceProvider.GetRequiredService<TapOptions>()));
        tap.MapTapVosi();
        return app;
    }

    internal static Action<Exception?, string> JobLog(ILogger logger) => (e, message) =>
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
}

/// <summary>Starts a job list's UWS workers with the host (after recovering jobs of a previous run) and stops them with it.</summary>
public sealed class UwsHostedService(UwsJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => jobs.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await jobs.DisposeAsync();
}
