using System.Globalization;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>`VELDEF`: the velocity convention moments are computed in.</summary>
public enum VelocityDefinition
{
    /// <summary>v = c (ν₀ − ν) / ν₀ (WCSLIB VRAD).</summary>
    Radio,

    /// <summary>v = c (λ − λ₀) / λ₀ (WCSLIB VOPT).</summary>
    Optical,

    /// <summary>The relativistic (apparent radial) velocity (WCSLIB VELO).</summary>
    Relativistic,
}

/// <summary>
/// The cube's channels as velocities (km/s) in one convention, through WCSLIB: each channel's centre and its own
/// width, |v(k + ½) − v(k − ½)| between its edges, so non-linear axes (a FREQ axis seen in optical velocity, a
/// log-wavelength axis) get the right widths and a decreasing axis the same positive widths as an increasing one.
/// </summary>
public sealed record VelocityAxis(double[] Velocity, double[] Width, VelocityDefinition Definition, string Note)
{
    /// <summary>km/s: how far past a VLOW/VHIGH bound a channel centre may fall and still count as on it (0.1 mm/s).</summary>
    public const double Tolerance = 1e-7;

    public int Count => Velocity.Length;

    /// <summary>
    /// The channels of spectral axis <paramref name="spectralAxis"/> (0-based) of <paramref name="header"/>, in
    /// <paramref name="definition"/> (null: the cube's own, see <see cref="DefaultFor"/>), with
    /// <paramref name="restFrequency"/> (Hz) replacing the header's RESTFRQ when given.
    /// </summary>
    public static VelocityAxis Read(FitsHeader header, int spectralAxis, long channels, VelocityDefinition? definition, double? restFrequency)
    {
        ArgumentNullException.ThrowIfNull(header);
        var source = restFrequency is { } nu ? WithRestFrequency(header, nu) : header;
        using var wcs = Transform(source);
        var ctype = wcs.CTypes[spectralAxis];
        var (chosen, note) = definition is { } d ? (d, $"VELDEF={Name(d)} as requested") : DefaultFor(ctype);
        WcsTransform velocity;
        try
        {
            velocity = wcs.WithSpectralAxisAs(Code(chosen));
        }
        catch (WcsException e)
        {
            throw DaliException.BadParameter(restFrequency is null ? "RESTFRQ" : "VELDEF",
                $"the spectral axis {ctype} cannot be expressed as {Name(chosen)} velocity ({e.Message}); a rest frequency (RESTFRQ, Hz) may be missing");
        }

        using (velocity)
        {
            var n = (int)channels;
            var pixel = new double[wcs.NAxis * ((2 * n) + 1)];
            for (var k = 0; k <= 2 * n; k++)
            {
                for (var a = 0; a < wcs.NAxis; a++)
                {
                    pixel[(k * wcs.NAxis) + a] = 1;
                }

                // 1-based FITS pixels: channel k (0-based) has its centre at k + 1 and its edges at k + ½, k + 1½.
                pixel[(k * wcs.NAxis) + spectralAxis] = 0.5 + (k * 0.5);
            }

            var world = new double[pixel.Length];
            velocity.PixelToWorld(pixel, world);
            var v = new double[n];
            var w = new double[n];
            for (var k = 0; k < n; k++)
            {
                var lower = world[(2 * k * wcs.NAxis) + spectralAxis];
                var centre = world[(((2 * k) + 1) * wcs.NAxis) + spectralAxis];
                var upper = world[(((2 * k) + 2) * wcs.NAxis) + spectralAxis];
                // WCSLIB's velocities are in m/s.
                v[k] = centre / 1000;
                w[k] = Math.Abs(upper - lower) / 1000;
            }

            return new VelocityAxis(v, w, chosen, $"{ctype} in {Name(chosen)} velocity ({note})");
        }
    }

    /// <summary>
    /// The cube's own convention: VRAD and FREQ radio; VOPT, ZOPT, WAVE and AWAV optical; VELO relativistic; AIPS's
    /// VELO-xxx without VELREF is read by WCSLIB as optical, and so it is here.
    /// </summary>
    public static (VelocityDefinition Definition, string Why) DefaultFor(string ctype)
    {
        ArgumentNullException.ThrowIfNull(ctype);
        var head = ctype.Length >= 4 ? ctype[..4].ToUpperInvariant() : ctype.ToUpperInvariant();
        // AIPS's convention puts a frame, not a WCSLIB algorithm code, after the dash: VELO-LSR, FELO-HEL.
        string[] aipsFrames = ["LSR", "HEL", "OBS", "LSD", "GEO", "SOU", "GAL", "BAR", "TOP"];
        var aips = ctype.Length == 8 && ctype[4] == '-' && aipsFrames.Contains(ctype[5..].ToUpperInvariant());
        return head switch
        {
            "VRAD" or "FREQ" or "ENER" or "WAVN" => (VelocityDefinition.Radio, "the axis's own: radio"),
            "VOPT" or "ZOPT" or "WAVE" or "AWAV" => (VelocityDefinition.Optical, "the axis's own: optical"),
            "FELO" => (VelocityDefinition.Optical, "AIPS FELO: optical"),
            "VELO" when aips => (VelocityDefinition.Optical, "AIPS VELO-xxx without VELREF: read by WCSLIB as optical"),
            "VELO" => (VelocityDefinition.Relativistic, "the axis's own: relativistic"),
            _ => (VelocityDefinition.Radio, "radio by default"),
        };
    }

    public static string Name(VelocityDefinition definition) => definition.ToString().ToLowerInvariant();

    public static VelocityDefinition? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "radio" or "vrad" => VelocityDefinition.Radio,
        "optical" or "vopt" => VelocityDefinition.Optical,
        "relativistic" or "velo" => VelocityDefinition.Relativistic,
        _ => throw DaliException.BadParameter("VELDEF", $"'{DaliParameters.Shorten(text)}' is not radio, optical or relativistic"),
    };

    /// <summary>The channel range [first, last] (0-based, inclusive) whose centres lie in [low, high] km/s; null when none.</summary>
    public (int First, int Last)? ChannelsBetween(double low, double high)
    {
        int? first = null, last = null;
        for (var k = 0; k < Count; k++)
        {
            // A bound on a channel centre keeps that channel, though WCSLIB's conversion may have moved it by a rounding.
            if (Velocity[k] >= low - Tolerance && Velocity[k] <= high + Tolerance)
            {
                first ??= k;
                last = k;
            }
        }

        return first is { } f ? (f, last!.Value) : null;
    }

    private static string Code(VelocityDefinition definition) => definition switch
    {
        VelocityDefinition.Optical => "VOPT-???",
        VelocityDefinition.Relativistic => "VELO-???",
        _ => "VRAD-???",
    };

    private static WcsTransform Transform(FitsHeader header)
    {
        try
        {
            return WcsTransform.FromHeader(header);
        }
        catch (WcsException e)
        {
            throw DaliException.BadParameter("ID", $"the cube's WCS cannot be read ({e.Message})");
        }
    }

    private static FitsHeader WithRestFrequency(FitsHeader header, double hz)
    {
        var images = header.CardImages.Where(c => !c.StartsWith("RESTFRQ ", StringComparison.Ordinal) && !c.StartsWith("RESTFREQ", StringComparison.Ordinal) && !c.StartsWith("END     ", StringComparison.Ordinal));
        var card = new FitsHeaderBuilder().Set("RESTFRQ", hz, "rest frequency (Hz), as the request gave it").CardImages();
        return new FitsHeader(images.Concat(card));
    }

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
