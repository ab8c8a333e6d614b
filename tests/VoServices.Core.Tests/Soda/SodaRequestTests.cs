using VoServices.Dali;
using VoServices.Soda;
using static VoServices.Core.Tests.Soda.Cutouts;

namespace VoServices.Core.Tests.Soda;

public sealed class SodaRequestTests
{
    [Fact]
    public void Reads_ids_region_band_time_and_pol()
    {
        var r = SodaRequest.From(Parameters(
            ("ID", "ivo://x/a?1"), ("id", "ivo://x/a?2"), ("circle", "10 20 0.5"), ("BAND", "5e-7 6e-7"),
            ("TIME", "55000 55001"), ("POL", "I"), ("pol", "V"), ("POL", "I")));
        Assert.Equal(["ivo://x/a?1", "ivo://x/a?2"], r.Ids);
        Assert.Equal(new DaliCircle(10, 20, 0.5), r.Region);
        Assert.Equal(new DaliInterval(5e-7, 6e-7), r.Band);
        Assert.Equal(new DaliInterval(55000, 55001), r.Time);
        Assert.Equal(["I", "V"], r.Pol);
        Assert.True(r.HasFilters);
    }

    [Theory]
    [InlineData("CIRCLE 10 20 0.5", typeof(DaliCircle))]
    [InlineData("RANGE 10 11 20 21", typeof(DaliRange))]
    [InlineData("POLYGON 10 20 11 20 11 21", typeof(DaliPolygon))]
    public void Pos_gives_each_shape(string pos, Type shape)
    {
        var r = SodaRequest.From(Parameters(("ID", "a"), ("POS", pos)));
        Assert.IsType(shape, r.Region);
    }

    [Fact]
    public void Polygon_and_pos_polygon_are_the_same_region()
    {
        var a = SodaRequest.From(Parameters(("ID", "a"), ("POLYGON", "10 20 11 20 11 21")));
        var b = SodaRequest.From(Parameters(("ID", "a"), ("POS", "POLYGON 10 20 11 20 11 21")));
        Assert.Equal(((DaliPolygon)a.Region!).Vertices, ((DaliPolygon)b.Region!).Vertices);
    }

    [Fact]
    public void Scalar_band_and_open_ends_are_intervals()
    {
        Assert.True(SodaRequest.From(Parameters(("ID", "a"), ("BAND", "2.1e-1"))).Band!.IsScalar);
        var open = SodaRequest.From(Parameters(("ID", "a"), ("BAND", "-Inf 2.1e-1"))).Band!;
        Assert.Equal(double.NegativeInfinity, open.Lower);
    }

    [Fact]
    public void No_filter_and_empty_values_mean_the_whole_dataset()
    {
        var r = SodaRequest.From(Parameters(("ID", "a"), ("BAND", ""), ("CIRCLE", " "), ("POL", "")));
        Assert.False(r.HasFilters);
    }

    [Fact]
    public void Missing_id_is_a_usage_error_naming_id()
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("BAND", "1 2"))));
        Assert.Equal("ID", e.Parameter);
        Assert.StartsWith("UsageError: ID: missing", SodaErrors.Text(DaliErrorMapper.Map(e)), StringComparison.Ordinal);
    }

    [Fact]
    public void Circle_with_two_numbers_is_a_usage_error_naming_circle()
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), ("CIRCLE", "1 2"))));
        Assert.Equal("CIRCLE", e.Parameter);
        Assert.Equal(DaliErrorKind.BadRequest, e.Kind);
        Assert.StartsWith("UsageError: CIRCLE: '1 2' is not a circle", SodaErrors.Text(DaliErrorMapper.Map(e)), StringComparison.Ordinal);
    }

    [Fact]
    public void Band_that_is_not_a_number_is_a_usage_error_naming_band()
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), ("BAND", "abc"))));
        Assert.Equal("BAND", e.Parameter);
        Assert.Contains("'abc'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("i")]
    [InlineData("I Q")]
    public void Unknown_pol_state_is_a_usage_error_naming_pol(string pol)
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), ("POL", pol))));
        Assert.Equal("POL", e.Parameter);
        Assert.Contains("I Q U V RR LL RL LR XX YY XY YX", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_band_is_multi_valued_param_not_supported()
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), ("BAND", "1e-7 2e-7"), ("band", "3e-7 4e-7"))));
        Assert.Equal(DaliErrorKind.MultiValuedParameter, e.Kind);
        Assert.StartsWith("MultiValuedParamNotSupported: BAND was given 2 times", SodaErrors.Text(DaliErrorMapper.Map(e)), StringComparison.Ordinal);
        Assert.Equal("BAND", e.Parameter);
    }

    [Theory]
    [InlineData("TIME", "1 2", "TIME", "3 4")]
    [InlineData("CIRCLE", "1 2 3", "CIRCLE", "4 5 6")]
    [InlineData("CIRCLE", "1 2 3", "POLYGON", "1 2 3 4 5 6")]
    [InlineData("POS", "CIRCLE 1 2 3", "CIRCLE", "1 2 3")]
    [InlineData("POS", "RANGE 1 2 3 4", "POS", "RANGE 1 2 3 5")]
    public void Two_regions_or_two_times_are_multi_valued_param_not_supported(string n1, string v1, string n2, string v2)
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), (n1, v1), (n2, v2))));
        Assert.Equal(DaliErrorKind.MultiValuedParameter, e.Kind);
        Assert.StartsWith("MultiValuedParamNotSupported: ", SodaErrors.Text(DaliErrorMapper.Map(e)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_twice_counts_once()
    {
        var r = SodaRequest.From(Parameters(("ID", "a"), ("BAND", "1 2"), ("BAND", "1 2")));
        Assert.Equal(new DaliInterval(1, 2), r.Band);
    }

    [Fact]
    public void Polygon_larger_than_a_hemisphere_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<DaliException>(() => SodaRequest.From(Parameters(("ID", "a"), ("POS", "POLYGON 0 0 120 0 240 0"))));
        Assert.Equal("POS", e.Parameter);
    }
}
