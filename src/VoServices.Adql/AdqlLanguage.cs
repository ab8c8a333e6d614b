using System.Collections.Frozen;
using System.Collections.Immutable;

namespace VoServices.Adql;

/// <summary>
/// One form of the language, as a TAPRegExt <c>&lt;feature&gt;</c>: its <see cref="Form"/> (a function
/// name, a UDF signature, or a keyword such as UNION), what it does, and a complete query on
/// <c>ivoa.obscore</c> (ObsCore 1.1 columns) that uses it, which the tests run through the translator.
/// <see cref="Function"/> is the upper-case name the form makes callable, or null for syntax
/// (ILIKE, UNION, WITH, CAST, OFFSET).
/// </summary>
public sealed record AdqlFeature(string Form, string? Function, string Description, string Example);

/// <summary>A TAPRegExt <c>&lt;languageFeatures type="..."&gt;</c> block.</summary>
public sealed record AdqlFeatureGroup(string Type, ImmutableArray<AdqlFeature> Features);

/// <summary>
/// The ADQL the translator supports, in one place: the checker accepts exactly the functions listed
/// here, the translator writes SQL for each of them, and /tap/capabilities declares the groups in
/// <see cref="Declared"/>. The tests run every <see cref="AdqlFeature.Example"/> and check that no
/// other function name gets past the checker.
/// </summary>
public static class AdqlLanguage
{
    private const string TapRegExt = "ivo://ivoa.net/std/TAPRegExt";

    public const string UdfType = TapRegExt + "#features-udf";
    public const string GeometryType = TapRegExt + "#features-adqlgeo";
    public const string StringType = TapRegExt + "#features-adql-string";
    public const string SetsType = TapRegExt + "#features-adql-sets";
    public const string CommonTableType = TapRegExt + "#features-adql-common-table";
    public const string TypeType = TapRegExt + "#features-adql-type";
    public const string ConditionalType = TapRegExt + "#features-adql-conditional";
    public const string UnitType = TapRegExt + "#features-adql-unit";
    public const string OffsetType = TapRegExt + "#features-adql-offset";

    private const string Obscore = " FROM ivoa.obscore";

    private static AdqlFeature Select(string name, string form, string description, string expression) =>
        new(form, name, description, "SELECT " + expression + Obscore);

    private static AdqlFeature Where(string name, string form, string description, string condition) =>
        new(form, name, description, "SELECT obs_id" + Obscore + " WHERE " + condition);

    /// <summary>The mathematical functions and aggregates every ADQL service has (not declared in TAPRegExt).</summary>
    public static ImmutableArray<AdqlFeature> CoreFunctions { get; } =
    [
        Select("ABS", "ABS(x)", "absolute value", "ABS(s_dec)"),
        Select("ACOS", "ACOS(x)", "arc cosine, in radians", "ACOS(0.5)"),
        Select("ASIN", "ASIN(x)", "arc sine, in radians", "ASIN(0.5)"),
        Select("ATAN", "ATAN(x)", "arc tangent, in radians", "ATAN(0.5)"),
        Select("ATAN2", "ATAN2(y, x)", "arc tangent of y/x, in radians", "ATAN2(s_dec, s_ra)"),
        Select("CEILING", "CEILING(x)", "smallest integer not less than x", "CEILING(s_ra)"),
        Select("COS", "COS(x)", "cosine of x radians", "COS(RADIANS(s_dec))"),
        Select("COT", "COT(x)", "cotangent of x radians", "COT(1)"),
        Select("DEGREES", "DEGREES(x)", "radians to degrees", "DEGREES(PI())"),
        Select("EXP", "EXP(x)", "e to the power x", "EXP(1)"),
        Select("FLOOR", "FLOOR(x)", "largest integer not greater than x", "FLOOR(s_ra)"),
        Select("LOG", "LOG(x)", "natural logarithm", "LOG(s_fov)"),
        Select("LOG10", "LOG10(x)", "base-10 logarithm", "LOG10(s_fov)"),
        Select("MOD", "MOD(x, y)", "remainder of x/y, with the sign of x", "MOD(s_ra, 15)"),
        Select("PI", "PI()", "pi", "PI()"),
        Select("POWER", "POWER(x, y)", "x to the power y", "POWER(s_fov, 2)"),
        Select("RADIANS", "RADIANS(x)", "degrees to radians", "RADIANS(s_ra)"),
        Select("RAND", "RAND([seed])", "random number in [0, 1); the seed is ignored", "RAND()"),
        Select("ROUND", "ROUND(x[, n])", "x rounded to n decimal places (default 0)", "ROUND(s_ra, 2)"),
        Select("SIN", "SIN(x)", "sine of x radians", "SIN(RADIANS(s_dec))"),
        Select("SQRT", "SQRT(x)", "square root", "SQRT(s_fov)"),
        Select("TAN", "TAN(x)", "tangent of x radians", "TAN(1)"),
        Select("TRUNCATE", "TRUNCATE(x[, n])", "x truncated to n decimal places (default 0)", "TRUNCATE(s_ra, 1)"),
        Select("COUNT", "COUNT(* | [DISTINCT] x)", "number of rows or of non-NULL values", "COUNT(*)"),
        Select("AVG", "AVG(x)", "mean", "AVG(s_fov)"),
        Select("MIN", "MIN(x)", "smallest value", "MIN(s_ra)"),
        Select("MAX", "MAX(x)", "largest value", "MAX(s_ra)"),
        Select("SUM", "SUM(x)", "sum", "SUM(t_exptime)"),
    ];

    /// <summary>User-defined functions, their forms in TAPRegExt signature syntax.</summary>
    public static AdqlFeatureGroup Udfs { get; } = new(UdfType,
    [
        Where("IVO_HASWORD", "ivo_hasword(haystack TEXT, needle TEXT) -> INTEGER",
            "1 if needle occurs as a word in haystack (case-insensitive), else 0", "ivo_hasword(target_name, 'm31') = 1"),
        Where("IVO_NOCASEMATCH", "ivo_nocasematch(value TEXT, pattern TEXT) -> INTEGER",
            "1 if value matches the LIKE pattern ignoring case, else 0", "ivo_nocasematch(obs_id, 'm31%') = 1"),
        Where("IVO_INTERVAL_OVERLAPS",
            "ivo_interval_overlaps(l1 DOUBLE PRECISION, h1 DOUBLE PRECISION, l2 DOUBLE PRECISION, h2 DOUBLE PRECISION) -> INTEGER",
            "1 if the intervals [l1, h1] and [l2, h2] overlap, else 0", "ivo_interval_overlaps(em_min, em_max, 5E-7, 6E-7) = 1"),
        Select("IVO_HEALPIX_INDEX", "ivo_healpix_index(hpxOrder INTEGER, ra DOUBLE PRECISION, dec DOUBLE PRECISION) -> BIGINT",
            "HEALPix index (nested scheme) of the position at the given order", "ivo_healpix_index(6, s_ra, s_dec)"),
        Select("IVO_HEALPIX_INDEX", "ivo_healpix_index(hpxOrder INTEGER, p POINT) -> BIGINT",
            "HEALPix index (nested scheme) of the point at the given order", "ivo_healpix_index(6, POINT(s_ra, s_dec))"),
        Select("IVO_HEALPIX_CENTER", "ivo_healpix_center(hpxOrder INTEGER, hpxIndex BIGINT) -> POINT",
            "Centre of the HEALPix cell (nested scheme)", "ivo_healpix_center(6, 1234)"),
    ]);

    /// <summary>The ADQL 2.1 geometry functions (section 4.2), coordinates in degrees, ICRS.</summary>
    public static AdqlFeatureGroup Geometry { get; } = new(GeometryType,
    [
        Select("AREA", "AREA", "area of a geometry in square degrees", "AREA(s_region)"),
        Where("BOX", "BOX", "box of the given width and height around a centre (deprecated in ADQL 2.1)",
            "INTERSECTS(s_region, BOX(10, 20, 2, 1)) = 1"),
        Select("CENTROID", "CENTROID", "centre of a geometry", "CENTROID(s_region)"),
        Where("CIRCLE", "CIRCLE", "circle: centre and radius", "INTERSECTS(s_region, CIRCLE('ICRS', 10, 20, 1)) = 1"),
        Where("CONTAINS", "CONTAINS", "1 if the first geometry lies inside the second, else 0",
            "CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1)) = 1"),
        Select("COORD1", "COORD1", "longitude of a point", "COORD1(POINT(s_ra, s_dec))"),
        Select("COORD2", "COORD2", "latitude of a point", "COORD2(POINT(s_ra, s_dec))"),
        Select("COORDSYS", "COORDSYS", "coordinate system of a geometry: always ICRS here (deprecated in ADQL 2.1)", "COORDSYS(s_region)"),
        Where("DISTANCE", "DISTANCE", "great-circle distance in degrees between two points (or four coordinates)",
            "DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) < 1"),
        Where("INTERSECTS", "INTERSECTS", "1 if two geometries overlap, else 0", "INTERSECTS(s_region, POINT(10, 20)) = 1"),
        Select("POINT", "POINT", "a position", "POINT(s_ra, s_dec)"),
        Where("POLYGON", "POLYGON", "polygon with great-circle edges through 3 or more vertices",
            "INTERSECTS(s_region, POLYGON(9, 19, 11, 19, 11, 21)) = 1"),
        Where("REGION", "REGION",
            "the STC-S shapes Circle, Polygon, Box and Position, in ICRS (or without frame), from a string literal",
            "INTERSECTS(s_region, REGION('Circle ICRS 10 20 1')) = 1"),
    ]);

    /// <summary>The ADQL 2.1 optional features (section 4) besides geometry, by TAPRegExt type.</summary>
    public static ImmutableArray<AdqlFeatureGroup> OptionalFeatures { get; } =
    [
        new(StringType,
        [
            Select("LOWER", "LOWER", "lower-case a string", "LOWER(target_name)"),
            Select("UPPER", "UPPER", "upper-case a string", "UPPER(target_name)"),
            new("ILIKE", null, "case-insensitive LIKE", "SELECT obs_id" + Obscore + " WHERE target_name ILIKE 'm%'"),
        ]),
        new(SetsType,
        [
            new("UNION", null, "rows of either query", "SELECT obs_id" + Obscore + " UNION SELECT obs_id" + Obscore),
            new("EXCEPT", null, "rows of the first query not in the second", "SELECT obs_id" + Obscore + " EXCEPT SELECT obs_id" + Obscore),
            new("INTERSECT", null, "rows in both queries", "SELECT obs_id" + Obscore + " INTERSECT SELECT obs_id" + Obscore),
        ]),
        new(CommonTableType,
        [
            new("WITH", null, "named subqueries (not recursive) before the main query",
                "WITH t AS (SELECT obs_id, s_ra" + Obscore + ") SELECT obs_id FROM t WHERE s_ra > 10"),
        ]),
        new(TypeType,
        [
            new("CAST", null,
                "CAST to SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n), TIMESTAMP, and of DALI strings to POINT, CIRCLE, POLYGON",
                "SELECT CAST(s_ra AS INTEGER), CAST('2021-01-14T11:25:00' AS TIMESTAMP)" + Obscore),
        ]),
        new(ConditionalType,
        [
            Select("COALESCE", "COALESCE", "the first argument that is not NULL", "COALESCE(s_fov, 0)"),
        ]),
        new(UnitType,
        [
            Select("IN_UNIT", "IN_UNIT",
                "value of a column with a unit, converted to another VOUnit of the same dimension, e.g. IN_UNIT(s_fov, 'arcmin')",
                "IN_UNIT(s_fov, 'arcmin')"),
        ]),
        new(OffsetType,
        [
            new("OFFSET", null, "skip the first rows of the result", "SELECT obs_id" + Obscore + " ORDER BY obs_id OFFSET 10"),
        ]),
    ];

    /// <summary>What /tap/capabilities declares, in this order: UDFs, geometry, then the optional features.</summary>
    public static ImmutableArray<AdqlFeatureGroup> Declared { get; } = [Udfs, Geometry, .. OptionalFeatures];

    /// <summary>Every callable function name (upper case): core, UDFs and the function forms of the declared groups.</summary>
    public static ImmutableArray<string> FunctionNames { get; } =
    [
        .. CoreFunctions.Concat(Declared.SelectMany(g => g.Features))
            .Select(f => f.Function).OfType<string>().Distinct(StringComparer.Ordinal),
    ];

    private static readonly FrozenSet<string> FunctionSet = FunctionNames.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> (any case) is a function the checker accepts.</summary>
    public static bool IsFunction(string name) => FunctionSet.Contains(name);
}
