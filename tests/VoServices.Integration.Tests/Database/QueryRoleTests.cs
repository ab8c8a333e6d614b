using Dapper;
using Npgsql;
using VoServices.Database;

namespace VoServices.Integration.Tests.Database;

/// <summary>
/// User queries log in as vo_query (sql/060_query_login_role.sql), not as the owner: SQL that escapes the
/// SET LOCAL ROLE vo_reader fence (RESET ROLE) lands in an unprivileged session, not in a superuser's.
/// </summary>
[Collection(PgCollection.Name)]
public sealed class QueryRoleTests(PgFixture pg)
{
    private NpgsqlConnection QueryConnection() =>
        new(new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Username = "vo_query", Password = null, Pooling = false }.ConnectionString);

    [Fact]
    public async Task The_query_login_role_is_no_superuser_and_cannot_create_databases_or_roles()
    {
        await using var db = QueryConnection();
        var role = await db.QuerySingleAsync<(string User, bool Super, bool CreateDb, bool CreateRole)>(
            "SELECT session_user::text, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = session_user");

        Assert.Equal(("vo_query", false, false, false), role);
    }

    [Fact]
    public async Task Reset_role_in_a_user_transaction_does_not_give_file_access_or_write_rights()
    {
        await using var db = QueryConnection();
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await ReaderQuery.BeginReaderAsync(db, 10, CancellationToken.None);
        Assert.Equal("vo_reader", await db.ExecuteScalarAsync<string>("SELECT current_user"));

        // What injected SQL would try: undo the fence, then read a server file.
        await db.ExecuteAsync("RESET ROLE");
        Assert.Equal("vo_query", await db.ExecuteScalarAsync<string>("SELECT current_user"));
        var read = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteScalarAsync<string>("SELECT pg_read_file('/etc/passwd')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, read.SqlState);
    }

    [Theory]
    [InlineData("SET ROLE vo")]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    [InlineData("SELECT count(*) FROM vo.products")]
    [InlineData("INSERT INTO tap_schema.schemas (schema_name) VALUES ('x')")]
    [InlineData("CREATE TABLE public.x (a int)")]
    public async Task The_query_login_role_itself_is_refused(string sql)
    {
        await using var db = QueryConnection();
        var e = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task The_query_login_role_can_read_the_published_tables_and_make_temporary_upload_tables()
    {
        await using var db = QueryConnection();
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await db.ExecuteAsync("CREATE TEMP TABLE tap_upload_t (a int) ON COMMIT DROP; INSERT INTO tap_upload_t VALUES (1); GRANT SELECT ON tap_upload_t TO vo_reader");
        await ReaderQuery.BeginReaderAsync(db, 10, CancellationToken.None);

        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM tap_upload_t"));
        Assert.True(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tap_schema.tables") > 0);
    }
}
