using VoServices.Cubes;

namespace VoServices.Core.Tests.Cubes;

public sealed class ContourLinesTests
{
    [Fact]
    public void Crossings_of_a_plane_lie_on_its_level_line_at_the_linear_interpolation_of_each_edge()
    {
        // z = x + 2y on 6 × 5 pixels: every crossing of the level 4.5 is on x + 2y = 4.5, exactly.
        var (w, h) = (6, 5);
        var map = new float[w * h];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = (i % w) + (2 * (i / w));
        }

        var segments = ContourLines.Segments(map, w, h, 4.5);

        Assert.NotEmpty(segments);
        Assert.All(segments, s =>
        {
            Assert.Equal(4.5, s.X0 + (2 * s.Y0), 12);
            Assert.Equal(4.5, s.X1 + (2 * s.Y1), 12);
        });
        // The line crosses x = 0 … 4.5 once per cell it passes: each segment is one cell's.
        Assert.All(segments, s => Assert.True(Math.Abs(s.X1 - s.X0) <= 1 && Math.Abs(s.Y1 - s.Y0) <= 1));
    }

    [Fact]
    public void A_level_outside_the_map_or_a_cell_with_a_nan_corner_gives_no_segment()
    {
        float[] map = [0, 1, 2, float.NaN, 1, 2];

        Assert.Empty(ContourLines.Segments(map, 3, 2, 5));
        // The left cell (0, 1, 1, NaN) would hold the 0.5 crossing and is skipped; the right one holds 1.5.
        Assert.Empty(ContourLines.Segments(map, 3, 2, 0.5));
        Assert.Single(ContourLines.Segments(map, 3, 2, 1.5));
        Assert.Single(ContourLines.Segments([0, 1, 2, 0, 1, 2], 3, 2, 0.5));
    }

    [Theory]
    [InlineData(0.4, true)]
    [InlineData(0.6, false)]
    public void A_saddle_joins_the_corners_on_the_side_of_its_centre_value(double level, bool centreHigh)
    {
        // Lower left and upper right high (1), the others low (0): the centre value is 0.5.
        float[] map = [1, 0, 0, 1];

        var segments = ContourLines.Segments(map, 2, 2, level);

        Assert.Equal(2, segments.Count);
        // A high centre cuts off the low corners (1, 0) and (0, 1); a low one the high corners (0, 0) and (1, 1).
        var cornersCutOff = segments.Select(s => (Math.Round((s.X0 + s.X1) / 2), Math.Round((s.Y0 + s.Y1) / 2))).Order().ToArray();
        Assert.Equal(centreHigh ? [(0.0, 1.0), (1.0, 0.0)] : new[] { (0.0, 0.0), (1.0, 1.0) }, cornersCutOff);
    }
}
