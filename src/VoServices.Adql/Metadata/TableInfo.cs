namespace VoServices.Adql.Metadata;

/// <summary>
/// A published table, as in TAP_SCHEMA.tables: <see cref="Name"/> is the ADQL table name, qualified by
/// its schema as TAP_SCHEMA writes it (<c>ivoa.ObsCore</c>, <c>TAP_SCHEMA.tables</c>,
/// <c>TAP_UPLOAD.mine</c>); delimited parts keep their quotes. In SQL the table is
/// <see cref="SqlSchema"/>.<see cref="SqlTable"/> (by default the folded name parts), so an uploaded
/// table can map to a temporary table: <c>SqlSchema = null, SqlTable = "upload_42"</c>.
/// </summary>
public sealed record TableInfo(string Name, IReadOnlyList<ColumnInfo> Columns)
{
    public string? Description { get; init; }
    public string? Utype { get; init; }

    /// <summary>The schema part of the ADQL name (normalised), or null for an unqualified name.</summary>
    public string? SchemaNormal => Parts.Count > 1 ? Parts[^2] : null;

    /// <summary>The table part of the ADQL name (normalised).</summary>
    public string TableNormal => Parts[^1];

    public string? SqlSchema
    {
        get => field ?? SchemaNormal;
        init;
    }

    public string SqlTable
    {
        get => field ?? TableNormal;
        init;
    }

    internal IReadOnlyList<string> Parts => field ??= NameParts.Split(Name);
}
