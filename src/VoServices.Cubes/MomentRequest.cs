using System.Globalization;
using VoServices.Dali;
using VoServices.Soda;

namespace VoServices.Cubes;

/// <summary>The maps of `MOMENT` (repeatable): each one HDU of the answer.</summary>
public enum MomentKind
{
    /// <summary>M0 = Σ Iᵢ |Δvᵢ| (BUNIT·km/s).</summary>
    Zero,

    /// <summary>M1 = Σ Iᵢ vᵢ |Δvᵢ| / M0 (km/s).</summary>
    One,

    /// <summary>M2 = Σ Iᵢ (vᵢ − M1)² |Δvᵢ| / M0, a variance (km²/s²).</summary>
    Two,

    /// <summary>√M2 (km/s).</summary>
    Sigma,

    /// <summary>√(8 ln 2) √M2 (km/s).</summary>
    Fwhm,

    /// <summary>The largest Iᵢ (BUNIT).</summary>
    Peak,

    /// <summary>The velocity of the largest Iᵢ (km/s).</summary>
    VPeak,

    /// <summary>√(Σ Iᵢ² / n) over the channels used (BUNIT).</summary>
    Rms,
}

/// <summary>`CLIP`: an absolute threshold in the cube's unit, or <see cref="Value"/> times the cube's robust noise σ.</summary>
public sealed record MomentClip(double Value, bool InSigma)
{
    /// <summary>Reads `3.5` (absolute), `3sigma`, `3 sigma` or `3σ` (n·σ).</summary>
    public static MomentClip? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant();
        var inSigma = t.EndsWith("sigma", StringComparison.Ordinal) || t.EndsWith('σ');
        var number = inSigma ? t[..^(t.EndsWith('σ') ? 1 : 5)].Trim() : t;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw DaliException.BadParameter("CLIP", $"'{DaliParameters.Shorten(text)}' is neither a threshold (a number in the cube's unit) nor n·σ (e.g. 3sigma)");
        }

        return new MomentClip(value, inSigma);
    }

    public override string ToString() => InSigma ? FormattableString.Invariant($"{Value}sigma") : Value.ToString("G9", CultureInfo.InvariantCulture);
}

/// <summary>A `/cube/moment` request: which maps, over which channels and which part of the sky, in which velocity convention.</summary>
/// <param name="Region">CIRCLE, POLYGON or POS (ICRS), read as SODA reads them: the maps cover the pixel box a SODA cutout would keep.</param>
public sealed record MomentRequest(
    string Id,
    IReadOnlyList<MomentKind> Moments,
    (double Low, double High)? Velocity,
    (double Low, double High)? Band,
    VelocityDefinition? Definition,
    double? RestFrequency,
    MomentClip? Clip,
    DaliShape? Region,
    string Pol,
    bool Png)
{
    private static readonly string[] Names = ["0", "1", "2", "sigma", "fwhm", "peak", "vpeak", "rms"];

    /// <summary>The values `MOMENT` takes, in <see cref="MomentKind"/> order.</summary>
    public static IReadOnlyList<string> MomentNames => Names;

    public static string Name(MomentKind kind) => Names[(int)kind];

    public static MomentRequest From(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var id = CubeParameters.Id(parameters);
        var moments = parameters.GetRepeated("MOMENT").Select(m => Array.IndexOf(Names, m.Trim().ToLowerInvariant()) is >= 0 and var k
                ? (MomentKind)k
                : throw DaliException.BadParameter("MOMENT", $"'{DaliParameters.Shorten(m)}' is not one of {string.Join(", ", MomentNames)}"))
            .Distinct().ToList();
        if (moments.Count == 0)
        {
            moments.Add(MomentKind.Zero);
        }

        (double, double)? band = parameters.GetSingle("BAND") is { Length: > 0 } b ? Interval(DaliValues.ParseInterval("BAND", b)) : null;
        var velocity = CubeParameters.Velocity(parameters);

        if (band is not null && velocity is not null)
        {
            throw DaliException.BadParameter("BAND", "give the spectral range either as BAND (m) or as VLOW/VHIGH (km/s), not both");
        }

        var restFrequency = CubeParameters.RestFrequency(parameters);

        var png = CubeParameters.Png(parameters, "moments");

        if (png && moments.Count > 1)
        {
            throw DaliException.BadParameter("MOMENT", "a PNG shows one map: give one MOMENT with RESPONSEFORMAT=image/png");
        }

        return new MomentRequest(id, moments, velocity, band, VelocityAxis.Parse(parameters.GetSingle("VELDEF")), restFrequency,
            MomentClip.Parse(parameters.GetSingle("CLIP")), SodaSpatialSubset.Read(parameters), CubeParameters.Pol(parameters), png);
    }

    private static (double, double) Interval(DaliInterval interval) => (interval.Lower, interval.Upper);
}
