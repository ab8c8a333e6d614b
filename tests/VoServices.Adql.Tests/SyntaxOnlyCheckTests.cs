namespace VoServices.Adql.Tests;

/// <summary>
/// <c>AdqlTranslator.CheckSyntax</c> (what <c>vo adql --no-resolve</c> runs): the grammar plus the rules that need
/// no table metadata. Issue 11, item 20: these queries used to pass it, or to fail it though the ADQL BNF allows them.
/// </summary>
public sealed class SyntaxOnlyCheckTests
{
    [Theory]
    [InlineData("SELECT a FROM t1 JOIN t2")]
    [InlineData("SELECT a FROM t1 RIGHT JOIN t2 WHERE b > 1")]
    [InlineData("SELECT a FROM (t1 JOIN t2) FULL JOIN (t3 NATURAL JOIN t4)")]
    [InlineData("SELECT a FROM x.y.z")]
    [InlineData("SELECT \"point\", \"distance\" FROM t")]
    [InlineData("SELECT DISTANCE(POINT(a, b), POINT(c, d)) FROM t")]
    [InlineData("SELECT CENTROID(c), CENTROID(MAX(c)), AREA(r) FROM t")]
    [InlineData("SELECT POINT(NULL, a, b), POINT('', 1, 2), CIRCLE('GALACTIC', a, b, 1), CIRCLE(p, 2) FROM t")]
    [InlineData("SELECT BOX('ICRS', POINT(1, 2), 3, 4), POLYGON(p, q, r), POLYGON('ICRS', 1, 2, 3, 4, 5, 6) FROM t")]
    [InlineData("SELECT '12' * 2, name || '!', LOWER(a) || UPPER(b) FROM t")]
    [InlineData("SELECT gavo_specconv(a, 'nm') || 'x', my_udf(1) FROM t")]
    [InlineData("SELECT a FROM t WHERE POINT(1, 2) = p AND CONTAINS(CIRCLE(1, 2, 3), POINT(a, b)) = 1")]
    public void Accepts_what_the_bnf_allows_without_looking_at_metadata(string adql)
    {
        Assert.Null(AdqlTranslator.CheckSyntax(adql));
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE ABS() > 1", 1, 23, "ABS takes 1 argument, but was given 0")]
    [InlineData("SELECT MOD(a) FROM t", 1, 8, "MOD takes 2 arguments, but was given 1")]
    [InlineData("SELECT ROUND(a, 1, 2) FROM t", 1, 8, "ROUND takes 1 to 2 arguments, but was given 3")]
    [InlineData("SELECT COALESCE() FROM t", 1, 8, "COALESCE takes at least 1 argument")]
    [InlineData("SELECT SUM(*) FROM t", 1, 8, "Only COUNT accepts *")]
    [InlineData("SELECT POINT('ICRS', 1) FROM t", 1, 14, "Argument 1 of POINT must be a number")]
    [InlineData("SELECT POINT('ICRS', 1, 2, 3) FROM t", 1, 8, "POINT takes 3 arguments, but was given 4")]
    [InlineData("SELECT a FROM t\nWHERE CIRCLE('ICRS', 1, 2) = a", 2, 7, "CIRCLE takes CIRCLE([coordsys,] lon, lat, radius)")]
    [InlineData("SELECT POLYGON(1, 2, 3, 4) FROM t", 1, 8, "POLYGON takes at least 3 vertices")]
    public void Refuses_wrong_argument_counts(string adql, int line, int column, string message)
    {
        AssertRefused(adql, line, column, message);
    }

    [Theory]
    [InlineData("SELECT POINT(a, b) || 'x' FROM t", 1, 8, "|| needs a string, but this is a POINT")]
    [InlineData("SELECT 'x' || CIRCLE(a, b, 1) FROM t", 1, 15, "|| needs a string, but this is a CIRCLE")]
    [InlineData("SELECT 1 + BOX(a, b, 1, 1) FROM t", 1, 12, "+ needs a number, but this is a POLYGON")]
    [InlineData("SELECT ABS(POINT(a, b)) FROM t", 1, 12, "Argument 1 of ABS must be a number, but it is a POINT")]
    [InlineData("SELECT AREA(ABS(a)) FROM t", 1, 13, "Argument 1 of AREA must be a geometry")]
    [InlineData("SELECT COORD1(CIRCLE(a, b, 1)) FROM t", 1, 15, "Argument 1 of COORD1 must be a POINT")]
    [InlineData("SELECT CIRCLE('ICRS', 1, 2, 120) FROM t", 1, 29, "The radius of CIRCLE must be between 0 and 90 degrees")]
    public void Refuses_geometries_where_other_values_belong_and_the_reverse(string adql, int line, int column, string message)
    {
        AssertRefused(adql, line, column, message);
    }

    [Theory]
    [InlineData("SELECT a FROM t WHERE ATAN3(a) > 1", 1, 23, "Unknown function 'ATAN3' (did you mean 'ATAN'?)")]
    [InlineData("SELECT sleep(1) FROM t", 1, 8, "Unknown function 'sleep'")]
    public void Refuses_unknown_functions_without_a_udf_prefix(string adql, int line, int column, string message)
    {
        AssertRefused(adql, line, column, message);
    }

    [Theory]
    [InlineData("SELECT distance FROM t", 1, 8, "'distance' is an ADQL reserved word")]
    [InlineData("SELECT a AS point FROM t", 1, 13, "'point' is an ADQL reserved word")]
    [InlineData("SELECT * FROM region", 1, 15, "'region' is an ADQL reserved word")]
    [InlineData("SELECT * FROM t JOIN u USING (Mod)", 1, 31, "'Mod' is an ADQL reserved word; write it as a delimited identifier, \"mod\"")]
    [InlineData("SELECT a FROM w.x.y.z", 1, 15, "'w.x.y.z' has too many parts: a table is at most catalog.schema.table")]
    [InlineData("SELECT a.b.c.d.* FROM t", 1, 8, "has too many parts: a table is at most catalog.schema.table")]
    [InlineData("SELECT a FROM t1 JOIN t2 ON", 1, 28, "Unexpected end of query")]
    public void Refuses_names_the_grammar_does_not_allow(string adql, int line, int column, string message)
    {
        AssertRefused(adql, line, column, message);
    }

    [Fact]
    public void Every_documented_feature_example_passes()
    {
        foreach (var feature in AdqlLanguage.CoreFunctions.Concat(AdqlLanguage.Declared.SelectMany(g => g.Features)))
        {
            Assert.True(AdqlTranslator.CheckSyntax(feature.Example) is null, $"{feature.Form}: {AdqlTranslator.CheckSyntax(feature.Example)}");
        }
    }

    [Fact]
    public void Whatever_it_refuses_in_the_invalid_corpus_the_full_check_refuses_at_the_same_place()
    {
        foreach (var (adql, _, _, _) in Corpus.Invalid)
        {
            if (AdqlTranslator.CheckSyntax(adql) is { } syntaxError)
            {
                var full = AdqlTranslator.Translate(adql, TestCatalog.Instance);
                Assert.False(full.Succeeded, adql);
                Assert.Equal((syntaxError.Line, syntaxError.Column), (full.Error.Line, full.Error.Column));
            }
        }
    }

    private static void AssertRefused(string adql, int line, int column, string message)
    {
        var error = AdqlTranslator.CheckSyntax(adql);

        Assert.NotNull(error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
