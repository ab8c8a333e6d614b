using System.Globalization;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Soda;
using VoServices.Core.Tests.Demo;
using VoServices.Fits.Wcs;
using static VoServices.Core.Tests.Soda.Cutouts;

namespace VoServices.Core.Tests.Soda;

/// <summary>
/// Spatial cutouts of the demo cubes against brute force: every pixel edge of the image sampled 16
/// times per pixel, converted to ICRS and tested against the region; the expected box holds every
/// pixel with a sample (or the region's centre) inside. Covers SIN, NCP, TAN and CAR projections,
/// FK5 and GALACTIC frames, RA = 0 and a cube containing the celestial pole.
/// </summary>
public sealed class SodaSpatialTests(DemoDirectory demo) : IClassFixture<DemoDirectory>
{
    private const string Ngc2403 = "cubes/hi/NGC2403_HI.fits";
    private const string Wlm = "cubes/hi/WLM_HI.fits";
    private const string Ngc3172 = "cubes/hi/NGC3172_HI.fits";
    private const string W3Oh = "cubes/oh/W3OH_OH1665.fits";
    private const string UOri = "cubes/oh/UOri_OH1612.fits";
    private const string Stokes = "cubes/continuum/3C286_IQUV.fits";
    private const string W51 = "cubes/galactic/W51_13CO.fits";

    public static TheoryData<string, string> Regions() => new()
    {
        { Ngc2403, "CIRCLE 114.3 65.65 0.05" },
        { Ngc2403, "CIRCLE 114.45 65.7 0.1" },
        { Ngc2403, "POLYGON 114.1 65.55 114.3 65.52 114.35 65.7 114.15 65.68" },
        { Ngc2403, "RANGE 114.1 114.25 65.55 65.65" },
        { Wlm, "CIRCLE 359.99 -15.46 0.3" },
        { Wlm, "CIRCLE 0.01 -15.2 0.2" },
        { Wlm, "POLYGON 359.7 -15.8 0.3 -15.8 0.3 -15.2 359.7 -15.2" },
        { Wlm, "RANGE 359.5 360 -16 -15" },
        { Ngc3172, "CIRCLE 0 90 0.4" },
        { Ngc3172, "CIRCLE 176.8 88.5 0.5" },
        { Ngc3172, "CIRCLE 300 89.5 0.6" },
        { Ngc3172, "RANGE 0 360 89.8 90" },
        { Ngc3172, "RANGE 100 200 88 89" },
        { Ngc3172, "POLYGON 0 89.5 90 89.5 180 89.5 270 89.5" },
        { W3Oh, "CIRCLE 36.77 61.88 0.01" },
        { UOri, "CIRCLE 88.96 20.17 0.012" },
        { Stokes, "CIRCLE 202.79 30.51 0.008" },
    };

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task Region_cutout_is_the_box_of_the_pixels_it_touches(string product, string pos)
    {
        var path = demo.File(product);
        var expected = BruteForce(path, DaliValues.ParsePos("POS", pos));
        Assert.NotNull(expected);
        var plan = await PlanOverlapAsync(path, ("POS", pos));
        Assert.Equal(expected, (plan.PixelRanges[0].First, plan.PixelRanges[0].Last, plan.PixelRanges[1].First, plan.PixelRanges[1].Last));
        var axes = FitsReader.ReadHdus(path)[0].Axes;
        Assert.True(plan.PixelRanges[0].Count * plan.PixelRanges[1].Count < axes[0] * axes[1] / 2, "each of these regions covers less than half the image");
        await AssertCutoutMatchesSource(path, plan);
    }

    [Fact]
    public async Task Galactic_cube_is_cut_with_an_icrs_region()
    {
        var path = demo.File(W51);
        var galactic = new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC");
        var (ra, dec) = SkyFrames.ToIcrs(galactic, 49.45, -0.33);
        var circle = FormattableString.Invariant($"{ra} {dec} 0.04");
        var expected = BruteForce(path, DaliValues.ParseCircle("CIRCLE", circle));
        var plan = await PlanOverlapAsync(path, ("CIRCLE", circle));
        Assert.Equal(expected, (plan.PixelRanges[0].First, plan.PixelRanges[0].Last, plan.PixelRanges[1].First, plan.PixelRanges[1].Last));
        // 0.04° = 6.5 pixels of 22.14″: about 14 pixels across, well inside the 40-pixel map.
        Assert.InRange(plan.PixelRanges[0].Count, 12, 16);
        await AssertCutoutMatchesSource(path, plan);
    }

    [Theory]
    [InlineData(Ngc2403, "CIRCLE 180 -60 1")]
    [InlineData(Wlm, "CIRCLE 3 -15.46 0.5")]
    [InlineData(Ngc3172, "CIRCLE 0 85 1")]
    [InlineData(W3Oh, "CIRCLE 216.76579 -61.87394 170")] // everything but a 10° cap around the cube
    [InlineData(W3Oh, "CIRCLE 216.76579 -61.87394 100")] // boundary partly behind the NCP projection's horizon
    [InlineData(W3Oh, "POLYGON 36.9 61.8 37.0 61.8 37.0 61.9")]
    public async Task Region_away_from_the_cube_is_no_overlap(string product, string pos)
    {
        var outcome = await PlanAsync(demo.File(product), ("POS", pos));
        Assert.False(outcome.HasOverlap);
        Assert.Null(outcome.Plan);
        Assert.Contains("region", outcome.NoOverlapReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Ngc2403, "CIRCLE 114.21417 65.60256 5")]
    [InlineData(Wlm, "RANGE 0 360 -90 90")]
    [InlineData(Ngc3172, "CIRCLE 0 90 5")]
    [InlineData(W3Oh, "CIRCLE 36.76579 61.87394 100")] // most of the circle cannot be projected by NCP
    [InlineData(UOri, "POLYGON 80 10 100 10 100 30 80 30")]
    [InlineData(Ngc2403, "CIRCLE 294.21417 -65.60256 179.98")] // all the sky but a 0.02° hole in the middle of the image
    public async Task Region_containing_the_whole_image_keeps_every_pixel(string product, string pos)
    {
        var path = demo.File(product);
        var plan = await PlanOverlapAsync(path, ("POS", pos));
        var hdu = FitsReader.ReadHdus(path)[0];
        Assert.Equal(hdu.Axes, plan.PixelRanges.Select(r => r.Count).ToArray());
        Assert.All(plan.PixelRanges, r => Assert.Equal(1, r.First));
        var bytes = await WriteAsync(plan);
        // Only the header changes (new HISTORY), the data bytes are the file's own.
        var source = File.ReadAllBytes(path);
        var cut = Hdus(bytes)[0];
        Assert.True(source.AsSpan((int)hdu.DataOffset, (int)hdu.DataLength).SequenceEqual(bytes.AsSpan((int)cut.DataOffset, (int)cut.DataLength)));
    }

    [Fact]
    public async Task Circle_on_each_side_of_ra_zero_cuts_the_same_wlm_pixels_as_astropy()
    {
        // Where astropy puts the circle centres on the WLM grid (the cube straddles RA = 0).
        var path = demo.File(Wlm);
        var numbers = Wcs.Astropy.Numbers($$"""
            from astropy.io import fits
            from astropy.wcs import WCS
            from astropy.coordinates import SkyCoord
            import astropy.units as u
            w = WCS(fits.getheader('{{path}}')).celestial
            for ra, dec in [(359.99, -15.46), (0.01, -15.46)]:
                c = SkyCoord(ra * u.deg, dec * u.deg, frame='icrs').transform_to('fk5')
                x, y = w.world_to_pixel(c)
                print(float(x) + 1, float(y) + 1)
            """);
        foreach (var (ra, k) in new[] { (359.99, 0), (0.01, 2) })
        {
            var plan = await PlanOverlapAsync(path, ("CIRCLE", FormattableString.Invariant($"{ra} -15.46 0.0001")));
            Assert.Equal((long)Math.Round(numbers[k]), plan.PixelRanges[0].First);
            Assert.Equal(plan.PixelRanges[0].First, plan.PixelRanges[0].Last);
            Assert.Equal((long)Math.Round(numbers[k + 1]), plan.PixelRanges[1].First);
        }
    }

    private static async Task AssertCutoutMatchesSource(string path, SodaCutoutPlan plan)
    {
        var source = FitsReader.ReadHdus(path)[0];
        var bytes = await WriteAsync(plan);
        var cut = Hdus(bytes);
        Assert.Single(cut);
        var kept = Kept(plan.PixelRanges);
        AssertSameVoxels(path, source, bytes, cut[0], kept);
        AssertSameWorld(source.Header, cut[0].Header, kept);
    }

    /// <summary>1-based inclusive (x1, x2, y1, y2) of the pixels whose edges (16 samples per pixel side) or centre touch the region.</summary>
    internal static (long, long, long, long)? BruteForce(string path, DaliShape shape)
    {
        const int k = 16;
        var hdu = FitsReader.ReadHdus(path)[0];
        using var wcs = WcsTransform.FromHeader(hdu.Header);
        var region = SodaRegion.Create(shape, "POS");
        var (lon, lat) = (wcs.LongitudeAxis!.Value, wcs.LatitudeAxis!.Value);
        var (nx, ny) = (hdu.Axes[lon], hdu.Axes[lat]);
        var points = new List<(double X, double Y)>();
        for (var j = 0; j <= ny; j++)
        {
            for (var a = 0; a <= nx * k; a++)
            {
                points.Add((0.5 + ((double)a / k), 0.5 + j));
            }
        }

        for (var i = 0; i <= nx; i++)
        {
            for (var b = 0; b <= ny * k; b++)
            {
                points.Add((0.5 + i, 0.5 + ((double)b / k)));
            }
        }

        var n = wcs.NAxis;
        var pixel = new double[points.Count * n];
        for (var p = 0; p < points.Count; p++)
        {
            for (var a = 0; a < n; a++)
            {
                pixel[(p * n) + a] = 1;
            }

            pixel[(p * n) + lon] = points[p].X;
            pixel[(p * n) + lat] = points[p].Y;
        }

        var world = new double[pixel.Length];
        wcs.PixelToWorld(pixel, world);
        long x1 = long.MaxValue, x2 = long.MinValue, y1 = long.MaxValue, y2 = long.MinValue;
        void Mark(double x, double y)
        {
            x1 = Math.Min(x1, Math.Clamp((long)Math.Ceiling(x - 0.5), 1, nx));
            x2 = Math.Max(x2, Math.Clamp((long)Math.Floor(x + 0.5), 1, nx));
            y1 = Math.Min(y1, Math.Clamp((long)Math.Ceiling(y - 0.5), 1, ny));
            y2 = Math.Max(y2, Math.Clamp((long)Math.Floor(y + 0.5), 1, ny));
        }

        for (var p = 0; p < points.Count; p++)
        {
            var (ra, dec) = SkyFrames.ToIcrs(wcs.Frame!, world[(p * n) + lon], world[(p * n) + lat]);
            if (region.Contains(ra, dec))
            {
                Mark(points[p].X, points[p].Y);
            }
        }

        if (shape is DaliCircle c)
        {
            var (l, b) = SkyFrames.FromIcrs(wcs.Frame!, c.Lon, c.Lat);
            var w = Enumerable.Repeat(0.0, n).ToArray();
            var one = Enumerable.Repeat(1.0, n).ToArray();
            wcs.PixelToWorld(one).CopyTo(w, 0);
            w[lon] = l;
            w[lat] = b;
            var centre = wcs.WorldToPixel(w);
            if (centre[lon] is >= 0.5 and var cx && cx <= nx + 0.5 && centre[lat] is >= 0.5 and var cy && cy <= ny + 0.5)
            {
                Mark(cx, cy);
            }
        }

        return x1 > x2 ? null : (x1, x2, y1, y2);
    }

    internal static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
