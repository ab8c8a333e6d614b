using VoServices.Adql;
using VoServices.Dali.Votable;

namespace VoServices.Database;

/// <summary>The VOTable FIELDs of a translated query's output columns, as TAP and SIA both declare them.</summary>
public static class OutputFields
{
    public static IReadOnlyList<VotableField> From(IReadOnlyList<OutputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Select(c =>
        {
            var field = new VotableField(c.Name, c.Datatype)
            {
                Arraysize = c.Arraysize,
                Unit = c.Unit,
                Ucd = c.Ucd,
                Utype = c.Utype,
                Xtype = c.Xtype,
                Description = c.Description,
            };
            return IsIcrsPosition(field) ? field with { Ref = VotableCoosys.Icrs.Id } : field;
        }).ToList();
    }

    private static bool IsIcrsPosition(VotableField field) =>
        field.Ucd is { } ucd && (ucd.StartsWith("pos.eq", StringComparison.OrdinalIgnoreCase) || ucd.Contains(";pos.eq", StringComparison.OrdinalIgnoreCase))
        || field.Xtype is "point" or "circle" or "polygon";
}
