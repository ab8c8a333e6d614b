using System.Diagnostics;
using System.Globalization;
using Npgsql;
using VoServices.Adql;
using VoServices.Database;
using VoServices.Tap;

namespace VoServices.Integration.Tests.Adql;

/// <summary>Translated ADQL run on real PostgreSQL + pgsphere: every corpus query, and semantics against brute force.</summary>
[Collection(PgCollection.Name)]
public sealed class AdqlOnPostgresTests(PgFixture pg)
{
    public static TheoryData<string> CorpusQueries
    {
        get
        {
            var file = Path.Combine(RepoPaths.Root, "tests", "VoServices.Adql.Tests", "Corpus", "valid.adql");
            var data = new TheoryData<string>();
            foreach (var paragraph in File.ReadAllText(file).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var query = string.Join('\n', paragraph.Trim('\n').Split('\n').SkipWhile(l => l.StartsWith("-- ", StringComparison.Ordinal)));
                if (query.Length > 0)
                {
                    data.Add(query);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CorpusQueries))]
    public async Task Every_corpus_query_runs_on_pgsphere_as_the_reader_role(string adql)
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var translation = AdqlTranslator.Translate(adql, AdqlDatabase.Catalog, new AdqlTranslationOptions { RowLimit = 20 });
        Assert.True(translation.Succeeded, translation.Error?.ToString());

        var rows = await db.RunSqlAsync(translation.Sql);

        Assert.InRange(rows.Count, 0, 20);
        Assert.All(rows, r => Assert.Equal(translation.Columns.Count, r.Length));
    }

    public static TheoryData<double, double, double> Cones => new()
    {
        { 10, 20, 0.5 }, { 10, 20, 2 }, { 11.3, 18.7, 0.05 }, { 0.5, 0, 1.5 }, { 359.5, 0.5, 1 }, { 123, 89.5, 2 }, { 200, -30, 10 },
    };

    [Theory]
    [MemberData(nameof(Cones))]
    public async Task Cone_search_returns_exactly_the_stars_within_the_radius(double ra, double dec, double radius)
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var r = radius.ToString("R", CultureInfo.InvariantCulture);
        var center = $"{ra.ToString("R", CultureInfo.InvariantCulture)}, {dec.ToString("R", CultureInfo.InvariantCulture)}";
        var expected = db.Stars.Where(s => AdqlDatabase.Distance(s.Ra, s.Dec, ra, dec) <= radius).Select(s => s.Id).ToHashSet();
        var nearBoundary = db.Stars.Where(s => Math.Abs(AdqlDatabase.Distance(s.Ra, s.Dec, ra, dec) - radius) < 1e-6).Select(s => s.Id).ToHashSet();

        foreach (var condition in new[]
                 {
                     $"CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', {center}, {r})) = 1",
                     $"1 = CONTAINS(POINT(ra, dec), CIRCLE(POINT({center}), {r}))",
                     $"DISTANCE(POINT(ra, dec), POINT({center})) <= {r}",
                     $"{r} >= DISTANCE(ra, dec, {center})",
                     $"CONTAINS(pos, CIRCLE({center}, {r})) = 1",
                 })
        {
            var rows = await db.QueryAsync($"SELECT id FROM cat.stars WHERE {condition}");
            var actual = rows.Select(x => (long)x[0]!).ToHashSet();
            actual.ExceptWith(nearBoundary);
            var want = expected.Except(nearBoundary).ToHashSet();
            Assert.True(want.SetEquals(actual), $"{condition}: expected {want.Count}, got {actual.Count}");
        }

        var outside = (await db.QueryAsync($"SELECT id FROM cat.stars WHERE CONTAINS(POINT(ra, dec), CIRCLE({center}, {r})) = 0"))
            .Select(x => (long)x[0]!).ToHashSet();
        Assert.Equal(db.Stars.Count, outside.Count + expected.Count);
        Assert.Empty(outside.Intersect(expected.Except(nearBoundary)));
    }

    [Fact]
    public async Task Distance_is_the_great_circle_distance_in_degrees()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var rows = await db.QueryAsync("SELECT id, DISTANCE(POINT(ra, dec), POINT(10, 20)) AS d, DISTANCE(ra, dec, 10, 20) AS d4 FROM cat.stars");

        foreach (var row in rows)
        {
            var star = db.Stars[(int)(long)row[0]! - 1];
            var expected = AdqlDatabase.Distance(star.Ra, star.Dec, 10, 20);
            Assert.Equal(expected, (double)row[1]!, 9);
            Assert.Equal(expected, (double)row[2]!, 9);
        }
    }

    [Fact]
    public async Task Nearest_neighbours_come_in_distance_order_with_top()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var rows = await db.QueryAsync("SELECT TOP 5 id, DISTANCE(POINT(ra, dec), POINT(10, 20)) AS d FROM cat.stars ORDER BY d");

        var expected = db.Stars.OrderBy(s => AdqlDatabase.Distance(s.Ra, s.Dec, 10, 20)).Take(5).Select(s => s.Id);
        Assert.Equal(expected, rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task Intersects_equal_one_and_zero_partition_the_regions()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var hits = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(10, 20, 1)) = 1");
        var misses = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(10, 20, 1)) = 0");
        var values = await db.QueryAsync("SELECT obs_id, INTERSECTS(s_region, CIRCLE(10, 20, 1)) AS i FROM ivoa.obscore");

        Assert.Equal(db.Observations.Count, hits.Count + misses.Count);
        Assert.Equal(hits.Count, values.Count(v => (int)v[1]! == 1));
        // A region whose centre is inside the circle surely intersects it.
        var surely = db.Observations.Count(o => AdqlDatabase.Distance(o.Ra, o.Dec, 10, 20) < 1);
        Assert.InRange(hits.Count, surely, db.Observations.Count);
        Assert.True(surely > 0);
    }

    [Fact]
    public async Task Point_in_polygon_matches_the_spherical_half_space_test()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        double[][] triangle = [[8, 18], [13, 19], [10, 23]];
        var rows = await db.QueryAsync("SELECT id FROM cat.stars WHERE CONTAINS(POINT(ra, dec), POLYGON(8, 18, 13, 19, 10, 23)) = 1");
        var pointsForm = await db.QueryAsync("SELECT id FROM cat.stars WHERE 1 = CONTAINS(POINT(ra, dec), POLYGON(POINT(8, 18), POINT(13, 19), POINT(10, 23)))");

        var expected = db.Stars.Where(s => InsideConvex(triangle, s.Ra, s.Dec)).Select(s => s.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Select(r => (long)r[0]!).Order());
        Assert.Equal(expected, pointsForm.Select(r => (long)r[0]!).Order());
    }

    private static double[] Vector(double ra, double dec)
    {
        var (a, d) = (ra * Math.PI / 180, dec * Math.PI / 180);
        return [Math.Cos(d) * Math.Cos(a), Math.Cos(d) * Math.Sin(a), Math.Sin(d)];
    }

    private static bool InsideConvex(double[][] vertices, double ra, double dec)
    {
        var p = Vector(ra, dec);
        var sign = 0;
        for (var i = 0; i < vertices.Length; i++)
        {
            var a = Vector(vertices[i][0], vertices[i][1]);
            var b = Vector(vertices[(i + 1) % vertices.Length][0], vertices[(i + 1) % vertices.Length][1]);
            double[] n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
            var s = Math.Sign(n[0] * p[0] + n[1] * p[1] + n[2] * p[2]);
            if (sign == 0)
            {
                sign = s;
            }
            else if (s != sign)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public async Task Geometry_results_are_dali_arrays_and_regions_are_stcs()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var rows = await db.QueryAsync(
            "SELECT POINT(359.9999999, -10) AS p, CIRCLE(10, 20, 0.5) AS c, POLYGON(1, 2, 3, 2, 2, 4) AS poly, CENTROID(CIRCLE(10, 20, 1)) AS m, s_region FROM ivoa.obscore WHERE obs_id = 'obs-1'");

        var row = Assert.Single(rows);
        Assert.Equal([359.9999999, -10.0], (double[])row[0]!);
        Assert.Equal([10.0, 20.0, 0.5], (double[])row[1]!);
        Assert.Equal([1.0, 2.0, 3.0, 2.0, 2.0, 4.0], (double[])row[2]!);
        Assert.Equal([10.0, 20.0], (double[])row[3]!);
        var stcs = Assert.IsType<string>(row[4]);
        Assert.StartsWith("Polygon ICRS ", stcs, StringComparison.Ordinal);
        var numbers = stcs["Polygon ICRS ".Length..].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var obs = db.Observations[0];
        Assert.Equal(8, numbers.Length);
        Assert.Equal(obs.Ra - obs.Size / 2, numbers[0], 8);
        Assert.Equal(obs.Dec - obs.Size / 2, numbers[1], 8);
    }

    [Fact]
    public async Task Coordinates_area_and_centroid_are_in_degrees()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var row = Assert.Single(await db.QueryAsync(
            "SELECT COORD1(POINT(-10, 30)), COORD2(POINT(-10, 30)), AREA(CIRCLE(10, 20, 1)), AREA(POINT(1, 2)), COORD2(CENTROID(POLYGON(0, -1, 1, 0, 0, 1, -1, 0))) FROM cat.stars WHERE id = 1"));

        Assert.Equal(350, (double)row[0]!, 9);
        Assert.Equal(30, (double)row[1]!, 9);
        var expectedArea = 2 * Math.PI * (1 - Math.Cos(Math.PI / 180)) * Math.Pow(180 / Math.PI, 2);
        Assert.Equal(expectedArea, (double)row[2]!, 6);
        Assert.Equal(0, (double)row[3]!);
        Assert.Equal(0, (double)row[4]!, 9);
    }

    [Fact]
    public async Task Mandatory_math_functions_follow_the_adql_definitions()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var row = Assert.Single(await db.QueryAsync("""
            SELECT LOG(EXP(2)), LOG10(1000), MOD(-7, 3), MOD(7.5, -2), ROUND(2.567, 2), ROUND(1234.5, -2), ROUND(2.5),
                   TRUNCATE(-2.567, 1), TRUNCATE(2.9), CEILING(1.2), FLOOR(-1.2), POWER(2, 10), ABS(-3), SQRT(16),
                   DEGREES(PI()), RADIANS(180), ATAN2(1, 1), COT(PI() / 4), 7 / 2
            FROM cat.stars WHERE id = 1
            """));

        double[] expected = [2, 3, -1, 1.5, 2.57, 1200, 3, -2.5, 2, 2, -2, 1024, 3, 4, 180, Math.PI, Math.PI / 4, 1];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], Convert.ToDouble(row[i], CultureInfo.InvariantCulture), 9);
        }

        Assert.Equal(3, Convert.ToInt64(row[18], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Top_and_offset_apply_offset_first_and_row_limit_caps_top()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var all = (await db.QueryAsync("SELECT id FROM cat.stars ORDER BY id")).Select(r => (long)r[0]!).ToList();
        var page = (await db.QueryAsync("SELECT TOP 5 id FROM cat.stars ORDER BY id OFFSET 10")).Select(r => (long)r[0]!).ToList();
        var capped = await db.QueryAsync("SELECT TOP 100 id FROM cat.stars ORDER BY id", rowLimit: 11);

        Assert.Equal(all.Skip(10).Take(5), page);
        Assert.Equal(11, capped.Count);
        Assert.Equal(db.Stars.Count, all.Count);
    }

    [Fact]
    public async Task Union_removes_duplicates_and_union_all_keeps_them()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var union = await db.QueryAsync("SELECT star_id FROM cat.spectra UNION SELECT star_id FROM cat.spectra");
        var unionAll = await db.QueryAsync("SELECT star_id FROM cat.spectra UNION ALL SELECT star_id FROM cat.spectra");

        Assert.Equal(2 * union.Count, unionAll.Count);
    }

    [Fact]
    public async Task Udfs_behave_as_declared()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var words = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE ivo_hasword(target_name, 'ANDROMEDA') = 1");
        var matches = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE ivo_nocasematch(target_name, 'orion%') = 1");
        var overlaps = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE ivo_interval_overlaps(em_min, em_max, 6.05e-7, 7e-7) = 1");
        var healpix = Assert.Single(await db.QueryAsync("SELECT ivo_healpix_index(0, 0, 0), ivo_healpix_index(0, POINT(45, 60)), COORD2(ivo_healpix_center(0, 0)) FROM cat.stars WHERE id = 1"));

        Assert.Equal(db.Observations.Count(o => o.Id % 4 == 1), words.Count);
        Assert.Equal(db.Observations.Count(o => o.Id % 4 == 0), matches.Count);
        Assert.Equal(db.Observations.Count(o => 6e-7 + (o.Id % 10) * 1e-8 >= 6.05e-7), overlaps.Count);
        Assert.Equal((4L, 0L), ((long)healpix[0]!, (long)healpix[1]!));
        Assert.InRange((double)healpix[2]!, 41, 42);
    }

    [Fact]
    public async Task Timestamps_compare_with_iso_strings_and_casts()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var rows = await db.QueryAsync("SELECT obs_id FROM ivoa.obscore WHERE obs_creation_date < CAST('2021-01-05T00:00:00' AS TIMESTAMP) AND obs_creation_date >= '2021-01-03'");

        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Tablesample_returns_a_subset()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var rows = await db.QueryAsync("SELECT id FROM cat.stars TABLESAMPLE(50)");

        Assert.InRange(rows.Count, 0, db.Stars.Count);
    }

    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) = 1", "obscore_s_point")]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) < 0.5", "obscore_s_point")]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region, CIRCLE(10, 20, 0.5))", "obscore_s_region")]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(10, 20), s_region) = 1", "obscore_s_region")]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, POLYGON(9, 19, 11, 19, 10, 21)) = 1", "obscore_s_region")]
    [InlineData("SELECT id FROM cat.stars WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(10, 20, 0.5))", "stars_point")]
    public async Task Spatial_predicates_can_use_the_gist_index(string adql, string index)
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var sql = AdqlTranslator.Translate(adql, AdqlDatabase.Catalog).Sql;
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, tx))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection, tx);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_loaded_from_tap_schema_reaches_every_published_column()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var catalog = (await TapMetadata.ReadAsync(dataSource, CancellationToken.None)).Catalog;

        foreach (var table in catalog.Tables)
        {
            var columns = string.Join(", ", table.Columns.Select(c => c.Name));
            var translation = AdqlTranslator.Translate($"SELECT TOP 3 {columns} FROM {table.Name}", catalog);
            Assert.True(translation.Succeeded, translation.Error?.ToString());
            var rows = await db.RunSqlAsync(translation.Sql);
            Assert.All(rows, r => Assert.Equal(table.Columns.Count, r.Length));
        }

        Assert.Contains(catalog.Tables, t => t.Name == "ivoa.ObsCore");
        Assert.DoesNotContain(catalog.Tables, t => t.Name.StartsWith("cat.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vo_adql_prints_sql_or_positioned_error()
    {
        var db = await AdqlDatabase.GetAsync(pg);
        var schema = Path.Combine(RepoPaths.Root, "tests", "VoServices.Adql.Tests", "Corpus", "catalog.json");

        var ok = await RunVoAsync("SELECT TOP 2 id FROM cat.stars ORDER BY id\n", "adql", "--schema", schema);
        var bad = await RunVoAsync("SELECT ra2 FROM cat.stars", "adql", "--schema", schema);
        var syntax = await RunVoAsync("SELECT FROM", "adql", "--no-resolve");
        var fromDb = await RunVoAsync("SELECT TOP 1 obs_id FROM ivoa.obscore", "adql");

        Assert.Equal(0, ok.Status);
        Assert.Equal(2, (await db.RunSqlAsync(ok.Stdout.Trim())).Count);
        Assert.Equal(1, bad.Status);
        Assert.Contains("line 1, column 8: Column 'ra2' not found in cat.stars (did you mean 'ra'?)", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, syntax.Status);
        Assert.Contains("line 1, column 8", syntax.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, fromDb.Status);
        Assert.Contains("\"ivoa\".\"obscore\"", fromDb.Stdout, StringComparison.Ordinal);

        async Task<(int Status, string Stdout, string Stderr)> RunVoAsync(string stdin, params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vo.dll"));
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["VO_DATABASE_URL"] = ToUrl(db.ConnectionString);
            using var process = Process.Start(psi)!;
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    private static string ToUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }
}
