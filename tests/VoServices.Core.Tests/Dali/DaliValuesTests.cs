using VoServices.Dali;

namespace VoServices.Core.Tests.Dali;

public sealed class DaliValuesTests
{
    private static void AssertBad(string parameter, Action parse, string mentions)
    {
        var e = Assert.Throws<DaliException>(parse);
        Assert.Equal(DaliErrorKind.BadRequest, e.Kind);
        Assert.Equal(parameter, e.Parameter);
        Assert.StartsWith(parameter + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-7 2e-7", 1e-7, 2e-7)]
    [InlineData("  5 6  ", 5, 6)]
    [InlineData("5\t6", 5, 6)]
    [InlineData("-3.5 -1", -3.5, -1)]
    [InlineData("7 7", 7, 7)]
    public void Interval_is_two_numbers_lower_then_upper(string text, double lower, double upper)
    {
        var interval = DaliValues.ParseInterval("BAND", text);
        Assert.Equal(lower, interval.Lower);
        Assert.Equal(upper, interval.Upper);
    }

    [Fact]
    public void A_single_number_is_the_interval_from_itself_to_itself()
    {
        var interval = DaliValues.ParseInterval("BAND", "2.1e-1");
        Assert.Equal(new DaliInterval(0.21, 0.21), interval);
        Assert.True(interval.IsScalar);
    }

    [Theory]
    [InlineData("-Inf 5", double.NegativeInfinity, 5)]
    [InlineData("5 +Inf", 5, double.PositiveInfinity)]
    [InlineData("-Inf +Inf", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("-inf inf", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("-INF +INF", double.NegativeInfinity, double.PositiveInfinity)]
    public void Open_ends_are_infinities_in_any_case(string text, double lower, double upper) =>
        Assert.Equal(new DaliInterval(lower, upper), DaliValues.ParseInterval("TIME", text));

    [Fact]
    public void Plus_inf_that_form_decoding_turned_into_space_inf_is_still_positive_infinity()
    {
        // "5 +Inf" sent unencoded arrives as "5  Inf" ('+' decodes to a space).
        Assert.Equal(new DaliInterval(5, double.PositiveInfinity), DaliValues.ParseInterval("BAND", "5  Inf"));
        Assert.Equal(new DaliInterval(double.NegativeInfinity, double.PositiveInfinity), DaliValues.ParseInterval("BAND", "-Inf  Inf"));
    }

    [Theory]
    [InlineData("3 2", "lower bound above its upper bound")]
    [InlineData("abc", "'abc' in 'abc' is not a number")]
    [InlineData("1 2 3", "is not an interval")]
    [InlineData("", "is not an interval")]
    [InlineData("Inf", "is not an interval")]
    [InlineData("NaN 1", "'NaN' in 'NaN 1' is not a number")]
    [InlineData("1,2", "is not a number")]
    [InlineData("+Inf -Inf", "lower bound above its upper bound")]
    public void Malformed_intervals_are_rejected_naming_the_parameter(string text, string mentions) =>
        AssertBad("EXPTIME", () => DaliValues.ParseInterval("EXPTIME", text), mentions);

    [Fact]
    public void Circle_is_lon_lat_radius_in_degrees()
    {
        Assert.Equal(new DaliCircle(10.5, -20.25, 0.5), DaliValues.ParseCircle("CIRCLE", "10.5 -20.25 0.5"));
    }

    [Theory]
    [InlineData("-10 0 1", 350)]
    [InlineData("360 0 1", 0)]
    [InlineData("725 0 1", 5)]
    public void Circle_longitude_is_reduced_to_0_360(string text, double lon) =>
        Assert.Equal(lon, DaliValues.ParseCircle("CIRCLE", text).Lon, 12);

    [Theory]
    [InlineData("10 20 0", "radius 0 is out of range")]
    [InlineData("10 20 -1", "radius -1 is out of range")]
    [InlineData("10 20 180.5", "radius 180.5 is out of range")]
    [InlineData("10 90.5 1", "declination 90.5 is out of range")]
    [InlineData("10 -91 1", "declination -91 is out of range")]
    [InlineData("10 20", "is not a circle")]
    [InlineData("10 20 1 2", "is not a circle")]
    [InlineData("10 20 Inf", "'Inf' in '10 20 Inf' is not a number")]
    public void Malformed_circles_are_rejected(string text, string mentions) =>
        AssertBad("CIRCLE", () => DaliValues.ParseCircle("CIRCLE", text), mentions);

    [Fact]
    public void Circle_radius_of_180_degrees_is_the_whole_sky_and_allowed() =>
        Assert.Equal(180, DaliValues.ParseCircle("POS", "0 0 180").Radius);

    [Fact]
    public void Polygon_is_lon_lat_pairs_in_order()
    {
        var polygon = DaliValues.ParsePolygon("POLYGON", "10 20 11 20 11 21 -1 21");
        Assert.Equal([(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (359.0, 21.0)], polygon.Vertices);
    }

    [Theory]
    [InlineData("10 20 11 20", "is not a polygon")]
    [InlineData("10 20 11 20 11", "is not a polygon")]
    [InlineData("10 20 11 20 11 91", "declination 91 is out of range")]
    [InlineData("10 20 11 20 11 x", "'x' in")]
    public void Malformed_polygons_are_rejected(string text, string mentions) =>
        AssertBad("POLYGON", () => DaliValues.ParsePolygon("POLYGON", text), mentions);

    [Theory]
    [InlineData("CIRCLE 12 34 0.5")]
    [InlineData("circle 12 34 0.5")]
    [InlineData("Circle\t12 34 0.5")]
    [InlineData("  CiRcLe 12 34 0.5  ")]
    public void Pos_keywords_are_accepted_in_any_case(string text) =>
        Assert.Equal(new DaliCircle(12, 34, 0.5), DaliValues.ParsePos("POS", text));

    [Fact]
    public void Pos_polygon_and_range_parse_to_their_shapes()
    {
        var polygon = Assert.IsType<DaliPolygon>(DaliValues.ParsePos("POS", "polygon 1 2 3 4 5 6"));
        Assert.Equal([(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)], polygon.Vertices);
        Assert.Equal(new DaliRange(12, 12.5, 34, 36), DaliValues.ParsePos("POS", "Range 12.0 12.5 34.0 36.0"));
    }

    [Theory]
    [InlineData("RANGE -Inf +Inf -Inf +Inf", 0, 360, -90, 90)]
    [InlineData("RANGE 0 360.0 89.0 +Inf", 0, 360, 89, 90)]
    [InlineData("RANGE -Inf 10 -Inf -80", 0, 10, -90, -80)]
    [InlineData("RANGE 350 Inf 0 Inf", 350, 360, 0, 90)]
    public void Range_clamps_infinite_ends_to_the_sky(string text, double lon1, double lon2, double lat1, double lat2) =>
        Assert.Equal(new DaliRange(lon1, lon2, lat1, lat2), DaliValues.ParsePos("POS", text));

    [Theory]
    [InlineData("RANGE 359.8 0.8 -1 1", 359.8, 360.8, -1, 1)]
    [InlineData("RANGE 10 5 0 1", 10, 365, 0, 1)]
    public void Range_through_ra_zero_is_accepted_with_its_upper_longitude_past_360(string text, double lon1, double lon2, double lat1, double lat2) =>
        Assert.Equal(new DaliRange(lon1, lon2, lat1, lat2), DaliValues.ParsePos("POS", text));

    [Fact]
    public void Polygon_with_more_vertices_than_the_cap_is_rejected_naming_the_parameter()
    {
        static string Vertices(int n) => string.Join(' ', Enumerable.Range(0, n).Select(i =>
            FormattableString.Invariant($"{10 + Math.Cos(i * 2 * Math.PI / n)} {Math.Sin(i * 2 * Math.PI / n)}")));
        Assert.Equal(DaliValues.MaxPolygonVertices,
            Assert.IsType<DaliPolygon>(DaliValues.ParsePos("POS", "POLYGON " + Vertices(DaliValues.MaxPolygonVertices))).Vertices.Count);
        AssertBad("POS", () => DaliValues.ParsePos("POS", "POLYGON " + Vertices(DaliValues.MaxPolygonVertices + 1)), "101 vertices, more than the 100");
    }

    [Theory]
    [InlineData("RANGE -Inf +Inf -Inf +Inf", true)]
    [InlineData("RANGE 0 360 -90 90", true)]
    [InlineData("RANGE 0 359 -90 90", false)]
    [InlineData("RANGE 0 360 -89 90", false)]
    public void Whole_sky_range_is_recognised(string text, bool wholeSky) =>
        Assert.Equal(wholeSky, ((DaliRange)DaliValues.ParsePos("POS", text)).IsWholeSky);

    [Theory]
    [InlineData("RANGE -5 5 0 1", "ra1 and ra2 in [0, 360]")]
    [InlineData("RANGE 0 361 0 1", "ra1 and ra2 in [0, 360]")]
    [InlineData("RANGE +Inf +Inf 0 1", "ra1 and ra2 in [0, 360]")]
    [InlineData("RANGE 0 10 5 1", "dec1 <= dec2")]
    [InlineData("RANGE 0 10 -95 1", "declination -95 is out of range")]
    [InlineData("RANGE 0 10 1", "is not a range")]
    [InlineData("BOX 0 10 1 2", "is not a region")]
    [InlineData("CIRCLE 12", "is not a circle")]
    [InlineData("", "is not a region")]
    [InlineData("POLYGON 1 2 3 4", "is not a polygon")]
    public void Malformed_pos_values_are_rejected(string text, string mentions) =>
        AssertBad("POS", () => DaliValues.ParsePos("POS", text), mentions);

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Format_writes_round_trip_invariant_numbers_and_dali_infinities(double value, string text)
    {
        Assert.Equal(text, DaliValues.Format(value));
        Assert.Equal(value, DaliValues.ParseInterval("X", text + " " + text).Lower);
    }
}
