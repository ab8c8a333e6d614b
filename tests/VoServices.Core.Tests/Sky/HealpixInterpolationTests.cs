using VoServices.Fits.Sky;

namespace VoServices.Core.Tests.Sky;

public sealed class HealpixInterpolationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(29)]
    public void Managed_ring_to_nested_equals_chealpix_on_every_region_of_the_sphere(int order)
    {
        var npix = 12L << (2 * order);
        var random = new Random(order);
        // Both caps, the equatorial belt and their boundaries, then random cells.
        var nside = 1L << order;
        var ncap = 2 * nside * (nside - 1);
        long[] edges = [0, 1, 2, 3, ncap - 1, ncap, ncap + 1, npix / 2, npix - ncap - 1, npix - ncap, npix - 2, npix - 1];
        foreach (var ring in edges.Where(r => r >= 0 && r < npix).Concat(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(npix))))
        {
            Assert.Equal(Healpix.RingToNestedChealpix(order, ring), Healpix.RingToNested(order, ring));
        }
    }

    [Fact]
    public void Every_cell_of_a_small_order_maps_to_chealpix_s_nested_index()
    {
        for (long ring = 0; ring < 12 * 64 * 64; ring++)
        {
            Assert.Equal(Healpix.RingToNestedChealpix(6, ring), Healpix.RingToNested(6, ring));
        }
    }

    [Theory]
    [InlineData(0.0, 90.0)]
    [InlineData(12.3, 89.9)]
    [InlineData(200.0, -89.95)]
    [InlineData(45.0, 41.8)]
    [InlineData(359.99, 0.01)]
    [InlineData(83.8, -5.4)]
    public void Weights_sum_to_one_and_name_cells_near_the_direction(double lon, double lat)
    {
        Span<long> cells = stackalloc long[4];
        Span<double> weights = stackalloc double[4];

        HealpixInterpolation.Weights(8, lon, lat, cells, weights);

        var sum = weights[0] + weights[1] + weights[2] + weights[3];
        Assert.Equal(1.0, sum, 12);
        var here = new SkyPoint(lon, lat);
        foreach (var cell in cells)
        {
            Assert.True(Healpix.Centre(8, cell).DistanceTo(here) < 0.5, $"cell {cell} is far from ({lon}, {lat})");
        }
    }
}
