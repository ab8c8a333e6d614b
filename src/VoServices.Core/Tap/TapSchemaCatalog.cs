using Dapper;
using Npgsql;
using VoServices.Adql.Metadata;

namespace VoServices.Core.Tap;

/// <summary>
/// The ADQL catalog straight from the database's TAP_SCHEMA (tables and columns only): what
/// `vo adql` checks against. The TAP service gets the same catalog from <see cref="TapMetadata.Catalog"/>.
/// </summary>
public static class TapSchemaCatalog
{
    private const string TablesSql = "SELECT table_name, description, utype FROM tap_schema.tables ORDER BY table_name";

    private const string ColumnsSql = """
        SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd, utype, description,
               principal, indexed, std
        FROM tap_schema.columns ORDER BY table_name, column_index NULLS LAST, column_name
        """;

    public static async Task<SchemaCatalog> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, cancellationToken);
    }

    public static async Task<SchemaCatalog> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var tables = await connection.QueryAsync<TableRow>(new CommandDefinition(TablesSql, cancellationToken: cancellationToken));
        var columns = (await connection.QueryAsync<ColumnRow>(new CommandDefinition(ColumnsSql, cancellationToken: cancellationToken)))
            .ToLookup(c => c.table_name, StringComparer.OrdinalIgnoreCase);
        return new SchemaCatalog(tables.Select(t =>
            new TableInfo(t.table_name, columns[t.table_name].Select(c => c.ToColumnInfo()).ToList())
            {
                Description = t.description,
                Utype = t.utype,
            }));
    }

#pragma warning disable CA1812, IDE1006 // Dapper materialises these; names match the SQL columns
    private sealed record TableRow(string table_name, string? description, string? utype);

    private sealed record ColumnRow(string table_name, string column_name, string datatype, string? arraysize, string? xtype,
        string? unit, string? ucd, string? utype, string? description, int principal, int indexed, int std)
    {
        public ColumnInfo ToColumnInfo() => new(column_name, datatype)
        {
            Arraysize = arraysize,
            Xtype = xtype,
            Unit = unit,
            Ucd = ucd,
            Utype = utype,
            Description = description,
            Principal = principal != 0,
            Indexed = indexed != 0,
            Std = std != 0,
        };
    }
#pragma warning restore CA1812, IDE1006
}
