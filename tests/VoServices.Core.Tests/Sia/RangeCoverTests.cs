using VoServices.Dali;
using VoServices.Sia;

namespace VoServices.Core.Tests.Sia;

public sealed class RangeCoverTests
{
    private static (double Lon, double Lat)[] Vertices(double[] polygon) =>
        Enumerable.Range(0, polygon.Length / 2).Select(i => (polygon[2 * i], polygon[(2 * i) + 1])).ToArray();

    [Theory]
    [InlineData(10, 20, 1)]
    [InlineData(0, 90, 2)]
    [InlineData(10, 200, 3)]
    [InlineData(0, 359.5, 4)]
    [InlineData(45, 45, 1)]
    public void Pieces_span_at_most_90_degrees_of_longitude(double lon1, double lon2, int pieces) =>
        Assert.Equal(pieces, RangeCover.Polygons(new DaliRange(lon1, lon2, -10, 10)).Count);

    [Fact]
    public void Vertices_are_at_most_10_degrees_apart_along_the_parallels_and_longitudes_stay_in_0_360()
    {
        var polygon = Assert.Single(RangeCover.Polygons(new DaliRange(355, 360, 10, 20)));
        var v = Vertices(polygon);
        Assert.All(v, p => Assert.InRange(p.Lon, 0, 360));
        Assert.Contains(v, p => p.Lon > 354 && p.Lon < 355);
        Assert.Contains(v, p => p.Lon < 1e-5);
        Assert.Equal(2 + 2 + 2, v.Length); // two vertices per parallel side, one mid-point per meridian side
    }

    [Fact]
    public void Sides_whose_great_circles_would_cut_into_the_box_move_outward()
    {
        // North of the equator a great circle between two points of one parallel bulges north: the south
        // side must move south, the north side stays. South of the equator the other way round.
        var north = Vertices(Assert.Single(RangeCover.Polygons(new DaliRange(0, 5, 40, 50))));
        Assert.True(north.Min(p => p.Lat) < 40 - 0.01);
        Assert.Equal(50, north.Max(p => p.Lat), 5);
        var south = Vertices(Assert.Single(RangeCover.Polygons(new DaliRange(0, 5, -50, -40))));
        Assert.True(south.Max(p => p.Lat) > -40 + 0.01);
        Assert.Equal(-50, south.Min(p => p.Lat), 5);
        // The midpoint of the moved side's great circle lands on the parallel: tan(mid) = tan(lat') / cos(2.5°) for vertices 5° apart.
        var moved = north.Where(p => p.Lat < 40).Select(p => p.Lat).Distinct().Single();
        Assert.Equal(40, Math.Atan(Math.Tan(moved * Math.PI / 180) / Math.Cos(2.5 * Math.PI / 180)) * 180 / Math.PI, 4);
    }

    [Fact]
    public void Sides_stop_short_of_the_poles_which_a_small_cap_covers()
    {
        var range = new DaliRange(100, 110, 80, 90);
        var v = Vertices(Assert.Single(RangeCover.Polygons(range)));
        Assert.Equal(90 - RangeCover.PoleGap, v.Max(p => p.Lat), 9);
        Assert.Equal((true, false), RangeCover.ReachesPoles(range));
        var lune = Vertices(Assert.Single(RangeCover.Polygons(new DaliRange(100, 110, -90, 90))));
        Assert.Equal([-90 + RangeCover.PoleGap, 90 - RangeCover.PoleGap], [lune.Min(p => p.Lat), lune.Max(p => p.Lat)]);
        Assert.Equal((true, true), RangeCover.ReachesPoles(new DaliRange(100, 110, -90, 90)));
        Assert.Equal((false, false), RangeCover.ReachesPoles(new DaliRange(100, 110, -89, 89)));
    }

    [Fact]
    public void Inside_polygons_keep_within_the_parallels()
    {
        // Mirror of the cover: north of the equator the north side moves south, the south side stays.
        var v = Vertices(Assert.Single(RangeCover.Inside(new DaliRange(0, 5, 40, 50))));
        Assert.True(v.Max(p => p.Lat) < 50 - 0.01);
        Assert.Equal(40, v.Min(p => p.Lat), 5);
        Assert.All(v, p => Assert.InRange(p.Lon, 0, 5));
        Assert.Equal(3, RangeCover.Inside(new DaliRange(10, 200, -20, 30)).Count);
    }

    [Theory]
    [InlineData(10, 20, 45, 45)]
    [InlineData(10, 10, 0, 10)]
    [InlineData(10, 20, 45, 45.01)]
    public void A_box_thinner_than_the_bulge_of_its_sides_has_no_inside_polygon(double lon1, double lon2, double lat1, double lat2) =>
        Assert.Empty(RangeCover.Inside(new DaliRange(lon1, lon2, lat1, lat2)));
}
