using System.Text.Json;
using Dapper;
using Npgsql;

namespace VoServices.Uws;

/// <summary>
/// Jobs in PostgreSQL (table uws.job, sql/010_uws.sql). Every phase change is one conditional UPDATE,
/// so concurrent requests (ABORT while a worker starts the job) cannot both win.
/// </summary>
public sealed class UwsJobStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        job_id, job_list, run_id, owner_id, phase, creation_time, start_time, end_time, execution_duration, destruction,
        parameters::text AS parameters, error_message, error_type, result_mime, result_size, result_rows, version
        """;

    public async Task CreateAsync(UwsJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO uws.job (job_id, job_list, run_id, owner_id, phase, creation_time, execution_duration, destruction, parameters)
            VALUES (@JobId, @JobList, @RunId, @OwnerId, @Phase, @CreationTime, @ExecutionDuration, @Destruction, @Parameters::jsonb)
            """, new { job.JobId, job.JobList, job.RunId, job.OwnerId, job.Phase, job.CreationTime, job.ExecutionDuration, job.Destruction,
                Parameters = Serialize(job.Parameters) }, cancellationToken: cancellationToken));
    }

    public async Task<UwsJob?> GetAsync(string jobList, string jobId, CancellationToken cancellationToken)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"SELECT {Columns} FROM uws.job WHERE job_list = @jobList AND job_id = @jobId", new { jobList, jobId }, cancellationToken: cancellationToken));
        return row?.ToJob();
    }

    /// <summary>The job list with UWS 1.1 filters: any of <paramref name="phases"/>, created after <paramref name="after"/>, the <paramref name="last"/> most recent.</summary>
    public async Task<IReadOnlyList<UwsJob>> ListAsync(string jobList, IReadOnlyList<string> phases, DateTime? after, int? last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phases);
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        var sql = $"""
            SELECT {Columns} FROM uws.job WHERE job_list = @jobList
              AND (cardinality(@phases) = 0 AND phase <> 'ARCHIVED' OR phase = ANY(@phases))
              AND (@after::timestamptz IS NULL OR creation_time > @after)
            ORDER BY creation_time DESC, job_id LIMIT @limit
            """;
        var rows = await c.QueryAsync<JobRow>(new CommandDefinition(sql,
            new { jobList, phases = phases.ToArray(), after, limit = (long?)last ?? long.MaxValue }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToJob()).Reverse().ToList();
    }

    /// <summary>Replaces the parameters of a PENDING job; false when the job is no longer PENDING.</summary>
    public Task<bool> SetParametersAsync(string jobId, IReadOnlyList<UwsParameter> parameters, CancellationToken cancellationToken) =>
        UpdateAsync("parameters = @p::jsonb", "phase = 'PENDING'", jobId, new { p = Serialize(parameters) }, cancellationToken);

    public Task<bool> SetExecutionDurationAsync(string jobId, int seconds, CancellationToken cancellationToken) =>
        UpdateAsync("execution_duration = @seconds", "phase = 'PENDING'", jobId, new { seconds }, cancellationToken);

    public Task<bool> SetDestructionAsync(string jobId, DateTime destruction, CancellationToken cancellationToken) =>
        UpdateAsync("destruction = @destruction", "true", jobId, new { destruction }, cancellationToken);

    /// <summary>PENDING → QUEUED; false when the job was not PENDING.</summary>
    public Task<bool> QueueAsync(string jobId, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'QUEUED'", "phase = 'PENDING'", jobId, null, cancellationToken);

    public Task<bool> StartAsync(string jobId, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'EXECUTING', start_time = now()", "phase = 'QUEUED'", jobId, null, cancellationToken);

    public Task<bool> CompleteAsync(string jobId, UwsResult result, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'COMPLETED', end_time = now(), result_mime = @MimeType, result_size = @Size, result_rows = @Rows",
            "phase = 'EXECUTING'", jobId, result, cancellationToken);

    public Task<bool> FailAsync(string jobId, string message, bool fatal, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'ERROR', end_time = now(), error_message = @message, error_type = @type",
            "phase IN ('PENDING', 'QUEUED', 'EXECUTING')", jobId, new { message, type = fatal ? "fatal" : "transient" }, cancellationToken);

    /// <summary>ABORTED by the service (execution duration exceeded), keeping the reason for errorSummary.</summary>
    public Task<bool> AbortWithReasonAsync(string jobId, string message, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'ABORTED', end_time = now(), error_message = @message, error_type = 'transient'",
            "phase IN ('PENDING', 'QUEUED', 'EXECUTING')", jobId, new { message }, cancellationToken);

    public Task<bool> AbortAsync(string jobId, CancellationToken cancellationToken) =>
        UpdateAsync("phase = 'ABORTED', end_time = now()", "phase IN ('PENDING', 'QUEUED', 'EXECUTING')", jobId, null, cancellationToken);

    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM uws.job WHERE job_id = @jobId", new { jobId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Jobs whose destruction time has passed.</summary>
    public async Task<IReadOnlyList<string>> ExpiredAsync(string jobList, DateTime now, CancellationToken cancellationToken)
    {
        // Of one job list only: each list's manager deletes its own jobs' results (another list's are elsewhere).
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await c.QueryAsync<string>(new CommandDefinition("SELECT job_id FROM uws.job WHERE job_list = @jobList AND destruction <= @now",
            new { jobList, now }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// After a restart: jobs left EXECUTING end in ERROR (their work is lost); QUEUED jobs are returned to be queued again.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(string jobList, CancellationToken cancellationToken)
    {
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE uws.job SET phase = 'ERROR', end_time = now(), error_type = 'transient', version = version + 1,
              error_message = 'The service restarted while this job was executing; its work was lost. Please submit it again.'
            WHERE job_list = @jobList AND phase = 'EXECUTING'
            """, new { jobList }, cancellationToken: cancellationToken));
        return (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT job_id FROM uws.job WHERE job_list = @jobList AND phase = 'QUEUED' ORDER BY creation_time",
            new { jobList }, cancellationToken: cancellationToken))).ToList();
    }

    private async Task<bool> UpdateAsync(string set, string condition, string jobId, object? values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("jobId", jobId);
        await using var c = await dataSource.OpenConnectionAsync(cancellationToken);
        return await c.ExecuteAsync(new CommandDefinition(
            $"UPDATE uws.job SET {set}, version = version + 1 WHERE job_id = @jobId AND ({condition})", parameters,
            cancellationToken: cancellationToken)) > 0;
    }

    private static string Serialize(IReadOnlyList<UwsParameter> parameters) =>
        JsonSerializer.Serialize(parameters.Select(p => new ParameterJson(p.Name, p.Value, p.ByReference)));

#pragma warning disable CA1812, IDE1006 // materialised by Dapper / System.Text.Json
    private sealed record ParameterJson(string name, string value, bool byReference);

    private sealed record JobRow(string job_id, string job_list, string? run_id, string? owner_id, string phase, DateTime creation_time,
        DateTime? start_time, DateTime? end_time, int execution_duration, DateTime destruction, string parameters, string? error_message,
        string? error_type, string? result_mime, long? result_size, long? result_rows, long version)
    {
        public UwsJob ToJob() => new(job_id, job_list, phase, Utc(creation_time), execution_duration, Utc(destruction),
            (JsonSerializer.Deserialize<List<ParameterJson>>(parameters) ?? []).Select(p => new UwsParameter(p.name, p.value, p.byReference)).ToList())
        {
            RunId = run_id,
            OwnerId = owner_id,
            StartTime = start_time is { } s ? Utc(s) : null,
            EndTime = end_time is { } e ? Utc(e) : null,
            ErrorMessage = error_message,
            ErrorType = error_type,
            ResultMime = result_mime,
            ResultSize = result_size,
            ResultRows = result_rows,
            Version = version,
        };

        private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc);
    }
#pragma warning restore CA1812, IDE1006
}
