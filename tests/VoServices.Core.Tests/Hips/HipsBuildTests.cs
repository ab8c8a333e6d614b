using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>`vo hips build`'s library on small maps written with the project's own FITS writer.</summary>
public sealed class HipsBuildTests : IDisposable
{
    private static readonly HipsBuildOptions Options = new("ivo://test.example/P/unit", "unit map", TileWidth: 8, ReleaseDate: new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("hips-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Repeated_cells_are_combined_by_their_inverse_variance_weighted_mean()
    {
        var map = WritePartial("w.fits", 8, [5, 5, 9], [1.0, 4.0, 7.0], [1.0, 3.0, 2.0]);
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", "IVAR"), Out("hips"), Options, CancellationToken.None);

        var tile = ReadTile(Out("hips"), "Norder0/Dir0/Npix0.fits");
        // In-tile NESTED 5 = 0b0101: x = 3, y = 0 → FITS row 8-1-3 = 4, column 0.
        Assert.Equal((1.0 * 1) + (4.0 * 3), tile[(4 * 8) + 0] * 4.0, 5);
        Assert.Equal(7.0f, tile[HipsTile.ImageIndex(8, 9)]);
        Assert.Equal(2, tile.Count(v => !float.IsNaN(v)));
    }

    [Fact]
    public void Without_a_weight_column_repeated_cells_are_averaged()
    {
        var map = WritePartial("m.fits", 8, [5, 5], [1.0, 4.0], null);
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("hips"), Options, CancellationToken.None);
        Assert.Equal(2.5f, ReadTile(Out("hips"), "Norder0/Dir0/Npix0.fits")[4 * 8]);
    }

    [Fact]
    public void In_tile_order_is_the_layout_hipsgen_writes()
    {
        // Values read from a tile hipsgen made of a map holding each cell's own index (width 64):
        // the first stored row starts with 1365, the second with 1364, the last ends with 2730.
        Assert.Equal(0, HipsTile.ImageIndex(64, 1365));
        Assert.Equal(64, HipsTile.ImageIndex(64, 1364));
        Assert.Equal((63 * 64) + 63, HipsTile.ImageIndex(64, 2730));
        Assert.Equal((3, 0), HipsTile.FaceXy(5));
    }

    [Fact]
    public void Lower_order_tile_is_the_mean_of_the_non_empty_children()
    {
        // NSIDE 16, width 8: hips_order 1, tile 0 at order 0 averages cells 4c..4c+3 of order 4.
        var map = WritePartial("low.fits", 16, [0, 1, 2, 7], [2.0, 4.0, 9.0, 6.0], null);
        var report = HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("hips"), Options, CancellationToken.None);
        Assert.Equal(1, report.Order);
        var parent = ReadTile(Out("hips"), "Norder0/Dir0/Npix0.fits");
        Assert.Equal(5.0f, parent[HipsTile.ImageIndex(8, 0)]);
        Assert.Equal(6.0f, parent[HipsTile.ImageIndex(8, 1)]);
        Assert.Equal(2, parent.Count(v => !float.IsNaN(v)));
        Assert.Equal(2, report.TileCount);
    }

    [Fact]
    public void Properties_hold_the_mandatory_keywords_and_the_tile_description()
    {
        var map = WritePartial("p.fits", 8, [3], [1.5], null);
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("hips"), Options, CancellationToken.None);
        var properties = File.ReadAllLines(Path.Combine(Out("hips"), "properties"))
            .ToDictionary(l => l.Split('=', 2)[0].Trim(), l => l.Split('=', 2)[1].Trim());
        Assert.Equal("ivo://test.example/P/unit", properties["creator_did"]);
        Assert.Equal("unit map", properties["obs_title"]);
        Assert.Equal("image", properties["dataproduct_type"]);
        Assert.Equal("1.4", properties["hips_version"]);
        Assert.Equal("2026-12-01T10:00Z", properties["hips_release_date"]);
        Assert.Equal("public master clonableOnce", properties["hips_status"]);
        Assert.Equal("fits", properties["hips_tile_format"]);
        Assert.Equal("0", properties["hips_order"]);
        Assert.Equal("equatorial", properties["hips_frame"]);
        Assert.Equal("0", properties["hips_order_min"]);
        Assert.Equal("8", properties["hips_tile_width"]);
        Assert.Equal("-32", properties["hips_pixel_bitpix"]);
        Assert.Equal("1.5 1.5", properties["hips_data_range"]);
    }

    [Fact]
    public void Rebuilding_replaces_the_previous_hips_with_byte_identical_tiles_png_and_allsky()
    {
        var map = WritePartial("r.fits", 16, [0, 1, 1, 1, 300, 301, 2000], [1, 2, 7, -3, 3, 4, 5], null);
        var options = Options with { Combine = HipsCombine.Median, Aggregation = HipsAggregation.Median, Png = new HipsPngOptions(HipsStretch.Asinh, "viridis") };
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("a"), options, CancellationToken.None);
        File.WriteAllText(Path.Combine(Out("a"), "stale.txt"), "from an older build");
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("a"), options, CancellationToken.None);
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("b"), options, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(Out("a"), "stale.txt")));
        var files = Directory.GetFiles(Out("b"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Out("b"), f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(Out("a"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Out("a"), f)).Order(StringComparer.Ordinal));
        Assert.Contains("Moc.fits", files);
        Assert.Contains("Norder0/Dir0/Npix0.png", files);
        Assert.Contains("Norder1/Allsky.png", files);
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(Out("b"), f)), File.ReadAllBytes(Path.Combine(Out("a"), f))));
    }

    [Fact]
    public void A_failed_build_leaves_the_previous_hips_where_it_stood()
    {
        var good = WritePartial("good.fits", 8, [3], [1.5], null);
        HipsBuilder.Build(HealpixMap.Open(good, "VALUE", null), Out("hips"), Options, CancellationToken.None);
        var before = File.ReadAllBytes(Path.Combine(Out("hips"), "Norder0/Dir0/Npix0.fits"));
        var bad = WritePartial("bad.fits", 8, [3, 768], [1.0, 2.0], null);

        var e = Assert.Throws<HealpixMapException>(() => HipsBuilder.Build(HealpixMap.Open(bad, "VALUE", null), Out("hips"), Options, CancellationToken.None));
        Assert.Contains("bad.fits: row 2: pixel 768 is outside 0..767", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(Out("hips"), "Norder0/Dir0/Npix0.fits")));
        Assert.DoesNotContain(Directory.GetDirectories(_dir), d => Path.GetFileName(d).Contains("building", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_that_is_not_a_hips_is_not_replaced()
    {
        Directory.CreateDirectory(Out("precious"));
        File.WriteAllText(Path.Combine(Out("precious"), "thesis.tex"), "keep");
        var map = WritePartial("p.fits", 8, [3], [1.5], null);
        Assert.Throws<IOException>(() => HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("precious"), Options, CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(Out("precious"), "thesis.tex")));
    }

    [Fact]
    public void Nside_that_is_not_a_power_of_two_is_refused_naming_file_and_keyword()
    {
        var map = WritePartial("n.fits", 12, [3], [1.0], null);
        var e = Assert.Throws<HealpixMapException>(() => HealpixMap.Open(map, "VALUE", null));
        Assert.Contains("n.fits", e.Message, StringComparison.Ordinal);
        Assert.Contains("NSIDE = 12 is not a power of two", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_value_column_is_refused_naming_it_and_the_columns_there_are()
    {
        var map = WritePartial("c.fits", 8, [3], [1.0], null);
        var e = Assert.Throws<HealpixMapException>(() => HealpixMap.Open(map, "FLUX", null));
        Assert.Contains("no column 'FLUX' (--column); the table has PIXEL, VALUE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_weight_is_refused_naming_row_and_column()
    {
        var map = WritePartial("nan.fits", 8, [3, 4], [1.0, 2.0], [1.0, double.NaN]);
        var e = Assert.Throws<HealpixMapException>(() => HipsBuilder.Build(HealpixMap.Open(map, "VALUE", "IVAR"), Out("hips"), Options, CancellationToken.None));
        Assert.Contains("nan.fits: row 2: weight column 'IVAR' holds NaN", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("hips")));
    }

    [Fact]
    public void Nside_smaller_than_the_tile_width_is_refused_with_the_width_to_use()
    {
        var map = WritePartial("s.fits", 4, [3], [1.0], null);
        var e = Assert.Throws<HealpixMapException>(() => HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("hips"), Options, CancellationToken.None));
        Assert.Contains("--tile-width 4 or less", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_sky_nested_map_with_the_wrong_number_of_cells_is_refused()
    {
        var path = Path.Combine(_dir, "full.fits");
        WriteTable(path, [FitsTableColumn.Float64("SIGNAL", new double[700])], ("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("NSIDE", 8L));
        var e = Assert.Throws<HealpixMapException>(() => HealpixMap.Open(path, "SIGNAL", null));
        Assert.Contains("has 768 cells, but column 'SIGNAL' holds 700 × 1 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_sky_nested_map_tiles_hold_each_cell_in_place()
    {
        var path = Path.Combine(_dir, "full.fits");
        var values = Enumerable.Range(0, 768).Select(i => (double)i).ToArray();
        WriteTable(path, [FitsTableColumn.Float64("SIGNAL", values, repeat: 64)], ("PIXTYPE", "HEALPIX"), ("ORDERING", "NESTED"), ("NSIDE", 8L), ("COORDSYS", "E"));
        var map = HealpixMap.Open(path, "SIGNAL", null);
        Assert.Equal(HealpixIndexScheme.Implicit, map.Scheme);
        Assert.Equal(HipsFrame.Ecliptic, map.Frame);
        HipsBuilder.Build(map, Out("hips"), Options, CancellationToken.None);
        var tile = ReadTile(Out("hips"), "Norder0/Dir0/Npix7.fits");
        for (var sub = 0; sub < 64; sub++)
        {
            Assert.Equal((7 * 64) + sub, tile[HipsTile.ImageIndex(8, sub)]);
        }
    }

    [Fact]
    public void Moc_merges_complete_sibling_sets_and_lists_cells_in_ascending_nuniq()
    {
        var moc = HipsMoc.FromCells(1, [5, 0, 1, 2, 3, 3]);
        Assert.Equal([4L, 16 + 5], moc.Nuniq);
        Assert.Equal((1.0 / 12) + (1.0 / 48), moc.SkyFraction, 12);
    }

    [Fact]
    public void Median_of_repeated_cells_is_the_middle_value_or_the_mean_of_the_two_middle_ones()
    {
        var map = WritePartial("med.fits", 8, [5, 5, 5, 9, 9, 9, 9], [7.0, 1.0, 4.0, 10.0, 2.0, 8.0, 3.0], null);
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", null), Out("hips"), Options with { Combine = HipsCombine.Median }, CancellationToken.None);
        var tile = ReadTile(Out("hips"), "Norder0/Dir0/Npix0.fits");
        Assert.Equal(4.0f, tile[HipsTile.ImageIndex(8, 5)]);
        Assert.Equal(5.5f, tile[HipsTile.ImageIndex(8, 9)]);
    }

    [Theory]
    [InlineData(HipsAggregation.Mean, 4.0f)]
    [InlineData(HipsAggregation.Median, 4.0f)]
    [InlineData(HipsAggregation.Sum, 12.0f)]
    [InlineData(HipsAggregation.Min, 1.0f)]
    [InlineData(HipsAggregation.Max, 7.0f)]
    [InlineData(HipsAggregation.First, 7.0f)]
    public void Aggregate_ignores_empty_children(HipsAggregation aggregation, float expected)
    {
        Assert.Equal(expected, aggregation.Aggregate([float.NaN, 7.0f, 1.0f, 4.0f]));
        Assert.True(float.IsNaN(aggregation.Aggregate([float.NaN, float.NaN, float.NaN, float.NaN])));
    }

    [Fact]
    public void Percentiles_are_exact_and_interpolated_like_numpy()
    {
        var rng = new Random(7);
        var values = Enumerable.Range(0, 20001).Select(_ => (float)((rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-3, 4)))).ToArray();
        var histogram = new PixelHistogram();
        histogram.Add([.. values, float.NaN]);
        var got = histogram.Percentiles([0.5, 50, 99.5, 100], () => [values]);
        var sorted = values.Select(v => (double)v).Order().ToArray();
        double Expected(double p)
        {
            var rank = p / 100 * (sorted.Length - 1);
            var k = (int)Math.Floor(rank);
            return sorted[k] + ((rank - k) * (sorted[Math.Min(k + 1, sorted.Length - 1)] - sorted[k]));
        }

        Assert.Equal([Expected(0.5), Expected(50), Expected(99.5), sorted[^1]], got);
    }

    [Theory]
    [InlineData("0.5%", 0.5, true)]
    [InlineData("-12.5", -12.5, false)]
    [InlineData("1e3", 1000, false)]
    public void Cut_bounds_are_numbers_or_percentiles(string text, double value, bool percentile) =>
        Assert.Equal(new HipsCutBound(value, percentile), HipsCutBound.Parse(text));

    [Theory]
    [InlineData("101%")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public void Cut_bounds_outside_0_to_100_percent_or_not_numbers_are_refused(string text) => Assert.Null(HipsCutBound.Parse(text));

    [Fact]
    public void Properties_describe_cut_unit_view_methods_and_creator()
    {
        var path = Path.Combine(_dir, "u.fits");
        var header = new FitsHeaderBuilder().Set("PIXTYPE", "HEALPIX").Set("ORDERING", "NESTED").Set("INDXSCHM", "EXPLICIT").Set("NSIDE", 8L);
        using (var writer = new FitsWriter(File.Create(path)))
        {
            writer.WriteEmptyPrimary();
            writer.WriteBinTable([FitsTableColumn.Int64("PIXEL", [3, 4]), FitsTableColumn.Float64("VALUE", [1.0, 3.0], unit: "1e-17 erg/s/cm2")], header);
        }

        var options = Options with { Cut = new HipsCut(new HipsCutBound(0, false), new HipsCutBound(100, true)), Png = new HipsPngOptions(), Creator = "A. Builder" };
        HipsBuilder.Build(HealpixMap.Open(path, "VALUE", null), Out("hips"), options, CancellationToken.None);
        var properties = File.ReadAllLines(Path.Combine(Out("hips"), "properties")).ToDictionary(l => l.Split('=', 2)[0].Trim(), l => l.Split('=', 2)[1].Trim());
        Assert.Equal("fits png", properties["hips_tile_format"]);
        Assert.Equal("0 3", properties["hips_pixel_cut"]);
        Assert.Equal("linear", properties["hips_pixel_function"]);
        Assert.Equal("1e-17 erg/s/cm2", properties["hips_bunit"]);
        Assert.Equal("mean", properties["hips_overlay"]);
        Assert.Equal("mean", properties["hips_tile_aggregation"]);
        Assert.Equal("A. Builder", properties["hips_creator"]);
        // The view centres on the two cells (order 3, the MOC's order) and covers them.
        var view = new SkyPoint(double.Parse(properties["hips_initial_ra"], CultureInfo.InvariantCulture), double.Parse(properties["hips_initial_dec"], CultureInfo.InvariantCulture));
        Assert.InRange(view.DistanceTo(Healpix.Centre(3, 3)), 0, 7.33);
        Assert.InRange(view.DistanceTo(Healpix.Centre(3, 4)), 0, 7.33);
        Assert.InRange(double.Parse(properties["hips_initial_fov"], CultureInfo.InvariantCulture), 7.33, 40.0);
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private string WritePartial(string name, long nside, long[] pixels, double[] values, double[]? weights) =>
        HipsTestMaps.WritePartial(Path.Combine(_dir, name), nside, pixels, values, weights);

    private static void WriteTable(string path, IReadOnlyList<FitsTableColumn> columns, params (string Key, object Value)[] keywords) =>
        HipsTestMaps.WriteTable(path, columns, keywords);

    private static float[] ReadTile(string root, string relative) => HipsTestMaps.ReadTile(root, relative);
}
