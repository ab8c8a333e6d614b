using VoServices.Dali;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

using VoServices.Fits.Sky;

namespace VoServices.Products;

/// <summary>
/// The service descriptors (DataLink 1.1 §4, <c>RESOURCE type="meta" utype="adhoc:service"</c>) that
/// discovery results (TAP, SIA) carry so that clients reach the links and cutouts of every row, and
/// the SODA input parameters shared with the per-dataset descriptors of a links document.
/// </summary>
public static class DatalinkDescriptors
{
    public const string LinksStandardId = "ivo://ivoa.net/std/DataLink#links-1.1";
    public const string SodaSyncStandardId = "ivo://ivoa.net/std/SODA#sync-1.0";

    public const string SodaAsyncStandardId = "ivo://ivoa.net/std/SODA#async-1.0";

    /// <summary>The DataLink MIME type in its canonical form (no space before the parameter).</summary>
    public const string DatalinkContentType = "application/x-votable+xml;content=datalink";

    /// <summary>Paths under the public base URL.</summary>
    public const string LinksPath = "/datalink/links";
    public const string SodaSyncPath = "/soda/sync";

    /// <summary>SODA async (UWS): bulk cutouts of many datasets or of a target list.</summary>
    public const string SodaAsyncPath = "/soda/async";

    /// <summary>The hips2fits image cutout service of HiPS products (not an IVOA standard: its descriptor has no standardID).</summary>
    public const string Hips2FitsPath = "/hips2fits";

    /// <summary>Moment maps of cubes (no IVOA standard: its descriptor has no standardID).</summary>
    public const string CubeMomentPath = "/cube/moment";

    /// <summary>Position–velocity slices of cubes (no IVOA standard either).</summary>
    public const string CubePvPath = "/cube/pv";

    /// <summary>Binned channel maps of cubes (no IVOA standard either).</summary>
    public const string CubeChannelsPath = "/cube/channels";

    /// <summary>The XML ID given to the obs_publisher_did FIELD when a descriptor refers to it.</summary>
    public const string PublisherDidFieldId = "obs_publisher_did";

    /// <summary>The links document of one dataset (ObsCore access_url).</summary>
    public static string LinksUrl(string baseUrl, string publisherDid)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(publisherDid);
        return baseUrl.TrimEnd('/') + LinksPath + "?ID=" + Uri.EscapeDataString(publisherDid);
    }

    /// <summary>
    /// The descriptors for a discovery result whose FIELD <paramref name="idFieldId"/> holds
    /// obs_publisher_did: DataLink links first (pyVO's <c>iter_datalinks</c> takes the first), then
    /// a generic SODA sync cutout service and its async (bulk) twin.
    /// </summary>
    public static IReadOnlyList<VotableResource> ForDiscovery(string baseUrl, string idFieldId = PublisherDidFieldId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.TrimEnd('/');
        var id = new VotableParam(Text("ID") with { Ucd = "meta.id;meta.main" }, "") { Ref = idFieldId };
        return
        [
            ServiceDescriptor("datalink-links", root + LinksPath, LinksStandardId, DatalinkContentType,
                "Files, previews and cutouts of each dataset (DataLink 1.1)", [id]),
            ServiceDescriptor("soda-sync", root + SodaSyncPath, SodaSyncStandardId, null,
                "Cutouts of each dataset (SODA 1.0 sync): by position, band, time and polarization",
                [id with { Field = id.Field with { Ucd = SodaIdUcd } }, .. SodaInputs(null)]),
            ServiceDescriptor("soda-async", root + SodaAsyncPath, SodaAsyncStandardId, null,
                "Bulk cutouts (SODA 1.0 async, UWS): every ID × region × band combination in one job, with a manifest and one tar; or POST a target list (UPLOAD=targets,param:NAME)",
                [id with { Field = id.Field with { Ucd = SodaIdUcd } }, .. SodaInputs(null)]),
        ];
    }

    /// <summary>SODA's UCD for ID (SODA 1.0 §3.2.1).</summary>
    public const string SodaIdUcd = "meta.ref.url;meta.curation";

    /// <summary>The ranges a dataset can be cut in, written as VALUES of the SODA inputs (null: unknown).</summary>
    public sealed record SodaRanges
    {
        /// <summary>DALI circle "ra dec r" covering the data.</summary>
        public string? Circle { get; init; }

        /// <summary>DALI polygon covering the data.</summary>
        public string? Polygon { get; init; }

        /// <summary>em_min, em_max in metres.</summary>
        public (double Min, double Max)? Band { get; init; }

        /// <summary>t_min, t_max in MJD.</summary>
        public (double Min, double Max)? Time { get; init; }

        /// <summary>The Stokes/polarization states present (only these are offered).</summary>
        public IReadOnlyList<string> Pol { get; init; } = [];
    }

    /// <summary>
    /// SODA's filter parameters with the name/UCD/unit triples SODA 1.0 §3 gives, and the dataset's
    /// ranges when known.
    /// </summary>
    public static IReadOnlyList<VotableParam> SodaInputs(SodaRanges? ranges)
    {
        var band = ranges?.Band;
        var time = ranges?.Time;
        var pol = ranges?.Pol ?? [];
        return
        [
            new VotableParam(new VotableField("POS", "char") { Arraysize = "*", Ucd = "pos.outline;obs",
                Description = $"Region to cut out: CIRCLE ra dec r, RANGE ra1 ra2 dec1 dec2 (ra1 > ra2 runs through RA 0) or POLYGON ra1 dec1 ... of at most {DaliValues.MaxPolygonVertices} vertices (ICRS degrees)" }, ""),
            new VotableParam(new VotableField("CIRCLE", "double") { Arraysize = "3", Xtype = "circle", Unit = "deg", Ucd = "pos.outline;obs",
                Description = "Circle to cut out: ra dec radius (ICRS degrees)" }, "") { Max = ranges?.Circle },
            new VotableParam(new VotableField("POLYGON", "double") { Arraysize = "*", Xtype = "polygon", Unit = "deg", Ucd = "pos.outline;obs",
                Description = $"Polygon to cut out: ra1 dec1 ra2 dec2 ra3 dec3 ... (ICRS degrees), at most {DaliValues.MaxPolygonVertices} vertices" }, "") { Max = ranges?.Polygon },
            new VotableParam(new VotableField("BAND", "double") { Arraysize = "2", Xtype = "interval", Unit = "m", Ucd = "em.wl;stat.interval",
                Description = "Wavelength interval to keep (vacuum wavelength in metres; converted to the data's own spectral axis)" }, "")
            {
                Min = band is { } b ? Dali.DaliValues.Format(b.Min) : null,
                Max = band is { } b2 ? Dali.DaliValues.Format(b2.Max) : null,
            },
            new VotableParam(new VotableField("TIME", "double") { Arraysize = "2", Xtype = "interval", Unit = "d", Ucd = "time.interval;obs.exposure",
                Description = "Time interval to keep (MJD)" }, "")
            {
                Min = time is { } t ? Dali.DaliValues.Format(t.Min) : null,
                Max = time is { } t2 ? Dali.DaliValues.Format(t2.Max) : null,
            },
            new VotableParam(new VotableField("POL", "char") { Arraysize = "*", Ucd = "meta.code;phys.polarization",
                Description = $"Polarization states to keep (repeat for several, at most {DaliParameters.MaxRepeatedValues} values)" }, "") { Options = pol },
        ];
    }

    /// <summary>One adhoc:service RESOURCE, named after its ID.</summary>
    public static VotableResource ServiceDescriptor(string id, string accessUrl, string? standardId, string? contentType,
        string description, IReadOnlyList<VotableParam> inputs) =>
        VotableResource.ServiceDescriptor(id, accessUrl, standardId, [new VotableGroup("inputParams") { Params = inputs }], contentType) with
        {
            Name = id,
            Description = description,
        };

    private static VotableField Text(string name) => new(name, "char") { Arraysize = "*" };
}
