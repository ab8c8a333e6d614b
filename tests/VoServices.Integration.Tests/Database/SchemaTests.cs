using Dapper;
using Npgsql;
using VoServices.Database;

namespace VoServices.Integration.Tests.Database;

[Collection(PgCollection.Name)]
public sealed class SchemaTests(PgFixture pg)
{
    private static readonly string[] MandatoryObsCoreColumns =
    [
        "dataproduct_type", "calib_level", "obs_collection", "obs_id", "obs_publisher_did", "access_url",
        "access_format", "access_estsize", "target_name", "s_ra", "s_dec", "s_fov", "s_region", "s_resolution",
        "s_xel1", "s_xel2", "t_min", "t_max", "t_exptime", "t_resolution", "t_xel", "em_min", "em_max",
        "em_res_power", "em_xel", "o_ucd", "pol_states", "pol_xel", "facility_name", "instrument_name",
    ];

    [Fact]
    public async Task Migrations_are_applied_once_and_a_second_run_applies_nothing()
    {
        var applied = await new Migrator(pg.ConnectionString, RepoPaths.Sql).ApplyAsync(CancellationToken.None);

        Assert.Empty(applied);
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        var recorded = (await db.QueryAsync<string>("SELECT name FROM vo.schema_migrations ORDER BY name")).ToList();
        Assert.Equal(Directory.GetFiles(RepoPaths.Sql, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal), recorded);
    }

    [Fact]
    public async Task Obscore_has_every_mandatory_column_and_tap_schema_describes_exactly_the_real_columns()
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        var real = (await db.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'ivoa' AND table_name = 'obscore'")).ToHashSet();
        var published = (await db.QueryAsync<string>(
            "SELECT column_name FROM tap_schema.columns WHERE table_name = 'ivoa.ObsCore'")).ToHashSet();

        Assert.Subset(real, MandatoryObsCoreColumns.ToHashSet());
        Assert.Equal(real.Order(), published.Order());
    }

    [Fact]
    public async Task Tap_schema_describes_its_own_tables_column_for_column()
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        var real = (await db.QueryAsync<string>(
            "SELECT 'tap_schema.' || table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'tap_schema'")).ToHashSet();
        // Reserved words are published delimited (TAP 1.1: '"size"'); the database column is plain.
        var published = (await db.QueryAsync<string>(
            "SELECT table_name || '.' || trim(both '\"' from column_name) FROM tap_schema.columns WHERE table_name LIKE 'tap_schema.%'")).ToHashSet();

        Assert.Equal(real.Order(), published.Order());
    }

    [Theory]
    // (column, unit, ucd, utype) from the ObsCore 1.1 REC tables with errata 1 (shared/specs/obscore.md §2).
    [InlineData("obs_publisher_did", null, "meta.ref.ivoid", "obscore:Curation.publisherDID")]
    [InlineData("s_region", null, "pos.outline;obs.field", "obscore:Char.SpatialAxis.Coverage.Support.Area")]
    [InlineData("em_min", "m", "em.wl;stat.min", "obscore:Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit")]
    [InlineData("t_min", "d", "time.start;obs.exposure", "obscore:Char.TimeAxis.Coverage.Bounds.Limits.StartTime")]
    [InlineData("access_estsize", "kbyte", "phys.size;meta.file", "obscore:Access.size")]
    [InlineData("pol_states", null, "meta.code;phys.polarization", "obscore:Char.PolarizationAxis.stateList")]
    [InlineData("dataproduct_type", null, "meta.code.class", "obscore:ObsDataset.dataProductType")]
    [InlineData("s_resolution", "arcsec", "pos.angResolution", "obscore:Char.SpatialAxis.Resolution.Refval.value")]
    public async Task Tap_schema_carries_the_obscore_unit_ucd_and_utype(string column, string? unit, string ucd, string utype)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        var row = await db.QuerySingleAsync<(string? Unit, string Ucd, string Utype)>(
            "SELECT unit, ucd, utype FROM tap_schema.columns WHERE table_name = 'ivoa.ObsCore' AND column_name = @column", new { column });

        Assert.Equal(unit, row.Unit);
        Assert.Equal(ucd, row.Ucd);
        Assert.Equal(utype, row.Utype);
    }

    [Fact]
    public async Task Spatial_predicates_on_obscore_use_the_gist_indexes()
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await db.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);

        var regionPlan = string.Join('\n', await db.QueryAsync<string>(
            "EXPLAIN SELECT obs_id FROM ivoa.obscore WHERE s_region && scircle(spoint(radians(10), radians(20)), radians(0.5))", transaction: tx));
        var pointPlan = string.Join('\n', await db.QueryAsync<string>(
            "EXPLAIN SELECT obs_id FROM ivoa.obscore WHERE spoint(radians(s_ra), radians(s_dec)) <@ scircle(spoint(radians(10), radians(20)), radians(0.5))", transaction: tx));

        Assert.Contains("obscore_s_region", regionPlan);
        Assert.Contains("obscore_s_point", pointPlan);
    }

    [Fact]
    public async Task The_reader_role_can_read_published_schemas_but_not_product_paths()
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await db.ExecuteAsync("SET LOCAL ROLE vo_reader", transaction: tx);

        Assert.True(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tap_schema.columns", transaction: tx) > 0);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteScalarAsync<long>("SELECT count(*) FROM vo.products", transaction: tx));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }
}
