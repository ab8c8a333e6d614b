using VoServices.Dali;
using VoServices.Soda;

namespace VoServices.SodaBulk;

/// <summary>The bounds of a bulk cutout job: one source for the checks, the README and the SODA capabilities.</summary>
public sealed record BulkLimits
{
    /// <summary>Rows of a target list, or ID × region × BAND combinations.</summary>
    public int MaxTargets { get; init; } = 100_000;

    /// <summary>Cutouts (target × covering product) of one job.</summary>
    public int MaxCutouts { get; init; } = 1_000_000;

    /// <summary>Bytes of all cutouts of one job; the job is refused (ERROR) before writing when its plans add up to more.</summary>
    public long MaxOutputBytes { get; init; } = 16L << 30;
}

/// <summary>
/// A SODA async request as a bulk job reads it: either datasets by ID (multi-valued ID, CIRCLE, POLYGON, POS and BAND;
/// every combination one cutout, POL one filter for all, as SODA 1.0 defines async), or a target list
/// (UPLOAD=targets,param:NAME) whose products the service finds itself, optionally limited to a COLLECTION, a CALIB
/// level and a DPTYPE.
/// </summary>
public sealed record BulkRequest(IReadOnlyList<string> Ids, IReadOnlyList<BulkTarget> Targets, string? Collection, int? CalibLevel, string? DataproductType)
{
    /// <summary>The UPLOAD table name a target list goes by.</summary>
    public const string TargetsTable = "targets";

    public bool ByTarget => Ids.Count == 0;

    /// <summary>The multipart part a request's UPLOAD names (param:NAME), or null.</summary>
    public static string? TargetsPart(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var upload in parameters.GetAll("UPLOAD").SelectMany(u => u.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var comma = upload.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && upload[..comma].Trim().Equals(TargetsTable, StringComparison.OrdinalIgnoreCase)
                && upload[(comma + 1)..].Trim() is var uri && uri.StartsWith("param:", StringComparison.OrdinalIgnoreCase))
            {
                return uri["param:".Length..];
            }
        }

        return null;
    }

    /// <summary>Reads the job's parameters; <paramref name="openPart"/> opens a stored upload (null when there is none such).</summary>
    public static BulkRequest From(DaliParameters parameters, Func<string, Stream?> openPart, BulkLimits limits)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(openPart);
        ArgumentNullException.ThrowIfNull(limits);
        var ids = SodaRequest.Distinct(parameters.GetAll("ID"));
        var uploads = parameters.GetAll("UPLOAD").Where(v => v.Trim().Length > 0).ToList();
        if (uploads.Count > 0 && ids.Count > 0)
        {
            throw DaliException.BadParameter("ID", "give datasets by ID or a target list (UPLOAD=targets,param:NAME), not both");
        }

        if (uploads.Count == 0)
        {
            if (ids.Count == 0)
            {
                throw DaliException.BadParameter("ID", "give the datasets to cut (ID, repeatable) or a target list (UPLOAD=targets,param:NAME with ra, dec, radius or size)");
            }

            var regions = Shapes(parameters);
            var bands = SodaRequest.Distinct(parameters.GetAll("BAND")).Select(v => DaliValues.ParseInterval("BAND", v)).ToList();
            var combinations = (long)ids.Count * Math.Max(1, regions.Count) * Math.Max(1, bands.Count);
            if (combinations > limits.MaxTargets)
            {
                throw new DaliException(DaliErrorKind.TooLarge,
                    $"ID: {ids.Count} IDs × {Math.Max(1, regions.Count)} regions × {Math.Max(1, bands.Count)} bands are {combinations} cutouts; at most {limits.MaxTargets} per job", "ID");
            }

            // Every combination is one target of the manifest, numbered in the order ID, region, band.
            return new BulkRequest(ids, [], null, null, null) { Regions = regions, Bands = bands, Pol = SodaRequest.From(With("POL", parameters.GetAll("POL"))).Pol };
        }

        var part = TargetsPart(parameters) ?? throw DaliException.BadParameter("UPLOAD",
            $"UPLOAD must name the target list '{TargetsTable}' from a part of this request: UPLOAD={TargetsTable},param:NAME");
        using var stream = openPart(part) ?? throw DaliException.BadParameter("UPLOAD", $"no part '{DaliParameters.Shorten(part)}' was uploaded with the job");
        var targets = BulkTargetList.Read(stream, limits.MaxTargets);
        if (targets.Count == 0)
        {
            throw DaliException.BadParameter("UPLOAD", "target list: no rows");
        }

        foreach (var name in new[] { "CIRCLE", "POLYGON", "POS", "BAND" }.Where(n => parameters.GetAll(n).Any(v => v.Trim().Length > 0)))
        {
            throw DaliException.BadParameter(name, $"with a target list each row gives its own region (ra, dec, radius or size) and band (band_min, band_max); {name} does not apply");
        }

        var calib = parameters.GetInteger("CALIB", 0, 4) is { } c ? (int)c : (int?)null;
        return new BulkRequest([], targets, Trimmed(parameters.GetSingle("COLLECTION")), calib, Trimmed(parameters.GetSingle("DPTYPE")));
    }

    /// <summary>ID mode: the regions (CIRCLE, POLYGON, POS values in order), none meaning the whole dataset.</summary>
    public IReadOnlyList<DaliShape> Regions { get; init; } = [];

    /// <summary>ID mode: the BAND intervals, none meaning the whole band.</summary>
    public IReadOnlyList<DaliInterval> Bands { get; init; } = [];

    /// <summary>ID mode: the POL states, one filter for every cutout.</summary>
    public IReadOnlyList<string> Pol { get; init; } = [];

    private static List<DaliShape> Shapes(DaliParameters parameters)
    {
        var shapes = new List<DaliShape>();
        foreach (var name in new[] { "CIRCLE", "POLYGON", "POS" })
        {
            foreach (var value in SodaRequest.Distinct(parameters.GetAll(name)))
            {
                // One reading of each shape, SODA's own (it also refuses polygons too large to have an inside).
                shapes.Add(SodaSpatialSubset.Read(With(name, [value]))!);
            }
        }

        return shapes;
    }

    // The parameters a SODA sync reader needs to read one filter: a placeholder ID and the values given.
    private static DaliParameters With(string name, IEnumerable<string> values) =>
        new([KeyValuePair.Create("ID", "bulk"), .. values.Select(v => KeyValuePair.Create(name, v))]);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
