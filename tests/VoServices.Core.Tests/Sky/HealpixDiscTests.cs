using VoServices.Fits.Sky;

namespace VoServices.Core.Tests.Sky;

/// <summary>The managed HEALPix centres and the disc search (healpy's query_disc is the reference in the integration tests).</summary>
public sealed class HealpixDiscTests
{
    [Fact]
    public void Managed_cell_centres_and_their_angles_equal_chealpix_at_every_order_including_the_poles()
    {
        var rnd = new Random(29);
        for (var order = 0; order <= Healpix.MaxOrder; order++)
        {
            var cells = 12L << (2 * order);
            long[] corners = [0, cells - 1, (4L << (2 * order)) - 1, 4L << (2 * order), (8L << (2 * order)) - 1, 8L << (2 * order)];
            foreach (var ipix in corners.Concat(Enumerable.Range(0, 300).Select(_ => rnd.NextInt64(cells))))
            {
                var expected = Healpix.Centre(order, ipix).ToVector();
                var got = Healpix.CentreVector(order, ipix);
                Assert.True((got - expected).Length < 1e-12, $"order {order} cell {ipix}: {got} vs chealpix {expected}");
                var (lon, lat) = Healpix.CentreLonLat(order, ipix);
                Assert.InRange(lon, 0, 360);
                Assert.True((new SkyPoint(lon, lat).ToVector() - expected).Length < 1e-12, $"order {order} cell {ipix}: ({lon}, {lat}) vs chealpix {expected}");
            }
        }
    }

    [Fact]
    public void Disc_cells_have_their_centres_inside_and_the_neighbours_just_outside_do_not()
    {
        var centre = new SkyPoint(359.999, 89.99).ToVector();
        var radius = 30.0 / 3600 * Math.PI / 180;
        var cells = new List<long>();
        HealpixDisc.Query(14, centre, radius, cells);

        Assert.InRange(cells.Count, 0.9 * HealpixDisc.EstimatedCells(14, radius), 1.1 * HealpixDisc.EstimatedCells(14, radius));
        Assert.Equal(cells.Order(), cells);
        Assert.All(cells, c => Assert.True(Angle(Healpix.CentreVector(14, c), centre) <= radius));
        // Every order-14 cell within twice the radius and not returned has its centre outside.
        var near = new List<long>();
        HealpixDisc.Query(14, centre, 2 * radius, near);
        Assert.All(near.Except(cells), c => Assert.True(Angle(Healpix.CentreVector(14, c), centre) > radius));
    }

    [Fact]
    public void A_radius_above_ten_degrees_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => HealpixDisc.Query(8, new Vector3(0, 0, 1), 10.5 * Math.PI / 180, []));
        Assert.Contains("10°", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cell_radius_bounds_the_distance_from_centre_to_corners()
    {
        for (var order = 0; order <= 12; order += 3)
        {
            var r = HealpixDisc.MaxCellRadius(order);
            for (long ipix = 0; ipix < 12L << (2 * order); ipix += 1 + (ipix / 7))
            {
                var c = Healpix.CentreVector(order, ipix);
                Assert.All(Healpix.Corners(order, ipix), p => Assert.True(Angle(p.ToVector(), c) <= r * (1 + 1e-9), $"order {order} cell {ipix}"));
            }
        }
    }

    private static double Angle(Vector3 a, Vector3 b) => Math.Atan2(Vector3.Cross(a, b).Length, Vector3.Dot(a, b));
}
