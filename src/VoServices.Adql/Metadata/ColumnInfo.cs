namespace VoServices.Adql.Metadata;

/// <summary>
/// A published column, as in TAP_SCHEMA.columns. <see cref="Name"/> is the ADQL name: a regular
/// identifier (matched case-insensitively) or a delimited one written with its double quotes, e.g.
/// <c>"size"</c> (matched exactly). The database column is <see cref="SqlName"/>, by default the name
/// folded to lower case (regular) or the text between the quotes (delimited).
/// Geometry xtypes (point, circle, polygon, adql:region) mean the database column holds a pgsphere value
/// (spoint, scircle, spoly, or any of them for adql:region).
/// </summary>
public sealed record ColumnInfo(string Name, string Datatype)
{
    public string? Arraysize { get; init; }
    public string? Xtype { get; init; }
    public string? Unit { get; init; }
    public string? Ucd { get; init; }
    public string? Utype { get; init; }
    public string? Description { get; init; }
    public bool Principal { get; init; }
    public bool Indexed { get; init; }
    public bool Std { get; init; }

    /// <summary>The database column name, used verbatim (quoted) in SQL.</summary>
    public string SqlName
    {
        get => field ?? NameParts.Normalize(Name);
        init;
    }

    /// <summary>The name as compared with query identifiers (folded if regular, unquoted if delimited).</summary>
    public string Normal => NameParts.Normalize(Name);

    /// <summary>The name without delimiting quotes, as shown to users.</summary>
    public string DisplayName => NameParts.Unquote(Name);

    public AdqlType Type => AdqlTypes.FromVotable(Datatype, Arraysize, Xtype);
}
