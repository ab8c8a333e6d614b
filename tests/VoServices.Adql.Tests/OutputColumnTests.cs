namespace VoServices.Adql.Tests;

public sealed class OutputColumnTests
{
    private static IReadOnlyList<OutputColumn> Columns(string adql)
    {
        var result = AdqlTranslator.Translate(adql, TestCatalog.Instance);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Columns;
    }

    [Fact]
    public void Column_reference_copies_published_metadata()
    {
        var c = Assert.Single(Columns("SELECT s_ra FROM ivoa.obscore"));
        Assert.Equal(new OutputColumn("s_ra", "double") { Unit = "deg", Ucd = "pos.eq.ra", Description = "s_ra column" }, c);
    }

    [Fact]
    public void Alias_renames_but_keeps_metadata()
    {
        var c = Assert.Single(Columns("SELECT s_ra AS RA FROM ivoa.obscore"));
        Assert.Equal(("RA", "deg", "pos.eq.ra"), (c.Name, c.Unit, c.Ucd));
    }

    [Fact]
    public void Region_column_is_published_as_stcs_text()
    {
        var c = Assert.Single(Columns("SELECT s_region FROM ivoa.obscore"));
        Assert.Equal(("char", "*", "adql:region"), (c.Datatype, c.Arraysize, c.Xtype));
    }

    [Theory]
    [InlineData("POINT(s_ra, s_dec)", "double", "2", "point")]
    [InlineData("CIRCLE(s_ra, s_dec, 1)", "double", "3", "circle")]
    [InlineData("POLYGON(1, 2, 3, 4, 5, 6)", "double", "*", "polygon")]
    [InlineData("BOX(1, 2, 3, 4)", "double", "*", "polygon")]
    [InlineData("CENTROID(s_region)", "double", "2", "point")]
    [InlineData("COUNT(*)", "long", null, null)]
    [InlineData("AVG(calib_level)", "double", null, null)]
    [InlineData("SUM(calib_level)", "long", null, null)]
    [InlineData("MAX(calib_level)", "short", null, null)]
    [InlineData("calib_level + 1", "int", null, null)]
    [InlineData("s_xel1 * 2", "long", null, null)]
    [InlineData("s_ra * 2", "double", null, null)]
    [InlineData("obs_id || 'x'", "char", "*", null)]
    [InlineData("CONTAINS(POINT(s_ra, s_dec), s_region)", "int", null, null)]
    [InlineData("CAST(s_ra AS REAL)", "float", null, null)]
    [InlineData("CAST('2020-01-01' AS TIMESTAMP)", "char", "*", "timestamp")]
    [InlineData("ivo_healpix_index(5, s_ra, s_dec)", "long", null, null)]
    public void Computed_value_gets_the_votable_type_of_its_adql_type(string expression, string datatype, string? arraysize, string? xtype)
    {
        var c = Assert.Single(Columns($"SELECT {expression} FROM ivoa.obscore"));
        Assert.Equal((datatype, arraysize, xtype), (c.Datatype, c.Arraysize, c.Xtype));
    }

    [Fact]
    public void Distance_is_in_degrees()
    {
        var c = Assert.Single(Columns("SELECT DISTANCE(POINT(s_ra, s_dec), POINT(1, 2)) AS d FROM ivoa.obscore"));
        Assert.Equal(("d", "double", "deg", "pos.angDistance"), (c.Name, c.Datatype, c.Unit, c.Ucd));
    }

    [Fact]
    public void Star_lists_every_column_in_table_order()
    {
        var names = Columns("SELECT * FROM cat.stars").Select(c => c.Name);
        Assert.Equal(["id", "ra", "dec", "mag", "name", "pos", "flags", "obs_time"], names);
    }

    [Fact]
    public void Select_list_order_is_kept()
    {
        Assert.Equal(["dec", "id", "ra"], Columns("SELECT dec, id, ra FROM cat.stars").Select(c => c.Name));
    }

    [Fact]
    public void Derived_table_columns_keep_their_source_metadata()
    {
        var c = Assert.Single(Columns("SELECT t.r FROM (SELECT s_ra AS r FROM ivoa.obscore) AS t"));
        Assert.Equal(("r", "deg", "pos.eq.ra"), (c.Name, c.Unit, c.Ucd));
    }

    [Fact]
    public void Set_operation_takes_metadata_from_the_left_operand()
    {
        var c = Assert.Single(Columns("SELECT ra FROM cat.stars UNION SELECT snr FROM cat.spectra"));
        Assert.Equal(("ra", "deg"), (c.Name, c.Unit));
    }

    [Fact]
    public void Delimited_published_name_is_shown_without_quotes()
    {
        Assert.Equal("size", Assert.Single(Columns("SELECT \"size\" FROM tap_schema.columns")).Name);
    }
}
