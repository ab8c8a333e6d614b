using VoServices.Fits.Sky;
using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>Reading point tables for `vo hips build --points`: bad rows and options fail naming file, row and column.</summary>
public sealed class PointMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hips-points-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PointMapSpec Spec => new(12, "flux", "ivar", RadiusDegrees: 1.0 / 60);

    [Fact]
    public void Each_row_becomes_its_disc_cells_with_its_value_and_weight_and_nan_values_and_zero_weights_are_no_measurement()
    {
        var map = PointMap.Open(Csv("ra,dec,flux,ivar", "10,20,1.5,2", "10,20,,2", "11,20,3,0", "359.99,-89.99,4,1"), Spec);
        var cells = map.ReadCells().SelectMany(c => c.Cells.ToArray()).ToList();

        Assert.Equal([1.5, 4.0], cells.Select(c => c.Value).Distinct());
        Assert.All(cells.Where(c => c.Value == 1.5), c => Assert.Equal(2.0, c.Weight));
        // A 1′ disc at order 12 (0.86′ cells) covers about 4 cells.
        Assert.InRange(cells.Count(c => c.Value == 1.5), 2, 8);
    }

    [Fact]
    public void In_the_galactic_frame_a_point_at_the_galactic_centre_covers_the_cells_around_l_0_b_0()
    {
        var map = PointMap.Open(Csv("ra,dec,flux,ivar", "266.40499,-28.93617,1,1"), Spec with { Frame = HipsFrame.Galactic });
        var cells = map.ReadCells().SelectMany(c => c.Cells.ToArray()).ToList();

        Assert.NotEmpty(cells);
        Assert.Equal(HipsFrame.Galactic, map.Frame);
        Assert.All(cells, c => Assert.True(SkyPoint.FromVector(Healpix.CentreVector(12, c.Index)).DistanceTo(new SkyPoint(0, 0)) < 1.0 / 60));
    }

    [Theory]
    [InlineData("10,20,1,NaN", "row 1: weight column 'ivar' holds NaN")]
    [InlineData("10,20,1,-1", "row 1: weight column 'ivar' holds -1")]
    [InlineData("10,-90.5,1,1", "row 1: position (ra = 10, dec = -90.5) is not on the sky")]
    [InlineData("NaN,20,1,1", "row 1: position (ra = NaN, dec = 20) is not on the sky")]
    [InlineData("10,20,abc,1", "line 2 (row 1): column 'flux' holds 'abc', not a number")]
    [InlineData("10,20,1", "line 2 (row 1) has 3 fields, the header 4")]
    public void A_bad_row_is_named_with_the_file(string row, string message)
    {
        var path = Csv("ra,dec,flux,ivar", row);
        var e = Assert.Throws<HealpixMapException>(() => PointMap.Open(path, Spec).ReadCells().ToList());
        Assert.Equal($"{path}: {message}", e.Message[..(path.Length + 2 + message.Length)]);
    }

    [Fact]
    public void A_missing_column_lists_the_columns_the_table_has()
    {
        var path = Csv("RA,DEC,F,IVAR", "1,2,3,4");
        var e = Assert.Throws<HealpixMapException>(() => PointMap.Open(path, Spec));
        Assert.Equal($"{path}: no column 'flux' (--column); the table has RA, DEC, F, IVAR.", e.Message);
    }

    [Fact]
    public void Radii_above_ten_degrees_or_covering_too_many_cells_are_refused()
    {
        var path = Csv("ra,dec,flux,ivar,r", "1,2,3,4,11");
        Assert.Contains("at most 10°", Assert.Throws<HealpixMapException>(() => PointMap.Open(path, Spec with { RadiusDegrees = 10.5 })).Message, StringComparison.Ordinal);
        Assert.Contains("more than 4194304 per point; lower --order or the radius",
            Assert.Throws<HealpixMapException>(() => PointMap.Open(path, Spec with { Order = 18, RadiusDegrees = 1 })).Message, StringComparison.Ordinal);
        var column = Spec with { RadiusDegrees = null, RadiusColumn = "r", RadiusUnit = "deg" };
        Assert.Contains("row 1: radius column 'r' = 11: the disc radius must be above 0 and at most 10°",
            Assert.Throws<HealpixMapException>(() => PointMap.Open(path, column).ReadCells().ToList()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_radius_column_without_a_unit_needs_one_named()
    {
        var path = Csv("ra,dec,flux,ivar,r", "1,2,3,4,5");
        var e = Assert.Throws<HealpixMapException>(() => PointMap.Open(path, Spec with { RadiusDegrees = null, RadiusColumn = "r" }));
        Assert.Contains("radius column 'r' declares no unit; give --radius-unit", e.Message, StringComparison.Ordinal);
        Assert.Equal(1.0 / 3600, PointMap.Open(path, Spec with { RadiusDegrees = null, RadiusColumn = "r", RadiusUnit = "arcsec" }).RadiusUnitDegrees, 15);
    }

    [Theory]
    [InlineData("17.65arcsec", 17.65 / 3600)]
    [InlineData("2arcmin", 2.0 / 60)]
    [InlineData("0.5deg", 0.5)]
    [InlineData("250mas", 0.25 / 3600)]
    [InlineData("17.65", null)]
    [InlineData("1furlong", null)]
    public void Angles_are_a_number_and_a_unit(string text, double? degrees) =>
        Assert.Equal(degrees, AngleUnits.ParseDegrees(text));

    private string Csv(params string[] lines)
    {
        var path = Path.Combine(_dir, $"p{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
