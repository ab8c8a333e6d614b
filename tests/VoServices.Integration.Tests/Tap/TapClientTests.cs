namespace VoServices.Integration.Tests.Tap;

/// <summary>The service as real clients see it: STILTS taplint (must report no errors) and pyVO's flows.</summary>
[Collection(PgCollection.Name)]
public sealed class TapClientTests(PgFixture pg) : IAsyncLifetime
{
    private TapServer _server = null!;

    public async Task InitializeAsync() => _server = await TapServer.SharedAsync(pg);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Taplint_reports_no_errors()
    {
        var (_, output) = await External.RunAsync("stilts", ["taplint", "tapurl=" + _server.TapUrl, "report=EW", "maxrepeat=20"], timeoutSeconds: 600);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Totals:", StringComparison.Ordinal));
        var errors = lines.Where(l => l.StartsWith("E-", StringComparison.Ordinal) && !IsNewerThanTaplint(l)).ToList();
        Assert.True(errors.Count == 0, output);
    }

    // STILTS 3.4.7 (Debian 12) predates the ADQL 2.1 REC and does not know its COALESCE feature key,
    // which we declare as the REC says; any other unknown key is still an error.
    private static bool IsNewerThanTaplint(string line) =>
        line.StartsWith("E-CAP-KEYX-", StringComparison.Ordinal)
        && line.Contains("\"ivo://ivoa.net/std/TAPRegExt#features-adql-conditional\"", StringComparison.Ordinal);

    [Fact]
    public async Task Pyvo_sync_async_job_and_upload_flows_work()
    {
        var (code, output) = await External.PythonAsync("""
            import sys, io, warnings
            warnings.simplefilter('ignore')
            import pyvo
            from astropy.table import Table
            svc = pyvo.dal.TAPService(sys.argv[1])
            r = svc.run_sync("SELECT obs_id, s_ra FROM ivoa.obscore ORDER BY obs_id")
            print('SYNC', len(r), r['obs_id'][0])
            r = svc.run_async("SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY obs_id")
            print('ASYNC', len(r))
            job = svc.submit_job("SELECT COUNT(*) AS n FROM ivoa.obscore")
            job.run()
            job.wait(phases=['COMPLETED', 'ERROR', 'ABORTED'], timeout=60)
            print('JOB', job.phase, job.fetch_result().to_table()['n'][0])
            job.delete()
            t = Table({'ra': [10.68, 200.0], 'dec': [41.27, -60.0], 'label': ['m31', 'none']})
            r = svc.run_sync("SELECT u.label, o.obs_id FROM TAP_UPLOAD.t AS u JOIN ivoa.obscore AS o ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, 0.5))", uploads={'t': t})
            print('UPLOAD', len(r), r['label'][0], r['obs_id'][0])
            caps = svc.capabilities
            print('TABLES', sorted(t.name for t in svc.tables)[:2])
            # Issue 11 item 13: Rubin-style notebooks look ObsCore up by the standard's spelling.
            print('OBSCORE', svc.tables['ivoa.ObsCore'].name, len(svc.tables['ivoa.ObsCore'].columns))
            """, _server.TapUrl);
        Assert.True(code == 0, output);
        Assert.Contains("SYNC 3 cosmos/rss1.fits", output, StringComparison.Ordinal);
        Assert.Contains("ASYNC 2", output, StringComparison.Ordinal);
        Assert.Contains("JOB COMPLETED 3", output, StringComparison.Ordinal);
        Assert.Contains("UPLOAD 1 m31 m31/cube1.fits", output, StringComparison.Ordinal);
        Assert.Contains("TABLES ['ivoa.ObsCore', 'tap_schema.columns']", output, StringComparison.Ordinal);
        Assert.Contains("OBSCORE ivoa.ObsCore 45", output, StringComparison.Ordinal);
    }
}
