using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Npgsql;
using VoServices.Tap;

namespace VoServices.Integration.Tests.Tap;

/// <summary>
/// The async tests' server, shared by the class: a database of its own (the tests list jobs and change
/// them behind the service's back) and a destruction sweep every second instead of every minute.
/// </summary>
public sealed class TapAsyncServer(PgFixture pg) : IAsyncLifetime
{
    public TapServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await TapServer.StartAsync(pg, "tapasync", new TapOptions { DestructionSweepInterval = 1 });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>TAP /async (UWS 1.1) lifecycles against the real server; jobs in PostgreSQL, results on disk.</summary>
[Collection(PgCollection.Name)]
public sealed class TapAsyncTests(TapAsyncServer fixture) : IClassFixture<TapAsyncServer>
{
    /// <summary>
    /// A query that runs for hours: a five-fold cross join of TAP_SCHEMA.columns (ADQL has no sleep).
    /// The alias marks it in pg_stat_activity; each test passes its own.
    /// </summary>
    private static string EndlessQuery(string marker) =>
        $"SELECT COUNT(*) AS {marker} FROM TAP_SCHEMA.columns AS a CROSS JOIN TAP_SCHEMA.columns AS b " +
        "CROSS JOIN TAP_SCHEMA.columns AS c CROSS JOIN TAP_SCHEMA.columns AS d CROSS JOIN TAP_SCHEMA.columns AS e";

    private TapServer Server => fixture.Server;

    private async Task<string> CreateJobAsync(params (string, string)[] form)
    {
        using var response = await Server.PostFormAsync("/async", form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Server.TapUrl + "/async/", location, StringComparison.Ordinal);
        return location[(Server.TapUrl + "/async/").Length..];
    }

    private async Task<UwsJobDocument> JobAsync(string id, string query = "") =>
        UwsJobDocument.Parse(await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}{query}"));

    private async Task<UwsJobList> JobListAsync(string query = "") =>
        UwsJobList.Parse(await Server.Http.GetStringAsync($"{Server.TapUrl}/async{query}"));

    /// <summary>Blocks on WAIT until the job is finished; fails after two minutes.</summary>
    private async Task<UwsJobDocument> WaitForFinalPhaseAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var job = await JobAsync(id, "?WAIT=5");
            if (job.Phase is "COMPLETED" or "ERROR" or "ABORTED")
            {
                return job;
            }
        }

        throw new TimeoutException($"job {id} did not finish within two minutes");
    }

    /// <summary>How many sessions run a statement holding <paramref name="marker"/> in the job database right now (parallel workers not counted).</summary>
    private async Task<long> RunningQueriesAsync(string marker)
    {
        await using var db = new NpgsqlConnection(Server.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' " +
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND position(@marker in query) > 0", db);
        cmd.Parameters.AddWithValue("marker", marker);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_job_runs_from_pending_to_completed_and_serves_its_result()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT obs_id FROM ivoa.obscore ORDER BY obs_id"), ("RUNID", "test-run"));
        var job = await JobAsync(id);
        Assert.Equal("1.1", job.Version);
        Assert.Equal(id, job.JobId);
        Assert.Equal("PENDING", job.Phase);
        Assert.Equal("test-run", job.RunId);

        using var run = await Server.PostFormAsync($"/async/{id}/phase", ("PHASE", "RUN"));
        Assert.Equal(HttpStatusCode.SeeOther, run.StatusCode);
        Assert.Equal("COMPLETED", (await WaitForFinalPhaseAsync(id)).Phase);

        var results = UwsJobDocument.Parse(await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}")).Results;
        Assert.Equal([("result", $"{Server.TapUrl}/async/{id}/results/result")], results);
        var resultList = XDocument.Parse(await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}/results")).Root!;
        Assert.Equal(UwsJobDocument.Uws + "results", resultList.Name);
        Assert.Equal(["result"], resultList.Elements(UwsJobDocument.Uws + "result").Select(r => (string?)r.Attribute("id")));
        using var result = await Server.GetAsync($"/async/{id}/results/result");
        Assert.Equal("application/x-votable+xml", result.Content.Headers.ContentType!.MediaType);
        var body = await result.Content.ReadAsStringAsync();
        Assert.Contains("<TD>cosmos/rss1.fits</TD>", body, StringComparison.Ordinal);
        Assert.Contains("<TD>m31/cube1.fits</TD>", body, StringComparison.Ordinal);

        Assert.Equal("COMPLETED", await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}/phase"));
        using var noError = await Server.GetAsync($"/async/{id}/error");
        Assert.Equal(HttpStatusCode.NotFound, noError.StatusCode);
        using var refused = await Server.PostFormAsync($"/async/{id}/parameters", ("QUERY", "SELECT 1"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task An_invalid_request_still_creates_a_job_that_ends_in_error_with_an_error_document()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT nosuch FROM ivoa.obscore"), ("PHASE", "RUN"));
        var job = await WaitForFinalPhaseAsync(id);
        Assert.Equal("ERROR", job.Phase);
        var error = Assert.NotNull(job.Error);
        Assert.Equal(("fatal", true), (error.Type, error.HasDetail));
        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
        using var response = await Server.GetAsync($"/async/{id}/error");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(error.Message, QueryStatusError(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Job_list_filters_by_phase_and_last_and_deleted_jobs_are_gone()
    {
        var pending = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        var done = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        await WaitForFinalPhaseAsync(done);

        var onlyPending = (await JobListAsync("?PHASE=PENDING")).JobIds;
        Assert.Contains(pending, onlyPending);
        Assert.DoesNotContain(done, onlyPending);
        // The class's jobs share the list; the newest one is the job made last.
        Assert.Equal([done], (await JobListAsync("?LAST=1")).JobIds);

        using var delete = await Server.PostFormAsync($"/async/{pending}", ("ACTION", "DELETE"));
        Assert.Equal(HttpStatusCode.SeeOther, delete.StatusCode);
        using var httpDelete = await Server.Http.DeleteAsync($"{Server.TapUrl}/async/{done}");
        Assert.Equal(HttpStatusCode.SeeOther, httpDelete.StatusCode);
        using var gone = await Server.GetAsync($"/async/{pending}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Server.ResultDirectory, done)));
        var all = (await JobListAsync()).JobIds;
        Assert.DoesNotContain(pending, all);
        Assert.DoesNotContain(done, all);
    }

    [Fact]
    public async Task Destruction_in_the_past_is_refused_and_the_job_keeps_its_destruction_time()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        var before = (await JobAsync(id)).Destruction;
        using (var set = await Server.PostFormAsync($"/async/{id}/destruction", ("DESTRUCTION", "2000-01-01T00:00:00Z")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, set.StatusCode);
            Assert.Contains("DESTRUCTION", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, (await JobAsync(id)).Destruction);
    }

    [Fact]
    public async Task Text_children_are_plain_text_and_pending_settings_can_be_changed()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        using (var set = await Server.PostFormAsync($"/async/{id}/executionduration", ("EXECUTIONDURATION", "120")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        }

        using var duration = await Server.GetAsync($"/async/{id}/executionduration");
        Assert.Equal("text/plain", duration.Content.Headers.ContentType!.MediaType);
        Assert.Equal("120", await duration.Content.ReadAsStringAsync());
        var destruction = DateTime.UtcNow.AddHours(1);
        using (var set = await Server.PostFormAsync($"/async/{id}/destruction", ("DESTRUCTION", destruction.ToString("o"))))
        {
            Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        }

        // Both carry milliseconds (truncated); the database keeps microseconds.
        var text = await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}/destruction");
        Assert.Equal(destruction, DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), TimeSpan.FromMilliseconds(1));
        var job = await JobAsync(id);
        Assert.Equal(120, job.ExecutionDuration);
        Assert.Equal(destruction, job.Destruction, TimeSpan.FromMilliseconds(1));
        Assert.Equal("", await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}/quote"));
        using var unknown = await Server.GetAsync("/async/doesnotexist");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Wait_returns_at_once_for_a_finished_job()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        await WaitForFinalPhaseAsync(id);
        var started = DateTime.UtcNow;
        await JobAsync(id, "?WAIT=30");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Abort_stops_an_executing_job_and_cancels_its_query_in_the_database()
    {
        const string Marker = "n_abort_test";
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", EndlessQuery(Marker)), ("PHASE", "RUN"));
        // ABORT only once the query runs in PostgreSQL: then the worker holds the job's cancellation.
        await Eventually.TrueAsync(async () => await RunningQueriesAsync(Marker) > 0, "the job's query runs in PostgreSQL");
        var executing = await JobAsync(id);
        Assert.Equal("EXECUTING", executing.Phase);
        Assert.NotNull(executing.StartTime);

        using (var abort = await Server.PostFormAsync($"/async/{id}/phase", ("PHASE", "ABORT")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, abort.StatusCode);
            Assert.Equal($"{Server.TapUrl}/async/{id}", abort.Headers.Location!.ToString());
        }

        var job = await WaitForFinalPhaseAsync(id);
        Assert.Equal("ABORTED", job.Phase);
        Assert.NotNull(job.EndTime);
        Assert.Null(job.Error);
        Assert.Empty(job.Results);
        await Eventually.TrueAsync(async () => await RunningQueriesAsync(Marker) == 0, "the aborted query stops in PostgreSQL");
        using var result = await Server.GetAsync($"/async/{id}/results/result");
        Assert.Equal(HttpStatusCode.NotFound, result.StatusCode);
        // A finished job stays as it is: a second ABORT and a RUN are accepted and change nothing.
        foreach (var phase in new[] { "ABORT", "RUN" })
        {
            using var again = await Server.PostFormAsync($"/async/{id}/phase", ("PHASE", phase));
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        }

        Assert.Equal("ABORTED", await Server.Http.GetStringAsync($"{Server.TapUrl}/async/{id}/phase"));
    }

    [Fact]
    public async Task A_job_that_runs_past_its_execution_duration_is_aborted_saying_so()
    {
        const string Marker = "n_duration_test";
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", EndlessQuery(Marker)), ("EXECUTIONDURATION", "1"), ("PHASE", "RUN"));

        var job = await WaitForFinalPhaseAsync(id);

        // UWS 1.1: a job past its executionDuration is aborted; the reason stays in errorSummary.
        Assert.Equal("ABORTED", job.Phase);
        Assert.Equal(1, job.ExecutionDuration);
        var error = Assert.NotNull(job.Error);
        Assert.Contains("exceeded its execution duration of 1 s", error.Message, StringComparison.Ordinal);
        // It ran for its second (less a little: the timer and the database clock tick differently).
        Assert.True(job.EndTime - job.StartTime >= TimeSpan.FromSeconds(0.95), $"{job.StartTime:o} to {job.EndTime:o}");
        Assert.Empty(job.Results);
        using var response = await Server.GetAsync($"/async/{id}/error");
        Assert.Equal(error.Message, QueryStatusError(await response.Content.ReadAsStringAsync()));
        await Eventually.TrueAsync(async () => await RunningQueriesAsync(Marker) == 0, "the query stops in PostgreSQL");
    }

    [Fact]
    public async Task A_job_past_its_destruction_time_is_deleted_with_its_results_by_the_sweep()
    {
        var expiring = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal("COMPLETED", (await WaitForFinalPhaseAsync(expiring)).Phase);
        var results = Path.Combine(Server.ResultDirectory, expiring);
        Assert.NotNull(TapJobExecutor.FindResult(results));
        var kept = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));

        // A destruction time in the past is refused; one a moment ahead passes before the next sweep.
        var soon = DateTime.UtcNow.AddSeconds(3).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        using (var set = await Server.PostFormAsync($"/async/{expiring}/destruction", ("DESTRUCTION", soon)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        }

        await Eventually.TrueAsync(async () =>
        {
            using var response = await Server.GetAsync($"/async/{expiring}");
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the expired job is destroyed");
        // The row goes first, the directory right after it.
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(results)), "the expired job's results are deleted");
        using var result = await Server.GetAsync($"/async/{expiring}/results/result");
        Assert.Equal(HttpStatusCode.NotFound, result.StatusCode);
        var listed = (await JobListAsync()).JobIds;
        Assert.DoesNotContain(expiring, listed);
        Assert.Contains(kept, listed);
        Assert.Equal("PENDING", (await JobAsync(kept)).Phase);
    }

    [Fact]
    public async Task Jobs_survive_a_restart_and_a_job_left_executing_ends_in_error_with_the_reason()
    {
        var completed = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal("COMPLETED", (await WaitForFinalPhaseAsync(completed)).Phase);
        var interrupted = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        await using (var db = new NpgsqlConnection(Server.ConnectionString))
        {
            await db.OpenAsync();
            // What a crash mid-query leaves behind.
            await using var cmd = new NpgsqlCommand($"UPDATE uws.job SET phase = 'EXECUTING', start_time = now() WHERE job_id = '{interrupted}'", db);
            await cmd.ExecuteNonQueryAsync();
        }

        // ... and the result it was writing (a kill -9 or a full disk leaves it).
        var orphan = Path.Combine(Server.ResultDirectory, interrupted, "result.xml.part");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "<VOTABLE");

        await Server.RestartAsync();

        var job = await WaitForFinalPhaseAsync(interrupted);
        Assert.Equal("ERROR", job.Phase);
        Assert.Contains("restarted", Assert.NotNull(job.Error).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(orphan), "the partial result of the previous run is removed at start");
        using var result = await Server.GetAsync($"/async/{completed}/results/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
    }

    [Fact]
    public async Task A_full_results_disk_fails_the_job_with_a_clear_error_and_leaves_no_partial_file()
    {
        var job = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT obs_id FROM ivoa.obscore"));
        // /dev/full answers every write with ENOSPC: the disk-full path without filling a disk.
        var partial = Path.Combine(Server.ResultDirectory, job, "result.xml.part");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.CreateSymbolicLink(partial, "/dev/full");

        using var run = await Server.PostFormAsync($"/async/{job}/phase", ("PHASE", "RUN"));
        var finished = await WaitForFinalPhaseAsync(job);

        Assert.Equal("ERROR", finished.Phase);
        Assert.Contains("results disk is full", Assert.NotNull(finished.Error).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(partial), "no partial result is left");
        var next = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal("COMPLETED", (await WaitForFinalPhaseAsync(next)).Phase);
    }

    /// <summary>The text of the QUERY_STATUS=ERROR INFO of a DALI error document.</summary>
    private static string QueryStatusError(string votable)
    {
        XNamespace v = "http://www.ivoa.net/xml/VOTable/v1.3";
        var info = XDocument.Parse(votable).Descendants(v + "INFO").Single(i => (string?)i.Attribute("name") == "QUERY_STATUS");
        Assert.Equal("ERROR", (string?)info.Attribute("value"));
        return info.Value;
    }
}
