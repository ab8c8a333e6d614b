using VoServices.Fits;
using VoServices.Ingest;
using VoServices.Products;
using VoServices.Fits.Sky;

namespace VoServices.Core.Tests.Ingest;

public sealed class CubeMapperTests : IDisposable
{
    private const double C = 299_792_458.0;
    private readonly TestCubes _cubes = new();

    public void Dispose() => _cubes.Dispose();

    private static ObsCoreRow MapFile(string path)
    {
        var hdus = FitsReader.ReadHdus(path);
        var row = CubeMapper.Map(path, hdus, seeingArcsec: null, CancellationToken.None);
        return row.Set("obs_publisher_did", "ivo://test?x").Set("obs_id", "x").Set("obs_collection", "t").Build();
    }

    private static void TanCube(FitsHeaderBuilder h, double ra, double dec, double cdelt, int n)
    {
        h.Set("CTYPE1", "RA---TAN").Set("CRVAL1", ra).Set("CDELT1", -cdelt).Set("CRPIX1", (n + 1) / 2.0).Set("CUNIT1", "deg")
         .Set("CTYPE2", "DEC--TAN").Set("CRVAL2", dec).Set("CDELT2", cdelt).Set("CRPIX2", (n + 1) / 2.0).Set("CUNIT2", "deg")
         .Set("RADESYS", "ICRS");
    }

    [Fact]
    public void Footprint_corners_are_the_pixel_grid_edges_through_the_gnomonic_projection()
    {
        var path = _cubes.Write("tan.fits", [10, 10, 4], h =>
        {
            TanCube(h, 150, 30, 0.1, 10);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1e11).Set("CDELT3", 1e6).Set("CRPIX3", 1.0).Set("CUNIT3", "Hz");
        });

        var row = MapFile(path);

        // Edge of pixel 0.5 is 5 pixels = 0.5° from the reference in each intermediate coordinate. The first corner
        // (pixel 0.5, 0.5) has x = +0.5° (CDELT1 < 0), y = -0.5°. Inverse TAN (Calabretta & Greisen 2002, eq. 54/55
        // in the spherical form): dec = asin((sin d0 + y cos d0) / sqrt(1 + x² + y²)), ra = a0 + atan2(x, cos d0 - y sin d0).
        double x = 0.5 * Math.PI / 180, y = -0.5 * Math.PI / 180, d0 = 30 * Math.PI / 180;
        var expectedDec = Math.Asin((Math.Sin(d0) + (y * Math.Cos(d0))) / Math.Sqrt(1 + (x * x) + (y * y))) * 180 / Math.PI;
        var expectedRa = 150 + (Math.Atan2(x, Math.Cos(d0) - (y * Math.Sin(d0))) * 180 / Math.PI);
        var corners = row.Region!.Vertices;
        Assert.Equal(4, corners.Count); // a TAN grid's edges are great circles: no intermediate vertices
        Assert.Equal(expectedRa, corners[0].Ra, 9);
        Assert.Equal(expectedDec, corners[0].Dec, 9);
        Assert.Equal(150, row.Get<double>("s_ra")!.Value, 9);
        Assert.Equal(30, row.Get<double>("s_dec")!.Value, 9);
        Assert.Equal(10L, row.Get<long>("s_xel1"));
        Assert.Equal(0.1 * 3600, row.Get<double>("s_pixel_scale")!.Value, 3);
        // s_fov: diameter of the circle about the centre through the farthest corner, ≈ 2 × 0.5° × √2 for this small field.
        Assert.Equal(2 * 0.5 * Math.Sqrt(2), row.Get<double>("s_fov")!.Value, 3);
    }

    [Fact]
    public void Footprint_across_ra_zero_contains_both_sides_of_the_wrap()
    {
        var path = _cubes.Write("wrap.fits", [20, 20, 2], h =>
        {
            TanCube(h, 0.05, -10, 0.05, 20);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0);
        });

        var row = MapFile(path);

        var ras = row.Region!.Vertices.Select(v => v.Ra).ToList();
        Assert.Contains(ras, r => r > 359); // west edge at ≈ 0.05 - 0.5 = -0.45° → 359.55°
        Assert.Contains(ras, r => r < 1);   // east edge at ≈ 0.55°
        Assert.All(ras, r => Assert.InRange(r, 0, 360));
        Assert.Equal(0.05, row.Get<double>("s_ra")!.Value, 6);
        Assert.True(row.Get<double>("s_fov") < 2, "the footprint must be the small field, not a band around the sky");
    }

    [Fact]
    public void Footprint_around_the_pole_keeps_every_corner_at_the_same_distance_from_it()
    {
        var path = _cubes.Write("pole.fits", [30, 30, 2], h =>
        {
            TanCube(h, 0, 90, 0.02, 30);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0);
        });

        var row = MapFile(path);

        // A grid centred on the pole: corners at intermediate (±0.3°, ±0.3°), r = 0.3√2° from the reference; TAN maps
        // r = (180/π) cot θ, so each corner lies atan(r·π/180) from the pole, at four RAs 90° apart.
        var expectedDec = 90 - (Math.Atan(Math.Sqrt(2) * 0.3 * Math.PI / 180) * 180 / Math.PI);
        Assert.All(row.Region!.Vertices, v => Assert.Equal(expectedDec, v.Dec, 6));
        var ras = row.Region.Vertices.Select(v => v.Ra).Order().ToList();
        Assert.Equal(4, ras.Count);
        Assert.Equal(90, ras[1] - ras[0], 6);
        Assert.Equal(90, row.Get<double>("s_dec")!.Value, 9);
    }

    [Fact]
    public void Frequency_axis_bounds_become_vacuum_wavelengths_of_the_channel_edges()
    {
        var path = _cubes.Write("freq.fits", [8, 8, 10], h =>
        {
            TanCube(h, 10, 10, 0.01, 8);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1.0e11).Set("CDELT3", 1.0e6).Set("CRPIX3", 1.0).Set("CUNIT3", "Hz");
        });

        var row = MapFile(path);

        // Channel edges at pixel 0.5 and 10.5: f = 1e11 + (p - 1) × 1e6, so 0.999995e11 and 1.000095e11 Hz; λ = c / f.
        Assert.Equal(C / 1.000095e11, row.Get<double>("em_min")!.Value, 15);
        Assert.Equal(C / 0.999995e11, row.Get<double>("em_max")!.Value, 15);
        Assert.Equal(10L, row.Get<long>("em_xel"));
        // Centre channel at pixel 5.5: f = 1.000045e11; its width 1e6 Hz gives R = f / Δf (= λ/Δλ to first order).
        Assert.Equal(1.000045e11 / 1e6, row.Get<double>("em_res_power")!.Value, tolerance: 1);
        Assert.Equal("em.freq", row.GetString("em_ucd"));
        Assert.Equal("cube", row.GetString("dataproduct_type"));
    }

    [Fact]
    public void Radio_velocity_axis_uses_the_rest_frequency()
    {
        var path = _cubes.Write("vrad.fits", [8, 8, 5], h =>
        {
            TanCube(h, 10, 10, 0.01, 8);
            h.Set("CTYPE3", "VRAD").Set("CRVAL3", 0.0).Set("CDELT3", 1000.0).Set("CRPIX3", 3.0).Set("CUNIT3", "m/s")
             .Set("RESTFRQ", 1.420405752e9);
        });

        var row = MapFile(path);

        // Radio convention: f = f0 (1 - v/c). Edges at pixels 0.5 and 5.5 → v = -2500 and +2500 m/s.
        var f0 = 1.420405752e9;
        Assert.Equal(C / (f0 * (1 + (2500 / C))), row.Get<double>("em_min")!.Value, 12);
        Assert.Equal(C / (f0 * (1 - (2500 / C))), row.Get<double>("em_max")!.Value, 12);
        Assert.Equal("spect.dopplerVeloc.radio", row.GetString("em_ucd"));
    }

    [Fact]
    public void Velocity_axis_without_rest_frequency_leaves_the_band_unknown_but_ingests()
    {
        var path = _cubes.Write("velo.fits", [8, 8, 5], h =>
        {
            TanCube(h, 10, 10, 0.01, 8);
            h.Set("CTYPE3", "VRAD").Set("CRVAL3", 0.0).Set("CDELT3", 1000.0).Set("CRPIX3", 3.0).Set("CUNIT3", "m/s");
        });

        var row = MapFile(path);

        Assert.Null(row["em_min"]);
        Assert.Equal(5L, row.Get<long>("em_xel"));
    }

    [Fact]
    public void Stokes_axis_gives_pol_states_in_canonical_order()
    {
        var path = _cubes.Write("stokes.fits", [6, 6, 3, 4], h =>
        {
            TanCube(h, 10, 10, 0.01, 6);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1.4e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0)
             // Planes V, U, Q, I (CRVAL4 = 4, CDELT4 = -1): the list must still read /I/Q/U/V/.
             .Set("CTYPE4", "STOKES").Set("CRVAL4", 4.0).Set("CDELT4", -1.0).Set("CRPIX4", 1.0)
             .Set("BUNIT", "Jy/beam");
        });

        var row = MapFile(path);

        Assert.Equal("/I/Q/U/V/", row.GetString("pol_states"));
        Assert.Equal(4L, row.Get<long>("pol_xel"));
        Assert.Equal("phot.flux.density;phys.polarization.stokes", row.GetString("o_ucd"));
    }

    [Fact]
    public void Galactic_cube_footprint_is_converted_to_icrs()
    {
        var path = _cubes.Write("gal.fits", [4, 4, 2], h =>
        {
            h.Set("CTYPE1", "GLON-CAR").Set("CRVAL1", 0.0).Set("CDELT1", -0.01).Set("CRPIX1", 2.5)
             .Set("CTYPE2", "GLAT-CAR").Set("CRVAL2", 0.0).Set("CDELT2", 0.01).Set("CRPIX2", 2.5)
             .Set("CTYPE3", "FREQ").Set("CRVAL3", 1e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0);
        });

        var row = MapFile(path);

        // The Galactic centre (l, b) = (0, 0) is at ICRS (266.40499, -28.93617) (Hipparcos galactic pole and origin, as in astropy).
        Assert.Equal(266.40499, row.Get<double>("s_ra")!.Value, 3);
        Assert.Equal(-28.93617, row.Get<double>("s_dec")!.Value, 3);
    }

    [Fact]
    public void Time_comes_from_date_obs_and_exposure()
    {
        var path = _cubes.Write("time.fits", [4, 4, 2], h =>
        {
            TanCube(h, 10, 10, 0.01, 4);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0)
             .Set("DATE-OBS", "2020-01-01T12:00:00").Set("EXPTIME", 3600.0).Set("OBJECT", "NGC 1234").Set("TELESCOP", "VLA");
        });

        var row = MapFile(path);

        // 2020-01-01T00:00 UTC is MJD 58849 (JD 2458849.5); noon adds 0.5; one hour of exposure adds 1/24 d.
        Assert.Equal(58849.5, row.Get<double>("t_min")!.Value, 9);
        Assert.Equal(58849.5 + (1.0 / 24), row.Get<double>("t_max")!.Value, 9);
        Assert.Equal(3600, row.Get<double>("t_exptime"));
        Assert.Equal("NGC 1234", row.GetString("target_name"));
        Assert.Equal("VLA", row.GetString("facility_name"));
    }

    [Fact]
    public void All_nan_data_are_rejected_with_a_reason()
    {
        var path = _cubes.Write("nan.fits", [4, 4, 2], h =>
        {
            TanCube(h, 10, 10, 0.01, 4);
            h.Set("CTYPE3", "FREQ").Set("CRVAL3", 1e9).Set("CDELT3", 1e6).Set("CRPIX3", 1.0);
        }, allNaN: true);

        var e = Assert.Throws<ProductRejectedException>(() => MapFile(path));
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void Unknown_ctype_is_rejected_with_wcslib_reason()
    {
        var path = _cubes.Write("bad-ctype.fits", [4, 4, 2], h =>
        {
            h.Set("CTYPE1", "RA---XYZ").Set("CRVAL1", 10.0).Set("CDELT1", -0.01).Set("CRPIX1", 2.5)
             .Set("CTYPE2", "DEC--XYZ").Set("CRVAL2", 10.0).Set("CDELT2", 0.01).Set("CRPIX2", 2.5);
        });

        var e = Assert.Throws<ProductRejectedException>(() => MapFile(path));
        Assert.Contains("WCS", e.Message);
    }
}
