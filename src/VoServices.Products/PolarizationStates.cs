namespace VoServices.Products;

/// <summary>
/// The polarization states of ObsCore (pol_states), SIA and SODA (POL), with their FITS STOKES codes
/// (FITS WCS paper I: 1..4 = I Q U V, -1..-4 = RR LL RL LR, -5..-8 = XX YY XY YX).
/// </summary>
public static class PolarizationStates
{
    /// <summary>ObsCore's canonical order of the states (pol_states lists them in this order).</summary>
    public static IReadOnlyList<string> CanonicalOrder { get; } =
        ["I", "Q", "U", "V", "RR", "LL", "RL", "LR", "XX", "YY", "XY", "YX", "POLI", "POLA"];

    /// <summary>The states a FITS STOKES axis can hold, by name, with their codes (POLI and POLA have none).</summary>
    public static IReadOnlyDictionary<string, int> StokesCodes { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["I"] = 1, ["Q"] = 2, ["U"] = 3, ["V"] = 4,
        ["RR"] = -1, ["LL"] = -2, ["RL"] = -3, ["LR"] = -4,
        ["XX"] = -5, ["YY"] = -6, ["XY"] = -7, ["YX"] = -8,
    };

    private static readonly IReadOnlyDictionary<int, string> NamesByCode = StokesCodes.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The state of a FITS STOKES code, or null when the code is not one.</summary>
    public static string? StokesName(int code) => NamesByCode.GetValueOrDefault(code);

    /// <summary>pol_states for a set of states: "/I/Q/" in the canonical order.</summary>
    public static string ObsCoreValue(IEnumerable<string> states)
    {
        var set = states.ToHashSet(StringComparer.Ordinal);
        return "/" + string.Join('/', CanonicalOrder.Where(set.Contains)) + "/";
    }
}
