using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoServices.Dali;
using VoServices.Database;
using VoServices.Uws;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Web.Endpoints;

/// <summary>
/// What an async service plugs into the UWS 1.1 REST binding: its job manager, its public job-list URL, which
/// uploaded parts it keeps, its results and how they are served, and its error document.
/// </summary>
public interface IUwsService
{
    /// <summary>The job list's public URL (e.g. https://host/tap/async).</summary>
    string AsyncUrl { get; }

    /// <summary>The service's public address, on which stored paths (/tap/async/…/parameters/…) are served.</summary>
    PublicUrls Urls { get; }

    UwsJobManager Jobs { get; }

    /// <summary>The longest WAIT (seconds) honoured.</summary>
    int MaxWait { get; }

    /// <summary>The multipart parts the request's parameters refer to (param:NAME): only those are stored with the job.</summary>
    IReadOnlySet<string> ReferencedParts(DaliParameters parameters);

    /// <summary>The results of a job (none unless COMPLETED), each served at AsyncUrl/{id}/results/{resultId}.</summary>
    IReadOnlyList<(string Id, string Href, string? Mime, long? Size)> Results(UwsJob job);

    /// <summary>Writes the result <paramref name="resultId"/> of a COMPLETED job; a DaliException NotFound when there is none such.</summary>
    Task WriteResultAsync(HttpContext context, UwsJob job, string resultId);

    /// <summary>Writes the error document of a job in ERROR or ABORTED (the protocol's own: a VOTable for TAP, text for SODA).</summary>
    Task WriteErrorAsync(HttpContext context, UwsJob job);
}

/// <summary>The UWS 1.1 REST binding over <see cref="UwsJobManager"/>, for every async service (TAP /async, SODA /async).</summary>
public static class UwsEndpoints
{
    /// <summary>UWS control parameters: acted on, never stored as job parameters.</summary>
    private static readonly HashSet<string> ControlParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "PHASE", "ACTION", "EXECUTIONDURATION", "DESTRUCTION", "WAIT",
    };

    /// <summary>Maps the job list at <paramref name="path"/> (e.g. /tap/async) of the service <typeparamref name="TService"/>.</summary>
    public static IEndpointRouteBuilder MapUwsAsync<TService>(this IEndpointRouteBuilder app, string path, long maxBodyBytes)
        where TService : class, IUwsService
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(path, (HttpContext c, TService s) => ListAsync(c, s));
        app.MapPost(path, (HttpContext c, TService s) => CreateAsync(c, s, path)).WithBodyLimit(maxBodyBytes);
        app.MapGet(path + "/{id}", (HttpContext c, TService s, string id) => JobAsync(c, s, id));
        app.MapPost(path + "/{id}", (HttpContext c, TService s, string id) => PostJobAsync(c, s, id));
        app.MapDelete(path + "/{id}", (HttpContext c, TService s, string id) => DeleteAsync(c, s, id));
        app.MapGet(path + "/{id}/phase", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteTextAsync(c, (await GetJobAsync(s, id, c.RequestAborted)).Phase));
        app.MapPost(path + "/{id}/phase", (HttpContext c, TService s, string id) => PostPhaseAsync(c, s, id));
        app.MapGet(path + "/{id}/executionduration", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteTextAsync(c, (await GetJobAsync(s, id, c.RequestAborted)).ExecutionDuration.ToString(CultureInfo.InvariantCulture)));
        app.MapPost(path + "/{id}/executionduration", (HttpContext c, TService s, string id) => PostExecutionDurationAsync(c, s, id));
        app.MapGet(path + "/{id}/destruction", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteTextAsync(c, UwsXml.Time((await GetJobAsync(s, id, c.RequestAborted)).Destruction)));
        app.MapPost(path + "/{id}/destruction", (HttpContext c, TService s, string id) => PostDestructionAsync(c, s, id));
        app.MapGet(path + "/{id}/quote", async (HttpContext c, TService s, string id) =>
        {
            await GetJobAsync(s, id, c.RequestAborted);
            await DaliHttp.WriteTextAsync(c, "");
        });
        app.MapGet(path + "/{id}/owner", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteTextAsync(c, (await GetJobAsync(s, id, c.RequestAborted)).OwnerId ?? ""));
        app.MapGet(path + "/{id}/error", (HttpContext c, TService s, string id) => ErrorAsync(c, s, id));
        app.MapGet(path + "/{id}/parameters", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteXmlAsync(c, UwsXml.Parameters(WithPublicUrls(s, await GetJobAsync(s, id, c.RequestAborted)))));
        app.MapPost(path + "/{id}/parameters", (HttpContext c, TService s, string id) => PostParametersAsync(c, s, id));
        app.MapGet(path + "/{id}/parameters/{name}", (HttpContext c, TService s, string id, string name) => ParameterAsync(c, s, id, name));
        app.MapGet(path + "/{id}/results", async (HttpContext c, TService s, string id) =>
            await DaliHttp.WriteXmlAsync(c, UwsXml.Results(s.Results(await GetJobAsync(s, id, c.RequestAborted)))));
        app.MapGet(path + "/{id}/results/{result}", (HttpContext c, TService s, string id, string result) => ResultAsync(c, s, id, result));
        return app;
    }

    private static async Task ListAsync(HttpContext context, IUwsService tap)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var phases = p.GetAll("PHASE").Select(v => v.Trim().ToUpperInvariant()).ToList();
        foreach (var phase in phases.Where(ph => !UwsPhase.All.Contains(ph)))
        {
            throw DaliException.BadParameter("PHASE", $"'{DaliParameters.Shorten(phase)}' is not a UWS phase; use one of {string.Join(", ", UwsPhase.All)}");
        }

        DateTime? after = p.GetSingle("AFTER") is { } a ? ParseTime("AFTER", a) : null;
        var last = (int?)p.GetInteger("LAST", 0, int.MaxValue);
        var jobs = await tap.Jobs.Store.ListAsync(tap.Jobs.Options.JobList, phases, after, last, context.RequestAborted);
        await DaliHttp.WriteXmlAsync(context, UwsXml.JobList(jobs, tap.AsyncUrl));
    }

    /// <summary>Every POST creates a job, even with bad parameters (it ends in ERROR when run).</summary>
    private static async Task CreateAsync(HttpContext context, IUwsService tap, string path)
    {
        var ct = context.RequestAborted;
        var (p, allFiles) = await DaliHttp.ReadAsync(context.Request, ct);
        // Only the parts an UPLOAD names are kept for the job's retention; others are dropped with the request.
        var referenced = tap.ReferencedParts(p);
        var files = allFiles.Where(f => referenced.Contains(f.Name)).ToList();
        var stored = p.Pairs.Where(kv => !ControlParameters.Contains(kv.Key)).Select(kv => new UwsParameter(kv.Key, kv.Value)).ToList();
        // Stored relative, like access_url, and completed with the public URL at output: a moved service keeps working links.
        stored.AddRange(files.Select(f => new UwsParameter(f.Name, path + "/{job}/parameters/" + Uri.EscapeDataString(f.Name), ByReference: true)));
        int? duration = TryInteger(p, "EXECUTIONDURATION");
        DateTime? destruction = p.GetSingle("DESTRUCTION") is { } d ? TryTime(d) : null;
        if (destruction <= DateTime.UtcNow)
        {
            // A job created already past its destruction would claim to be destroyed and live on.
            throw DaliException.BadParameter("DESTRUCTION", "the time is in the past; give a time to come, or none for the default retention");
        }

        var runId = p.GetAll("RUNID").FirstOrDefault();
        var job = await tap.Jobs.CreateAsync(stored, runId is { Length: > 64 } ? runId[..64] : runId, null, duration, destruction, run: false, ct);
        if (files.Count > 0)
        {
            var directory = tap.Jobs.JobDirectory(job.JobId);
            Directory.CreateDirectory(directory);
            foreach (var file in files)
            {
                await using var target = File.Create(UwsUploads.PathFor(directory, file.Name));
                await file.CopyToAsync(target, ct);
            }

            await tap.Jobs.Store.SetParametersAsync(job.JobId, stored.Select(s => s.ByReference
                ? s with { Value = s.Value.Replace("{job}", job.JobId, StringComparison.Ordinal) } : s).ToList(), ct);
        }

        if (p.GetAll("PHASE").Any(v => v.Trim().Equals("RUN", StringComparison.OrdinalIgnoreCase)))
        {
            await tap.Jobs.RunAsync(job.JobId, ct);
        }

        Redirect(context, tap.AsyncUrl + "/" + job.JobId);
    }

    /// <summary>An inline upload's stored copy, at the byReference URL the job's parameters list gives for it.</summary>
    private static async Task ParameterAsync(HttpContext context, IUwsService tap, string id, string name)
    {
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        var parameter = job.Parameters.FirstOrDefault(x => x.ByReference && x.Name == name)
            ?? throw DaliException.NotFound($"job {id} has no uploaded parameter '{DaliParameters.Shorten(name)}'");
        var path = UwsUploads.PathFor(tap.Jobs.JobDirectory(job.JobId), parameter.Name);
        if (!File.Exists(path))
        {
            throw DaliException.NotFound($"the upload '{DaliParameters.Shorten(name)}' of job {id} is no longer stored");
        }

        // Served as what it looks like (a VOTable, or CSV text), never interpreted.
        context.Response.ContentType = LooksLikeXml(path) ? DaliHttp.VotableMime : "text/csv";
        await context.Response.SendFileAsync(path, context.RequestAborted);
    }

    private static bool LooksLikeXml(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var file = File.OpenRead(path);
        return VotableTableReader.LooksLikeXml(head[..file.Read(head)]);
    }

    private static async Task JobAsync(HttpContext context, IUwsService tap, string id)
    {
        var ct = context.RequestAborted;
        var (p, _) = await DaliHttp.ReadAsync(context.Request, ct);
        var job = await GetJobAsync(tap, id, ct);
        if (p.GetSingle("WAIT") is { } waitText)
        {
            if (!int.TryParse(waitText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wait) || wait < -1)
            {
                throw DaliException.BadParameter("WAIT", $"'{DaliParameters.Shorten(waitText)}' is not a number of seconds (-1 waits as long as the service allows)");
            }

            var seconds = wait < 0 ? tap.MaxWait : Math.Min(wait, tap.MaxWait);
            job = await tap.Jobs.WaitAsync(id, TimeSpan.FromSeconds(seconds), p.GetSingle("PHASE")?.Trim(), ct) ?? throw NotFound(id);
        }

        await DaliHttp.WriteXmlAsync(context, UwsXml.Job(WithPublicUrls(tap, job), tap.AsyncUrl + "/" + job.JobId, tap.Results(job)));
    }

    /// <summary>POST to the job URL: ACTION=DELETE (UWS); PHASE is accepted too for lenient clients.</summary>
    private static async Task PostJobAsync(HttpContext context, IUwsService tap, string id)
    {
        var ct = context.RequestAborted;
        var (p, _) = await DaliHttp.ReadAsync(context.Request, ct);
        await GetJobAsync(tap, id, ct);
        var action = p.GetSingle("ACTION")?.Trim();
        if (action is not null && action.Equals("DELETE", StringComparison.OrdinalIgnoreCase))
        {
            await tap.Jobs.DeleteAsync(id, ct);
            Redirect(context, tap.AsyncUrl);
            return;
        }

        if (p.GetSingle("PHASE") is { } phase)
        {
            await ApplyPhaseAsync(tap, id, phase, ct);
            Redirect(context, tap.AsyncUrl + "/" + id);
            return;
        }

        throw DaliException.BadParameter("ACTION", "POST to a job takes ACTION=DELETE; job parameters go to the job's /parameters while it is PENDING");
    }

    private static async Task DeleteAsync(HttpContext context, IUwsService tap, string id)
    {
        await GetJobAsync(tap, id, context.RequestAborted);
        await tap.Jobs.DeleteAsync(id, context.RequestAborted);
        Redirect(context, tap.AsyncUrl);
    }

    private static async Task PostPhaseAsync(HttpContext context, IUwsService tap, string id)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        await GetJobAsync(tap, id, context.RequestAborted);
        var phase = p.GetRequired("PHASE", "Give PHASE=RUN or PHASE=ABORT.");
        await ApplyPhaseAsync(tap, id, phase, context.RequestAborted);
        Redirect(context, tap.AsyncUrl + "/" + id);
    }

    private static async Task ApplyPhaseAsync(IUwsService tap, string id, string phase, CancellationToken ct)
    {
        switch (phase.Trim().ToUpperInvariant())
        {
            case "RUN":
                await tap.Jobs.RunAsync(id, ct);
                break;
            case "ABORT":
                await tap.Jobs.AbortAsync(id, ct);
                break;
            default:
                throw DaliException.BadParameter("PHASE", $"'{DaliParameters.Shorten(phase)}' cannot be requested; use RUN or ABORT");
        }
    }

    private static async Task PostExecutionDurationAsync(HttpContext context, IUwsService tap, string id)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        var seconds = p.GetInteger("EXECUTIONDURATION", 0, int.MaxValue)
            ?? throw DaliException.BadParameter("EXECUTIONDURATION", "missing; give a number of seconds");
        if (!await tap.Jobs.Store.SetExecutionDurationAsync(id, tap.Jobs.ClampDuration((int)seconds), context.RequestAborted))
        {
            throw new DaliException(DaliErrorKind.Conflict, $"the execution duration can only be changed while the job is PENDING (it is {job.Phase})");
        }

        Redirect(context, tap.AsyncUrl + "/" + id);
    }

    private static async Task PostDestructionAsync(HttpContext context, IUwsService tap, string id)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        var requested = ParseTime("DESTRUCTION", p.GetRequired("DESTRUCTION", "Give an ISO 8601 time, e.g. 2030-01-01T00:00:00Z."));
        // UWS 1.1 lets the service choose the destruction time; a time already past would leave a
        // job that claims to be destroyed yet lives on, so it is refused (DELETE destroys a job now).
        if (requested <= DateTime.UtcNow)
        {
            throw DaliException.BadParameter("DESTRUCTION", "the time is in the past; to destroy the job now, send DELETE or ACTION=DELETE");
        }

        await tap.Jobs.Store.SetDestructionAsync(id, tap.Jobs.ClampDestruction(requested, job.CreationTime), context.RequestAborted);
        Redirect(context, tap.AsyncUrl + "/" + id);
    }

    private static async Task PostParametersAsync(HttpContext context, IUwsService tap, string id)
    {
        var (p, _) = await DaliHttp.ReadAsync(context.Request, context.RequestAborted);
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        var added = p.Pairs.Where(kv => !ControlParameters.Contains(kv.Key)).ToList();
        var names = added.Select(kv => kv.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var merged = job.Parameters.Where(x => !names.Contains(x.Name)).Concat(added.Select(kv => new UwsParameter(kv.Key, kv.Value))).ToList();
        if (job.Phase != UwsPhase.Pending || !await tap.Jobs.Store.SetParametersAsync(id, merged, context.RequestAborted))
        {
            throw new DaliException(DaliErrorKind.Conflict, $"parameters can only be changed while the job is PENDING (it is {job.Phase})");
        }

        if (p.GetAll("PHASE").Any(v => v.Trim().Equals("RUN", StringComparison.OrdinalIgnoreCase)))
        {
            await tap.Jobs.RunAsync(id, context.RequestAborted);
        }

        Redirect(context, tap.AsyncUrl + "/" + id);
    }

    /// <summary>The error document of a job in ERROR or ABORTED, with HTTP 200 (as TAP asks); 404 for other jobs.</summary>
    private static async Task ErrorAsync(HttpContext context, IUwsService tap, string id)
    {
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        if ((job.Phase != UwsPhase.Error && job.Phase != UwsPhase.Aborted) || job.ErrorMessage is null)
        {
            throw DaliException.NotFound($"job {id} has no error (its phase is {job.Phase})");
        }

        await tap.WriteErrorAsync(context, job);
    }

    private static async Task ResultAsync(HttpContext context, IUwsService tap, string id, string result)
    {
        var job = await GetJobAsync(tap, id, context.RequestAborted);
        if (job.Phase != UwsPhase.Completed)
        {
            throw DaliException.NotFound($"job {id} has no result (its phase is {job.Phase})");
        }

        await tap.WriteResultAsync(context, job, result);
    }

    /// <summary>The job with its byReference parameters' stored paths (/tap/async/...) as URLs of the service's current public address.</summary>
    private static UwsJob WithPublicUrls(IUwsService tap, UwsJob job) => job with
    {
        Parameters = job.Parameters.Select(p => p.ByReference && p.Value.StartsWith('/') ? p with { Value = tap.Urls.Of(p.Value) } : p).ToList(),
    };

    private static async Task<UwsJob> GetJobAsync(IUwsService tap, string id, CancellationToken ct) =>
        await tap.Jobs.Store.GetAsync(tap.Jobs.Options.JobList, id, ct) ?? throw NotFound(id);

    private static DaliException NotFound(string id) => DaliException.NotFound($"there is no job '{DaliParameters.Shorten(id)}' (it may have been destroyed)");

    private static void Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private static int? TryInteger(DaliParameters p, string name) =>
        int.TryParse(p.GetAll(name).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static DateTime? TryTime(string text) =>
        DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static DateTime ParseTime(string parameter, string text) =>
        TryTime(text) ?? throw DaliException.BadParameter(parameter, $"'{DaliParameters.Shorten(text)}' is not an ISO 8601 time (e.g. 2030-01-01T00:00:00Z)");
}
