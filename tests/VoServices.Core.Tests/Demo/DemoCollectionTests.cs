using System.Globalization;
using VoServices.Demo;
using VoServices.Fits;
using VoServices.Core.Tests.Wcs;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Demo;

/// <summary>Writes the demo collection once for the class (read-only afterwards) and deletes it at the end.</summary>
public sealed class DemoDirectory : IAsyncLifetime
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vo-demo-tests-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyList<DemoProduct> Products { get; private set; } = [];

    public async Task InitializeAsync() => Products = await DemoCollection.WriteAsync(Path, CancellationToken.None);

    public Task DisposeAsync()
    {
        Directory.Delete(Path, recursive: true);
        return Task.CompletedTask;
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);
}

public sealed class DemoCollectionTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    private static IEnumerable<DemoProduct> Cubes(IEnumerable<DemoProduct> p) =>
        p.Where(x => x.Kind is DemoProductKind.VelocityCube or DemoProductKind.FrequencyCube or DemoProductKind.StokesCube or DemoProductKind.GalacticCube);

    [Fact]
    public void Lists_every_product_it_wrote_and_nothing_else()
    {
        Assert.Equal(DemoCollection.Products, demo.Products);
        // 3 velocity + 2 frequency + 1 Stokes + 1 galactic cube, 1 RSS file, 1 HiPS directory.
        Assert.Equal(3, demo.Products.Count(p => p.Kind == DemoProductKind.VelocityCube));
        Assert.Equal(2, demo.Products.Count(p => p.Kind == DemoProductKind.FrequencyCube));
        Assert.Single(demo.Products, p => p.Kind == DemoProductKind.StokesCube);
        Assert.Single(demo.Products, p => p.Kind == DemoProductKind.GalacticCube);
        Assert.Single(demo.Products, p => p.Kind == DemoProductKind.RowStackedSpectra);
        Assert.Single(demo.Products, p => p.Kind == DemoProductKind.Hips);
        foreach (var p in demo.Products)
        {
            Assert.True(p.Kind == DemoProductKind.Hips ? Directory.Exists(demo.File(p.RelativePath)) : File.Exists(demo.File(p.RelativePath)), p.RelativePath);
        }

        // FITS files outside the HiPS directory are exactly the listed products and HiPS inputs.
        var fits = Directory.GetFiles(demo.Path, "*.fits", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(demo.Path, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("hips-demo/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var listed = demo.Products.Where(p => p.Kind != DemoProductKind.Hips).Select(p => p.RelativePath).Concat(DemoCollection.Inputs.Select(i => i.RelativePath));
        Assert.Equal(listed.Order(StringComparer.Ordinal), fits);
    }

    [Fact]
    public async Task Writing_twice_gives_byte_identical_files_of_about_twelve_megabytes()
    {
        var other = Path.Combine(Path.GetTempPath(), "vo-demo-again-" + Guid.NewGuid().ToString("N"));
        try
        {
            await DemoCollection.WriteAsync(other, CancellationToken.None);
            var files = Directory.GetFiles(demo.Path, "*", SearchOption.AllDirectories);
            Assert.Equal(files.Length, Directory.GetFiles(other, "*", SearchOption.AllDirectories).Length);
            long total = 0;
            foreach (var f in files)
            {
                var twin = Path.Combine(other, Path.GetRelativePath(demo.Path, f));
                Assert.True(File.ReadAllBytes(f).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), f);
                total += new FileInfo(f).Length;
            }

            // About 5 MB of products and 7 MB of LVM-like HiPS inputs (mostly the order-16 HEALPix table).
            Assert.InRange(total, 1_000_000, 14_000_000);
        }
        finally
        {
            Directory.Delete(other, true);
        }
    }

    [Fact]
    public void Every_cube_has_finite_data_and_celestial_and_spectral_axes()
    {
        foreach (var p in Cubes(demo.Products))
        {
            var path = demo.File(p.RelativePath);
            var hdu = FitsReader.ReadHdus(path)[0];
            using (var image = FitsImage.Open(path, hdu))
            {
                Assert.True(image.HasFiniteValue(), p.RelativePath);
            }

            using var w = WcsTransform.FromHeader(hdu.Header);
            Assert.Equal(0, w.LongitudeAxis);
            Assert.Equal(1, w.LatitudeAxis);
            Assert.Equal(2, w.SpectralAxis);
            Assert.NotNull(hdu.Header.GetString("OBJECT"));
            Assert.NotNull(hdu.Header.GetString("TELESCOP"));
            Assert.NotNull(hdu.Header.GetString("DATE-OBS"));
            Assert.NotNull(hdu.Header.GetDouble("EXPTIME"));
            Assert.NotNull(hdu.Header.GetDouble("BMAJ"));
            Assert.Equal("2024-01-01T00:00:00", hdu.Header.GetString("DATE"));
        }
    }

    [Fact]
    public void Velocity_cubes_are_float_VELO_LSR_in_metres_per_second_with_HI_rest_frequency()
    {
        foreach (var p in demo.Products.Where(p => p.Kind == DemoProductKind.VelocityCube))
        {
            var h = FitsReader.ReadHdus(demo.File(p.RelativePath))[0];
            Assert.Equal(-32, h.Bitpix);
            Assert.Equal(new long[] { 64, 64, 48 }, h.Axes);
            Assert.Equal("VELO-LSR", h.Header.GetString("CTYPE3"));
            Assert.Equal("m/s", h.Header.GetString("CUNIT3"));
            Assert.Equal(1.420405752e9, h.Header.GetDouble("RESTFREQ"));
            Assert.Equal("RA---SIN", h.Header.GetString("CTYPE1"));
            Assert.Equal("JY/BEAM", h.Header.GetString("BUNIT"));
        }
    }

    [Fact]
    public void WLM_cube_straddles_RA_zero()
    {
        using var w = Wcs("cubes/hi/WLM_HI.fits");
        // Left and right edges at the reference row: one side east of RA 0 (small RA), the other west (RA near 360).
        var left = w.PixelToWorld(1, 32.5, 24)[0];
        var right = w.PixelToWorld(64, 32.5, 24)[0];
        Assert.InRange(left, 0.0, 2.0);
        Assert.InRange(right, 358.0, 360.0);
    }

    [Fact]
    public void NGC3172_cube_contains_the_north_celestial_pole()
    {
        using var w = Wcs("cubes/hi/NGC3172_HI.fits");
        var pixel = w.WorldToPixel(0.0, 90.0, 5960000.0);
        Assert.InRange(pixel[0], 0.5, 64.5);
        Assert.InRange(pixel[1], 0.5, 64.5);
    }

    [Fact]
    public void Frequency_cubes_are_scaled_16_bit_with_blank_voxels_and_one_has_negative_channels()
    {
        var cdelts = new List<double>();
        foreach (var p in demo.Products.Where(p => p.Kind == DemoProductKind.FrequencyCube))
        {
            var path = demo.File(p.RelativePath);
            var h = FitsReader.ReadHdus(path)[0];
            Assert.Equal(16, h.Bitpix);
            Assert.Equal("RA---NCP", h.Header.GetString("CTYPE1"));
            Assert.Equal("FREQ", h.Header.GetString("CTYPE3"));
            Assert.NotNull(h.Header.GetDouble("RESTFRQ"));
            Assert.NotEqual(1.0, h.Header.GetDouble("BSCALE"));
            Assert.Equal(-32768L, h.Header.GetLong("BLANK"));
            using var img = FitsImage.Open(path, h);
            var plane = img.ReadPlane(0);
            // The corner lies outside the 21-pixel primary-beam radius (BLANK); the centre inside.
            Assert.True(double.IsNaN(plane[0]));
            Assert.False(double.IsNaN(plane[24 + (48 * 24)]));
            cdelts.Add(h.Header.GetDouble("CDELT3")!.Value);
        }

        Assert.Contains(cdelts, c => c < 0);
        Assert.Contains(cdelts, c => c > 0);
    }

    [Fact]
    public void Stokes_cube_has_I_Q_U_V_planes_on_its_fourth_axis()
    {
        using var w = Wcs("cubes/continuum/3C286_IQUV.fits");
        Assert.Equal(3, w.StokesAxis);
        Assert.Equal("RA---TAN", w.CTypes[0]);
        // STOKES codes 1..4 are I, Q, U, V (FITS WCS paper I, table 7).
        for (var s = 1; s <= 4; s++)
        {
            Assert.Equal(s, w.PixelToWorld(17, 17, 1, s)[3], 12);
        }

        var hdu = FitsReader.ReadHdus(demo.File("cubes/continuum/3C286_IQUV.fits"))[0];
        Assert.Equal(new long[] { 32, 32, 8, 4 }, hdu.Axes);
    }

    [Fact]
    public void Galactic_cube_is_in_the_galactic_frame_with_radio_velocity()
    {
        using var w = Wcs("cubes/galactic/W51_13CO.fits");
        Assert.Equal(CelestialFrameKind.Galactic, w.Frame!.Kind);
        Assert.StartsWith("VRAD", w.CTypes[2], StringComparison.Ordinal);
        // CRPIX2 puts b = −0.37° (W51) at the cube centre (20.5, 20.5).
        var centre = w.PixelToWorld(20.5, 20.5, 16.5);
        Assert.Equal(49.49, centre[0], 9);
        Assert.Equal(-0.37, centre[1], 6);
    }

    [Fact]
    public void Rss_file_has_lvm_layout_and_a_hexagonal_ifu()
    {
        var path = demo.File("rss/lvmCFrame-00012345.fits");
        var hdus = FitsReader.ReadHdus(path);
        Assert.Equal(new[] { null, "FLUX", "IVAR", "MASK", "WAVE", "LSF", "SLITMAP" }, hdus.Select(h => h.ExtName));
        Assert.Equal("LVM-160", hdus[0].Header.GetString("TELESCOP"));
        Assert.NotNull(hdus[0].Header.GetString("DATE-OBS"));
        Assert.NotNull(hdus[0].Header.GetDouble("EXPTIME"));
        Assert.Equal(new long[] { 2000, 67 }, hdus[1].Axes); // NAXIS1 = wavelength, NAXIS2 = fibre
        Assert.Equal(-32, hdus[1].Bitpix);
        Assert.Equal(8, hdus[3].Bitpix);
        Assert.Equal(new long[] { 2000 }, hdus[4].Axes);
        Assert.Equal(-64, hdus[4].Bitpix);

        double[] wave;
        using (var img = FitsImage.Open(path, hdus[4]))
        {
            wave = img.ReadAll();
        }

        Assert.Equal(3600.0, wave[0], 9);
        Assert.Equal(9800.0, wave[^1], 9);

        using var t = FitsBinTable.Open(path, hdus[6]);
        Assert.Equal(67, t.RowCount);
        var type = t.ReadStrings(t.Column("targettype"));
        Assert.Equal(61, type.Count(x => x == "science"));
        Assert.Equal(6, type.Count(x => x == "SKY"));
        var ra = t.ReadDoubles(t.Column("ra"));
        var dec = t.ReadDoubles(t.Column("dec"));
        // Every science fibre's nearest science neighbour is one pitch (35.3″) away on a hexagonal grid.
        for (var i = 0; i < 61; i++)
        {
            var nearest = Enumerable.Range(0, 61).Where(j => j != i).Min(j => SeparationArcsec(ra[i], dec[i], ra[j], dec[j]));
            Assert.InRange(nearest, 35.2, 35.4);
        }

        // The outermost ring (4) is 4 pitches from the centre fibre at the pointing; sky fibres are over a degree away.
        Assert.Equal(4 * 35.3, Enumerable.Range(0, 61).Max(j => SeparationArcsec(ra[0], dec[0], ra[j], dec[j])), 1);
        Assert.All(Enumerable.Range(61, 6), j => Assert.True(SeparationArcsec(ra[0], dec[0], ra[j], dec[j]) > 3600));
        Assert.Equal(new[] { "fiberid", "spectrographid", "targettype", "ifulabel", "telescope", "xpmm", "ypmm", "fibstatus", "ra", "dec" }, t.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Hips_has_properties_moc_and_one_tile_per_moc_cell()
    {
        var root = demo.File("hips-demo");
        var props = File.ReadAllLines(Path.Combine(root, "properties"))
            .Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim());
        foreach (var key in new[] { "creator_did", "obs_title", "dataproduct_type", "hips_version", "hips_release_date", "hips_status", "hips_tile_format", "hips_order", "hips_frame" })
        {
            Assert.True(props.ContainsKey(key), key);
        }

        Assert.Equal("1.4", props["hips_version"]);
        Assert.Equal("equatorial", props["hips_frame"]);

        var moc = Path.Combine(root, "Moc.fits");
        var hdus = FitsReader.ReadHdus(moc);
        Assert.Equal("NUNIQ", hdus[1].Header.GetString("ORDERING"));
        Assert.Equal("C", hdus[1].Header.GetString("COORDSYS"));
        Assert.Equal("2.0", hdus[1].Header.GetString("MOCVERS"));
        Assert.Equal(3L, hdus[1].Header.GetLong("MOCORDER"));
        using var t = FitsBinTable.Open(moc, hdus[1]);
        var uniq = t.ReadDoubles(t.Column("UNIQ")).Select(u => (long)u).ToArray();
        Assert.Equal(uniq.Order(), uniq);
        // NUNIQ = 4·4^order + index: order 3 → 256 + index.
        var cells = uniq.Select(u => u - 256).ToArray();
        Assert.All(uniq, u => Assert.Equal(3, (int)Math.Floor(Math.Log2(u / 4.0) / 2)));
        var tiles = Directory.GetFiles(Path.Combine(root, "Norder3"), "*.fits", SearchOption.AllDirectories)
            .Select(f => long.Parse(Path.GetFileNameWithoutExtension(f)["Npix".Length..], CultureInfo.InvariantCulture)).Order();
        Assert.Equal(cells, tiles);
        // Canonical MOC: no complete set of 4 siblings (which would have to be written as the parent).
        Assert.All(cells.GroupBy(c => c / 4), g => Assert.True(g.Count() < 4));
        Assert.Equal(Math.Round(cells.Length / 768.0, 6), double.Parse(props["moc_sky_fraction"], CultureInfo.InvariantCulture));
        var tile = FitsReader.ReadHdus(Path.Combine(root, "Norder3/Dir0/Npix" + cells[0] + ".fits"))[0];
        Assert.Equal(new long[] { 64, 64 }, tile.Axes);
    }

    [Fact]
    public void Healpix_cell_centres_agree_with_libchealpix()
    {
        // pix2ang_nest of the C HEALPix library (libchealpix0), through Python's ctypes.
        var theirs = Astropy.Numbers("""
            import ctypes, math
            l = ctypes.CDLL('libchealpix.so.0')
            l.pix2ang_nest.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double)]
            for order, p in [(3, 168), (3, 174), (3, 0), (3, 767), (3, 300), (5, 5000), (0, 4)]:
                t = ctypes.c_double(); f = ctypes.c_double()
                l.pix2ang_nest(1 << order, p, ctypes.byref(t), ctypes.byref(f))
                print(math.degrees(f.value), 90 - math.degrees(t.value))
            """);
        (int Order, long Pix)[] cases = [(3, 168), (3, 174), (3, 0), (3, 767), (3, 300), (5, 5000), (0, 4)];
        for (var i = 0; i < cases.Length; i++)
        {
            var (ra, dec) = DemoHips.CellCentre(cases[i].Order, cases[i].Pix);
            Assert.Equal(theirs[2 * i], ra, 9);
            Assert.Equal(theirs[(2 * i) + 1], dec, 9);
        }
    }

    private WcsTransform Wcs(string relative) => WcsTransform.FromHeader(FitsReader.ReadHdus(demo.File(relative))[0].Header);

    private static double SeparationArcsec(double ra1, double dec1, double ra2, double dec2)
    {
        const double d = Math.PI / 180;
        var s = Math.Pow(Math.Sin((dec2 - dec1) * d / 2), 2) + (Math.Cos(dec1 * d) * Math.Cos(dec2 * d) * Math.Pow(Math.Sin((ra2 - ra1) * d / 2), 2));
        return 2 * Math.Asin(Math.Sqrt(s)) / d * 3600;
    }
}
