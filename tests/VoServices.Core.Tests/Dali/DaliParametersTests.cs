using VoServices.Dali;

namespace VoServices.Core.Tests.Dali;

public sealed class DaliParametersTests
{
    private static DaliParameters Of(params (string, string)[] pairs) => new(pairs.Select(p => KeyValuePair.Create(p.Item1, p.Item2)));

    [Fact]
    public void Names_compare_case_insensitively_and_values_keep_their_case()
    {
        var p = Of(("lang", "ADQL"), ("Query", "SELECT x"));
        Assert.Equal("ADQL", p.GetSingle("LANG"));
        Assert.Equal("SELECT x", p.GetSingle("QUERY"));
    }

    [Fact]
    public void A_single_valued_parameter_given_twice_differently_is_a_bad_request_naming_it()
    {
        var e = Assert.Throws<DaliException>(() => Of(("MAXREC", "1"), ("maxrec", "2")).GetSingle("MAXREC"));
        Assert.Equal(DaliErrorKind.BadRequest, e.Kind);
        Assert.Equal("MAXREC", e.Parameter);
    }

    [Fact]
    public void A_repeatable_parameter_past_the_cap_is_a_bad_request_naming_it_and_blanks_do_not_count()
    {
        var atCap = Enumerable.Range(0, DaliParameters.MaxRepeatedValues).Select(i => ("POS", "CIRCLE 1 2 " + (i + 1))).Append(("pos", " ")).ToArray();
        Assert.Equal(DaliParameters.MaxRepeatedValues, Of(atCap).GetRepeated("POS").Count);
        var e = Assert.Throws<DaliException>(() => Of([.. atCap, ("POS", "CIRCLE 1 2 3")]).GetRepeated("pos"));
        Assert.Equal(DaliErrorKind.BadRequest, e.Kind);
        Assert.Equal("POS", e.Parameter);
        Assert.Contains("given 21 times, more than the 20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_values_accumulate_in_order()
    {
        Assert.Equal(["a,param:x", "b,param:y"], Of(("UPLOAD", "a,param:x"), ("upload", "b,param:y")).GetAll("UPLOAD"));
    }

    [Theory]
    [InlineData(null, 100)]
    [InlineData("0", 0)]
    [InlineData("50", 50)]
    [InlineData("5000", 1000)]
    public void Maxrec_defaults_and_is_capped_at_the_hard_limit(string? given, long expected)
    {
        var p = given is null ? DaliParameters.Empty : Of(("MAXREC", given));
        Assert.Equal(expected, p.GetMaxrec(100, 1000));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    public void Maxrec_negative_or_not_a_number_is_rejected(string given) =>
        Assert.Throws<DaliException>(() => Of(("MAXREC", given)).GetMaxrec(100, 1000));

    [Theory]
    [InlineData(null, TableFormatKind.VotableTabledata, "application/x-votable+xml")]
    [InlineData("csv", TableFormatKind.Csv, "text/csv;header=present")]
    [InlineData("text/csv", TableFormatKind.Csv, "text/csv")]
    [InlineData("TSV", TableFormatKind.Tsv, "text/tab-separated-values")]
    [InlineData("text/xml", TableFormatKind.VotableTabledata, "text/xml")]
    [InlineData("application/x-votable+xml; serialization=binary2", TableFormatKind.VotableBinary2, "application/x-votable+xml; serialization=binary2")]
    [InlineData("votable/b2", TableFormatKind.VotableBinary2, "application/x-votable+xml;serialization=BINARY2")]
    [InlineData("application/fits", TableFormatKind.Fits, "application/fits")]
    public void Responseformat_accepts_mime_types_and_short_names_and_echoes_mime_types(string? given, TableFormatKind kind, string contentType)
    {
        var resolved = ResponseFormats.Resolve(given is null ? DaliParameters.Empty : Of(("RESPONSEFORMAT", given)));
        Assert.Equal(kind, resolved.Format.Kind);
        Assert.Equal(contentType, resolved.ContentType);
    }

    [Fact]
    public void Format_is_a_synonym_and_an_unknown_format_lists_the_supported_ones()
    {
        Assert.Equal(TableFormatKind.Csv, ResponseFormats.Resolve(Of(("FORMAT", "csv"))).Format.Kind);
        var e = Assert.Throws<DaliException>(() => ResponseFormats.Resolve(Of(("RESPONSEFORMAT", "xlsx"))));
        Assert.Contains("votable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_data_errors_are_user_errors_and_unknown_exceptions_are_bugs_without_details()
    {
        Assert.Equal(400, VoServices.Database.PostgresFaults.Classify(new Npgsql.PostgresException("division by zero", "ERROR", "ERROR", "22012")).HttpStatus);
        var bug = VoServices.Database.PostgresFaults.Classify(new InvalidOperationException("secret internals"));
        Assert.Equal(500, bug.HttpStatus);
        Assert.True(bug.IsBug);
        Assert.DoesNotContain("secret", bug.Message, StringComparison.Ordinal);
    }
}
