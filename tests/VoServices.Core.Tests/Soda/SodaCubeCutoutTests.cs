using System.Globalization;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Soda;
using VoServices.Core.Tests.Demo;
using VoServices.Fits.Wcs;
using static VoServices.Core.Tests.Soda.Cutouts;

namespace VoServices.Core.Tests.Soda;

/// <summary>BAND, POL and TIME on the demo cubes, the output header, and cubes stored in an extension.</summary>
public sealed class SodaCubeCutoutTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    private const double C = 299792458.0;

    [Fact]
    public async Task Band_on_a_velo_lsr_cube_keeps_the_channels_it_overlaps()
    {
        // NGC 2403: VELO-LSR (optical, as WCSLIB reads AIPS VELO without VELREF) with RESTFREQ; λ = (c/ν0)(1 + v/c), linear in the channel.
        var path = demo.File("cubes/hi/NGC2403_HI.fits");
        var h = FitsReader.ReadHdus(path)[0].Header;
        double Lambda(double p) => C / h.GetDouble("RESTFREQ")!.Value * (1 + ((h.GetDouble("CRVAL3")!.Value + ((p - h.GetDouble("CRPIX3")!.Value) * h.GetDouble("CDELT3")!.Value)) / C));
        var band = Interval(Lambda(10.3), Lambda(20.6));
        var plan = await PlanOverlapAsync(path, ("BAND", band));
        Assert.Equal(new SodaPixelRange(3, 10, 21, 1), plan.PixelRanges[2]);
        Assert.Equal(new SodaPixelRange(1, 1, 64, 1), plan.PixelRanges[0]);
        await AssertMatchesSource(path, plan);
    }

    [Fact]
    public async Task Band_on_an_int16_frequency_cube_with_negative_cdelt3_copies_the_stored_integers()
    {
        // U Ori: FREQ with CDELT3 < 0, so wavelength grows with the channel; int16 with BSCALE/BZERO/BLANK.
        var path = demo.File("cubes/oh/UOri_OH1612.fits");
        var h = FitsReader.ReadHdus(path)[0].Header;
        Assert.True(h.GetDouble("CDELT3") < 0);
        double Lambda(double p) => C / (h.GetDouble("CRVAL3")!.Value + ((p - h.GetDouble("CRPIX3")!.Value) * h.GetDouble("CDELT3")!.Value));
        var plan = await PlanOverlapAsync(path, ("BAND", Interval(Lambda(5.2), Lambda(12.7))));
        Assert.Equal(new SodaPixelRange(3, 5, 13, 1), plan.PixelRanges[2]);
        var cut = await AssertMatchesSource(path, plan);
        foreach (var key in new[] { "BSCALE", "BZERO", "BLANK", "RESTFRQ", "CDELT3", "CRVAL3" })
        {
            Assert.Equal(h.Find(key)!.RawValue, cut.Header.Find(key)!.RawValue);
        }

        Assert.Equal(1.0 - 4, cut.Header.GetDouble("CRPIX3")); // CRPIX3 = 1 moves back by the 4 channels cut off
        Assert.Equal(16, cut.Bitpix);
    }

    [Fact]
    public async Task Band_given_as_one_value_keeps_the_one_channel_containing_it()
    {
        var path = demo.File("cubes/oh/W3OH_OH1665.fits");
        var h = FitsReader.ReadHdus(path)[0].Header;
        double Lambda(double p) => C / (h.GetDouble("CRVAL3")!.Value + ((p - h.GetDouble("CRPIX3")!.Value) * h.GetDouble("CDELT3")!.Value));
        var plan = await PlanOverlapAsync(path, ("BAND", Lambda(7.1).ToString("R", CultureInfo.InvariantCulture)));
        Assert.Equal(new SodaPixelRange(3, 7, 7, 1), plan.PixelRanges[2]);
        await AssertMatchesSource(path, plan);
    }

    [Fact]
    public async Task Band_with_an_open_end_runs_to_the_edge_of_the_cube()
    {
        // W51: VRAD, radio convention: ν = ν0 (1 − v/c), λ = c/ν; wavelength grows with the channel.
        var path = demo.File("cubes/galactic/W51_13CO.fits");
        var h = FitsReader.ReadHdus(path)[0].Header;
        double Lambda(double p) => C / (h.GetDouble("RESTFRQ")!.Value * (1 - ((h.GetDouble("CRVAL3")!.Value + ((p - h.GetDouble("CRPIX3")!.Value) * h.GetDouble("CDELT3")!.Value)) / C)));
        var below = await PlanOverlapAsync(path, ("BAND", "-Inf " + Lambda(3.2).ToString("R", CultureInfo.InvariantCulture)));
        Assert.Equal(new SodaPixelRange(3, 1, 3, 1), below.PixelRanges[2]);
        var above = await PlanOverlapAsync(path, ("BAND", Lambda(29.9).ToString("R", CultureInfo.InvariantCulture) + " +Inf"));
        Assert.Equal(new SodaPixelRange(3, 30, 32, 1), above.PixelRanges[2]);
        await AssertMatchesSource(path, above);
    }

    [Theory]
    [InlineData("cubes/hi/NGC2403_HI.fits", "0.5 0.6")]
    [InlineData("cubes/oh/UOri_OH1612.fits", "0.1 0.18")]
    [InlineData("cubes/oh/UOri_OH1612.fits", "0.19")]
    public async Task Band_outside_the_cube_is_no_overlap(string product, string band)
    {
        var outcome = await PlanAsync(demo.File(product), ("BAND", band));
        Assert.False(outcome.HasOverlap);
        Assert.StartsWith("BAND", outcome.NoOverlapReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pol_i_and_v_of_an_iquv_cube_keeps_exactly_those_planes_with_a_strided_axis()
    {
        var path = demo.File("cubes/continuum/3C286_IQUV.fits");
        var plan = await PlanOverlapAsync(path, ("POL", "V"), ("POL", "I"));
        Assert.Equal(new SodaPixelRange(4, 1, 4, 3), plan.PixelRanges[3]);
        var cut = await AssertMatchesSource(path, plan);
        Assert.Equal(2, cut.Axes[3]);
        Assert.Equal(3.0, cut.Header.GetDouble("CDELT4"));
        using var wcs = WcsTransform.FromHeader(cut.Header);
        Assert.Equal(1.0, wcs.PixelToWorld(1, 1, 1, 1)[3], 12);
        Assert.Equal(4.0, wcs.PixelToWorld(1, 1, 1, 2)[3], 12);
    }

    [Fact]
    public async Task Pol_states_that_are_not_evenly_spaced_keep_the_span_and_say_so()
    {
        var path = demo.File("cubes/continuum/3C286_IQUV.fits");
        var plan = await PlanOverlapAsync(path, ("POL", "I"), ("POL", "Q"), ("POL", "V"));
        Assert.Equal(new SodaPixelRange(4, 1, 4, 1), plan.PixelRanges[3]);
        var note = Assert.Single(plan.Notes);
        Assert.Contains("not evenly spaced", note, StringComparison.Ordinal);
        var cut = await AssertMatchesSource(path, plan);
        Assert.Contains(cut.Header.Cards, c => c.Keyword == "HISTORY" && c.Comment!.Contains("POL: Stokes planes 1 to 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pol_q_and_u_with_band_and_circle_cut_all_four_axes()
    {
        var path = demo.File("cubes/continuum/3C286_IQUV.fits");
        var lambda = C / (1.3e9 + (2 * 3.2e7)); // channel 3
        var plan = await PlanOverlapAsync(path, ("POL", "U"), ("POL", "Q"), ("BAND", lambda.ToString("R", CultureInfo.InvariantCulture)),
            ("CIRCLE", "202.784533 30.509155 0.004"));
        Assert.Equal(new SodaPixelRange(3, 3, 3, 1), plan.PixelRanges[2]);
        Assert.Equal(new SodaPixelRange(4, 2, 3, 1), plan.PixelRanges[3]);
        Assert.True(plan.PixelRanges[0].Count < 32 && plan.PixelRanges[1].Count < 32);
        var cut = await AssertMatchesSource(path, plan);
        Assert.Equal(4, cut.Axes.Length); // degenerate axes are kept
    }

    [Theory]
    [InlineData("RR")]
    [InlineData("XX")]
    public async Task Pol_absent_from_the_cube_is_no_overlap(string pol)
    {
        var outcome = await PlanAsync(demo.File("cubes/continuum/3C286_IQUV.fits"), ("POL", pol));
        Assert.False(outcome.HasOverlap);
        Assert.Equal($"POL {pol}: the dataset holds I Q U V", outcome.NoOverlapReason);
    }

    [Theory]
    [InlineData("I")]
    [InlineData("Q")]
    public async Task Pol_on_a_cube_without_stokes_axis_is_no_overlap_even_for_i(string pol)
    {
        var outcome = await PlanAsync(demo.File("cubes/hi/WLM_HI.fits"), ("POL", pol));
        Assert.False(outcome.HasOverlap);
        Assert.StartsWith($"POL {pol}: the dataset has no polarisation (STOKES) axis", outcome.NoOverlapReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pos_range_through_ra_zero_cuts_the_pixels_on_both_sides_of_it()
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            // 20 x 20 pixels of 0.0005° centred on RA 0: the range 359.998..0.002 (±0.0019° on the sky at dec 20°) is the middle ~8 columns.
            var path = Path.Combine(dir, "ra0.fits");
            var h = new FitsHeaderBuilder();
            DemoLikeCelestial(h);
            h.Set("CRVAL1", 0.0);
            WriteImage(path, [20, 20, 3], h, primaryFirst: true);
            var ra = (await PlanOverlapAsync(path, ("POS", "RANGE 359.998 0.002 19.998 20.002"))).PixelRanges[0];
            Assert.InRange(ra.Count, 6, 12);
            Assert.InRange((ra.First + ra.Last) / 2.0, 10, 11);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Time_disjoint_from_the_observation_is_no_overlap_and_overlapping_time_cuts_nothing()
    {
        // NGC 2403: DATE-OBS 2003-12-10T06:40:00, EXPTIME 25200 s (7 h).
        var path = demo.File("cubes/hi/NGC2403_HI.fits");
        var start = ObservationTime.ToMjd(new DateTime(2003, 12, 10, 6, 40, 0, DateTimeKind.Utc));
        var before = await PlanAsync(path, ("TIME", Interval(start - 1, start - 0.01)));
        Assert.False(before.HasOverlap);
        Assert.StartsWith("TIME", before.NoOverlapReason, StringComparison.Ordinal);
        var after = await PlanAsync(path, ("TIME", Interval(start + 0.3, start + 2)));
        Assert.False(after.HasOverlap);
        var during = await PlanOverlapAsync(path, ("TIME", Interval(start + 0.2, start + 0.25)));
        Assert.Equal(FitsReader.ReadHdus(path)[0].Axes, during.PixelRanges.Select(r => r.Count).ToArray());
        var scalar = await PlanOverlapAsync(path, ("TIME", start.ToString("R", CultureInfo.InvariantCulture)));
        Assert.Empty(scalar.Notes);
    }

    [Fact]
    public async Task No_filter_returns_the_whole_cube_with_provenance()
    {
        var path = demo.File("cubes/oh/W3OH_OH1665.fits");
        var plan = await PlanOverlapAsync(path);
        var bytes = await WriteAsync(plan);
        var source = FitsReader.ReadHdus(path)[0];
        var cut = Hdus(bytes)[0];
        Assert.Equal(source.Axes, cut.Axes);
        Assert.Equal("W3OH_OH1665_cutout.fits", plan.FileName);
        Assert.Equal("image/fits", plan.ContentType);
        var cards = cut.Header.Cards.ToList();
        var at = cards.FindIndex(c => c.Keyword == "HISTORY" && c.Comment!.StartsWith("VoServices SODA cutout", StringComparison.Ordinal));
        var history = cards.Skip(at).Select(c => (c.Keyword, Text: c.Comment!.TrimEnd())).ToList();
        Assert.All(history, h => Assert.Equal("HISTORY", h.Keyword));
        Assert.Equal(
            ["VoServices SODA cutout, 2026-11-21T12:00:00Z", "source file: W3OH_OH1665.fits", "pixels kept (first:last[:step]) NAXIS1 1:48 NAXIS2 1:48 NAXIS3 1:32"],
            history.Select(h => h.Text));
        Assert.DoesNotContain(Path.GetDirectoryName(path)!, string.Concat(history.Select(h => h.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_source_card_is_kept_except_checksums_and_structure()
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            var path = Path.Combine(dir, "sum.fits");
            var h = new FitsHeaderBuilder();
            DemoLikeCelestial(h);
            h.Set("CRPIX1A", 5.0).Set("CTYPE1A", "RA---TAN").Set("CTYPE2A", "DEC--TAN").Set("CRPIX2A", 7.0).Set("CRVAL1A", 10.0).Set("CRVAL2A", 20.0)
                .Set("LTV1", 0.0).Set("LTV2", 0.0)
                .Set("DATASUM", "123456").Set("CHECKSUM", "ABCDEFGHIJKLMNOP").Set("OBJECT", "a long object name that goes on and on and on and on and on and on and on")
                .AddComment("kept");
            WriteImage(path, [20, 20, 3], h, primaryFirst: true);
            var plan = await PlanOverlapAsync(path, ("POS", "RANGE 9.995 10.0 20.0 20.005"));
            var bytes = await WriteAsync(plan);
            var cut = Hdus(bytes)[0];
            var source = FitsReader.ReadHdus(path)[0];
            var first = plan.PixelRanges[0].First;
            Assert.True(first > 1);
            Assert.Equal(10.5 - (first - 1), cut.Header.GetDouble("CRPIX1"));
            Assert.Equal(5.0 - (first - 1), cut.Header.GetDouble("CRPIX1A"));
            Assert.Equal(-(first - 1), cut.Header.GetDouble("LTV1"));
            Assert.Null(cut.Header.Find("DATASUM"));
            Assert.Null(cut.Header.Find("CHECKSUM"));
            Assert.Equal(source.Header.GetString("OBJECT"), cut.Header.GetString("OBJECT"));
            // A single-HDU output has no EXTEND (nothing follows); everything else is kept in order.
            var sourceKeys = source.Header.Cards.Select(c => c.Keyword).Where(k => k is not ("DATASUM" or "CHECKSUM" or "EXTEND")).ToList();
            var cutKeys = cut.Header.Cards.Select(c => c.Keyword).ToList();
            Assert.Equal(sourceKeys, cutKeys.Take(sourceKeys.Count));
            Assert.All(cutKeys.Skip(sourceKeys.Count), k => Assert.Equal("HISTORY", k));
            Assert.InRange(cutKeys.Count - sourceKeys.Count, 3, 4);
            AssertSameVoxels(path, source, bytes, cut, Kept(plan.PixelRanges));
            AssertSameWorld(source.Header, cut.Header, Kept(plan.PixelRanges));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Cube_in_an_image_extension_comes_out_after_the_source_primary_header()
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            var path = Path.Combine(dir, "ext.fits");
            var h = new FitsHeaderBuilder().Set("EXTNAME", "SCI");
            DemoLikeCelestial(h);
            WriteImage(path, [20, 20, 3], h, primaryFirst: false);
            var plan = await PlanOverlapAsync(path, ("CIRCLE", "10 20 0.0015"));
            var bytes = await WriteAsync(plan);
            var hdus = Hdus(bytes);
            Assert.Equal(2, hdus.Count);
            Assert.Empty(hdus[0].Axes);
            Assert.Equal("WSRT", hdus[0].Header.GetString("TELESCOP"));
            Assert.Equal("SCI", hdus[1].ExtName);
            Assert.Equal("IMAGE", hdus[1].XTension);
            var source = FitsReader.ReadHdus(path)[1];
            AssertSameVoxels(path, source, bytes, hdus[1], Kept(plan.PixelRanges));
            AssertSameWorld(source.Header, hdus[1].Header, Kept(plan.PixelRanges));
            Assert.Same(hdus[1], ProductLayout.FindDataHdu(hdus));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Strided_stokes_axis_without_cdelt_or_with_a_cd_matrix_keeps_its_world_values(bool cdMatrix)
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            var path = Path.Combine(dir, "stokes.fits");
            var h = new FitsHeaderBuilder();
            if (cdMatrix)
            {
                h.Set("CTYPE1", "RA---TAN").Set("CRVAL1", 10.0).Set("CRPIX1", 4.0).Set("CD1_1", -1e-3).Set("CD1_2", 1e-4)
                    .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 20.0).Set("CRPIX2", 4.0).Set("CD2_1", 1e-4).Set("CD2_2", 1e-3)
                    .Set("CTYPE3", "STOKES").Set("CRVAL3", -5.0).Set("CRPIX3", 2.0).Set("CD3_3", -1.0);
            }
            else
            {
                h.Set("CTYPE1", "RA---TAN").Set("CRVAL1", 10.0).Set("CRPIX1", 4.0).Set("CDELT1", -1e-3)
                    .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 20.0).Set("CRPIX2", 4.0).Set("CDELT2", 1e-3)
                    .Set("CTYPE3", "STOKES").Set("CRVAL3", -8.0).Set("CRPIX3", 1.0);
            }

            // Planes: with the CD matrix −4 −5 −6 −7 (LR XX YY XY); without CDELT3 (default 1) −8 −7 −6 −5 (YX XY YY XX).
            WriteImage(path, [8, 8, 4], h, primaryFirst: true);
            var plan = await PlanOverlapAsync(path, ("POL", cdMatrix ? "LR" : "XX"), ("POL", "XY"));
            Assert.Equal(new SodaPixelRange(3, cdMatrix ? 1 : 2, 4, cdMatrix ? 3 : 2), plan.PixelRanges[2]);
            var bytes = await WriteAsync(plan);
            var cut = Hdus(bytes)[0];
            var source = FitsReader.ReadHdus(path)[0];
            AssertSameVoxels(path, source, bytes, cut, Kept(plan.PixelRanges));
            AssertSameWorld(source.Header, cut.Header, Kept(plan.PixelRanges));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("STOKES", null, "BAND not applied: the dataset has no spectral axis")]
    [InlineData("VRAD", null, "BAND not applied: the spectral axis VRAD cannot be expressed as wavelength")]
    [InlineData("VRAD", 1.42e9, null)]
    public async Task Band_on_a_cube_whose_wavelengths_are_unknown_does_not_constrain_it(string ctype3, double? restFrequency, string? note)
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            // No DATE-OBS either: TIME cannot be applied and says so.
            var path = Path.Combine(dir, "cube.fits");
            var h = new FitsHeaderBuilder()
                .Set("CTYPE1", "RA---TAN").Set("CRVAL1", 10.0).Set("CRPIX1", 4.0).Set("CDELT1", -1e-3)
                .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 20.0).Set("CRPIX2", 4.0).Set("CDELT2", 1e-3)
                .Set("CTYPE3", ctype3).Set("CRVAL3", 1.0).Set("CRPIX3", 1.0).Set("CDELT3", 1.0);
            if (restFrequency is { } f)
            {
                h.Set("RESTFRQ", f);
            }

            WriteImage(path, [8, 8, 4], h, primaryFirst: true);
            // Channels are 1 m/s wide from 0.5 m/s: λ = c / (ν0 (1 − v/c)) ≈ λ0 (1 + v/c) grows 0.7 nm per channel,
            // so [λ0, λ0 + 1 nm] lies within channel 1 when the axis can be converted.
            var lambda0 = C / 1.42e9;
            var band = FormattableString.Invariant($"{lambda0:R} {lambda0 + 1e-9:R}");
            var plan = await PlanOverlapAsync(path, ("BAND", band), ("TIME", "50000 60000"));
            if (note is null)
            {
                Assert.Equal(new SodaPixelRange(3, 1, 1, 1), plan.PixelRanges[2]);
                Assert.Equal(["TIME not applied: the dataset gives no observation time"], plan.Notes);
                return;
            }

            Assert.Equal(4, plan.PixelRanges[2].Count);
            Assert.Equal(2, plan.Notes.Count);
            Assert.Equal("TIME not applied: the dataset gives no observation time", plan.Notes[0]);
            Assert.StartsWith(note, plan.Notes[1], StringComparison.Ordinal);
            var cut = Hdus(await WriteAsync(plan))[0];
            Assert.Contains(cut.Header.Cards, c => c.Keyword == "HISTORY" && c.Comment!.StartsWith("BAND not applied", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_small_buffer_writes_the_same_bytes()
    {
        var path = demo.File("cubes/hi/WLM_HI.fits");
        var request = SodaRequest.From(Parameters(("ID", "test"), ("CIRCLE", "0.2 -15.3 0.4"), ("BAND", "0.2108 0.2112")));
        var big = (await SodaCutoutPlanner.PlanAsync(path, request, Options, CancellationToken.None)).Plan!;
        var small = (await SodaCutoutPlanner.PlanAsync(path, request, Options with { BufferSize = 4096 }, CancellationToken.None)).Plan!;
        Assert.Equal(await WriteAsync(big), await WriteAsync(small));
    }

    [Fact]
    public async Task Cancellation_stops_the_write()
    {
        var plan = await PlanOverlapAsync(demo.File("cubes/hi/NGC2403_HI.fits"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plan.WriteAsync(Stream.Null, cts.Token));
    }

    private async Task<FitsHdu> AssertMatchesSource(string path, SodaCutoutPlan plan)
    {
        var source = FitsReader.ReadHdus(path)[0];
        var bytes = await WriteAsync(plan);
        var cut = Assert.Single(Hdus(bytes));
        AssertSameVoxels(path, source, bytes, cut, Kept(plan.PixelRanges));
        AssertSameWorld(source.Header, cut.Header, Kept(plan.PixelRanges));
        return cut;
    }

    private static string Interval(double a, double b) =>
        FormattableString.Invariant($"{Math.Min(a, b):R} {Math.Max(a, b):R}");

    private static void DemoLikeCelestial(FitsHeaderBuilder h) =>
        h.Set("CTYPE1", "RA---TAN").Set("CRVAL1", 10.0).Set("CRPIX1", 10.5).Set("CDELT1", -0.0005).Set("CUNIT1", "deg")
            .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", 20.0).Set("CRPIX2", 10.5).Set("CDELT2", 0.0005).Set("CUNIT2", "deg")
            .Set("CTYPE3", "FREQ").Set("CRVAL3", 1.4e9).Set("CRPIX3", 1.0).Set("CDELT3", 1e6).Set("CUNIT3", "Hz")
            .Set("BUNIT", "Jy/beam").Set("DATE-OBS", "2020-01-01T00:00:00");

    private static void WriteImage(string path, long[] axes, FitsHeaderBuilder extra, bool primaryFirst)
    {
        var n = axes.Aggregate(1L, (a, b) => a * b);
        var data = Enumerable.Range(0, (int)n).Select(i => (float)(i * 0.5)).ToArray();
        using var stream = File.Create(path);
        using var writer = new FitsWriter(stream);
        if (!primaryFirst)
        {
            writer.WriteEmptyPrimary(new FitsHeaderBuilder().Set("TELESCOP", "WSRT"));
        }

        writer.WriteImage<float>(axes, data, extra);
    }
}
