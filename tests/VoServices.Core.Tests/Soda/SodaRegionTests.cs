using VoServices.Dali;
using VoServices.Fits.Sky;
using VoServices.Products;
using VoServices.Soda;

namespace VoServices.Core.Tests.Soda;

public sealed class SodaRegionTests
{
    private static SodaRegion Region(string pos) => SodaRegion.Create(DaliValues.ParsePos("POS", pos), "POS");

    [Theory]
    [InlineData("POLYGON 359 -1 1 -1 1 1 359 1", 0.0, 0.0, true)]
    [InlineData("POLYGON 359 -1 1 -1 1 1 359 1", 359.5, 0.5, true)]
    [InlineData("POLYGON 359 -1 1 -1 1 1 359 1", 180.0, 0.0, false)]
    [InlineData("POLYGON 359 -1 1 -1 1 1 359 1", 2.0, 0.0, false)]
    [InlineData("POLYGON 1 1 359 1 359 -1 1 -1", 0.5, -0.5, true)] // the other orientation bounds the same (smaller) region
    [InlineData("POLYGON 0 0 10 0 10 10 5 2 0 10", 5.0, 8.0, false)] // in the notch of a concave polygon
    [InlineData("POLYGON 0 0 10 0 10 10 5 2 0 10", 5.0, 1.0, true)]
    [InlineData("POLYGON 0 89 120 89 240 89", 77.0, 89.9, true)] // around the pole
    [InlineData("RANGE 359.5 360 -1 1", 0.0, 0.0, true)]
    [InlineData("RANGE 359.5 360 -1 1", 359.4, 0.0, false)]
    [InlineData("RANGE 0 360 89 90", 123.0, 89.5, true)]
    [InlineData("RANGE 359.8 0.8 -1 1", 0.5, 0.0, true)] // through RA 0
    [InlineData("RANGE 359.8 0.8 -1 1", 359.9, 0.5, true)]
    [InlineData("RANGE 359.8 0.8 -1 1", 1.0, 0.0, false)]
    [InlineData("RANGE 359.8 0.8 -1 1", 180.0, 0.0, false)]
    [InlineData("CIRCLE 0 90 1", 200.0, 89.01, true)]
    [InlineData("CIRCLE 359.9 0 0.2", 0.05, 0.0, true)]
    [InlineData("CIRCLE 359.9 0 0.2", 0.15, 0.0, false)]
    public void Contains_follows_the_sphere(string pos, double ra, double dec, bool inside) =>
        Assert.Equal(inside, Region(pos).Contains(ra, dec));

    [Theory]
    [InlineData("CIRCLE 10 20 0.5")]
    [InlineData("CIRCLE 0 90 2")]
    [InlineData("POLYGON 359 -1 1 -1 1 1 359 1")]
    [InlineData("RANGE 10 12 -5 5")]
    [InlineData("RANGE 359.8 0.8 -1 1")]
    public void Boundary_samples_lie_in_the_closed_region_and_close_up(string pos)
    {
        var region = Region(pos);
        var samples = region.Samples(1.0 / 3600);
        Assert.All(samples, p => Assert.True(region.Contains(p.Ra, p.Dec), $"({p.Ra}, {p.Dec})"));
        // Consecutive samples are close (a range's four edges come one after the other: up to 4 jumps between them).
        var gaps = samples.Skip(1).Zip(samples.Skip(2), (a, b) => a.DistanceTo(b)).OrderDescending().ToList();
        Assert.True(gaps[4] < 0.05, $"fifth largest gap {gaps[4]}°");
    }
}
