using VoServices.Adql.Metadata;

namespace VoServices.Adql.Tests;

/// <summary>
/// Table metadata the tests check against: ObsCore as published by the service, TAP_SCHEMA, and two
/// small catalogue tables for joins. Built once; the catalog is immutable.
/// </summary>
internal static class TestCatalog
{
    public static SchemaCatalog Instance { get; } = new(
    [
        new TableInfo("ivoa.obscore",
        [
            Col("dataproduct_type", "char", "*", ucd: "meta.id"),
            Col("dataproduct_subtype", "char", "*"),
            Col("calib_level", "short", ucd: "meta.code;obs.calib"),
            Col("obs_collection", "char", "*"),
            Col("obs_id", "char", "*", ucd: "meta.id"),
            Col("obs_publisher_did", "char", "*", ucd: "meta.ref.ivoid"),
            Col("access_url", "char", "*", xtype: "adql:clob"),
            Col("access_format", "char", "*"),
            Col("access_estsize", "long", unit: "kbyte"),
            Col("target_name", "char", "*"),
            Col("s_ra", "double", unit: "deg", ucd: "pos.eq.ra"),
            Col("s_dec", "double", unit: "deg", ucd: "pos.eq.dec"),
            Col("s_fov", "double", unit: "deg"),
            Col("s_region", "char", "*", xtype: "adql:region", unit: "deg"),
            Col("s_resolution", "double", unit: "arcsec"),
            Col("s_xel1", "long"),
            Col("s_xel2", "long"),
            Col("t_min", "double", unit: "d"),
            Col("t_max", "double", unit: "d"),
            Col("t_exptime", "double", unit: "s"),
            Col("t_resolution", "double", unit: "s"),
            Col("t_xel", "long"),
            Col("em_min", "double", unit: "m"),
            Col("em_max", "double", unit: "m"),
            Col("em_res_power", "double"),
            Col("em_xel", "long"),
            Col("o_ucd", "char", "*"),
            Col("pol_states", "char", "*"),
            Col("pol_xel", "long"),
            Col("facility_name", "char", "*"),
            Col("instrument_name", "char", "*"),
        ]) { Description = "ObsCore 1.1 observations" },
        new TableInfo("TAP_SCHEMA.tables",
        [
            Col("schema_name", "char", "*"),
            Col("table_name", "char", "*"),
            Col("table_type", "char", "*"),
            Col("utype", "char", "*"),
            Col("description", "char", "*"),
            Col("table_index", "int"),
        ]),
        new TableInfo("TAP_SCHEMA.columns",
        [
            Col("table_name", "char", "*"),
            Col("column_name", "char", "*"),
            Col("datatype", "char", "*"),
            Col("arraysize", "char", "*"),
            Col("\"size\"", "int"),
            Col("xtype", "char", "*"),
            Col("unit", "char", "*"),
            Col("ucd", "char", "*"),
            Col("principal", "int"),
            Col("column_index", "int"),
        ]),
        new TableInfo("cat.stars",
        [
            Col("id", "long"),
            Col("ra", "double", unit: "deg", ucd: "pos.eq.ra;meta.main"),
            Col("dec", "double", unit: "deg", ucd: "pos.eq.dec;meta.main"),
            Col("mag", "float", unit: "mag"),
            Col("name", "char", "*"),
            Col("pos", "double", "2", xtype: "point", unit: "deg"),
            Col("flags", "int"),
            Col("obs_time", "char", "*", xtype: "timestamp"),
        ]),
        new TableInfo("cat.spectra",
        [
            Col("id", "long"),
            Col("star_id", "long"),
            Col("ra", "double", unit: "deg"),
            Col("dec", "double", unit: "deg"),
            Col("snr", "double"),
            Col("footprint", "double", "*", xtype: "polygon", unit: "deg"),
            Col("aperture", "double", "3", xtype: "circle", unit: "deg"),
        ]),
    ]);

    private static ColumnInfo Col(string name, string datatype, string? arraysize = null, string? xtype = null,
        string? unit = null, string? ucd = null) =>
        new(name, datatype) { Arraysize = arraysize, Xtype = xtype, Unit = unit, Ucd = ucd, Description = name + " column" };
}
