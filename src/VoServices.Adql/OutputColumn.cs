namespace VoServices.Adql;

/// <summary>
/// A result column as the VOTable writer needs it: the FIELD attributes, from the source column
/// (for a plain column reference) or from the type of the computed expression.
/// Datatype/arraysize/xtype are VOTable values (e.g. <c>double</c>, <c>2</c>, <c>point</c>).
/// </summary>
public sealed record OutputColumn(string Name, string Datatype)
{
    public string? Arraysize { get; init; }
    public string? Unit { get; init; }
    public string? Ucd { get; init; }
    public string? Utype { get; init; }
    public string? Xtype { get; init; }
    public string? Description { get; init; }
}
