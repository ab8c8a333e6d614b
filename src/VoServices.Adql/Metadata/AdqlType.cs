namespace VoServices.Adql.Metadata;

/// <summary>The ADQL type of a column or expression, as far as checking and translation need it.</summary>
public enum AdqlType
{
    /// <summary>Type not known (e.g. an untyped NULL or a column with an unusual datatype): accepted anywhere.</summary>
    Unknown,
    Smallint,
    Integer,
    Bigint,
    Real,
    Double,
    Boolean,
    Char,
    Varchar,
    Clob,
    Timestamp,
    Point,
    Circle,
    Polygon,

    /// <summary>A region of unspecified shape (ObsCore s_region): a pgsphere value in the database.</summary>
    Region,
    Binary,
    Interval,

    /// <summary>Any other array-valued column: may be selected, not computed with.</summary>
    Array,
}

/// <summary>Type families and the VOTable mapping of ADQL types (ADQL 2.1 section 2.5 and DALI).</summary>
public static class AdqlTypes
{
    public static bool IsIntegral(this AdqlType t) => t is AdqlType.Smallint or AdqlType.Integer or AdqlType.Bigint;

    public static bool IsNumeric(this AdqlType t) => t.IsIntegral() || t is AdqlType.Real or AdqlType.Double;

    public static bool IsString(this AdqlType t) => t is AdqlType.Char or AdqlType.Varchar;

    public static bool IsGeometry(this AdqlType t) =>
        t is AdqlType.Point or AdqlType.Circle or AdqlType.Polygon or AdqlType.Region;

    /// <summary>
    /// The ADQL type of a column published with a VOTable datatype, arraysize and xtype
    /// (as in TAP_SCHEMA.columns). Geometry xtypes mean the database column holds a pgsphere value.
    /// </summary>
    public static AdqlType FromVotable(string datatype, string? arraysize, string? xtype)
    {
        switch (xtype?.Trim().ToLowerInvariant())
        {
            case "point" or "adql:point":
                return AdqlType.Point;
            case "circle" or "adql:circle":
                return AdqlType.Circle;
            case "polygon" or "adql:polygon":
                return AdqlType.Polygon;
            case "adql:region" or "region" or "moc" or "shape":
                return AdqlType.Region;
            case "timestamp" or "adql:timestamp":
                return AdqlType.Timestamp;
            case "interval":
                return AdqlType.Interval;
            case "adql:clob":
                return AdqlType.Clob;
            case "adql:blob":
                return AdqlType.Binary;
        }

        var scalar = string.IsNullOrWhiteSpace(arraysize) || arraysize.Trim() == "1";
        switch (datatype.Trim().ToLowerInvariant())
        {
            case "char" or "unicodechar":
                return scalar ? AdqlType.Char : AdqlType.Varchar;
            case "unsignedbyte" when !scalar:
                return AdqlType.Binary;
        }

        if (!scalar)
        {
            return AdqlType.Array;
        }

        return datatype.Trim().ToLowerInvariant() switch
        {
            "short" or "unsignedbyte" => AdqlType.Smallint,
            "int" => AdqlType.Integer,
            "long" => AdqlType.Bigint,
            "float" => AdqlType.Real,
            "double" => AdqlType.Double,
            "boolean" => AdqlType.Boolean,
            // PostgreSQL types, for metadata given by people rather than by TAP_SCHEMA.
            "smallint" => AdqlType.Smallint,
            "integer" => AdqlType.Integer,
            "bigint" => AdqlType.Bigint,
            "real" => AdqlType.Real,
            "double precision" => AdqlType.Double,
            "varchar" or "text" => AdqlType.Varchar,
            "timestamp" => AdqlType.Timestamp,
            _ => AdqlType.Unknown,
        };
    }

    /// <summary>The VOTable FIELD description (datatype, arraysize, xtype) of a computed value of this type.</summary>
    public static (string Datatype, string? Arraysize, string? Xtype) ToVotable(this AdqlType t) => t switch
    {
        AdqlType.Smallint => ("short", null, null),
        AdqlType.Integer => ("int", null, null),
        AdqlType.Bigint => ("long", null, null),
        AdqlType.Real => ("float", null, null),
        AdqlType.Double => ("double", null, null),
        AdqlType.Boolean => ("boolean", null, null),
        AdqlType.Char or AdqlType.Varchar or AdqlType.Unknown => ("char", "*", null),
        AdqlType.Clob => ("char", "*", "adql:clob"),
        AdqlType.Timestamp => ("char", "*", "timestamp"),
        AdqlType.Point => ("double", "2", "point"),
        AdqlType.Circle => ("double", "3", "circle"),
        AdqlType.Polygon => ("double", "*", "polygon"),
        AdqlType.Region => ("char", "*", "adql:region"),
        AdqlType.Binary => ("unsignedByte", "*", null),
        AdqlType.Interval => ("double", "2", "interval"),
        _ => ("char", "*", null),
    };

    /// <summary>The name users know, for error messages.</summary>
    public static string Display(this AdqlType t) => t switch
    {
        AdqlType.Double => "DOUBLE PRECISION",
        AdqlType.Varchar => "VARCHAR",
        AdqlType.Unknown => "a value of unknown type",
        _ => t.ToString().ToUpperInvariant(),
    };
}
