using System.Net;
using VoServices.Tap;

namespace VoServices.Integration.Tests.Tap;

/// <summary>Issue 11 item 16: jobs wait in arrival order, but a quick job does not wait for a long one to end.</summary>
[Collection(PgCollection.Name)]
public sealed class UwsBurstWorkerTests(PgFixture pg)
{
    [Fact]
    public async Task A_quick_job_queued_behind_a_long_one_runs_while_the_long_one_still_executes()
    {
        await using var server = await TapServer.StartAsync(pg, "burst", new TapOptions { Workers = 1, BurstWorkers = 1 });
        // Runs for hours (ADQL has no sleep): a five-fold cross join of TAP_SCHEMA.columns.
        var endless = await CreateAsync(server, "SELECT COUNT(*) AS endless FROM TAP_SCHEMA.columns AS a CROSS JOIN TAP_SCHEMA.columns AS b " +
            "CROSS JOIN TAP_SCHEMA.columns AS c CROSS JOIN TAP_SCHEMA.columns AS d CROSS JOIN TAP_SCHEMA.columns AS e");
        await Eventually.TrueAsync(async () => await PhaseAsync(server, endless) == "EXECUTING", "the long job executes");
        var quick = await CreateAsync(server, "SELECT TOP 1 obs_id FROM ivoa.obscore");

        await Eventually.TrueAsync(async () => await PhaseAsync(server, quick) == "COMPLETED", "the quick job completes", 40);
        Assert.Equal("EXECUTING", await PhaseAsync(server, endless));

        using var abort = await server.PostFormAsync($"/async/{endless}/phase", ("PHASE", "ABORT"));
        Assert.Equal(HttpStatusCode.SeeOther, abort.StatusCode);
    }

    private static async Task<string> CreateAsync(TapServer server, string query)
    {
        using var response = await server.PostFormAsync("/async", ("LANG", "ADQL"), ("QUERY", query), ("PHASE", "RUN"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private static async Task<string> PhaseAsync(TapServer server, string job) =>
        (await server.Http.GetStringAsync($"{server.TapUrl}/async/{job}/phase")).Trim();
}
