using VoServices.Adql.Metadata;

namespace VoServices.Adql.Tests;

/// <summary>Exact SQL where the exact form is the point: grouping, index-friendly predicates, limits, escaping.</summary>
public sealed class GoldenSqlTests
{
    private const string Cone = "(spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\")) <@ scircle(spoint(radians(10), radians(20)), radians(0.5)))";

    private static string Sql(string adql, long? rowLimit = null)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance, new AdqlTranslationOptions { RowLimit = rowLimit });
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Sql;
    }

    private static string Where(string adql) => Sql(adql)[(Sql(adql).IndexOf(" WHERE ", StringComparison.Ordinal) + 7)..];

    [Fact]
    public void Cone_search_becomes_bare_containment_operator()
    {
        Assert.Equal(
            "SELECT \"obscore\".\"obs_id\" AS \"obs_id\" FROM \"ivoa\".\"obscore\" AS \"obscore\" WHERE " + Cone,
            Sql("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 10, 20, 0.5))"));
    }

    [Theory]
    [InlineData("CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) = 1")]
    [InlineData("1 = CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5))")]
    [InlineData("CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) <> 0")]
    [InlineData("0 != CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5))")]
    [InlineData("DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) < 0.5")]
    [InlineData("DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) <= 0.5")]
    [InlineData("DISTANCE(POINT(10, 20), POINT(s_ra, s_dec)) < 0.5")]
    [InlineData("0.5 > DISTANCE(s_ra, s_dec, 10, 20)")]
    [InlineData("0.5 >= DISTANCE(10, 20, s_ra, s_dec)")]
    public void Equivalent_cone_forms_give_the_same_indexable_predicate(string condition)
    {
        Assert.Equal(Cone, Where("SELECT obs_id FROM ivoa.obscore WHERE " + condition));
    }

    [Theory]
    [InlineData("CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) = 0")]
    [InlineData("0 = CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5))")]
    [InlineData("CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) <> 1")]
    public void Negated_containment_is_not_of_the_operator(string condition)
    {
        Assert.Equal("(NOT " + Cone + ")", Where("SELECT obs_id FROM ivoa.obscore WHERE " + condition));
    }

    [Fact]
    public void Intersects_with_region_uses_overlap_operator()
    {
        Assert.Equal("(\"obscore\".\"s_region\" && scircle(spoint(radians(10), radians(20)), radians(1)))",
            Where("SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(10, 20, 1)) = 1"));
    }

    [Theory]
    [InlineData("INTERSECTS(s_region, POINT(10, 20)) = 1")]
    [InlineData("1 = INTERSECTS(POINT(10, 20), s_region)")]
    [InlineData("CONTAINS(POINT(10, 20), s_region) = 1")]
    public void Intersects_with_a_point_is_containment_of_the_point(string condition)
    {
        Assert.Equal("(spoint(radians(10), radians(20)) <@ \"obscore\".\"s_region\")",
            Where("SELECT obs_id FROM ivoa.obscore WHERE " + condition));
    }

    [Fact]
    public void Containment_as_a_value_is_cast_not_case()
    {
        Assert.StartsWith("SELECT CAST(CAST((spoint(", Sql("SELECT CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1)) FROM ivoa.obscore"));
        Assert.Equal("(CAST(" + Cone + " AS integer) > 0)",
            Where("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 0.5)) > 0"));
    }

    [Fact]
    public void Crossmatch_distance_keeps_column_point_on_the_left()
    {
        Assert.EndsWith(
            // A computed radius is guarded (pgsphere refuses one above 90 degrees); PostgreSQL folds the guard
            // of a constant one away, so the index still serves.
            "ON ((spoint(radians(\"s\".\"ra\"), radians(\"s\".\"dec\")) <@ scircle(spoint(radians(\"p\".\"ra\"), radians(\"p\".\"dec\")), radians(CASE WHEN (1.0 / 3600) BETWEEN 0 AND 90 THEN (1.0 / 3600) END)))"
            + " OR ((1.0 / 3600) > 90 AND degrees((spoint(radians(\"s\".\"ra\"), radians(\"s\".\"dec\")) <-> spoint(radians(\"p\".\"ra\"), radians(\"p\".\"dec\")))) < (1.0 / 3600)))",
            Sql("SELECT s.id FROM cat.stars AS s JOIN cat.spectra AS p ON DISTANCE(POINT(s.ra, s.dec), POINT(p.ra, p.dec)) < 1.0 / 3600"));
    }

    [Fact]
    public void Distance_greater_than_stays_a_value_comparison()
    {
        Assert.Equal("(degrees((spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\")) <-> spoint(radians(10), radians(20)))) > 1)",
            Where("SELECT obs_id FROM ivoa.obscore WHERE DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) > 1"));
    }

    [Theory]
    [InlineData("s_ra - s_dec - 1", "((\"obscore\".\"s_ra\" - \"obscore\".\"s_dec\") - 1)")]
    [InlineData("s_ra - (s_dec - 1)", "(\"obscore\".\"s_ra\" - (\"obscore\".\"s_dec\" - 1))")]
    [InlineData("s_ra / s_dec / 2", "((\"obscore\".\"s_ra\" / \"obscore\".\"s_dec\") / 2)")]
    [InlineData("s_ra + s_dec * 2", "(\"obscore\".\"s_ra\" + (\"obscore\".\"s_dec\" * 2))")]
    [InlineData("-s_ra * 2", "((-\"obscore\".\"s_ra\") * 2)")]
    [InlineData("s_ra - -1", "(\"obscore\".\"s_ra\" - (-1))")]
    public void Arithmetic_keeps_the_written_grouping(string expression, string sql)
    {
        Assert.Equal($"SELECT CAST({sql} AS double precision) AS \"x\" FROM \"ivoa\".\"obscore\" AS \"obscore\"",
            Sql($"SELECT {expression} AS x FROM ivoa.obscore"));
    }

    [Theory]
    [InlineData("SELECT TOP 10 obs_id FROM ivoa.obscore", null, " LIMIT 10")]
    [InlineData("SELECT TOP 10 obs_id FROM ivoa.obscore", 5L, " LIMIT 5")]
    [InlineData("SELECT TOP 10 obs_id FROM ivoa.obscore", 11L, " LIMIT 10")]
    [InlineData("SELECT obs_id FROM ivoa.obscore", 101L, " LIMIT 101")]
    [InlineData("SELECT TOP 10 obs_id FROM ivoa.obscore ORDER BY obs_id OFFSET 5", 3L, " ORDER BY 1 LIMIT 3 OFFSET 5")]
    [InlineData("SELECT obs_id FROM ivoa.obscore ORDER BY s_ra DESC OFFSET 5", null, " ORDER BY \"obscore\".\"s_ra\" DESC OFFSET 5")]
    public void Top_and_row_limit_become_one_limit_after_order_by(string adql, long? rowLimit, string tail)
    {
        Assert.EndsWith("FROM \"ivoa\".\"obscore\" AS \"obscore\"" + tail, Sql(adql, rowLimit));
    }

    [Fact]
    public void Top_of_a_set_operand_stays_with_the_operand()
    {
        Assert.Equal(
            "(SELECT \"stars\".\"id\" AS \"id\" FROM \"cat\".\"stars\" AS \"stars\" LIMIT 3) UNION (SELECT \"spectra\".\"star_id\" AS \"star_id\" FROM \"cat\".\"spectra\" AS \"spectra\" LIMIT 2) ORDER BY 1 LIMIT 4",
            Sql("SELECT TOP 3 id FROM cat.stars UNION SELECT TOP 2 star_id FROM cat.spectra ORDER BY id", 4));
    }

    [Fact]
    public void Intersect_binds_tighter_and_grouping_is_explicit()
    {
        var sql = Sql("SELECT id FROM cat.stars UNION SELECT star_id FROM cat.spectra INTERSECT SELECT id FROM cat.spectra");
        Assert.Equal(
            "SELECT \"stars\".\"id\" AS \"id\" FROM \"cat\".\"stars\" AS \"stars\" UNION (SELECT \"spectra\".\"star_id\" AS \"star_id\" FROM \"cat\".\"spectra\" AS \"spectra\" INTERSECT SELECT \"spectra\".\"id\" AS \"id\" FROM \"cat\".\"spectra\" AS \"spectra\")",
            sql);
    }

    [Fact]
    public void Like_switches_off_the_backslash_escape()
    {
        Assert.Equal("(\"obscore\".\"obs_id\" LIKE E'a\\\\_%' ESCAPE '')", Where("SELECT obs_id FROM ivoa.obscore WHERE obs_id LIKE 'a\\_%'"));
    }

    [Theory]
    [InlineData("'it''s'", "'it''s'")]
    [InlineData("'x'' OR 1=1 --'", "'x'' OR 1=1 --'")]
    [InlineData("'back\\slash'", "E'back\\\\slash'")]
    [InlineData("'a' 'b'", "'ab'")]
    [InlineData("'\"'", "'\"'")]
    public void String_literals_go_through_the_one_escaper(string literal, string sql)
    {
        Assert.Equal($"(\"obscore\".\"obs_id\" = {sql})", Where($"SELECT obs_id FROM ivoa.obscore WHERE obs_id = {literal}"));
    }

    [Fact]
    public void Delimited_alias_with_quote_is_requoted()
    {
        Assert.Equal("SELECT \"obscore\".\"s_ra\" AS \"a\"\"b\" FROM \"ivoa\".\"obscore\" AS \"obscore\"",
            Sql("SELECT s_ra AS \"a\"\"b\" FROM ivoa.obscore"));
    }

    [Fact]
    public void Bitwise_xor_and_hex_literals_use_postgresql_spelling()
    {
        Assert.Equal("SELECT CAST(((\"stars\".\"flags\" # 255) & (~1)) AS integer) AS \"expr\" FROM \"cat\".\"stars\" AS \"stars\"",
            Sql("SELECT (flags ^ 0xFF) & ~1 FROM cat.stars"));
    }

    [Fact]
    public void Math_functions_map_to_postgresql_names()
    {
        var sql = Sql("SELECT LOG(s_ra), LOG10(s_ra), TRUNCATE(s_ra, 2), ROUND(calib_level), MOD(s_ra, 2), MOD(calib_level, 2), RAND() FROM ivoa.obscore");
        Assert.Contains("ln(\"obscore\".\"s_ra\")", sql, StringComparison.Ordinal);
        Assert.Contains("log(\"obscore\".\"s_ra\")", sql, StringComparison.Ordinal);
        Assert.Contains("CAST(trunc(CAST(\"obscore\".\"s_ra\" AS numeric), CAST(2 AS integer)) AS double precision)", sql, StringComparison.Ordinal);
        Assert.Contains("round(CAST(\"obscore\".\"calib_level\" AS double precision))", sql, StringComparison.Ordinal);
        Assert.Contains("CAST(mod(CAST(\"obscore\".\"s_ra\" AS numeric), CAST(2 AS numeric)) AS double precision)", sql, StringComparison.Ordinal);
        Assert.Contains("mod(\"obscore\".\"calib_level\", 2)", sql, StringComparison.Ordinal);
        Assert.Contains("random()", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Geometry_results_are_serialised_and_regions_become_stcs()
    {
        Assert.Equal(
            "SELECT adql_dali_point(spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\"))) AS \"p\", adql_stcs(\"obscore\".\"s_region\") AS \"s_region\", adql_dali_polygon(adql_polygon(ARRAY[CAST(1 AS double precision), CAST(2 AS double precision), CAST(3 AS double precision), CAST(4 AS double precision), CAST(5 AS double precision), CAST(6 AS double precision)])) AS \"polygon\" FROM \"ivoa\".\"obscore\" AS \"obscore\"",
            Sql("SELECT POINT(s_ra, s_dec) AS p, s_region, POLYGON(1, 2, 3, 4, 5, 6) FROM ivoa.obscore"));
    }

    [Fact]
    public void Geometry_in_subqueries_stays_pgsphere_and_is_serialised_only_outside()
    {
        Assert.Equal(
            "SELECT adql_dali_point(\"t\".\"p\") AS \"p\" FROM (SELECT spoint(radians(\"stars\".\"ra\"), radians(\"stars\".\"dec\")) AS \"p\" FROM \"cat\".\"stars\" AS \"stars\") AS \"t\"",
            Sql("SELECT t.p FROM (SELECT POINT(ra, dec) AS p FROM cat.stars) AS t"));
    }

    [Fact]
    public void Join_without_condition_pairs_every_row_keeping_an_outer_kind()
    {
        Assert.EndsWith("FROM \"cat\".\"stars\" AS \"s\" CROSS JOIN \"cat\".\"spectra\" AS \"p\"",
            Sql("SELECT s.id FROM cat.stars AS s JOIN cat.spectra AS p"));
        Assert.EndsWith("FROM \"cat\".\"stars\" AS \"s\" CROSS JOIN \"cat\".\"spectra\" AS \"p\"",
            Sql("SELECT s.id FROM cat.stars AS s INNER JOIN cat.spectra AS p"));
        Assert.EndsWith("FROM \"cat\".\"stars\" AS \"s\" LEFT OUTER JOIN \"cat\".\"spectra\" AS \"p\" ON TRUE",
            Sql("SELECT s.id FROM cat.stars AS s LEFT JOIN cat.spectra AS p"));
    }

    [Fact]
    public void Natural_join_is_written_with_the_common_columns()
    {
        Assert.EndsWith("FROM \"cat\".\"stars\" AS \"stars\" INNER JOIN \"cat\".\"spectra\" AS \"spectra\" USING (\"id\", \"ra\", \"dec\")",
            Sql("SELECT * FROM cat.stars NATURAL JOIN cat.spectra"));
    }

    [Fact]
    public void Star_is_expanded_with_using_columns_once_and_first()
    {
        Assert.StartsWith("SELECT \"id\" AS \"id\", \"stars\".\"ra\" AS \"ra\"", Sql("SELECT * FROM cat.stars JOIN cat.spectra USING (id)"));
    }

    [Fact]
    public void Tablesample_samples_rows_not_pages_so_small_tables_return_rows()
    {
        Assert.EndsWith("FROM \"cat\".\"stars\" AS \"s\" TABLESAMPLE BERNOULLI (12.5)", Sql("SELECT s.id FROM cat.stars AS s TABLESAMPLE(12.5)"));
    }

    [Fact]
    public void With_clause_is_kept_and_names_are_folded()
    {
        Assert.Equal(
            "WITH \"bright\" (\"i\") AS (SELECT \"stars\".\"id\" AS \"id\" FROM \"cat\".\"stars\" AS \"stars\" WHERE (\"stars\".\"mag\" < 6)) SELECT \"bright\".\"i\" AS \"i\" FROM \"bright\" AS \"bright\"",
            Sql("WITH Bright (I) AS (SELECT id FROM cat.stars WHERE mag < 6) SELECT i FROM BRIGHT"));
    }

    [Fact]
    public void Order_by_alias_and_group_by_alias_use_positions()
    {
        Assert.Equal(
            "SELECT CAST(CAST(round(CAST(\"obscore\".\"s_ra\" AS numeric), CAST(0 AS integer)) AS double precision) AS double precision) AS \"bin\", CAST(count(*) AS bigint) AS \"n\" FROM \"ivoa\".\"obscore\" AS \"obscore\" GROUP BY 1 ORDER BY 2 DESC",
            Sql("SELECT ROUND(s_ra, 0) AS bin, COUNT(*) AS n FROM ivoa.obscore GROUP BY bin ORDER BY n DESC"));
    }

    [Fact]
    public void Upload_tables_map_to_their_temporary_tables()
    {
        var upload = new Metadata.TableInfo("TAP_UPLOAD.mine",
            [new Metadata.ColumnInfo("\"RA\"", "double") { SqlName = "c1" }, new Metadata.ColumnInfo("id", "long")])
        { SqlSchema = "pg_temp", SqlTable = "upload_1" };
        var catalog = TestCatalog.Instance.WithTables([upload]);

        var result = AdqlTranslator.Translate("SELECT m.\"RA\", m.id FROM TAP_UPLOAD.mine AS m", catalog);

        Assert.Equal("SELECT \"m\".\"c1\" AS \"RA\", \"m\".\"id\" AS \"id\" FROM \"pg_temp\".\"upload_1\" AS \"m\"", result.Sql);
        Assert.Equal("RA", result.Columns[0].Name);
        Assert.False(AdqlTranslator.Translate("SELECT * FROM TAP_UPLOAD.mine", TestCatalog.Instance).Succeeded);
    }

    [Fact]
    public void Udfs_map_to_the_migrated_functions()
    {
        var sql = Sql("SELECT ivo_healpix_index(6, s_ra, s_dec) FROM ivoa.obscore WHERE ivo_hasword(target_name, 'm31') = 1 AND ivo_nocasematch(obs_id, 'A%') = 1");
        Assert.Contains("healpix_nest(CAST(6 AS integer), spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\")))", sql, StringComparison.Ordinal);
        Assert.Contains("(ivo_hasword(\"obscore\".\"target_name\", 'm31') = 1)", sql, StringComparison.Ordinal);
        Assert.Contains("(ivo_nocasematch(\"obscore\".\"obs_id\", 'A%') = 1)", sql, StringComparison.Ordinal);
    }

    /// <summary>
    /// TAP_SCHEMA publishes ObsCore's spelling ivoa.ObsCore (issue 11 item 13). It is a regular identifier, so
    /// any case a query writes resolves to it, and the SQL names the lower-case PostgreSQL table.
    /// </summary>
    [Theory]
    [InlineData("SELECT obs_id FROM ivoa.obscore")]
    [InlineData("SELECT obs_id FROM ivoa.ObsCore")]
    [InlineData("SELECT obs_id FROM ivoa.OBSCORE")]
    [InlineData("SELECT obs_id FROM IVOA.ObsCore")]
    [InlineData("SELECT ObsCore.obs_id FROM ivoa.ObsCore")]
    [InlineData("SELECT ivoa.OBSCORE.obs_id FROM ivoa.obscore")]
    public void Mixed_case_published_table_is_found_in_any_case_and_translated_to_the_lower_case_table(string adql)
    {
        var catalog = new SchemaCatalog([new TableInfo("ivoa.ObsCore", [new ColumnInfo("obs_id", "char") { Arraysize = "*" }])]);
        var result = AdqlTranslator.Translate(adql, catalog);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("SELECT \"obscore\".\"obs_id\" AS \"obs_id\" FROM \"ivoa\".\"obscore\" AS \"obscore\"", result.Sql);
    }
}
