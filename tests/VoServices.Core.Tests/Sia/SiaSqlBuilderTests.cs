using VoServices.Dali;
using VoServices.Sia;

namespace VoServices.Core.Tests.Sia;

public sealed class SiaSqlBuilderTests
{
    private const string Types = "dataproduct_type IN ('image', 'cube')";

    private static SiaSql Build(params (string Name, string Value)[] pairs) =>
        SiaSqlBuilder.Build(SiaQuery.From(new DaliParameters(pairs.Select(p => KeyValuePair.Create(p.Name, p.Value))), new SiaOptions()));

    private static object?[] Values(SiaSql sql) => sql.Parameters.Select(p => p.Value).ToArray();

    [Fact]
    public void No_constraint_keeps_only_images_and_cubes()
    {
        var sql = Build();
        Assert.Equal(Types, sql.Where);
        Assert.Empty(sql.Parameters);
    }

    [Fact]
    public void Circle_intersects_the_region_with_bound_values_in_radians()
    {
        var sql = Build(("POS", "CIRCLE 12 34 0.5"));
        Assert.Equal(Types + " AND s_region && scircle(spoint(radians($1), radians($2)), radians($3))", sql.Where);
        Assert.Equal([12.0, 34.0, 0.5], Values(sql));
    }

    [Fact]
    public void Circle_larger_than_a_hemisphere_excludes_regions_inside_the_antipodal_circle()
    {
        var sql = Build(("POS", "CIRCLE 10 20 120"));
        Assert.Equal(Types + " AND NOT (s_region <@ scircle(spoint(radians($1), radians($2)), radians($3)))", sql.Where);
        Assert.Equal([190.0, -20.0, 60.0], Values(sql));
    }

    [Theory]
    [InlineData("CIRCLE 10 20 180")]
    [InlineData("RANGE -Inf +Inf -Inf +Inf")]
    [InlineData("RANGE 0 360 -90 90")]
    [InlineData("RANGE 0 360 -90 +Inf")]
    public void Whole_sky_only_requires_a_footprint(string pos)
    {
        var sql = Build(("POS", pos));
        Assert.Equal(Types + " AND s_region IS NOT NULL", sql.Where);
        Assert.Empty(sql.Parameters);
    }

    [Theory]
    [InlineData("RANGE 0 360.0 89.0 +Inf", "s_region && scircle(spoint(0, radians(90)), radians($1))", 1.0)]
    [InlineData("RANGE -Inf +Inf -Inf -80", "s_region && scircle(spoint(0, radians(-90)), radians($1))", 10.0)]
    [InlineData("RANGE 0 360 -90 30", "NOT (s_region <@ scircle(spoint(0, radians(90)), radians($1)))", 60.0)]
    [InlineData("RANGE 0 360 -30 90", "NOT (s_region <@ scircle(spoint(0, radians(-90)), radians($1)))", 60.0)]
    public void Range_all_round_to_a_pole_is_a_circle_about_that_pole(string pos, string condition, double radius)
    {
        var sql = Build(("POS", pos));
        Assert.Equal(Types + " AND " + condition, sql.Where);
        Assert.Equal([radius], Values(sql));
    }

    [Fact]
    public void Range_all_round_between_two_parallels_is_neither_wholly_north_nor_wholly_south()
    {
        var sql = Build(("POS", "RANGE 0 360 -5 10"));
        Assert.Equal(Types + " AND NOT (s_region <@ scircle(spoint(0, radians(90)), radians($1)))"
            + " AND NOT (s_region <@ scircle(spoint(0, radians(-90)), radians($2)))", sql.Where);
        Assert.Equal([80.0, 85.0], Values(sql));
    }

    [Fact]
    public void Range_is_preselected_by_covering_polygons_accepted_by_inner_ones_and_else_decided_exactly()
    {
        var sql = Build(("POS", "RANGE 10 200 -20 30"));
        string Polygons(int first) => string.Join(" OR ", Enumerable.Range(first, 3).Select(i => $"s_region && public.adql_polygon(${i}::double precision[])"));
        Assert.Equal(Types + $" AND ({Polygons(1)}) AND ({Polygons(4)} OR vo.sia_range_overlaps(s_region, $7, $8, $9, $10))", sql.Where);
        Assert.Equal([10.0, 200.0, -20.0, 30.0], Values(sql)[6..]);
        Assert.All(sql.Parameters.Take(6), p => Assert.IsType<double[]>(p.Value));
    }

    [Fact]
    public void Range_too_thin_for_an_inner_polygon_is_decided_exactly()
    {
        var sql = Build(("POS", "RANGE 10 20 45 45"));
        Assert.Equal(Types + " AND s_region && public.adql_polygon($1::double precision[]) AND (vo.sia_range_overlaps(s_region, $2, $3, $4, $5))", sql.Where);
    }

    [Fact]
    public void Polygon_is_built_from_a_bound_array_of_degrees()
    {
        var sql = Build(("POS", "POLYGON 10 20 11 20 11 21"));
        Assert.Equal(Types + " AND s_region && public.adql_polygon($1::double precision[])", sql.Where);
        Assert.Equal([10.0, 20.0, 11.0, 20.0, 11.0, 21.0], Assert.IsType<double[]>(sql.Parameters[0].Value));
    }

    [Fact]
    public void Repeated_values_are_ored_and_different_parameters_anded()
    {
        var sql = Build(("POS", "CIRCLE 1 2 3"), ("POS", "CIRCLE 4 5 6"), ("BAND", "1e-7 2e-7"));
        Assert.Equal(Types
            + " AND ((s_region && scircle(spoint(radians($1), radians($2)), radians($3))) OR (s_region && scircle(spoint(radians($4), radians($5)), radians($6))))"
            + " AND em_min <= $8 AND em_max >= $7", sql.Where);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 1e-7, 2e-7], Values(sql));
    }

    [Fact]
    public void Band_and_time_intersect_the_row_interval_and_infinities_are_bound_as_such()
    {
        var sql = Build(("BAND", "-Inf 5e-7"), ("TIME", "60000 +Inf"));
        Assert.Equal(Types + " AND em_min <= $2 AND em_max >= $1 AND t_min <= $4 AND t_max >= $3", sql.Where);
        Assert.Equal([double.NegativeInfinity, 5e-7, 60000.0, double.PositiveInfinity], Values(sql));
    }

    [Theory]
    [InlineData("FOV", "s_fov")]
    [InlineData("SPATRES", "s_resolution")]
    [InlineData("EXPTIME", "t_exptime")]
    [InlineData("TIMERES", "t_resolution")]
    [InlineData("SPECRP", "em_res_power")]
    public void Containment_parameters_need_the_column_inside_the_interval(string name, string column)
    {
        var sql = Build((name, "1 2"), (name, "5"));
        Assert.Equal($"{Types} AND (({column} BETWEEN $1 AND $2) OR ({column} BETWEEN $3 AND $4))", sql.Where);
        Assert.Equal([1.0, 2.0, 5.0, 5.0], Values(sql));
    }

    [Fact]
    public void Pol_matches_a_whole_state_between_slashes()
    {
        var sql = Build(("POL", "I"), ("POL", "v"));
        Assert.Equal(Types + " AND ((strpos(pol_states, $1) > 0) OR (strpos(pol_states, $2) > 0))", sql.Where);
        Assert.Equal(["/I/", "/V/"], Values(sql));
    }

    [Fact]
    public void Id_compares_lower_case_on_both_sides_like_the_unique_index()
    {
        var sql = Build(("ID", "ivo://X/y?Z"), ("ID", "ivo://a/b"));
        Assert.Equal(Types + " AND lower(obs_publisher_did) = ANY (ARRAY(SELECT lower(v) FROM unnest($1::text[]) AS v))", sql.Where);
        Assert.Equal(new[] { "ivo://X/y?Z", "ivo://a/b" }, Assert.IsType<string[]>(sql.Parameters[0].Value));
    }

    [Theory]
    [InlineData("COLLECTION", "obs_collection")]
    [InlineData("FACILITY", "facility_name")]
    [InlineData("INSTRUMENT", "instrument_name")]
    [InlineData("TARGET", "target_name")]
    [InlineData("FORMAT", "access_format")]
    public void String_parameters_are_exact_matches_against_a_bound_array(string name, string column)
    {
        var sql = Build((name, "a'; DROP TABLE x; --"), (name, "B"));
        Assert.Equal($"{Types} AND {column} = ANY ($1::text[])", sql.Where);
        Assert.Equal(new[] { "a'; DROP TABLE x; --", "B" }, Assert.IsType<string[]>(sql.Parameters[0].Value));
    }

    [Fact]
    public void Dptype_and_calib_are_bound_arrays()
    {
        var sql = Build(("DPTYPE", "cube"), ("CALIB", "2"), ("CALIB", "3"));
        Assert.Equal(Types + " AND dataproduct_type = ANY ($1::text[]) AND calib_level = ANY ($2::smallint[])", sql.Where);
        Assert.Equal(new[] { "cube" }, Assert.IsType<string[]>(sql.Parameters[0].Value));
        Assert.Equal(new short[] { 2, 3 }, Assert.IsType<short[]>(sql.Parameters[1].Value));
    }

    [Fact]
    public void Statement_appends_where_and_the_row_limit_as_the_last_parameter()
    {
        var (sql, parameters) = Build(("COLLECTION", "demo")).Statement("SELECT a FROM ivoa.obscore AS obscore", 11);
        Assert.Equal("SELECT a FROM ivoa.obscore AS obscore WHERE " + Types + " AND obs_collection = ANY ($1::text[]) LIMIT $2", sql);
        Assert.Equal(2, parameters.Length);
        Assert.Equal(11L, parameters[1].Value);
    }

    [Fact]
    public void No_request_text_reaches_the_sql()
    {
        var sql = Build(("POS", "CIRCLE 1.25 -2.5 0.125"), ("TARGET", "M31"), ("BAND", "0.21"), ("ID", "ivo://x"));
        foreach (var text in new[] { "1.25", "2.5", "0.125", "M31", "0.21", "ivo://x" })
        {
            Assert.DoesNotContain(text, sql.Where, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Polygon_check_builds_the_polygon_alone()
    {
        var (sql, parameter) = SiaSqlBuilder.PolygonCheck(new DaliPolygon([(1, 2), (3, 4), (5, 6)]));
        Assert.Equal("SELECT public.adql_polygon($1::double precision[]) IS NOT NULL", sql);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], Assert.IsType<double[]>(parameter.Value));
    }
}
