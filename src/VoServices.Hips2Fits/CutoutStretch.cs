namespace VoServices.Hips2Fits;

/// <summary>
/// `stretch`: how t = (v − min_cut) / (max_cut − min_cut), clamped to [0, 1], becomes a colour-map position,
/// as astropy.visualization's stretches with their default parameters (what CDS's hips2fits uses).
/// </summary>
public enum CutoutStretch
{
    Linear,
    Sqrt,

    /// <summary>t², astropy's PowerStretch(2).</summary>
    Power,

    /// <summary>log(1000 t + 1) / log(1001), astropy's LogStretch (a = 1000).</summary>
    Log,

    /// <summary>asinh(t / 0.1) / asinh(10), astropy's AsinhStretch (a = 0.1).</summary>
    Asinh,

    /// <summary>sinh(3 t) / sinh(3), astropy's SinhStretch (a = 1/3).</summary>
    Sinh,
}

public static class CutoutStretches
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<CutoutStretch>().Select(Name)];

    public static string Name(this CutoutStretch stretch) => stretch.ToString().ToLowerInvariant();

    public static CutoutStretch? Parse(string name) =>
        Enum.GetValues<CutoutStretch>().Select(s => (CutoutStretch?)s).FirstOrDefault(s => s!.Value.Name() == name.Trim().ToLowerInvariant());

    /// <summary>The stretched value of <paramref name="t"/> (already in [0, 1]), in [0, 1].</summary>
    public static double Apply(this CutoutStretch stretch, double t) => stretch switch
    {
        CutoutStretch.Sqrt => Math.Sqrt(t),
        CutoutStretch.Power => t * t,
        CutoutStretch.Log => Math.Log((1000 * t) + 1) / Math.Log(1001),
        CutoutStretch.Asinh => Math.Asinh(t / 0.1) / Math.Asinh(1 / 0.1),
        CutoutStretch.Sinh => Math.Sinh(3 * t) / Math.Sinh(3),
        _ => t,
    };
}
