namespace VoServices.Adql.Tests;

public sealed class RegionTests
{
    private static AdqlTranslation Translate(string adql) => AdqlTranslator.Translate(adql, TestCatalog.Instance);

    private static string Sql(string adql)
    {
        var result = Translate(adql);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Sql;
    }

    [Theory]
    [InlineData("Circle ICRS 10 20 1", "CIRCLE(10, 20, 1)")]
    [InlineData("circle 10 20 1", "CIRCLE('ICRS', 10, 20, 1)")]
    [InlineData("Circle ICRS 10.5 -20.25 0.001", "CIRCLE(10.5, -20.25, 0.001)")]
    [InlineData("Polygon ICRS 9 19 11 19 11 21", "POLYGON(9, 19, 11, 19, 11, 21)")]
    [InlineData("Polygon 9 19 11 19 11 21 9 21", "POLYGON(9, 19, 11, 19, 11, 21, 9, 21)")]
    [InlineData("Box ICRS 10 20 2 1", "BOX(10, 20, 2, 1)")]
    [InlineData("  Box\tICRS  10 20 2 1 ", "BOX(10, 20, 2, 1)")]
    public void Region_of_a_shape_gives_the_sql_of_the_geometry_function(string stcs, string geometry)
    {
        const string Template = "SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, {0}) = 1";

        Assert.Equal(Sql(string.Format(null, Template, geometry)), Sql(string.Format(null, Template, $"REGION('{stcs}')")));
    }

    [Fact]
    public void Region_position_is_a_point_and_keeps_the_indexable_containment()
    {
        Assert.Equal(
            Sql("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(10, 20), s_region) = 1"),
            Sql("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(REGION('Position ICRS 10 20'), s_region) = 1"));
        Assert.EndsWith("WHERE (spoint(radians(10), radians(20)) <@ \"obscore\".\"s_region\")",
            Sql("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(REGION('Position ICRS 10 20'), s_region) = 1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Position ICRS 10 20", "double", "2", "point")]
    [InlineData("Circle ICRS 10 20 1", "double", "3", "circle")]
    [InlineData("Polygon ICRS 9 19 11 19 11 21", "double", "*", "polygon")]
    [InlineData("Box ICRS 10 20 2 1", "double", "*", "polygon")]
    public void Selected_region_is_typed_as_its_shape_in_degrees(string stcs, string datatype, string? arraysize, string xtype)
    {
        var c = Assert.Single(Translate($"SELECT REGION('{stcs}') FROM ivoa.obscore").Columns);

        Assert.Equal(("region", datatype, arraysize, xtype, "deg"), (c.Name, c.Datatype, c.Arraysize, c.Xtype, c.Unit));
    }

    [Theory]
    [InlineData("SELECT REGION('Circle GALACTIC 10 20 1') FROM ivoa.obscore", 15, "REGION supports ICRS coordinates only (or no frame), not the frame 'GALACTIC'")]
    [InlineData("SELECT REGION('Circle FK5 10 20 1') FROM ivoa.obscore", 15, "not the frame 'FK5'")]
    [InlineData("SELECT REGION('Union ICRS (Circle 1 2 3)') FROM ivoa.obscore", 15, "REGION supports the STC-S shapes Position, Circle, Box and Polygon, not 'Union'")]
    [InlineData("SELECT REGION('Ellipse ICRS 1 2 3 4 5') FROM ivoa.obscore", 15, "not 'Ellipse'")]
    [InlineData("SELECT REGION('Circle ICRS 10 20') FROM ivoa.obscore", 15, "REGION 'Circle' takes Circle [ICRS] ra dec radius, but has 2 numbers")]
    [InlineData("SELECT REGION('Polygon ICRS 1 2 3 4 5') FROM ivoa.obscore", 15, "but has 5 numbers")]
    [InlineData("SELECT REGION('Polygon ICRS 1 2 3 4') FROM ivoa.obscore", 15, "but has 4 numbers")]
    [InlineData("SELECT REGION('Circle ICRS 10 20 1 unit deg') FROM ivoa.obscore", 15, "'unit' in REGION is not a number")]
    [InlineData("SELECT REGION('Circle ICRS BARYCENTER 10 20 1') FROM ivoa.obscore", 15, "'BARYCENTER' in REGION is not a number")]
    [InlineData("SELECT REGION('Circle nowhere 10 20 1') FROM ivoa.obscore", 15, "'nowhere' in REGION is neither the frame ICRS nor a number")]
    [InlineData("SELECT REGION('Circle ICRS 10 20 NaN') FROM ivoa.obscore", 15, "'NaN' in REGION is not a number")]
    [InlineData("SELECT REGION('') FROM ivoa.obscore", 15, "REGION needs an STC-S shape")]
    [InlineData("SELECT REGION(s_region) FROM ivoa.obscore", 15, "REGION takes a string literal in STC-S")]
    [InlineData("SELECT REGION('Circle ' || 'ICRS 1 2 3') FROM ivoa.obscore", 15, "REGION takes a string literal in STC-S")]
    [InlineData("SELECT REGION('Circle ICRS 1 2 3', 'x') FROM ivoa.obscore", 8, "REGION takes 1 argument, but was given 2")]
    public void Unsupported_or_malformed_region_is_a_positioned_error(string adql, int column, string message)
    {
        var result = Translate(adql);

        Assert.False(result.Succeeded, result.Succeeded ? result.Sql : "");
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((1, column), (result.Error.Line, result.Error.Column));
    }
}
