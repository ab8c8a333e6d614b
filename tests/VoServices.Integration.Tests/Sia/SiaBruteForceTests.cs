using System.Globalization;
using System.Net;

namespace VoServices.Integration.Tests.Sia;

/// <summary>
/// Every SIA constraint against brute force: the server's answer over the demo collection plus 3,000
/// synthetic rows must be exactly the rows a C# filter selects from the same rows. Positions use the
/// independent spherical geometry of <see cref="Sphere"/>, not pgsphere: random data puts no row within
/// pgsphere's 1e-9 rad tolerance of a query's boundary, so the two agree exactly or one of them is wrong.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class SiaBruteForceTests(SiaFixture sia) : IClassFixture<SiaFixture>
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static bool Overlaps(double? min, double? max, double lower, double upper) => min <= upper && max >= lower;

    private static bool Within(double? value, double lower, double upper) => value >= lower && value <= upper;

    /// <summary>Asserts the server returns exactly the image/cube rows <paramref name="expected"/> selects; returns their number.</summary>
    private async Task<int> AssertMatchesAsync(Func<ObsRow, bool> expected, params (string Name, string Value)[] parameters)
    {
        var answer = await sia.QueryAsync([.. parameters, ("MAXREC", "1000000")]);
        var what = string.Join("&", parameters.Select(p => p.Name + "=" + p.Value));
        Assert.True(answer.Status == HttpStatusCode.OK, $"{what}: {answer.Status} {answer.Body[..Math.Min(500, answer.Body.Length)]}");
        Assert.Equal(["OK"], answer.Statuses);
        var actual = answer.Dids;
        Assert.Equal(actual.Count, actual.Distinct(StringComparer.Ordinal).Count());
        var want = sia.Rows.Where(r => r.IsImageOrCube && expected(r)).Select(r => r.Did).ToHashSet(StringComparer.Ordinal);
        var missing = want.Except(actual, StringComparer.Ordinal).Take(10).ToList();
        var extra = actual.Except(want, StringComparer.Ordinal).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{what}: {want.Count} expected, {actual.Count} returned; missing {string.Join(", ", missing)}; unexpected {string.Join(", ", extra)}");
        return want.Count;
    }

    [Fact]
    public async Task No_parameters_return_every_image_and_cube_row_and_nothing_else()
    {
        var n = await AssertMatchesAsync(_ => true);
        Assert.True(n > 2000, $"{n} rows");
        Assert.Contains(sia.Rows, r => r.Type is "spectrum" or "timeseries" or null);
    }

    [Fact]
    public async Task Pos_circles_of_every_size_return_the_rows_whose_footprint_they_touch()
    {
        var random = new Random(1);
        double[] radii = [0.05, 0.3, 1, 2.5, 5, 12, 30, 60, 89.5, 90, 91, 120, 150, 175, 180];
        var circles = new List<(double Lon, double Lat, double R)>
        {
            (0.2, -15.4, 2), (359.9, 0, 3), (176.8, 89.1, 1), (0, 90, 4), (123, -90, 6), (202.78, 30.5, 0.1),
        };
        for (var i = 0; i < 40; i++)
        {
            circles.Add((random.NextDouble() * 360, Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI, radii[i % radii.Length]));
        }

        var nonEmpty = 0;
        foreach (var (lon, lat, r) in circles)
        {
            var n = await AssertMatchesAsync(row => row.Region is { } region && Sphere.CircleIntersects(region, lon, lat, r),
                ("POS", $"CIRCLE {F(lon)} {F(lat)} {F(r)}"));
            nonEmpty += n > 0 ? 1 : 0;
        }

        Assert.True(nonEmpty > 30, $"only {nonEmpty} circles matched anything");
    }

    [Fact]
    public async Task Pos_ranges_across_ra_zero_wider_than_180_degrees_and_up_to_the_poles_are_boxes_of_meridians_and_parallels()
    {
        var ranges = new List<(string Text, double Lon1, double Lon2, double Lat1, double Lat2)>
        {
            ("RANGE 0 360 80 +Inf", 0, 360, 80, 90),
            ("RANGE -Inf +Inf -Inf -84", 0, 360, -90, -84),
            ("RANGE 350 360 -10 10", 350, 360, -10, 10),
            ("RANGE 0 3 -20 -10", 0, 3, -20, -10),
            ("RANGE 10 300 -30 30", 10, 300, -30, 30),
            ("RANGE 0 360 -5 5", 0, 360, -5, 5),
            ("RANGE 100 101 -Inf +Inf", 100, 101, -90, 90),
            ("RANGE 170 190 60 90", 170, 190, 60, 90),
            ("RANGE 0 359.5 -89.5 89.5", 0, 359.5, -89.5, 89.5),
            ("RANGE 200 205 30 31", 200, 205, 30, 31),
            ("RANGE 45 45 -90 90", 45, 45, -90, 90),
            // Near the poles, where great-circle edges of large footprints pass close by (pgsphere's sbox fails there).
            ("RANGE 80 90 -89.5 -89", 80, 90, -89.5, -89),
            ("RANGE 0 30 -90 -84", 0, 30, -90, -84),
            ("RANGE 300 360 85 90", 300, 360, 85, 90),
            ("RANGE 0 180 -90 -80", 0, 180, -90, -80),
            ("RANGE 170 190 -90 90", 170, 190, -90, 90),
            ("RANGE 0 0 -90 90", 0, 0, -90, 90),
            ("RANGE 10 350 0 0", 10, 350, 0, 0),
            ("RANGE 20 60 45 45", 20, 60, 45, 45),
            ("RANGE 0 360 -30 -10", 0, 360, -30, -10),
            ("RANGE 0 360 10 30", 0, 360, 10, 30),
            ("RANGE 0 360 -20 40", 0, 360, -20, 40),
            ("RANGE 0 360 -90 -60", 0, 360, -90, -60),
            ("RANGE 0 360 30 90", 0, 360, 30, 90),
        };
        var random = new Random(2);
        for (var i = 0; i < 40; i++)
        {
            if (i % 3 == 2)
            {
                // Small boxes close to a pole.
                var plon = random.NextDouble() * 340;
                var plat = (random.Next(2) == 0 ? 1 : -1) * (80 + (random.NextDouble() * 9.5));
                ranges.Add(($"RANGE {F(plon)} {F(plon + 20)} {F(plat - 0.5)} {F(plat + 0.5)}", plon, plon + 20, plat - 0.5, plat + 0.5));
                continue;
            }

            var lon1 = random.NextDouble() * 360;
            var lon2 = Math.Min(360, lon1 + (random.NextDouble() * (i % 3 == 0 ? 250 : 20)));
            var lat1 = (random.NextDouble() * 180) - 90;
            var lat2 = Math.Min(90, lat1 + (random.NextDouble() * (i % 4 == 0 ? 120 : 15)));
            ranges.Add(($"RANGE {F(lon1)} {F(lon2)} {F(lat1)} {F(lat2)}", lon1, lon2, lat1, lat2));
        }

        foreach (var (text, lon1, lon2, lat1, lat2) in ranges)
        {
            await AssertMatchesAsync(row => row.Region is { } region && Sphere.RangeIntersects(region, lon1, lon2, lat1, lat2), ("POS", text));
        }
    }

    [Theory]
    [InlineData(359.8, 0.8, -30, 30)]
    [InlineData(300, 60, -60, 10)]
    [InlineData(350, 10, 80, 90)]
    [InlineData(200, 100, -10, 10)]
    public async Task Pos_range_with_ra1_above_ra2_wraps_through_ra_zero_and_is_the_union_of_its_two_halves(double lon1, double lon2, double lat1, double lat2)
    {
        var text = $"RANGE {F(lon1)} {F(lon2)} {F(lat1)} {F(lat2)}";
        var wrapped = await AssertMatchesAsync(row => row.Region is { } region && Sphere.RangeIntersects(region, lon1, lon2 + 360, lat1, lat2), ("POS", text));
        var union = await AssertMatchesAsync(
            row => row.Region is { } region && (Sphere.RangeIntersects(region, lon1, 360, lat1, lat2) || Sphere.RangeIntersects(region, 0, lon2, lat1, lat2)),
            ("POS", $"RANGE {F(lon1)} 360 {F(lat1)} {F(lat2)}"), ("POS", $"RANGE 0 {F(lon2)} {F(lat1)} {F(lat2)}"));
        Assert.Equal(union, wrapped);
        Assert.True(wrapped > 0, $"{text} matched nothing, so it tests nothing");
    }

    [Fact]
    public async Task Whole_sky_range_and_circle_return_every_row_with_a_footprint()
    {
        var n = await AssertMatchesAsync(row => row.Region is not null, ("POS", "RANGE -Inf +Inf -Inf +Inf"));
        Assert.Equal(n, await AssertMatchesAsync(row => row.Region is not null, ("POS", "CIRCLE 10 20 180")));
        Assert.Contains(sia.Rows, r => r.IsImageOrCube && r.Region is null);
    }

    [Fact]
    public async Task Pos_polygons_in_either_vertex_order_return_the_rows_whose_footprint_they_overlap()
    {
        var random = new Random(3);
        List<(double Lon, double Lat)[]> polygons =
        [
            [(355, -5), (5, -5), (5, 5), (355, 5)],                        // across RA 0
            [(0, 85), (90, 85), (180, 85), (270, 85)],                     // around the north pole
            [(10, -80), (130, -80), (250, -80)],                           // around the south pole
            [(202.7, 30.4), (202.9, 30.4), (202.9, 30.6), (202.7, 30.6)], // 3C286
        ];
        for (var i = 0; i < 30; i++)
        {
            var lon = random.NextDouble() * 360;
            var lat = Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI;
            var radius = i % 5 == 0 ? 40 : 0.5 + (random.NextDouble() * 10);
            var bearings = i % 2 == 0 ? new[] { 0.0, 100, 200, 290 } : [350.0, 220, 100];  // clockwise and counter-clockwise on the sky
            polygons.Add(bearings.Select(b => Sphere.Destination(lon, lat, b, radius)).ToArray());
        }

        foreach (var vertices in polygons)
        {
            var query = new Sphere.ConvexPolygon(vertices);
            await AssertMatchesAsync(row => row.Region is { } region && Sphere.PolygonsIntersect(region, query),
                ("POS", "POLYGON " + string.Join(' ', vertices.Select(v => $"{F(v.Lon)} {F(v.Lat)}"))));
        }
    }

    [Fact]
    public async Task Two_pos_values_return_the_union_and_pos_with_band_the_intersection()
    {
        bool InA(ObsRow r) => r.Region is { } g && Sphere.CircleIntersects(g, 30, 20, 15);
        bool InB(ObsRow r) => r.Region is { } g && Sphere.RangeIntersects(g, 200, 260, -40, 0);
        bool Band(ObsRow r) => Overlaps(r.EmMin, r.EmMax, 1e-6, 1e-3);
        var a = await AssertMatchesAsync(InA, ("POS", "CIRCLE 30 20 15"));
        var b = await AssertMatchesAsync(InB, ("POS", "RANGE 200 260 -40 0"));
        var union = await AssertMatchesAsync(r => InA(r) || InB(r), ("POS", "CIRCLE 30 20 15"), ("pos", "RANGE 200 260 -40 0"));
        Assert.Equal(a + b, union); // disjoint regions
        var both = await AssertMatchesAsync(r => InA(r) && Band(r), ("POS", "CIRCLE 30 20 15"), ("BAND", "1e-6 1e-3"));
        Assert.InRange(both, 1, a - 1);
    }

    [Theory]
    [InlineData("1e-6 2e-6", 1e-6, 2e-6)]
    [InlineData("-Inf 1e-6", double.NegativeInfinity, 1e-6)]
    [InlineData("0.1 +Inf", 0.1, double.PositiveInfinity)]
    [InlineData("0.1 Inf", 0.1, double.PositiveInfinity)]
    [InlineData("-Inf +Inf", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("0.211", 0.211, 0.211)]
    [InlineData("0 0", 0, 0)]
    public async Task Band_in_metres_overlaps_em_min_em_max_and_null_bands_never_match(string value, double lower, double upper) =>
        await AssertMatchesAsync(r => Overlaps(r.EmMin, r.EmMax, lower, upper), ("BAND", value));

    [Fact]
    public async Task Repeated_band_values_are_ored() =>
        await AssertMatchesAsync(r => Overlaps(r.EmMin, r.EmMax, 1e-7, 2e-7) || Overlaps(r.EmMin, r.EmMax, 0.2, 0.22),
            ("BAND", "1e-7 2e-7"), ("BAND", "0.2 0.22"));

    [Theory]
    [InlineData("55000 55100", 55000, 55100)]
    [InlineData("-Inf 51000", double.NegativeInfinity, 51000)]
    [InlineData("59990 +Inf", 59990, double.PositiveInfinity)]
    [InlineData("58587.24", 58587.24, 58587.24)]
    public async Task Time_in_mjd_overlaps_t_min_t_max(string value, double lower, double upper) =>
        await AssertMatchesAsync(r => Overlaps(r.TMin, r.TMax, lower, upper), ("TIME", value));

    [Theory]
    [InlineData("FOV", "0 1", 0, 1)]
    [InlineData("FOV", "10 +Inf", 10, double.PositiveInfinity)]
    [InlineData("SPATRES", "0.1 1", 0.1, 1)]
    [InlineData("EXPTIME", "100 1000", 100, 1000)]
    [InlineData("EXPTIME", "1800", 1800, 1800)]
    [InlineData("TIMERES", "-Inf 10", double.NegativeInfinity, 10)]
    [InlineData("SPECRP", "1000 +Inf", 1000, double.PositiveInfinity)]
    public async Task Interval_parameters_need_the_column_inside_and_not_null(string name, string value, double lower, double upper)
    {
        Func<ObsRow, double?> column = name switch
        {
            "FOV" => r => r.Fov,
            "SPATRES" => r => r.Resolution,
            "EXPTIME" => r => r.Exptime,
            "TIMERES" => r => r.TimeResolution,
            _ => r => r.ResolvingPower,
        };
        await AssertMatchesAsync(r => Within(column(r), lower, upper), (name, value));
    }

    [Theory]
    [InlineData("I")]
    [InlineData("Q")]
    [InlineData("POLI")]
    [InlineData("YY")]
    public async Task Pol_matches_rows_listing_that_state(string state)
    {
        var n = await AssertMatchesAsync(r => r.PolStates?.Split('/').Contains(state) == true, ("POL", state));
        Assert.True(n > 0);
    }

    [Fact]
    public async Task Pol_i_does_not_match_poli_and_repeats_are_ored() =>
        await AssertMatchesAsync(r => r.PolStates is "/I/" or "/I/Q/U/V/" or "/XX/YY/", ("POL", "I"), ("POL", "XX"));

    [Fact]
    public async Task Id_matches_publisher_dids_ignoring_case()
    {
        var ids = sia.Rows.Where(r => r.IsImageOrCube).Take(3).Select(r => r.Did).ToList();
        var asked = new[] { ids[0].ToLowerInvariant(), ids[1].ToUpperInvariant(), ids[2], "ivo://nobody/here" };
        var n = await AssertMatchesAsync(r => asked.Contains(r.Did, StringComparer.OrdinalIgnoreCase), asked.Select(i => ("ID", i)).ToArray());
        Assert.Equal(3, n);
    }

    [Theory]
    [InlineData("COLLECTION", "synthetic")]
    [InlineData("COLLECTION", "Synthetic")]
    [InlineData("COLLECTION", "demo")]
    [InlineData("FACILITY", "VLT")]
    [InlineData("FACILITY", "Vlt")]
    [InlineData("INSTRUMENT", "MUSE")]
    [InlineData("TARGET", "M31")]
    [InlineData("TARGET", "m31")]
    [InlineData("FORMAT", "image/fits")]
    [InlineData("FORMAT", "application/x-votable+xml;content=datalink")]
    [InlineData("DPTYPE", "image")]
    [InlineData("DPTYPE", "cube")]
    public async Task String_parameters_match_exactly_and_case_sensitively(string name, string value)
    {
        Func<ObsRow, string?> column = name switch
        {
            "COLLECTION" => r => r.Collection,
            "FACILITY" => r => r.Facility,
            "INSTRUMENT" => r => r.Instrument,
            "TARGET" => r => r.Target,
            "FORMAT" => r => r.Format,
            _ => r => r.Type,
        };
        var n = await AssertMatchesAsync(r => column(r) == value, (name, value));
        Assert.True(n > 0, $"{name}={value} matched nothing");
    }

    [Fact]
    public async Task Calib_levels_are_ored_and_combine_with_other_parameters()
    {
        await AssertMatchesAsync(r => r.Calib is 0 or 4, ("CALIB", "0"), ("CALIB", "4"));
        await AssertMatchesAsync(r => r.Calib == 2 && Overlaps(r.TMin, r.TMax, 52000, 58000) && r.Facility == "ALMA" && r.Type == "cube",
            ("CALIB", "2"), ("TIME", "52000 58000"), ("FACILITY", "ALMA"), ("DPTYPE", "cube"));
    }

    [Fact]
    public async Task Post_form_gives_the_same_rows_as_get()
    {
        var get = await sia.QueryAsync(("POS", "CIRCLE 100 -30 20"), ("BAND", "-Inf 1e-3"), ("MAXREC", "100000"));
        var post = await sia.PostAsync(("pos", "CIRCLE 100 -30 20"), ("band", "-Inf 1e-3"), ("maxrec", "100000"));
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.NotEmpty(get.Dids);
        Assert.Equal(get.Dids.Order(StringComparer.Ordinal), post.Dids.Order(StringComparer.Ordinal));
    }
}
