using VoServices.Dali;
using VoServices.Sia;

namespace VoServices.Core.Tests.Sia;

public sealed class SiaQueryTests
{
    private static readonly SiaOptions Options = new() { DefaultMaxrec = 1000, HardMaxrec = 5000 };

    private static SiaQuery Parse(params (string Name, string Value)[] pairs) =>
        SiaQuery.From(new DaliParameters(pairs.Select(p => KeyValuePair.Create(p.Name, p.Value))), Options);

    private static DaliException Bad(string parameter, params (string Name, string Value)[] pairs)
    {
        var e = Assert.Throws<DaliException>(() => Parse(pairs));
        Assert.Equal(DaliErrorKind.BadRequest, e.Kind);
        Assert.Equal(parameter, e.Parameter);
        Assert.StartsWith(parameter + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void No_parameters_is_a_legal_unconstrained_query_with_the_default_maxrec_and_votable()
    {
        var q = Parse();
        Assert.True(q.IsUnconstrained);
        Assert.Equal(1000, q.Maxrec);
        Assert.Equal(TableFormatKind.VotableTabledata, q.ResponseFormat.Format.Kind);
        Assert.Equal("application/x-votable+xml", q.ResponseFormat.ContentType);
    }

    [Fact]
    public void Pos_takes_circle_range_and_polygon_values_in_request_order()
    {
        var q = Parse(("POS", "CIRCLE 12 34 0.5"), ("pos", "RANGE 12.0 12.5 34.0 36.0"), ("Pos", "POLYGON 1 2 3 4 5 6"));
        Assert.Equal(3, q.Pos.Count);
        Assert.Equal(new DaliCircle(12, 34, 0.5), q.Pos[0]);
        Assert.Equal(new DaliRange(12, 12.5, 34, 36), q.Pos[1]);
        Assert.Equal([(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)], Assert.IsType<DaliPolygon>(q.Pos[2]).Vertices);
        Assert.False(q.IsUnconstrained);
    }

    [Theory]
    [InlineData("POS", "CIRCLE 12")]
    [InlineData("POS", "BOX 1 2 3 4")]
    [InlineData("POS", "CIRCLE 12 95 1")]
    [InlineData("POS", "CIRCLE 12 34 0")]
    [InlineData("POS", "RANGE 10 361 0 1")]
    [InlineData("POS", "POLYGON 1 2 3 4")]
    [InlineData("BAND", "abc")]
    [InlineData("BAND", "2e-7 1e-7")]
    [InlineData("TIME", "60000 x")]
    [InlineData("FOV", "1 2 3")]
    [InlineData("SPATRES", "Inf")]
    [InlineData("EXPTIME", "-Inf")]
    [InlineData("TIMERES", "one")]
    [InlineData("SPECRP", "5 4")]
    public void Malformed_values_are_usage_errors_naming_the_parameter(string name, string value) => Bad(name, (name, value));

    [Fact]
    public void Each_interval_parameter_reads_intervals_and_single_values()
    {
        var q = Parse(("BAND", "2e-7 3e-7"), ("BAND", "0.21"), ("TIME", "60000 60001"), ("FOV", "0.1 1"), ("SPATRES", "1 +Inf"),
            ("EXPTIME", "-Inf 600"), ("TIMERES", "0 10"), ("SPECRP", "1000 5000"));
        Assert.Equal([new DaliInterval(2e-7, 3e-7), new DaliInterval(0.21, 0.21)], q.Band);
        Assert.Equal([new DaliInterval(60000, 60001)], q.Time);
        Assert.Equal([new DaliInterval(0.1, 1)], q.Fov);
        Assert.Equal([new DaliInterval(1, double.PositiveInfinity)], q.Spatres);
        Assert.Equal([new DaliInterval(double.NegativeInfinity, 600)], q.Exptime);
        Assert.Equal([new DaliInterval(0, 10)], q.Timeres);
        Assert.Equal([new DaliInterval(1000, 5000)], q.Specrp);
    }

    [Theory]
    [InlineData("BAND", "-2 1e-6")]
    [InlineData("BAND", "-2")]
    [InlineData("FOV", "-1 -0.5")]
    [InlineData("SPATRES", "-Inf -1")]
    [InlineData("EXPTIME", "-5 10")]
    [InlineData("TIMERES", "-1")]
    [InlineData("SPECRP", "-1 1")]
    public void Negative_wavelengths_sizes_and_durations_are_usage_errors(string name, string value) =>
        Assert.Contains("negative", Bad(name, (name, value)).Message, StringComparison.Ordinal);

    [Fact]
    public void Negative_mjd_is_a_time_like_any_other() =>
        Assert.Equal([new DaliInterval(-10, -5)], Parse(("TIME", "-10 -5")).Time);

    [Fact]
    public void Pol_accepts_the_obscore_states_in_any_case_and_rejects_others()
    {
        Assert.Equal(["I", "POLI", "XY"], Parse(("POL", "I"), ("POL", "poli"), ("pol", " XY ")).Pol);
        Assert.Contains("I Q U V RR LL RL LR XX YY XY YX POLI POLA", Bad("POL", ("POL", "Z")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dptype_is_image_or_cube()
    {
        Assert.Equal(["image", "cube"], Parse(("DPTYPE", "image"), ("DPTYPE", "Cube")).DataProductType);
        Assert.Contains("image or cube", Bad("DPTYPE", ("DPTYPE", "spectrum")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calib_is_an_integer_level_from_0_to_4()
    {
        Assert.Equal([(short)0, (short)4], Parse(("CALIB", "0"), ("CALIB", " 4 ")).Calib);
        Bad("CALIB", ("CALIB", "5"));
        Bad("CALIB", ("CALIB", "-1"));
        Bad("CALIB", ("CALIB", "2.0"));
        Bad("CALIB", ("CALIB", "two"));
    }

    [Fact]
    public void String_parameters_keep_their_values_exactly_and_in_order()
    {
        var q = Parse(("ID", "ivo://Example/x?A"), ("id", "ivo://example/y"), ("COLLECTION", "Demo"), ("FACILITY", "VLA"), ("INSTRUMENT", "WSRT-DZB"),
            ("TARGET", "M 31"), ("FORMAT", "image/fits"), ("format", "application/x-votable+xml;content=datalink"));
        Assert.Equal(["ivo://Example/x?A", "ivo://example/y"], q.Id);
        Assert.Equal(["Demo"], q.Collection);
        Assert.Equal(["VLA"], q.Facility);
        Assert.Equal(["WSRT-DZB"], q.Instrument);
        Assert.Equal(["M 31"], q.Target);
        Assert.Equal(["image/fits", "application/x-votable+xml;content=datalink"], q.Format);
    }

    [Fact]
    public void Format_is_the_access_format_constraint_and_not_the_output_format()
    {
        var q = Parse(("FORMAT", "csv"));
        Assert.Equal(["csv"], q.Format);
        Assert.Equal(TableFormatKind.VotableTabledata, q.ResponseFormat.Format.Kind);
    }

    [Theory]
    [InlineData("csv", TableFormatKind.Csv, "text/csv;header=present")]
    [InlineData("text/tab-separated-values", TableFormatKind.Tsv, "text/tab-separated-values")]
    [InlineData("application/fits", TableFormatKind.Fits, "application/fits")]
    [InlineData("votable/b2", TableFormatKind.VotableBinary2, "application/x-votable+xml;serialization=BINARY2")]
    public void Responseformat_selects_the_output(string value, TableFormatKind kind, string contentType)
    {
        var format = Parse(("responseformat", value)).ResponseFormat;
        Assert.Equal(kind, format.Format.Kind);
        Assert.Equal(contentType, format.ContentType);
    }

    [Fact]
    public void Unknown_responseformat_is_a_usage_error() => Bad("RESPONSEFORMAT", ("RESPONSEFORMAT", "application/json"));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("10", 10)]
    [InlineData("999999", 5000)]
    public void Maxrec_is_read_and_capped(string value, long maxrec) => Assert.Equal(maxrec, Parse(("MAXREC", value)).Maxrec);

    [Fact]
    public void Maxrec_negative_is_a_usage_error() => Bad("MAXREC", ("MAXREC", "-1"));

    [Fact]
    public void Blank_values_and_unknown_parameters_are_ignored()
    {
        var q = Parse(("POS", ""), ("BAND", "  "), ("TARGET", ""), ("REQUEST", "query"), ("VERSION", "2.0"), ("foo", "bar"), ("UPLOAD", "x,y"));
        Assert.True(q.IsUnconstrained);
    }

    [Fact]
    public void A_parameter_given_too_often_is_a_usage_error()
    {
        var many = Enumerable.Range(0, SiaQuery.MaxValuesPerParameter + 1).Select(i => ("COLLECTION", "c" + i)).ToArray();
        Assert.Contains("given 21 times, more than the 20", Bad("COLLECTION", many).Message, StringComparison.Ordinal);
        Assert.Equal(20, Parse(many[..20]).Collection.Count);
    }
}
