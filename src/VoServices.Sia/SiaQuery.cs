using System.Globalization;
using VoServices.Dali;

using VoServices.Database;

namespace VoServices.Sia;

/// <summary>
/// The parameters of one SIA 2.0 query, parsed and validated (SIA 2.0 §2). Every constraint parameter is
/// multi-valued: the values of one parameter are OR-ed, different parameters AND-ed; an empty list means
/// no constraint. Blank values are ignored, as are parameters SIA does not define. Immutable.
/// </summary>
public sealed record SiaQuery
{
    /// <summary>Most values one parameter may have (each becomes SQL); the DALI layer's shared cap.</summary>
    public const int MaxValuesPerParameter = DaliParameters.MaxRepeatedValues;

    /// <summary>The polarization states of ObsCore's pol_states vocabulary.</summary>
    public static IReadOnlyList<string> PolarizationStates => Products.PolarizationStates.CanonicalOrder;

    /// <summary>The data product types SIA 2.0 serves (DPTYPE values).</summary>
    public static IReadOnlyList<string> DataProductTypes { get; } = ["image", "cube"];

    /// <summary>POS: regions (ICRS degrees) that must intersect s_region.</summary>
    public IReadOnlyList<DaliShape> Pos { get; init; } = [];

    /// <summary>BAND: wavelength intervals in metres that must overlap [em_min, em_max].</summary>
    public IReadOnlyList<DaliInterval> Band { get; init; } = [];

    /// <summary>TIME: MJD intervals that must overlap [t_min, t_max].</summary>
    public IReadOnlyList<DaliInterval> Time { get; init; } = [];

    /// <summary>POL: states that must occur in pol_states (upper case, from <see cref="PolarizationStates"/>).</summary>
    public IReadOnlyList<string> Pol { get; init; } = [];

    /// <summary>FOV: intervals (degrees) containing s_fov.</summary>
    public IReadOnlyList<DaliInterval> Fov { get; init; } = [];

    /// <summary>SPATRES: intervals (arcsec) containing s_resolution.</summary>
    public IReadOnlyList<DaliInterval> Spatres { get; init; } = [];

    /// <summary>EXPTIME: intervals (s) containing t_exptime.</summary>
    public IReadOnlyList<DaliInterval> Exptime { get; init; } = [];

    /// <summary>TIMERES: intervals (s) containing t_resolution.</summary>
    public IReadOnlyList<DaliInterval> Timeres { get; init; } = [];

    /// <summary>SPECRP: intervals containing em_res_power.</summary>
    public IReadOnlyList<DaliInterval> Specrp { get; init; } = [];

    /// <summary>ID: obs_publisher_did values (compared case-insensitively, as IVOIDs are).</summary>
    public IReadOnlyList<string> Id { get; init; } = [];

    /// <summary>COLLECTION: obs_collection values (exact).</summary>
    public IReadOnlyList<string> Collection { get; init; } = [];

    /// <summary>FACILITY: facility_name values (exact).</summary>
    public IReadOnlyList<string> Facility { get; init; } = [];

    /// <summary>INSTRUMENT: instrument_name values (exact).</summary>
    public IReadOnlyList<string> Instrument { get; init; } = [];

    /// <summary>DPTYPE: dataproduct_type values (image, cube).</summary>
    public IReadOnlyList<string> DataProductType { get; init; } = [];

    /// <summary>CALIB: calib_level values (0 to 4).</summary>
    public IReadOnlyList<short> Calib { get; init; } = [];

    /// <summary>TARGET: target_name values (exact).</summary>
    public IReadOnlyList<string> Target { get; init; } = [];

    /// <summary>FORMAT: access_format values (exact MIME types).</summary>
    public IReadOnlyList<string> Format { get; init; } = [];

    /// <summary>The effective MAXREC (default when absent, lowered to the hard limit).</summary>
    public long Maxrec { get; init; }

    /// <summary>RESPONSEFORMAT (DALI); VOTable by default. SIA's FORMAT is a constraint, not this.</summary>
    public ResolvedFormat ResponseFormat { get; init; } =
        new(ResponseFormats.VotableTabledata, ResponseFormats.VotableTabledata.MimeType);

    /// <summary>Parses the request; any malformed value is a <see cref="DaliException"/> naming its parameter.</summary>
    public static SiaQuery From(DaliParameters parameters, SiaOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        return new SiaQuery
        {
            Pos = Values(parameters, "POS", v => DaliValues.ParsePos("POS", v)),
            Band = Intervals(parameters, "BAND", nonNegative: true, "wavelengths in metres"),
            Time = Intervals(parameters, "TIME", nonNegative: false, "MJD"),
            Pol = Values(parameters, "POL", Polarization),
            Fov = Intervals(parameters, "FOV", nonNegative: true, "diameters in degrees"),
            Spatres = Intervals(parameters, "SPATRES", nonNegative: true, "resolutions in arcsec"),
            Exptime = Intervals(parameters, "EXPTIME", nonNegative: true, "durations in seconds"),
            Timeres = Intervals(parameters, "TIMERES", nonNegative: true, "durations in seconds"),
            Specrp = Intervals(parameters, "SPECRP", nonNegative: true, "resolving powers"),
            Id = Values(parameters, "ID", v => v),
            Collection = Values(parameters, "COLLECTION", v => v),
            Facility = Values(parameters, "FACILITY", v => v),
            Instrument = Values(parameters, "INSTRUMENT", v => v),
            DataProductType = Values(parameters, "DPTYPE", DataProduct),
            Calib = Values(parameters, "CALIB", CalibrationLevel),
            Target = Values(parameters, "TARGET", v => v),
            Format = Values(parameters, "FORMAT", v => v),
            Maxrec = parameters.GetMaxrec(options.DefaultMaxrec, options.HardMaxrec),
            ResponseFormat = ResponseFormats.Resolve(parameters.GetSingle("RESPONSEFORMAT"), ResponseFormats.All),
        };
    }

    /// <summary>True when no parameter constrains the rows (all image and cube rows match).</summary>
    public bool IsUnconstrained =>
        Pos.Count + Band.Count + Time.Count + Pol.Count + Fov.Count + Spatres.Count + Exptime.Count + Timeres.Count + Specrp.Count
        + Id.Count + Collection.Count + Facility.Count + Instrument.Count + DataProductType.Count + Calib.Count + Target.Count + Format.Count == 0;

    private static List<T> Values<T>(DaliParameters parameters, string name, Func<string, T> parse)
    {
        // Blank values (an empty form field) say nothing; GetRepeated drops them and enforces the cap.
        return parameters.GetRepeated(name).Select(parse).ToList();
    }

    private static List<DaliInterval> Intervals(DaliParameters parameters, string name, bool nonNegative, string what) =>
        Values(parameters, name, v =>
        {
            var interval = DaliValues.ParseInterval(name, v);
            if (nonNegative && (interval.Lower < 0 && double.IsFinite(interval.Lower) || interval.Upper < 0))
            {
                throw DaliException.BadParameter(name,
                    $"'{DaliParameters.Shorten(v.Trim())}' has a negative bound, but {what} are never negative; use -Inf for an open lower end");
            }

            return interval;
        });

    private static string Polarization(string value)
    {
        var state = value.Trim();
        return PolarizationStates.FirstOrDefault(s => s.Equals(state, StringComparison.OrdinalIgnoreCase))
            ?? throw DaliException.BadParameter("POL",
                $"'{DaliParameters.Shorten(state)}' is not a polarization state; give one of {string.Join(' ', PolarizationStates)}");
    }

    private static string DataProduct(string value)
    {
        var type = value.Trim();
        return DataProductTypes.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase))
            ?? throw DaliException.BadParameter("DPTYPE",
                $"'{DaliParameters.Shorten(type)}' is not a data product type SIA serves; give image or cube");
    }

    private static short CalibrationLevel(string value)
    {
        var text = value.Trim();
        if (!short.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var level) || level is < 0 or > 4)
        {
            throw DaliException.BadParameter("CALIB",
                $"'{DaliParameters.Shorten(text)}' is not a calibration level; give an integer from 0 (raw) to 4 (analysis product)");
        }

        return level;
    }
}
