using System.Globalization;
using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Fits.Sky;
using VoServices.Soda;
using VoServices.Core.Tests.Demo;
using VoServices.Fits.Wcs;
using static VoServices.Core.Tests.Soda.Cutouts;

namespace VoServices.Core.Tests.Soda;

/// <summary>Cutouts of the LVM-style row-stacked spectra: fibres by region, wavelength columns by BAND.</summary>
public sealed class SodaRssCutoutTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    private const string Rss = "rss/lvmCFrame-00012345.fits";
    private const double Ra0 = 270.9042, Dec0 = -24.3867, Pitch = 35.3;

    [Fact]
    public async Task Circle_and_band_cut_every_per_fibre_image_wave_and_slitmap_consistently()
    {
        var path = demo.File(Rss);
        var radius = 1.2 * Pitch / 3600;
        var plan = await PlanOverlapAsync(path, ("CIRCLE", Inv($"{Ra0} {Dec0} {radius}")), ("BAND", "6.5e-7 6.6e-7"));

        // Fibres: those whose SLITMAP position lies within the radius (the centre and the first hexagonal ring).
        var source = FitsReader.ReadHdus(path);
        var (ra, dec) = Positions(path, source);
        var expectedFibres = Enumerable.Range(0, ra.Length).Where(i => new SkyPoint(ra[i], dec[i]).DistanceTo(new SkyPoint(Ra0, Dec0)) <= radius).Select(i => (long)i + 1).ToArray();
        Assert.Equal(7, expectedFibres.Length);
        Assert.Equal(expectedFibres, plan.Fibres);

        // Wavelengths: WAVE is linear, 3600 Å + i·6200/1999 Å (vacuum); a column spans ± half a step.
        var step = 6200.0 / 1999;
        var columns = Enumerable.Range(0, 2000).Where(i => 3600 + (i * step) + (step / 2) > 6500 && 3600 + (i * step) - (step / 2) < 6600).ToArray();
        Assert.Equal(new SodaPixelRange(1, columns[0] + 1, columns[^1] + 1, 1), plan.PixelRanges[0]);

        var bytes = await WriteAsync(plan);
        var cut = Hdus(bytes);
        Assert.Equal(source.Select(h => h.ExtName), cut.Select(h => h.ExtName));
        var keptWave = columns.Select(i => (long)i).ToArray();
        var keptFibres = expectedFibres.Select(f => f - 1).ToArray();
        foreach (var name in new[] { "FLUX", "IVAR", "MASK", "LSF" })
        {
            var s = source.Single(h => h.ExtName == name);
            var c = cut.Single(h => h.ExtName == name);
            AssertSameVoxels(path, s, bytes, c, [keptWave, keptFibres]);
        }

        var wave = cut.Single(h => h.ExtName == "WAVE");
        Assert.Equal(columns.Select(i => 3600 + (i * step)), Values(bytes, wave), (a, b) => Math.Abs(a - b) < 1e-9);

        // SLITMAP keeps exactly the rows of the kept fibres, every column.
        var slitSource = source.Single(h => h.ExtName == "SLITMAP");
        var slitCut = cut.Single(h => h.ExtName == "SLITMAP");
        Assert.Equal([slitSource.Axes[0], 7L], slitCut.Axes);
        using (var a = FitsBinTable.Open(path, slitSource))
        using (var b = new FitsBinTable(new MemoryStream(bytes), slitCut, leaveOpen: false))
        {
            for (var r = 0; r < keptFibres.Length; r++)
            {
                var ra1 = a.ReadRow(keptFibres[r]);
                var ra2 = b.ReadRow(r);
                foreach (var column in a.Columns)
                {
                    if (column.Type == 'A')
                    {
                        Assert.Equal(ra1.GetString(column.Name), ra2.GetString(column.Name));
                    }
                    else
                    {
                        Assert.Equal(ra1.GetDouble(column.Name), ra2.GetDouble(column.Name));
                    }
                }
            }
        }

        // Ingest recognises the output as RSS again and maps it: footprint and band inside the request.
        var outPath = Path.Combine(Path.GetTempPath(), "vo-soda-rss-" + Guid.NewGuid().ToString("N") + ".fits");
        try
        {
            await File.WriteAllBytesAsync(outPath, bytes);
            var hdus = FitsReader.ReadHdus(outPath);
            Assert.True(ProductLayout.IsRss(hdus));
            var row = RssMapper.Map(outPath, hdus, null, CancellationToken.None).Build();
            Assert.Equal(7L, row.Get<long>("s_xel1"));
            Assert.InRange(row.Get<double>("em_min")!.Value, 6.49e-7, 6.5e-7);
            Assert.InRange(row.Get<double>("em_max")!.Value, 6.6e-7, 6.61e-7);
            Assert.InRange(row.Get<double>("s_fov")!.Value, 2 * Pitch / 3600, 4 * Pitch / 3600); // 7 fibres: two pitches across plus a fibre
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    [Fact]
    public async Task Region_on_the_sky_fibres_keeps_only_them()
    {
        var path = demo.File(Rss);
        var plan = await PlanOverlapAsync(path, ("POS", "RANGE 269.1 269.3 -24 -23.8"));
        Assert.Equal([62L, 63, 64], plan.Fibres);
        Assert.Equal(new SodaPixelRange(2, 62, 64, 1), plan.PixelRanges[1]);
        var bytes = await WriteAsync(plan);
        var cut = Hdus(bytes);
        Assert.True(ProductLayout.IsRss(cut));
        var flux = cut.Single(h => h.ExtName == "FLUX");
        AssertSameVoxels(path, FitsReader.ReadHdus(path).Single(h => h.ExtName == "FLUX"), bytes, flux,
            [Enumerable.Range(0, 2000).Select(i => (long)i).ToArray(), [61, 62, 63]]);
    }

    [Theory]
    [InlineData("CIRCLE", "10 10 1", "no fibre")]
    [InlineData("BAND", "1e-6 2e-6", "BAND")]
    [InlineData("POL", "Q", "POL Q")]
    public async Task Filters_selecting_nothing_are_no_overlap(string name, string value, string reason)
    {
        var outcome = await PlanAsync(demo.File(Rss), (name, value));
        Assert.False(outcome.HasOverlap);
        Assert.StartsWith(reason, outcome.NoOverlapReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_filter_copies_every_hdu_but_the_primary_byte_for_byte()
    {
        var path = demo.File(Rss);
        var plan = await PlanOverlapAsync(path);
        var bytes = await WriteAsync(plan);
        var source = FitsReader.ReadHdus(path);
        var cut = Hdus(bytes);
        var file = File.ReadAllBytes(path);
        for (var i = 1; i < source.Count; i++)
        {
            var length = (int)(source[i].EndOffset - source[i].HeaderOffset);
            Assert.True(file.AsSpan((int)source[i].HeaderOffset, length).SequenceEqual(bytes.AsSpan((int)cut[i].HeaderOffset, length)), source[i].ExtName);
        }

        Assert.Contains(cut[0].Header.Cards, c => c.Keyword == "HISTORY" && c.Comment!.Contains("fibres (SLITMAP rows) all", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Band_from_an_air_wavelength_wcs_on_flux_shifts_crpix1()
    {
        var dir = Directory.CreateTempSubdirectory("vo-soda-").FullName;
        try
        {
            // FLUX with an AWAV WCS (Å) and no WAVE image; two fibres.
            var path = Path.Combine(dir, "rss.fits");
            const int nWave = 100;
            var flux = Enumerable.Range(0, nWave * 2).Select(i => (float)i).ToArray();
            using (var stream = File.Create(path))
            using (var w = new FitsWriter(stream))
            {
                w.WriteEmptyPrimary(new FitsHeaderBuilder().Set("DATE-OBS", "2023-01-01T00:00:00"));
                w.WriteImage<float>([nWave, 2], flux, new FitsHeaderBuilder().Set("EXTNAME", "FLUX")
                    .Set("CTYPE1", "AWAV").Set("CUNIT1", "Angstrom").Set("CRVAL1", 6500.0).Set("CDELT1", 2.0).Set("CRPIX1", 1.0));
                w.WriteBinTable([FitsTableColumn.Float64("ra", [10.0, 10.01]), FitsTableColumn.Float64("dec", [20.0, 20.0])],
                    new FitsHeaderBuilder().Set("EXTNAME", "SLITMAP"));
            }

            // Vacuum wavelength of air 6560 Å is about 6561.81 Å: the band [6561.9, 6570.1] Å (vacuum) starts in the column of air 6560.
            var vacuum6560 = RssFibres.AirToVacuumAngstrom(6560);
            Assert.InRange(vacuum6560, 6561.7, 6561.9);
            var plan = await PlanOverlapAsync(path, ("BAND", Inv($"{(vacuum6560 + 0.1) * 1e-10} {(vacuum6560 + 8.1) * 1e-10}")));
            Assert.Equal(new SodaPixelRange(1, 31, 35, 1), plan.PixelRanges[0]);
            var bytes = await WriteAsync(plan);
            var cut = Hdus(bytes).Single(h => h.ExtName == "FLUX");
            var source = FitsReader.ReadHdus(path).Single(h => h.ExtName == "FLUX");
            Assert.Equal(1.0 - 30, cut.Header.GetDouble("CRPIX1"));
            using var ws = WcsTransform.FromHeader(source.Header);
            using var wc = WcsTransform.FromHeader(cut.Header);
            Assert.Equal(ws.PixelToWorld(31, 1)[0], wc.PixelToWorld(1, 1)[0], 9);
            AssertSameVoxels(path, source, bytes, cut, [Enumerable.Range(30, 5).Select(i => (long)i).ToArray(), [0, 1]]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (double[] Ra, double[] Dec) Positions(string path, IReadOnlyList<FitsHdu> hdus)
    {
        using var t = FitsBinTable.Open(path, hdus.Single(h => h.ExtName == "SLITMAP"));
        return (t.ReadDoubles(t.Column("ra")), t.ReadDoubles(t.Column("dec")));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
