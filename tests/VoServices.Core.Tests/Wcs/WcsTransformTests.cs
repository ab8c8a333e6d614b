using System.Globalization;
using VoServices.Fits;
using VoServices.Core.Tests.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Wcs;

public sealed class WcsTransformTests
{
    private const double C = 299792458.0;

    internal static FitsHeader Header(params string[] cards) => new(cards.Select(FitsTestFiles.Card));

    /// <summary>A 4-D radio cube: RA---NCP/DEC--NCP/FREQ/STOKES, as AIPS and older VLA pipelines write.</summary>
    internal static FitsHeader NcpFreqStokes() => Header(
        "SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 4",
        "NAXIS1  = 64", "NAXIS2  = 64", "NAXIS3  = 16", "NAXIS4  = 4",
        "CTYPE1  = 'RA---NCP'", "CRVAL1  = 202.4696", "CDELT1  = -0.001388889", "CRPIX1  = 33.0", "CUNIT1  = 'deg'",
        "CTYPE2  = 'DEC--NCP'", "CRVAL2  = 47.19526", "CDELT2  = 0.001388889", "CRPIX2  = 33.0", "CUNIT2  = 'deg'",
        "CTYPE3  = 'FREQ'", "CRVAL3  = 1.4150E+09", "CDELT3  = -2.44140625E+04", "CRPIX3  = 1.0", "CUNIT3  = 'Hz'",
        "CTYPE4  = 'STOKES'", "CRVAL4  = 1.0", "CDELT4  = 1.0", "CRPIX4  = 1.0",
        "RESTFRQ = 1.420405752E+09", "RADESYS = 'FK5'", "EQUINOX = 2000.0", "SPECSYS = 'LSRK'");

    /// <summary>An HI velocity cube with the AIPS type VELO-LSR and RESTFREQ (AIPS spelling).</summary>
    internal static FitsHeader SinVeloLsr() => Header(
        "SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 3",
        "NAXIS1  = 64", "NAXIS2  = 64", "NAXIS3  = 48",
        "CTYPE1  = 'RA---SIN'", "CRVAL1  = 0.4925", "CDELT1  = -0.004166667", "CRPIX1  = 32.5",
        "CTYPE2  = 'DEC--SIN'", "CRVAL2  = -15.4608", "CDELT2  = 0.004166667", "CRPIX2  = 32.5",
        "CTYPE3  = 'VELO-LSR'", "CRVAL3  = -122000.0", "CDELT3  = 2576.0", "CRPIX3  = 24.0", "CUNIT3  = 'm/s'",
        "RESTFREQ= 1.420405752E+09", "EQUINOX = 2000.0");

    [Fact]
    public void Axis_roles_are_found_in_a_4d_cube()
    {
        using var w = WcsTransform.FromHeader(NcpFreqStokes());
        Assert.Equal(4, w.NAxis);
        Assert.Equal(0, w.LongitudeAxis);
        Assert.Equal(1, w.LatitudeAxis);
        Assert.Equal(2, w.SpectralAxis);
        Assert.Equal(3, w.StokesAxis);
        Assert.Equal(1.420405752e9, w.RestFrequency);
        Assert.Equal(new CelestialFrame(CelestialFrameKind.Fk5, 2000.0, "FK5"), w.Frame);
        Assert.Equal("FREQ", w.CTypes[2]);
    }

    [Fact]
    public void Reference_pixel_maps_to_the_reference_value_and_linear_axes_step_by_cdelt()
    {
        using var w = WcsTransform.FromHeader(NcpFreqStokes());
        // At CRPIX every axis has its CRVAL; frequency is linear: CRVAL3 + (p − CRPIX3)·CDELT3;
        // Stokes plane 3 is CRVAL4 + (3 − 1)·1 = 3 = U.
        var world = w.PixelToWorld(33, 33, 5, 3);
        Assert.Equal(202.4696, world[0], 9);
        Assert.Equal(47.19526, world[1], 9);
        Assert.Equal(1.415e9 + (4 * -2.44140625e4), world[2], 3);
        Assert.Equal(3.0, world[3], 12);
    }

    [Fact]
    public void World_to_pixel_inverts_pixel_to_world_in_batches()
    {
        using var w = WcsTransform.FromHeader(NcpFreqStokes());
        var pixels = new double[] { 1, 1, 1, 1, 64, 64, 16, 4, 10.5, 50.25, 7, 2 };
        var world = new double[pixels.Length];
        var back = new double[pixels.Length];
        Assert.Equal(0, w.PixelToWorld(pixels, world));
        Assert.Equal(0, w.WorldToPixel(world, back));
        for (var i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i], back[i], 8);
        }
    }

    [Fact]
    public void Points_beyond_the_projection_horizon_become_NaN()
    {
        using var w = WcsTransform.FromHeader(SinVeloLsr());
        // SIN projects only the hemisphere around (CRVAL1, CRVAL2); its antipode cannot map to a pixel.
        var pixel = new double[6];
        var bad = w.WorldToPixel(new[] { 0.4925, -15.4608, -122000.0, 180.4925, 15.4608, -122000.0 }, pixel);
        Assert.Equal(1, bad);
        Assert.Equal(32.5, pixel[0], 8);
        Assert.True(double.IsNaN(pixel[3]));
    }

    [Fact]
    public void Frequency_axis_as_wavelength_is_c_over_nu()
    {
        using var w = WcsTransform.FromHeader(NcpFreqStokes());
        using var wave = w.WithSpectralAxisAs("WAVE-???");
        Assert.Equal("WAVE-F2W", wave.CTypes[2]);
        // Vacuum wavelength λ = c / ν at pixel 1: ν = 1.415 GHz.
        Assert.Equal(C / 1.415e9, wave.PixelToWorld(33, 33, 1, 1)[2], 12);
        // And back: the wavelength of plane 16 maps to spectral pixel 16.
        var nu16 = 1.415e9 + (15 * -2.44140625e4);
        Assert.Equal(16.0, wave.WorldToPixel(202.4696, 47.19526, C / nu16, 1)[2], 6);
        Assert.Equal("FREQ", w.CTypes[2]); // the original is unchanged
    }

    [Fact]
    public void Velo_lsr_is_read_as_optical_velocity_and_converts_to_wavelength()
    {
        using var w = WcsTransform.FromHeader(SinVeloLsr());
        Assert.Equal(2, w.SpectralAxis);
        Assert.Null(w.StokesAxis);
        Assert.Equal(1.420405752e9, w.RestFrequency);
        // The AIPS type is translated (the header's SPECSYS-less 'VELO-LSR' becomes 'VOPT', frame LSRK).
        Assert.Equal("VOPT", w.CTypes[2]);
        Assert.Equal("LSRK", w.SpecSys);
        using var wave = w.WithSpectralAxisAs("WAVE-???");
        // WCSLIB reads VELO-xxx without VELREF as optical velocity: λ = λ0 (1 + v/c), λ0 = c/ν0.
        var v = -122000.0;
        var lambda0 = C / 1.420405752e9;
        Assert.Equal(lambda0 * (1 + (v / C)), wave.PixelToWorld(32.5, 32.5, 24)[2], 13);
    }

    [Fact]
    public void Galactic_frame_and_vrad_axis_are_recognised()
    {
        var h = Header(
            "NAXIS   = 3", "NAXIS1  = 10", "NAXIS2  = 10", "NAXIS3  = 5",
            "CTYPE1  = 'GLON-CAR'", "CRVAL1  = 30.0", "CDELT1  = -0.01", "CRPIX1  = 5.5",
            "CTYPE2  = 'GLAT-CAR'", "CRVAL2  = 0.0", "CDELT2  = 0.01", "CRPIX2  = 5.5",
            "CTYPE3  = 'VRAD'", "CRVAL3  = 50000.0", "CDELT3  = 500.0", "CRPIX3  = 1.0", "CUNIT3  = 'm/s'",
            "RESTFRQ = 1.15271202E+11");
        using var w = WcsTransform.FromHeader(h);
        Assert.Equal(CelestialFrameKind.Galactic, w.Frame!.Kind);
        using var wave = w.WithSpectralAxisAs("WAVE-???");
        // Radio velocity: ν = ν0 (1 − v/c), so λ = c / (ν0 (1 − v/c)).
        var expected = C / (1.15271202e11 * (1 - (50000.0 / C)));
        Assert.Equal(expected, wave.PixelToWorld(5.5, 5.5, 1)[2], 15);
    }

    [Theory]
    [InlineData("'FK4'", "1950.0", CelestialFrameKind.Fk4, 1950.0)]
    [InlineData(null, "1950.0", CelestialFrameKind.Fk4, 1950.0)] // no RADESYS, EQUINOX < 1984 → FK4 (WCS paper II)
    [InlineData(null, "2000.0", CelestialFrameKind.Fk5, 2000.0)]
    [InlineData(null, null, CelestialFrameKind.Icrs, null)]
    [InlineData("'ICRS'", null, CelestialFrameKind.Icrs, null)]
    public void Celestial_frame_follows_radesys_and_equinox(string? radesys, string? equinox, CelestialFrameKind kind, double? expectedEquinox)
    {
        var cards = new List<string> { "NAXIS   = 2", "NAXIS1  = 10", "NAXIS2  = 10", "CTYPE1  = 'RA---TAN'", "CTYPE2  = 'DEC--TAN'" };
        if (radesys is not null)
        {
            cards.Add("RADESYS = " + radesys);
        }

        if (equinox is not null)
        {
            cards.Add("EQUINOX = " + equinox);
        }

        using var w = WcsTransform.FromHeader(Header([.. cards]));
        Assert.Equal(kind, w.Frame!.Kind);
        Assert.Equal(expectedEquinox, w.Frame.Equinox);
    }

    [Fact]
    public void Unknown_ctype_is_a_WcsException_with_wcslib_message()
    {
        var h = Header("NAXIS   = 2", "NAXIS1  = 10", "NAXIS2  = 10", "CTYPE1  = 'RA---XYZ'", "CTYPE2  = 'DEC--XYZ'");
        var e = Assert.Throws<WcsException>(() => WcsTransform.FromHeader(h));
        Assert.Contains("XYZ", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, e.Status);
    }

    [Fact]
    public void Header_without_wcs_keywords_is_a_WcsException()
    {
        var h = Header("SIMPLE  = T", "BITPIX  = -32", "NAXIS   = 2", "NAXIS1  = 10", "NAXIS2  = 10", "OBJECT  = 'x'");
        var e = Assert.Throws<WcsException>(() => WcsTransform.FromHeader(h));
        Assert.Contains("no world coordinate system", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translating_a_velocity_axis_without_rest_frequency_fails_clearly()
    {
        var h = Header("NAXIS   = 1", "NAXIS1  = 10", "CTYPE1  = 'VRAD'", "CRVAL1  = 0.0", "CDELT1  = 1000.0", "CRPIX1  = 1.0");
        using var w = WcsTransform.FromHeader(h);
        Assert.Throws<WcsException>(() => w.WithSpectralAxisAs("WAVE-???"));
    }

    [Fact]
    public void Disposed_transform_refuses_work()
    {
        var w = WcsTransform.FromHeader(NcpFreqStokes());
        w.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.PixelToWorld(1, 1, 1, 1));
    }

    [Fact]
    public async Task Separate_instances_work_in_parallel()
    {
        var header = NcpFreqStokes();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var w = WcsTransform.FromHeader(header);
            var last = 0.0;
            for (var i = 0; i < 2000; i++)
            {
                last = w.PixelToWorld(33, 33, 1 + (i % 16), 1)[2];
            }

            return last;
        })));
        // Last i = 1999, 1999 mod 16 = 15 → pixel 16: 1.415e9 + 15·CDELT3.
        Assert.All(results, r => Assert.Equal(1.415e9 + (15 * -2.44140625e4), r, 3));
    }

    internal static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
