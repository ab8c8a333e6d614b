using VoServices.Ingest;
using VoServices.Products;
using VoServices.Fits.Sky;

namespace VoServices.Core.Tests.ObsCore;

public sealed class GeometryTests
{
    [Fact]
    public void Healpix_base_cell_zero_has_the_known_corners()
    {
        // Base cell 0 of the nested scheme (Górski et al. 2005, fig. 4): north corner at the pole, south corner
        // at (45°, 0°), east and west corners at z = 2/3, i.e. dec = asin(2/3) = 41.8103°, RA 90° and 0°.
        var corners = Healpix.Corners(0, 0);
        var lat = Math.Asin(2.0 / 3) * 180 / Math.PI;

        Assert.Contains(corners, c => c.Dec > 89.9999);
        Assert.Contains(corners, c => Math.Abs(c.Ra - 45) < 1e-6 && Math.Abs(c.Dec) < 1e-6);
        Assert.Contains(corners, c => Math.Abs(c.Ra - 90) < 1e-6 && Math.Abs(c.Dec - lat) < 1e-6);
        Assert.Contains(corners, c => (Math.Abs(c.Ra) < 1e-6 || Math.Abs(c.Ra - 360) < 1e-6) && Math.Abs(c.Dec - lat) < 1e-6);
    }

    [Theory]
    // NUNIQ = 4 × 4^order + ipix (MOC 2.0 §4.3.1).
    [InlineData(4L, 0, 0L)]
    [InlineData(15L, 0, 11L)]
    [InlineData(16L, 1, 0L)]
    [InlineData(4L * 64 + 100, 3, 100L)]
    [InlineData((4L << 58) + 12345, 29, 12345L)]
    public void Nuniq_decodes_to_order_and_index(long nuniq, int order, long ipix) =>
        Assert.Equal((order, ipix), Healpix.FromNuniq(nuniq));

    [Fact]
    public void Hull_of_a_grid_of_points_is_its_outer_square()
    {
        var points = new List<SkyPoint>();
        for (var i = -2; i <= 2; i++)
        {
            for (var j = -2; j <= 2; j++)
            {
                points.Add(new SkyPoint(100 + (i * 0.01), j * 0.01));
            }
        }

        var hull = SkyHull.Around(points)!;

        Assert.Equal(4, hull.Vertices.Count);
        Assert.All(hull.Vertices, v => Assert.Equal(0.02, Math.Abs(v.Dec), 9));
    }

    [Fact]
    public void Hull_grown_by_a_buffer_encloses_every_disc()
    {
        SkyPoint[] fibres = [new(10, 10), new(10.01, 10), new(10, 10.01)];

        var hull = SkyHull.Around(fibres, bufferDeg: 0.005)!;
        var centre = hull.Centroid();

        // Each fibre's far side (0.005° beyond the fibre, away from the centre) lies inside: closer to the centre than the hull's farthest vertex.
        var radius = hull.Vertices.Max(centre.DistanceTo);
        Assert.All(fibres, f => Assert.True(centre.DistanceTo(f) + 0.005 <= radius + 1e-9));
    }

    [Fact]
    public void Points_spanning_more_than_a_hemisphere_have_no_hull()
    {
        SkyPoint[] points = [new(0, 0), new(120, 0), new(240, 0), new(0, 89)];

        Assert.Null(SkyHull.Around(points));
    }

    [Fact]
    public void Air_wavelength_of_h_alpha_converts_to_its_vacuum_value()
    {
        // Hα: 6562.80 Å in air, 6564.61 Å in vacuum (NIST).
        Assert.Equal(6564.61, RssFibres.AirToVacuumAngstrom(6562.80), 2);
    }

    [Theory]
    [InlineData(1, "I")]
    [InlineData(4, "V")]
    [InlineData(-1, "RR")]
    [InlineData(-4, "LR")]
    [InlineData(-5, "XX")]
    [InlineData(-8, "YX")]
    [InlineData(0, null)]
    [InlineData(5, null)]
    public void Stokes_codes_follow_fits_wcs_paper_one(int code, string? name) => Assert.Equal(name, PolarizationStates.StokesName(code));
}
