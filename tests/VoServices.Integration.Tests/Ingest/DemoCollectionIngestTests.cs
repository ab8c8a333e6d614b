using Dapper;
using Npgsql;
using VoServices.Demo;
using VoServices.Ingest;
using VoServices.Products;

namespace VoServices.Integration.Tests.Ingest;

/// <summary>The demo collection (`./vo demo`'s data) ingested as an operator would: every product, right kinds, right values.</summary>
[Collection(PgCollection.Name)]
public sealed class DemoCollectionIngestTests(PgFixture pg) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IngestOptions Options => new("demo", IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty);

    private async Task<(IngestReport Report, string Db)> IngestDemoAsync(string purpose)
    {
        var (_, db) = await pg.CreateDatabaseAsync(purpose);
        await DemoCollection.WriteAsync(_dir, CancellationToken.None);
        await using var dataSource = NpgsqlDataSource.Create(db);
        return (await new Ingester(dataSource, Options).RunAsync([_dir], null, CancellationToken.None), db);
    }

    [Fact]
    public async Task Every_demo_product_is_ingested_as_its_kind()
    {
        var (report, db) = await IngestDemoAsync("demo");

        Assert.Empty(report.Failures);
        Assert.Equal(DemoCollection.Products.Count, report.Ingested);
        await using var conn = new NpgsqlConnection(db);
        var rows = (await conn.QueryAsync<(string ObsId, string Type, string? Subtype, string? Pol)>(
            "SELECT obs_id, dataproduct_type, dataproduct_subtype, pol_states FROM ivoa.obscore")).ToDictionary(r => r.ObsId);
        foreach (var product in DemoCollection.Products)
        {
            var row = rows[product.RelativePath];
            var expectedType = product.Kind == DemoProductKind.Hips ? "image" : "cube";
            Assert.Equal(expectedType, row.Type);
            Assert.Equal(product.Kind switch
            {
                DemoProductKind.RowStackedSpectra => "rss",
                DemoProductKind.Hips => "hips",
                _ => "spectral-cube",
            }, row.Subtype);
            Assert.Equal(product.Kind == DemoProductKind.StokesCube ? "/I/Q/U/V/" : null, row.Pol);
        }
    }

    [Fact]
    public async Task Demo_rows_satisfy_the_obscore_consistency_checks()
    {
        var (_, db) = await IngestDemoAsync("demochecks");
        await using var conn = new NpgsqlConnection(db);

        // ObsCore checklist items 5, 9, 10, 13 (shared/specs/obscore.md).
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE s_region IS NOT NULL AND NOT spoint(radians(s_ra), radians(s_dec)) @ s_region"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE em_min > em_max OR t_min > t_max OR s_fov <= 0 OR em_min NOT BETWEEN 1e-8 AND 10"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE dataproduct_type = 'cube' AND (s_region IS NULL OR em_min IS NULL OR t_min IS NULL)"));
        // Every cube product is an HI, OH, CO or continuum radio cube, or LVM optical spectra: bands in the radio or 360–980 nm.
        var rss = await conn.QuerySingleAsync<(double EmMin, double EmMax, long Fibres)>(
            "SELECT em_min, em_max, s_xel1 FROM ivoa.obscore WHERE dataproduct_subtype = 'rss'");
        Assert.InRange(rss.EmMin, 3.5e-7, 3.7e-7);
        Assert.InRange(rss.EmMax, 9.7e-7, 9.9e-7);
        var hi = await conn.QuerySingleAsync<(double EmMin, double EmMax)>(
            "SELECT em_min, em_max FROM ivoa.obscore WHERE obs_id = 'cubes/hi/NGC2403_HI.fits'");
        Assert.InRange(hi.EmMin, 0.20, 0.22); // the 21-cm line, Doppler-shifted by at most a few hundred km/s
        Assert.InRange(hi.EmMax, 0.20, 0.22);
    }

    [Fact]
    public async Task Demo_bad_inputs_each_fail_with_a_reason_and_nothing_lands()
    {
        var (_, db) = await pg.CreateDatabaseAsync("demobad");
        var bad = DemoCollection.WriteBadInputs(_dir);
        await using var dataSource = NpgsqlDataSource.Create(db);

        var report = await new Ingester(dataSource, Options).RunAsync([_dir], null, CancellationToken.None);

        Assert.Equal(0, report.Ingested);
        Assert.Equal(bad.Count, report.Failed);
        Assert.All(report.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        await using var conn = new NpgsqlConnection(db);
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM ivoa.obscore"));
    }
}
