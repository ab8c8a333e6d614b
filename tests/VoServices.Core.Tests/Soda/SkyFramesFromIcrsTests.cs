using VoServices.Fits.Sky;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Soda;

public sealed class SkyFramesFromIcrsTests
{
    public static TheoryData<CelestialFrameKind, double?> Frames() => new()
    {
        { CelestialFrameKind.Icrs, null },
        { CelestialFrameKind.Fk5, 2000.0 },
        { CelestialFrameKind.Fk5, 1975.0 },
        { CelestialFrameKind.Galactic, null },
        { CelestialFrameKind.Fk4, 1950.0 },
        { CelestialFrameKind.Fk4NoETerms, 1950.0 },
        { CelestialFrameKind.Ecliptic, 2000.0 },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void From_icrs_undoes_to_icrs_everywhere_on_the_sky(CelestialFrameKind kind, double? equinox)
    {
        var frame = new CelestialFrame(kind, equinox, kind.ToString());
        for (var lat = -89.5; lat <= 89.5; lat += 7.3)
        {
            for (var lon = 0.2; lon < 360; lon += 11.1)
            {
                var (ra, dec) = SkyFrames.ToIcrs(frame, lon, lat);
                var (l, b) = SkyFrames.FromIcrs(frame, ra, dec);
                var error = new SkyPoint(lon, lat).DistanceTo(new SkyPoint(l, b)) * 3600;
                Assert.True(error < 1e-7, $"{kind} ({lon}, {lat}): back at ({l}, {b}), {error}\" off");
                Assert.InRange(l, 0, 360);
            }
        }
    }

    [Fact]
    public void Galactic_centre_and_north_pole_come_out_where_they_belong()
    {
        var galactic = new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC");
        // ICRS of l = 0, b = 0 and of the north galactic pole (astropy values).
        var (l, b) = SkyFrames.FromIcrs(galactic, 266.4049882865447, -28.936177761791456);
        Assert.True(new SkyPoint(l, b).DistanceTo(new SkyPoint(0, 0)) < 1e-8, $"({l}, {b})");
        var (_, bPole) = SkyFrames.FromIcrs(galactic, 192.85947789477606, 27.128252414968028);
        Assert.Equal(90, bPole, 8);
    }

    [Fact]
    public void Batch_form_matches_the_single_form_and_passes_nan_through()
    {
        var galactic = new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC");
        double[] ra = [10, 200, double.NaN];
        double[] dec = [-30, 45, 0];
        var lon = new double[3];
        var lat = new double[3];
        SkyFrames.FromIcrs(galactic, ra, dec, lon, lat);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(SkyFrames.FromIcrs(galactic, ra[i], dec[i]), (lon[i], lat[i]));
        }

        Assert.True(double.IsNaN(lon[2]) && double.IsNaN(lat[2]));
    }
}
