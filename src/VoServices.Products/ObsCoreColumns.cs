using VoServices.Fits.Sky;

namespace VoServices.Products;

public enum ObsCoreColumnKind
{
    Text,
    Short,
    Long,
    Double,
    Timestamp,
    Region,
}

/// <summary>A column of ivoa.obscore as the ingest writes it.</summary>
public sealed record ObsCoreColumn(string Name, ObsCoreColumnKind Kind);

/// <summary>
/// The columns of ivoa.obscore in table order. The DDL and the published metadata (units, UCDs,
/// utypes) live in sql/002_obscore.sql and sql/003_tap_schema.sql (which sql/014 renames ivoa.ObsCore,
/// ObsCore's spelling); the ingest's INSERT names these columns, so a column missing from the table
/// fails every ingest test.
/// </summary>
public static class ObsCoreColumns
{
    public static IReadOnlyList<ObsCoreColumn> All { get; } =
    [
        new("dataproduct_type", ObsCoreColumnKind.Text),
        new("dataproduct_subtype", ObsCoreColumnKind.Text),
        new("calib_level", ObsCoreColumnKind.Short),
        new("obs_collection", ObsCoreColumnKind.Text),
        new("obs_id", ObsCoreColumnKind.Text),
        new("obs_title", ObsCoreColumnKind.Text),
        new("obs_publisher_did", ObsCoreColumnKind.Text),
        new("obs_creator_name", ObsCoreColumnKind.Text),
        new("obs_creation_date", ObsCoreColumnKind.Timestamp),
        new("obs_release_date", ObsCoreColumnKind.Timestamp),
        new("publisher_id", ObsCoreColumnKind.Text),
        new("bib_reference", ObsCoreColumnKind.Text),
        new("data_rights", ObsCoreColumnKind.Text),
        new("access_url", ObsCoreColumnKind.Text),
        new("access_format", ObsCoreColumnKind.Text),
        new("access_estsize", ObsCoreColumnKind.Long),
        new("target_name", ObsCoreColumnKind.Text),
        new("target_class", ObsCoreColumnKind.Text),
        new("s_ra", ObsCoreColumnKind.Double),
        new("s_dec", ObsCoreColumnKind.Double),
        new("s_fov", ObsCoreColumnKind.Double),
        new("s_region", ObsCoreColumnKind.Region),
        new("s_resolution", ObsCoreColumnKind.Double),
        new("s_xel1", ObsCoreColumnKind.Long),
        new("s_xel2", ObsCoreColumnKind.Long),
        new("s_pixel_scale", ObsCoreColumnKind.Double),
        new("t_xel", ObsCoreColumnKind.Long),
        new("t_min", ObsCoreColumnKind.Double),
        new("t_max", ObsCoreColumnKind.Double),
        new("t_exptime", ObsCoreColumnKind.Double),
        new("t_resolution", ObsCoreColumnKind.Double),
        new("em_xel", ObsCoreColumnKind.Long),
        new("em_min", ObsCoreColumnKind.Double),
        new("em_max", ObsCoreColumnKind.Double),
        new("em_res_power", ObsCoreColumnKind.Double),
        new("em_resolution", ObsCoreColumnKind.Double),
        new("em_ucd", ObsCoreColumnKind.Text),
        new("em_unit", ObsCoreColumnKind.Text),
        new("o_ucd", ObsCoreColumnKind.Text),
        new("o_unit", ObsCoreColumnKind.Text),
        new("pol_states", ObsCoreColumnKind.Text),
        new("pol_xel", ObsCoreColumnKind.Long),
        new("facility_name", ObsCoreColumnKind.Text),
        new("instrument_name", ObsCoreColumnKind.Text),
        new("proposal_id", ObsCoreColumnKind.Text),
    ];

    private static readonly Dictionary<string, ObsCoreColumn> ByName = All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public static ObsCoreColumn? Find(string name) => ByName.GetValueOrDefault(name);
}
