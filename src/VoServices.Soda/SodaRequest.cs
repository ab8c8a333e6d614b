using VoServices.Dali;

using VoServices.Products;

namespace VoServices.Soda;

/// <summary>
/// The parameters of a SODA 1.0 sync request: the datasets (ID, repeatable) and one set of filters
/// (a spatial region, BAND, TIME, POL). Values are DALI's: regions in ICRS degrees, BAND in metres
/// (vacuum wavelength), TIME in MJD.
/// </summary>
/// <param name="Ids">The ID values in request order (opaque, unchanged; empty values dropped).</param>
/// <param name="Region">CIRCLE, POLYGON or POS (circle, range or polygon), or null.</param>
/// <param name="Band">BAND, wavelength in metres; open ends are infinities; null when absent.</param>
/// <param name="Time">TIME, MJD; null when absent.</param>
/// <param name="Pol">The POL states, each once, in request order; empty when absent.</param>
public sealed record SodaRequest(
    IReadOnlyList<string> Ids,
    DaliShape? Region,
    DaliInterval? Band,
    DaliInterval? Time,
    IReadOnlyList<string> Pol)
{
    /// <summary>The POL names SODA 1.0 defines, each with its FITS STOKES code (FITS WCS paper I).</summary>
    public static IReadOnlyDictionary<string, int> StokesCodes => PolarizationStates.StokesCodes;

    /// <summary>At most this many IDs per request (several only as a tar); more than DALI's usual 20 repeats, each ID being one cheap cutout.</summary>
    public const int MaxIds = 100;

    /// <summary>A request with no filter: the whole dataset.</summary>
    public static SodaRequest Unfiltered(params string[] ids) => new(ids, null, null, null, []);

    /// <summary>True when at least one filter is given (otherwise the answer is the whole dataset).</summary>
    public bool HasFilters => Region is not null || Band is not null || Time is not null || Pol.Count > 0;

    /// <summary>
    /// Reads a SODA request. POL may repeat (all values form one filter). CIRCLE, POLYGON and POS
    /// together name one region: giving more than one of them, or repeating one of them, BAND or
    /// TIME with different values, is a <see cref="DaliErrorKind.MultiValuedParameter"/>
    /// error (SODA's MultiValuedParamNotSupported; multiple values are optional in SODA and
    /// this sync service does not take them). Empty values count as absent (HTML forms send them).
    /// Every other problem is a <see cref="DaliException"/> naming the parameter.
    /// </summary>
    public static SodaRequest From(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var ids = parameters.GetRepeated("ID", MaxIds);
        if (ids.Count == 0)
        {
            throw DaliException.BadParameter("ID", "missing; give the identifier of the dataset to cut (its obs_publisher_did)");
        }

        return new SodaRequest(ids, SodaSpatialSubset.Read(parameters), ReadInterval(parameters, "BAND"), ReadInterval(parameters, "TIME"), ReadPol(parameters));
    }

    private static DaliInterval? ReadInterval(DaliParameters parameters, string name)
    {
        var values = Distinct(parameters.GetAll(name));
        if (values.Count > 1)
        {
            throw SodaErrors.MultiValued(name, $"{name} was given {values.Count} times; this service takes one {name} interval per request");
        }

        return values.Count == 0 ? null : DaliValues.ParseInterval(name, values[0]);
    }

    private static string[] ReadPol(DaliParameters parameters)
    {
        var states = new List<string>();
        foreach (var raw in parameters.GetRepeated("POL"))
        {
            var name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!StokesCodes.ContainsKey(name))
            {
                throw DaliException.BadParameter("POL",
                    $"'{DaliParameters.Shorten(name)}' is not a polarisation state; give one of {string.Join(' ', StokesCodes.Keys)} per POL value (case-sensitive)");
            }

            if (!states.Contains(name, StringComparer.Ordinal))
            {
                states.Add(name);
            }
        }

        return [.. states];
    }

    /// <summary>Non-empty values, a value repeated identically counted once (some clients repeat form fields).</summary>
    public static List<string> Distinct(IReadOnlyList<string> values) =>
        values.Where(v => v.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>SODA's error labels (SODA 1.0 §5.2): the text of an error document begins with one of them.</summary>
public static class SodaErrors
{
    /// <summary>The label for <paramref name="error"/>; an unknown ID is a <c>UsageError</c> (SODA names no other).</summary>
    public static string Label(DaliError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            null => "Error",
            DaliErrorKind.MultiValuedParameter => "MultiValuedParamNotSupported",
            DaliErrorKind.Unauthorized => "AuthenticationError",
            DaliErrorKind.Forbidden => "AuthorizationError",
            DaliErrorKind.Unavailable or DaliErrorKind.TooManyRequests => "ServiceUnavailable",
            _ => "UsageError",
        };
    }

    /// <summary>The text/plain error document: label, ": ", the message.</summary>
    public static string Text(DaliError error) => Label(error) + ": " + error?.Message;

    internal static DaliException MultiValued(string parameter, string message) =>
        new(DaliErrorKind.MultiValuedParameter, message, parameter);
}
