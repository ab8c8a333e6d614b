using System.Net;
using Npgsql;

namespace VoServices.Integration.Tests.Tap;

/// <summary>TAP /async (UWS 1.1) lifecycles against the real server; jobs in PostgreSQL, results on disk.</summary>
[Collection(PgCollection.Name)]
public sealed class TapAsyncTests(PgFixture pg) : IAsyncLifetime
{
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.StartAsync(pg, "tapasync");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> CreateJobAsync(params (string, string)[] form)
    {
        using var response = await _server.PostFormAsync("/async", form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(_server.TapUrl + "/async/", location, StringComparison.Ordinal);
        return location[(_server.TapUrl + "/async/").Length..];
    }

    private async Task<string> WaitForFinalPhaseAsync(string id)
    {
        for (var i = 0; i < 30; i++)
        {
            var xml = await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}?WAIT=5");
            var phase = xml.Split("<uws:phase>")[1].Split("</uws:phase>")[0];
            if (phase is "COMPLETED" or "ERROR" or "ABORTED")
            {
                return phase;
            }
        }

        throw new TimeoutException("job did not finish");
    }

    [Fact]
    public async Task A_job_runs_from_pending_to_completed_and_serves_its_result()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT obs_id FROM ivoa.obscore ORDER BY obs_id"), ("RUNID", "test-run"));
        var job = await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}");
        Assert.Contains("version=\"1.1\"", job, StringComparison.Ordinal);
        Assert.Contains("<uws:phase>PENDING</uws:phase>", job, StringComparison.Ordinal);
        Assert.Contains("<uws:runId>test-run</uws:runId>", job, StringComparison.Ordinal);

        using var run = await _server.PostFormAsync($"/async/{id}/phase", ("PHASE", "RUN"));
        Assert.Equal(HttpStatusCode.SeeOther, run.StatusCode);
        Assert.Equal("COMPLETED", await WaitForFinalPhaseAsync(id));

        var results = await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}/results");
        Assert.Contains("id=\"result\"", results, StringComparison.Ordinal);
        using var result = await _server.GetAsync($"/async/{id}/results/result");
        Assert.Equal("application/x-votable+xml", result.Content.Headers.ContentType!.MediaType);
        var body = await result.Content.ReadAsStringAsync();
        Assert.Contains("<TD>cosmos/rss1.fits</TD>", body, StringComparison.Ordinal);
        Assert.Contains("<TD>m31/cube1.fits</TD>", body, StringComparison.Ordinal);

        Assert.Equal("COMPLETED", await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}/phase"));
        using var noError = await _server.GetAsync($"/async/{id}/error");
        Assert.Equal(HttpStatusCode.NotFound, noError.StatusCode);
        using var refused = await _server.PostFormAsync($"/async/{id}/parameters", ("QUERY", "SELECT 1"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task An_invalid_request_still_creates_a_job_that_ends_in_error_with_an_error_document()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT nosuch FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal("ERROR", await WaitForFinalPhaseAsync(id));
        var job = await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}");
        Assert.Contains("<uws:errorSummary type=\"fatal\" hasDetail=\"true\">", job, StringComparison.Ordinal);
        using var error = await _server.GetAsync($"/async/{id}/error");
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("QUERY_STATUS\" value=\"ERROR\"", await error.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_list_filters_by_phase_and_last_and_deleted_jobs_are_gone()
    {
        var pending = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        var done = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        await WaitForFinalPhaseAsync(done);

        var onlyPending = await _server.Http.GetStringAsync($"{_server.TapUrl}/async?PHASE=PENDING");
        Assert.Contains(pending, onlyPending, StringComparison.Ordinal);
        Assert.DoesNotContain(done, onlyPending, StringComparison.Ordinal);
        var last = await _server.Http.GetStringAsync($"{_server.TapUrl}/async?LAST=1");
        Assert.Contains(done, last, StringComparison.Ordinal);
        Assert.DoesNotContain(pending, last, StringComparison.Ordinal);

        using var delete = await _server.PostFormAsync($"/async/{pending}", ("ACTION", "DELETE"));
        Assert.Equal(HttpStatusCode.SeeOther, delete.StatusCode);
        using var httpDelete = await _server.Http.DeleteAsync($"{_server.TapUrl}/async/{done}");
        Assert.Equal(HttpStatusCode.SeeOther, httpDelete.StatusCode);
        using var gone = await _server.GetAsync($"/async/{pending}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_server.ResultDirectory, done)));
    }

    [Fact]
    public async Task Text_children_are_plain_text_and_pending_settings_can_be_changed()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        using (var set = await _server.PostFormAsync($"/async/{id}/executionduration", ("EXECUTIONDURATION", "120")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        }

        using var duration = await _server.GetAsync($"/async/{id}/executionduration");
        Assert.Equal("text/plain", duration.Content.Headers.ContentType!.MediaType);
        Assert.Equal("120", await duration.Content.ReadAsStringAsync());
        using (await _server.PostFormAsync($"/async/{id}/destruction", ("DESTRUCTION", DateTime.UtcNow.AddHours(1).ToString("o"))))
        {
        }

        Assert.StartsWith(DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd"), await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}/destruction"), StringComparison.Ordinal);
        Assert.Equal("", await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}/quote"));
        using var unknown = await _server.GetAsync("/async/doesnotexist");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Wait_returns_at_once_for_a_finished_job()
    {
        var id = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        await WaitForFinalPhaseAsync(id);
        var started = DateTime.UtcNow;
        await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{id}?WAIT=30");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Jobs_survive_a_restart_and_a_job_left_executing_ends_in_error_with_the_reason()
    {
        var completed = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"), ("PHASE", "RUN"));
        Assert.Equal("COMPLETED", await WaitForFinalPhaseAsync(completed));
        var interrupted = await CreateJobAsync(("LANG", "ADQL"), ("QUERY", "SELECT TOP 1 obs_id FROM ivoa.obscore"));
        await using (var db = new NpgsqlConnection(_server.ConnectionString))
        {
            await db.OpenAsync();
            // What a crash mid-query leaves behind.
            await using var cmd = new NpgsqlCommand($"UPDATE uws.job SET phase = 'EXECUTING', start_time = now() WHERE job_id = '{interrupted}'", db);
            await cmd.ExecuteNonQueryAsync();
        }

        await _server.RestartAsync();

        Assert.Equal("ERROR", await WaitForFinalPhaseAsync(interrupted));
        Assert.Contains("restarted", await _server.Http.GetStringAsync($"{_server.TapUrl}/async/{interrupted}"), StringComparison.Ordinal);
        using var result = await _server.GetAsync($"/async/{completed}/results/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
    }
}
