using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using VoServices.Dali;
using VoServices.Dali.Votable;
using VoServices.Products;
using VoServices.SodaBulk;
using VoServices.Tap;
using VoServices.Uws;

namespace VoServices.Web.Endpoints;

/// <summary>
/// SODA 1.0 async (/soda/async, UWS 1.1): bulk cutouts of many datasets or of a target list, each job's results a
/// manifest VOTable (first), every cutout (cutout-N), and the archive (a tar of the manifest and the cutouts); cutouts are
/// read from the products when fetched (<see cref="BulkCutouts"/>).
/// </summary>
public sealed class SodaAsyncService(UwsJobManager jobs, PublicUrls urls, BulkLimits limits, int maxWait, BulkCutouts cutouts) : IUwsService
{
    public const string JobList = "soda";

    public const string Path = DatalinkDescriptors.SodaAsyncPath;

    public const string AsyncStandardId = DatalinkDescriptors.SodaAsyncStandardId;

    public UwsJobManager Jobs { get; } = jobs;

    public PublicUrls Urls { get; } = urls;

    public BulkLimits Limits { get; } = limits;

    public string AsyncUrl => Urls.Of(Path);

    public int MaxWait { get; } = maxWait;

    public IReadOnlySet<string> ReferencedParts(DaliParameters parameters) =>
        BulkRequest.TargetsPart(parameters) is { } part ? new HashSet<string>(StringComparer.Ordinal) { part } : new HashSet<string>();

    /// <summary>The manifest, the archive, then every cutout (the job's result count).</summary>
    public IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> Results(UwsJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Phase != UwsPhase.Completed)
        {
            return [];
        }

        var root = AsyncUrl + "/" + job.JobId + "/results/";
        var results = new List<(string, string, string?, long?)>
        {
            (BulkCutoutExecutor.ManifestId, root + BulkCutoutExecutor.ManifestId, BulkCutoutExecutor.VotableMime, job.ResultSize),
            (BulkCutoutExecutor.ArchiveId, root + BulkCutoutExecutor.ArchiveId, SodaEndpoints.TarMime, null),
        };
        for (var n = 1; n <= (job.ResultRows ?? 0); n++)
        {
            results.Add((BulkCutoutExecutor.CutoutId(n), root + BulkCutoutExecutor.CutoutId(n), "application/fits", null));
        }

        return results;
    }

    public async Task WriteResultAsync(HttpContext context, UwsJob job, string resultId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        var directory = Jobs.JobDirectory(job.JobId);
        var manifest = System.IO.Path.Combine(directory, BulkCutoutExecutor.ManifestFile);
        var response = context.Response;
        if (resultId == BulkCutoutExecutor.ManifestId && File.Exists(manifest))
        {
            response.ContentType = BulkCutoutExecutor.VotableMime;
            await response.SendFileAsync(manifest, context.RequestAborted);
            return;
        }

        if (resultId == BulkCutoutExecutor.ArchiveId && File.Exists(manifest))
        {
            response.ContentType = SodaEndpoints.TarMime;
            response.ContentLength = BulkCutouts.ArchiveLength(directory, BulkCutoutExecutor.ManifestFile);
            response.Headers.ContentDisposition = $"attachment; filename=\"cutouts-{job.JobId}.tar\"";
            await cutouts.WriteArchiveAsync(directory, BulkCutoutExecutor.ManifestFile, response.Body, context.RequestAborted);
            return;
        }

        if (resultId.StartsWith("cutout-", StringComparison.Ordinal)
            && int.TryParse(resultId["cutout-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && BulkCutouts.Find(directory, n) is { } cutout)
        {
            var plan = await cutouts.PlanAsync(cutout, null, context.RequestAborted);
            response.ContentType = plan.ContentType;
            response.ContentLength = plan.Length;
            response.Headers.ContentDisposition = $"attachment; filename=\"{System.IO.Path.GetFileName(cutout.File)}\"";
            await plan.WriteAsync(response.Body, context.RequestAborted);
            return;
        }

        throw DaliException.NotFound($"job {job.JobId} has no result '{DaliParameters.Shorten(resultId)}' (its results: manifest, archive, cutout-1 … cutout-{job.ResultRows ?? 0})");
    }

    /// <summary>SODA's error document: text/plain, as the sync service's.</summary>
    public async Task WriteErrorAsync(HttpContext context, UwsJob job)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        await DaliHttp.WriteTextAsync(context, job.ErrorMessage ?? "");
    }

    /// <summary>The async capability, with the limits, for /soda/capabilities.</summary>
    public string Capability() => $"""
          <capability standardID="{AsyncStandardId}">
            <description>{XmlText.Escape(FormattableString.Invariant(
                $"Bulk cutouts (UWS): multi-valued ID, CIRCLE, POLYGON, POS, BAND (every combination one cutout), or a target list UPLOAD=targets,param:NAME (VOTable or CSV: ra, dec, radius or size in degrees, optional id, band_min, band_max, pol) with COLLECTION, CALIB, DPTYPE. Results: manifest, archive (tar), cutout-N. Limits: {Limits.MaxTargets} targets, {Limits.MaxCutouts} cutouts, {Limits.MaxOutputBytes >> 20} MB of cutouts per job, request body {RequestBodies.SodaAsyncMaxBytes >> 20} MB, {Jobs.Options.Workers} jobs running at once (others QUEUED)."))}</description>
            <interface xsi:type="vs:ParamHTTP" role="std" version="1.0">
              <accessURL use="base">{XmlText.Escape(AsyncUrl)}</accessURL>
            </interface>
          </capability>
        """;
}

/// <summary>Registration of SODA async: its own UWS job list ("soda"), results beside TAP's, its own workers.</summary>
public static class SodaAsyncRegistration
{
    public static IServiceCollection AddSodaAsync(this IServiceCollection services, TapOptions tap, BulkLimits limits)
    {
        ArgumentNullException.ThrowIfNull(tap);
        ArgumentNullException.ThrowIfNull(limits);
        services.AddSingleton(sp =>
        {
            var urls = sp.GetRequiredService<PublicUrls>();
            var db = sp.GetRequiredService<NpgsqlDataSource>();
            var jobs = new UwsJobManager(new UwsJobStore(db),
                new BulkCutoutExecutor(db, sp.GetRequiredService<ProductCatalog>(), limits, id => urls.Of(SodaAsyncService.Path + "/" + id)),
                new UwsManagerOptions(SodaAsyncService.JobList, tap.ResultDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar) + "-soda")
                {
                    Workers = 2,
                    BurstWorkers = 0,
                    DefaultExecutionDuration = tap.DefaultExecutionDuration,
                    HardExecutionDuration = tap.HardExecutionDuration,
                    DefaultRetention = tap.DefaultRetention,
                    HardRetention = tap.HardRetention,
                    SweepInterval = TimeSpan.FromSeconds(tap.DestructionSweepInterval),
                },
                TapRegistration.JobLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoServices.Uws.Soda")));
            return new SodaAsyncService(jobs, urls, limits, tap.MaxWait, new BulkCutouts(sp.GetRequiredService<ProductCatalog>()));
        });
        UwsHostedService.Register(services, sp => sp.GetRequiredService<SodaAsyncService>().Jobs);
        return services;
    }
}
