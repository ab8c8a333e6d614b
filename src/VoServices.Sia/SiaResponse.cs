using VoServices.Adql;
using VoServices.Adql.Metadata;
using VoServices.Dali;

using VoServices.Products;
using VoServices.Database;

using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Sia;

/// <summary>
/// What a SIA 2.0 response says besides its rows: the ObsCore FIELDs (metadata from TAP_SCHEMA), the
/// standardID INFO, COOSYS, the DataLink and SODA descriptors for every row, and the self-description
/// of the query service (<c>RESOURCE type="meta" utype="adhoc:service" name="this"</c>, SIA 2.0 §4).
/// </summary>
public static class SiaResponse
{
    public const string StandardId = "ivo://ivoa.net/std/SIA#query-2.0";

    /// <summary>The query resource under the public base URL (capabilities and availability are its siblings).</summary>
    public const string QueryPath = "/sia/query";

    /// <summary>What SIA selects: every column of ivoa.obscore, as TAP answers <c>SELECT *</c>.</summary>
    public const string SelectAll = "SELECT * FROM ivoa.obscore";

    /// <summary>
    /// The SELECT ... FROM and FIELDs of <see cref="SelectAll"/>, from the ADQL translator itself: columns in
    /// TAP_SCHEMA order with its metadata, values written as TAP writes them (geometries as DALI arrays,
    /// regions as STC-S), and obs_publisher_did with the ID the DataLink and SODA descriptors refer to.
    /// </summary>
    public static (string SelectFrom, IReadOnlyList<VotableField> Fields) Select(ISchemaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var translation = AdqlTranslator.Translate(SelectAll, catalog);
        if (!translation.Succeeded)
        {
            throw new InvalidOperationException($"{SelectAll} does not translate ({translation.Error}); SIA has nothing to serve");
        }

        return (translation.Sql, Fields(translation.Columns));
    }

    /// <summary>The result FIELDs of the given columns, obs_publisher_did with the ID the descriptors refer to.</summary>
    public static IReadOnlyList<VotableField> Fields(IReadOnlyList<OutputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return OutputFields.From(columns)
            .Select(f => f.Name == "obs_publisher_did" ? f with { Id = DatalinkDescriptors.PublisherDidFieldId } : f)
            .ToList();
    }

    public static TableDescription Describe(IReadOnlyList<VotableField> fields, string publicBaseUrl, SiaValues values, SiaOptions options)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        var root = publicBaseUrl.TrimEnd('/');
        var hasIds = fields.Any(f => f.Id == DatalinkDescriptors.PublisherDidFieldId);
        return new TableDescription(fields)
        {
            Infos = [new VotableInfo("standardID", StandardId)],
            ServiceUrl = root,
            CoordinateSystems = fields.Any(f => f.Ref == VotableCoosys.Icrs.Id) ? [VotableCoosys.Icrs] : [],
            ExtraResources =
            [
                .. hasIds ? DatalinkDescriptors.ForDiscovery(root, DatalinkDescriptors.PublisherDidFieldId) : [],
                SelfDescriptor(root + QueryPath, values, options),
            ],
        };
    }

    /// <summary>The query service's own descriptor: standardID, accessURL and every input parameter with its unit.</summary>
    public static VotableResource SelfDescriptor(string accessUrl, SiaValues values, SiaOptions options)
    {
        ArgumentNullException.ThrowIfNull(accessUrl);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        return VotableResource.ServiceDescriptor(null, accessUrl, StandardId, [new VotableGroup("inputParams") { Params = InputParams(values, options) }]) with
        {
            Name = "this",
            Description = "This SIA 2.0 query service: images and cubes of ivoa.obscore by position, band, time and more",
        };
    }

    private static List<VotableParam> InputParams(SiaValues values, SiaOptions options) =>
    [
        // One POS (repeated names in a GROUP are ambiguous; DALI xtypes circle/polygon would need double arrays).
        Input(Text("POS") with
        {
            Unit = "deg",
            Ucd = "pos.outline;obs",
            Description = "Region that must intersect the footprint (ICRS degrees): CIRCLE ra dec radius, " +
                "RANGE ra1 ra2 dec1 dec2 (-Inf/+Inf for open ends) or POLYGON ra1 dec1 ra2 dec2 ra3 dec3 ...",
        }),
        Input(Interval("BAND", "m", "Wavelength interval (vacuum, metres) that must overlap [em_min, em_max]")),
        Input(Interval("TIME", "d", "Time interval (MJD) that must overlap [t_min, t_max]")),
        Input(Text("POL") with { Description = "Polarization state that must be present (one per value)" }) with { Options = SiaQuery.PolarizationStates },
        Input(Interval("FOV", "deg", "Interval containing s_fov (diameter of the covered region, degrees)")),
        Input(Interval("SPATRES", "arcsec", "Interval containing s_resolution (arcsec)")),
        Input(Interval("EXPTIME", "s", "Interval containing t_exptime (seconds)")),
        Input(Interval("TIMERES", "s", "Interval containing t_resolution (seconds)")),
        Input(Interval("SPECRP", null, "Interval containing em_res_power (spectral resolving power)")),
        Input(Text("ID") with { Description = "Publisher dataset identifier (obs_publisher_did, case-insensitive)" }),
        Input(Text("COLLECTION") with { Description = "Collection name (obs_collection)" }) with { Options = values.Collections ?? [] },
        Input(Text("FACILITY") with { Description = "Facility (telescope) name (facility_name)" }) with { Options = values.Facilities ?? [] },
        Input(Text("INSTRUMENT") with { Description = "Instrument name (instrument_name)" }) with { Options = values.Instruments ?? [] },
        Input(Text("DPTYPE") with { Description = "Data product type (dataproduct_type)" }) with { Options = SiaQuery.DataProductTypes },
        Input(new VotableField("CALIB", "short") { Description = "Calibration level, 0 to 4 (calib_level)" }) with { Options = values.CalibLevels ?? [] },
        Input(Text("TARGET") with { Description = "Target name (target_name)" }),
        Input(Text("FORMAT") with { Description = "File format, a MIME type (access_format)" }) with { Options = values.Formats ?? [] },
        Input(new VotableField("MAXREC", "long")
        {
            Description = $"Most rows to return (default {options.DefaultMaxrec}, at most {options.HardMaxrec}; 0: metadata only)",
        }) with { Min = "0", Max = options.HardMaxrec.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Input(Text("RESPONSEFORMAT") with { Description = "Output format (default VOTable)" }) with
        {
            Options = ResponseFormats.All.Select(f => f.MimeType).ToList(),
        },
    ];

    private static VotableParam Input(VotableField field) => new(field, "");

    private static VotableField Interval(string name, string? unit, string description) =>
        new(name, "double") { Arraysize = "2", Xtype = "interval", Unit = unit, Description = description };

    private static VotableField Text(string name) => new(name, "char") { Arraysize = "*" };
}
