using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;

namespace VoServices.Integration.Tests.Ingest;

[Collection(PgCollection.Name)]
public sealed partial class IngestTests(PgFixture pg) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-ingest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IngestOptions Options(string collection = "test") =>
        new(collection, IngestOptions.DefaultPublisherAuthority, CollectionMapping.Empty);

    private static async Task<IngestReport> IngestAsync(string connectionString, IngestOptions options, params string[] paths)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await new Ingester(dataSource, options).RunAsync(paths, null, CancellationToken.None);
    }

    private string WriteCube(string relative, string target = "NGC 628", Action<FitsHeaderBuilder>? more = null)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var h = new FitsHeaderBuilder()
            .Set("CTYPE1", "RA---SIN").Set("CRVAL1", 24.174).Set("CDELT1", -0.002).Set("CRPIX1", 8.5)
            .Set("CTYPE2", "DEC--SIN").Set("CRVAL2", 15.783).Set("CDELT2", 0.002).Set("CRPIX2", 8.5)
            .Set("CTYPE3", "FREQ").Set("CRVAL3", 1.4179e9).Set("CDELT3", 2.0e4).Set("CRPIX3", 1.0)
            .Set("OBJECT", target).Set("TELESCOP", "VLA").Set("DATE-OBS", "2019-05-04T10:00:00");
        more?.Invoke(h);
        var data = Enumerable.Range(0, 16 * 16 * 6).Select(i => (float)(i % 11)).ToArray();
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        writer.WriteImage<float>([16, 16, 6], data, h);
        return path;
    }

    [Fact]
    public async Task Reingesting_the_same_files_changes_nothing_and_says_so()
    {
        var (_, db) = await pg.CreateDatabaseAsync("reingest");
        WriteCube("a.fits");
        WriteCube("sub/b.fits");

        var first = await IngestAsync(db, Options(), _dir);
        var second = await IngestAsync(db, Options(), _dir);

        Assert.Equal((2, 0, 0, 0), (first.Ingested, first.Updated, first.Unchanged, first.Failed));
        Assert.Equal((0, 0, 2, 0), (second.Ingested, second.Updated, second.Unchanged, second.Failed));
        await using var conn = new NpgsqlConnection(db);
        var ids = (await conn.QueryAsync<string>("SELECT obs_id FROM ivoa.obscore ORDER BY obs_id")).ToList();
        Assert.Equal(["a.fits", "sub/b.fits"], ids);
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM vo.products"));
    }

    [Fact]
    public async Task A_changed_file_updates_its_row_under_the_same_identifier()
    {
        var (_, db) = await pg.CreateDatabaseAsync("update");
        WriteCube("a.fits", target: "NGC 628");
        await IngestAsync(db, Options(), _dir);
        WriteCube("a.fits", target: "M 74");

        var report = await IngestAsync(db, Options(), _dir);

        Assert.Equal((0, 1, 0), (report.Ingested, report.Updated, report.Unchanged));
        await using var conn = new NpgsqlConnection(db);
        var row = await conn.QuerySingleAsync<(string Did, string Target)>("SELECT obs_publisher_did, target_name FROM ivoa.obscore");
        Assert.Equal("ivo://x-unregistered/voservices?test/a.fits", row.Did);
        Assert.Equal("M 74", row.Target);
    }

    [Fact]
    public async Task Bad_files_are_reported_with_reasons_and_leave_no_row()
    {
        var (_, db) = await pg.CreateDatabaseAsync("bad");
        WriteCube("good.fits");
        var truncated = WriteCube("truncated.fits");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..5000]);
        File.WriteAllText(Path.Combine(_dir, "not-fits.fits"), "this is a text file, not FITS\n");
        WriteCube("no-wcs.fits", more: h => h.Set("CTYPE1", "RA---QQQ").Set("CTYPE2", "DEC--QQQ"));
        File.WriteAllText(Path.Combine(_dir, "README.txt"), "not a data product");

        var report = await IngestAsync(db, Options(), _dir);

        Assert.Equal(1, report.Ingested);
        Assert.Equal(1, report.Skipped);
        var reasons = report.Failures.ToDictionary(f => Path.GetFileName(f.Path), f => f.Reason);
        Assert.Equal(["no-wcs.fits", "not-fits.fits", "truncated.fits"], reasons.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("WCS", reasons["no-wcs.fits"]);
        Assert.Contains("not a valid FITS file", reasons["not-fits.fits"]);
        Assert.Contains("not a valid FITS file", reasons["truncated.fits"]);
        await using var conn = new NpgsqlConnection(db);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM ivoa.obscore"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM vo.products"));
    }

    [Fact]
    public async Task Fits_files_holding_only_tables_are_skipped_not_failed()
    {
        var (_, db) = await pg.CreateDatabaseAsync("tables");
        WriteCube("good.fits");
        using (var writer = new FitsWriter(File.Create(Path.Combine(_dir, "healpix-map.fits"))))
        {
            writer.WriteEmptyPrimary();
            writer.WriteBinTable([FitsTableColumn.Int64("PIXEL", [1, 2]), FitsTableColumn.Float64("VALUE", [1.0, 2.0])],
                new FitsHeaderBuilder().Set("PIXTYPE", "HEALPIX").Set("ORDERING", "NESTED").Set("NSIDE", 4L));
        }

        var report = await IngestAsync(db, Options(), _dir);

        Assert.Equal((1, 1, 0), (report.Ingested, report.Skipped, report.Failed));
    }

    [Fact]
    public async Task A_missing_path_is_a_failure_and_the_rest_of_the_batch_lands()
    {
        var (_, db) = await pg.CreateDatabaseAsync("missing");
        var good = WriteCube("good.fits");

        var report = await IngestAsync(db, Options(), Path.Combine(_dir, "nope"), good);

        Assert.Equal(1, report.Ingested);
        Assert.Contains(report.Failures, f => f.Reason.Contains("no such file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_ingested_centre_lies_in_its_footprint_and_the_footprint_answers_a_cone_query()
    {
        var (_, db) = await pg.CreateDatabaseAsync("contains");
        WriteCube("a.fits");
        await IngestAsync(db, Options(), _dir);

        await using var conn = new NpgsqlConnection(db);
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE NOT spoint(radians(s_ra), radians(s_dec)) @ s_region"));
        // 16 pixels of 0.002°: the field is ±0.016° about (24.174, 15.783).
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE s_region && scircle(spoint(radians(24.19), radians(15.783)), radians(0.001))"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM ivoa.obscore WHERE s_region && scircle(spoint(radians(24.25), radians(15.783)), radians(0.001))"));
    }

    [Fact]
    public async Task Mapping_file_fills_and_overrides_columns()
    {
        var (_, db) = await pg.CreateDatabaseAsync("mapping");
        WriteCube("a.fits");
        var mappingFile = Path.Combine(_dir, "mapping.txt");
        await File.WriteAllTextAsync(mappingFile, "calib_level = 3\ntarget_class = galaxy\ndata_rights = public\ninstrument_name = @TELESCOP\n");
        var options = Options() with { Mapping = CollectionMapping.Load(mappingFile) };

        await IngestAsync(db, options, Path.Combine(_dir, "a.fits"));

        await using var conn = new NpgsqlConnection(db);
        var row = await conn.QuerySingleAsync<(short Level, string Class, string Rights, string Instrument)>(
            "SELECT calib_level, target_class, data_rights, instrument_name FROM ivoa.obscore");
        Assert.Equal(((short)3, "galaxy", "public", "VLA"), row);
    }

    [Fact]
    public async Task Cubes_written_by_astropy_agree_with_astropys_wcs()
    {
        var (_, db) = await pg.CreateDatabaseAsync("astropy");
        var expected = RunAstropy(_dir);

        var report = await IngestAsync(db, Options(), _dir);

        Assert.Equal(expected.Count, report.Ingested);
        Assert.Empty(report.Failures);
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await conn.ExecuteAsync("SELECT set_sphere_output('DEG')");
        foreach (var (file, values) in expected)
        {
            var row = await conn.QuerySingleAsync<(string Region, double EmMin, double EmMax, string? Pol)>(
                "SELECT s_region::text, em_min, em_max, pol_states FROM ivoa.obscore WHERE obs_id = @file", new { file });
            var vertices = Vertex().Matches(row.Region).Select(m => (Ra: Parse(m.Groups[1].Value), Dec: Parse(m.Groups[2].Value))).ToList();
            Assert.True(vertices.Count >= 4, row.Region); // SIN and NCP bend pixel rows away from great circles: edges keep samples
            foreach (var corner in values.GetProperty("corners").EnumerateArray())
            {
                var (ra, dec) = (corner[0].GetDouble(), corner[1].GetDouble());
                Assert.True(vertices.Any(v => Math.Abs(WrapDelta(v.Ra - ra)) < 1e-6 && Math.Abs(v.Dec - dec) < 1e-6),
                    $"{file}: astropy corner ({ra}, {dec}) not among {row.Region}");
            }

            Assert.Equal(1, row.EmMin / values.GetProperty("em_min").GetDouble(), 6);
            Assert.Equal(1, row.EmMax / values.GetProperty("em_max").GetDouble(), 6);
            var pol = values.GetProperty("pol_states");
            Assert.Equal(pol.ValueKind == JsonValueKind.Null ? null : pol.GetString(), row.Pol);
        }
    }

    private static double WrapDelta(double d) => d > 180 ? d - 360 : d < -180 ? d + 360 : d;

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\(([-0-9.e]+)d , ([-0-9.e]+)d\)")]
    private static partial Regex Vertex();

    private static Dictionary<string, JsonElement> RunAstropy(string outDir)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Ingest", "astropy_cubes.py"));
        psi.ArgumentList.Add(outDir);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "astropy script failed (needs python3-astropy): " + stderr);
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stdout)!;
    }
}
