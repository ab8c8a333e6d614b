using Dapper;
using Npgsql;
using VoServices.Adql.Metadata;


namespace VoServices.Database;

/// <summary>A TAP_SCHEMA.schemas row with its tables.</summary>
public sealed record TapSchemaEntry(string Name, string? Description, string? Utype, IReadOnlyList<TapTableEntry> Tables);

/// <summary>A TAP_SCHEMA.tables row with its columns and the foreign keys starting from it.</summary>
public sealed record TapTableEntry(string SchemaName, string Name, string TableType, string? Description, string? Utype,
    IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<TapForeignKey> ForeignKeys);

/// <summary>A TAP_SCHEMA.keys row with its column pairs.</summary>
public sealed record TapForeignKey(string KeyId, string TargetTable, string? Description, string? Utype,
    IReadOnlyList<(string From, string Target)> Columns);

/// <summary>
/// Everything TAP_SCHEMA says, read in one go: VOSI-tables and the ADQL catalog are built from the
/// same snapshot, so /tables, TAP_SCHEMA queries and result FIELDs agree.
/// </summary>
public sealed class TapMetadata
{
    private const string SchemasSql = "SELECT schema_name, description, utype FROM tap_schema.schemas ORDER BY schema_index NULLS LAST, schema_name";
    private const string TablesSql = "SELECT schema_name, table_name, table_type, description, utype FROM tap_schema.tables ORDER BY table_index NULLS LAST, table_name";
    private const string ColumnsSql = """
        SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd, utype, description, principal, indexed, std
        FROM tap_schema.columns ORDER BY table_name, column_index NULLS LAST, column_name
        """;
    private const string KeysSql = """
        SELECT k.key_id, k.from_table, k.target_table, k.description, k.utype, c.from_column, c.target_column
        FROM tap_schema.keys k JOIN tap_schema.key_columns c ON c.key_id = k.key_id ORDER BY k.key_id
        """;

    private TapMetadata(IReadOnlyList<TapSchemaEntry> schemas)
    {
        Schemas = schemas;
        var tables = schemas.SelectMany(s => s.Tables).ToList();
        Tables = tables;
        Catalog = new SchemaCatalog(tables.Select(t => new TableInfo(t.Name, t.Columns) { Description = t.Description, Utype = t.Utype }));
    }

    public IReadOnlyList<TapSchemaEntry> Schemas { get; }

    public IReadOnlyList<TapTableEntry> Tables { get; }

    /// <summary>The tables ADQL may reach (exactly those of TAP_SCHEMA).</summary>
    public SchemaCatalog Catalog { get; }

    public TapTableEntry? FindTable(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static async Task<TapMetadata> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var schemas = (await connection.QueryAsync<(string Name, string? Description, string? Utype)>(
            new CommandDefinition(SchemasSql, cancellationToken: cancellationToken))).ToList();
        var tables = (await connection.QueryAsync<(string Schema, string Name, string Type, string? Description, string? Utype)>(
            new CommandDefinition(TablesSql, cancellationToken: cancellationToken))).ToList();
        var columns = (await connection.QueryAsync<ColumnRow>(new CommandDefinition(ColumnsSql, cancellationToken: cancellationToken)))
            .ToLookup(c => c.table_name, StringComparer.OrdinalIgnoreCase);
        var keys = (await connection.QueryAsync<KeyRow>(new CommandDefinition(KeysSql, cancellationToken: cancellationToken)))
            .GroupBy(k => k.key_id, StringComparer.Ordinal)
            .Select(g => (From: g.First().from_table, Key: new TapForeignKey(g.Key, g.First().target_table, g.First().description, g.First().utype,
                g.Select(k => (k.from_column, k.target_column)).ToList())))
            .ToLookup(k => k.From, k => k.Key, StringComparer.OrdinalIgnoreCase);

        var result = schemas.Select(s => new TapSchemaEntry(s.Name, s.Description, s.Utype,
            tables.Where(t => string.Equals(t.Schema, s.Name, StringComparison.OrdinalIgnoreCase))
                .Select(t => new TapTableEntry(t.Schema, t.Name, t.Type, t.Description, t.Utype,
                    columns[t.Name].Select(c => c.ToColumnInfo()).ToList(), keys[t.Name].ToList()))
                .ToList())).ToList();
        return new TapMetadata(result);
    }

#pragma warning disable CA1812, IDE1006 // Dapper materialises these; names match the SQL columns
    private sealed record ColumnRow(string table_name, string column_name, string datatype, string? arraysize, string? xtype, string? unit,
        string? ucd, string? utype, string? description, int principal, int indexed, int std)
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

    private sealed record KeyRow(string key_id, string from_table, string target_table, string? description, string? utype,
        string from_column, string target_column);
#pragma warning restore CA1812, IDE1006
}

/// <summary>
/// The current <see cref="TapMetadata"/>, re-read at most every <paramref name="maxAge"/> so that a new
/// ingest (new TAP_SCHEMA rows) is seen without a restart. Safe for concurrent use.
/// </summary>
public sealed class TapMetadataCache(NpgsqlDataSource dataSource, TimeSpan maxAge)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (TapMetadata Metadata, DateTime ReadAt)? _current;

    public async Task<TapMetadata> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } c && DateTime.UtcNow - c.ReadAt < maxAge)
        {
            return c.Metadata;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && DateTime.UtcNow - again.ReadAt < maxAge)
            {
                return again.Metadata;
            }

            var metadata = await TapMetadata.ReadAsync(dataSource, cancellationToken);
            _current = (metadata, DateTime.UtcNow);
            return metadata;
        }
        finally
        {
            _lock.Release();
        }
    }
}
