namespace VoServices.Adql.Tests;

/// <summary>
/// Queries that used to reach PostgreSQL and fail there (a 500) or were wrongly accepted (issue 11, items 6
/// and 18): each is now a positioned user error from the checker, or SQL PostgreSQL accepts.
/// </summary>
public sealed class UserErrorTests
{
    private static AdqlError Error(string adql)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance);
        Assert.False(result.Succeeded, "translated to: " + (result.Succeeded ? result.Sql : ""));
        return result.Error;
    }

    private static string Sql(string adql)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Sql;
    }

    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY 'x'", 42, "ORDER BY needs a column, a result column's name or an unsigned integer position (1..1), not a constant")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY -1", 42, "not a constant")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY 1.5", 42, "not a constant")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY NULL", 42, "not a constant")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY obs_id, 1e0 DESC", 50, "not a constant")]
    [InlineData("SELECT obs_id FROM ivoa.obscore GROUP BY 'x'", 42, "GROUP BY needs a column")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY 99", 42, "ORDER BY position 99 is not between 1 and 1")]
    [InlineData("SELECT obs_id FROM ivoa.obscore GROUP BY 99", 42, "GROUP BY position 99 is not between 1 and 1")]
    [InlineData("SELECT obs_id FROM ivoa.obscore GROUP BY 0", 42, "GROUP BY position 0 is not between 1 and 1")]
    public void Constant_or_out_of_range_sort_and_group_keys_are_refused(string adql, int column, string message)
    {
        var error = Error(adql);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((1, column), (error.Line, error.Column));
    }

    [Fact]
    public void Group_by_position_becomes_the_same_position_in_sql()
    {
        Assert.EndsWith(" GROUP BY 1", Sql("SELECT obs_collection, COUNT(*) FROM ivoa.obscore GROUP BY 1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOT ", "", 5_000)]
    [InlineData("NOT ", "", 50_000)]
    [InlineData("(", ")", 5_000)]
    [InlineData("(", ")", 50_000)]
    [InlineData("NOT (", ")", 50_000)]
    [InlineData("- ", "", 50_000)]
    [InlineData("CASE WHEN 1 = 1 THEN ", " END", 50_000)]
    public void Very_deep_nesting_is_refused_without_overflowing_the_stack(string open, string close, int depth)
    {
        var condition = open.Contains("CASE", StringComparison.Ordinal) || open.StartsWith('-')
            ? $"s_ra = {string.Concat(Enumerable.Repeat(open, depth))}1{string.Concat(Enumerable.Repeat(close, depth))}"
            : $"{string.Concat(Enumerable.Repeat(open, depth))}s_ra = 1{string.Concat(Enumerable.Repeat(close, depth))}";

        var error = Error("SELECT obs_id FROM ivoa.obscore WHERE " + condition);

        Assert.Contains("nested more than 100 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moderate_nesting_still_translates()
    {
        var nots = string.Concat(Enumerable.Repeat("NOT ", 50));

        Assert.Contains("NOT", Sql($"SELECT obs_id FROM ivoa.obscore WHERE {nots}(s_ra = 1)"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 0, 0, 91)) = 1", 97, "not 91 (for a wider circle")]
    [InlineData("SELECT TOP 1 CIRCLE('ICRS', 10, 10, 100) FROM ivoa.obscore", 37, "The radius of CIRCLE must be between 0 and 90 degrees, not 100")]
    [InlineData("SELECT TOP 1 CIRCLE(0, 0, 1000) FROM ivoa.obscore", 27, "must be between 0 and 90 degrees, not 1000")]
    [InlineData("SELECT TOP 1 CIRCLE(POINT(0, 0), -1) FROM ivoa.obscore", 34, "must be between 0 and 90 degrees, not -1")]
    public void Literal_circle_radius_outside_pgsphere_range_is_refused(string adql, int column, string message)
    {
        var error = Error(adql);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((1, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_polygon_beyond_the_vertex_cap_is_refused_and_one_at_it_translates(bool asPoints)
    {
        string Polygon(int vertices) => "POLYGON('ICRS', " + string.Join(", ", Enumerable.Range(0, vertices).Select(i =>
        {
            var (lon, lat) = (Math.Round(10 + Math.Cos(i * 2 * Math.PI / vertices), 6), Math.Round(20 + Math.Sin(i * 2 * Math.PI / vertices), 6));
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            return asPoints ? $"POINT({lon.ToString(inv)}, {lat.ToString(inv)})" : $"{lon.ToString(inv)}, {lat.ToString(inv)}";
        })) + ")";

        var error = Error($"SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), {Polygon(1001)}) = 1");

        Assert.Contains("POLYGON may have at most 1000 vertices, but was given 1001", error.Message, StringComparison.Ordinal);
        Assert.Contains("adql_polygon(", Sql($"SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), {Polygon(1000)}) = 1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Circle_of_exactly_90_degrees_translates()
    {
        Assert.Contains("radians(90)", Sql("SELECT TOP 1 CIRCLE(0, 0, 90) FROM ivoa.obscore"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) < 100")]
    [InlineData("DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) <= -1")]
    [InlineData("180.5 > DISTANCE(s_ra, s_dec, 10, 20)")]
    public void Distance_below_a_radius_no_scircle_holds_stays_a_distance_comparison(string condition)
    {
        var sql = Sql("SELECT obs_id FROM ivoa.obscore WHERE " + condition);

        Assert.DoesNotContain("scircle", sql, StringComparison.Ordinal);
        Assert.Contains("degrees((spoint(", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM nonsense.ivoa.obscore", 15, "Unknown catalog 'nonsense' in 'nonsense.ivoa.obscore'")]
    [InlineData("SELECT * FROM a.b.ivoa.obscore", 15, "too many parts")]
    [InlineData("SELECT nonsense.ivoa.obscore.s_ra FROM ivoa.obscore", 8, "Unknown catalog 'nonsense'")]
    [InlineData("SELECT a.b.c.d FROM ivoa.obscore", 8, "Unknown catalog 'a'")]
    [InlineData("SELECT nonsense.ivoa.obscore.* FROM ivoa.obscore", 8, "Unknown catalog 'nonsense'")]
    public void Catalog_qualifiers_are_refused_as_this_service_has_no_catalogs(string adql, int column, string message)
    {
        var error = Error(adql);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((1, column), (error.Line, error.Column));
    }

    [Fact]
    public void Computed_circle_radius_is_guarded_so_pgsphere_cannot_fail()
    {
        var sql = Sql("SELECT TOP 1 CIRCLE(s_ra, s_dec, s_fov) FROM ivoa.obscore");

        Assert.Contains("radians(CASE WHEN \"obscore\".\"s_fov\" BETWEEN 0 AND 90 THEN \"obscore\".\"s_fov\" END)", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Distance_below_a_computed_radius_falls_back_to_the_distance_beyond_90_degrees()
    {
        var sql = Sql("SELECT obs_id FROM ivoa.obscore WHERE DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) <= s_fov");

        Assert.Contains("BETWEEN 0 AND 90 THEN \"obscore\".\"s_fov\" END)))", sql, StringComparison.Ordinal);
        Assert.Contains(" OR (\"obscore\".\"s_fov\" > 90 AND degrees((spoint(", sql, StringComparison.Ordinal);
        Assert.EndsWith(" <= \"obscore\".\"s_fov\"))", sql, StringComparison.Ordinal);
    }
}
