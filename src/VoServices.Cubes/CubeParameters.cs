using System.Globalization;
using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>The parameters every cube service reads alike (ID, VLOW/VHIGH, RESTFRQ, POL, FITS or PNG output), one rule each.</summary>
internal static class CubeParameters
{
    public static string Id(DaliParameters parameters) =>
        parameters.GetSingle("ID") is { Length: > 0 } id ? id : throw DaliException.BadParameter("ID", "ID (the cube's obs_publisher_did) is required");

    /// <summary>VLOW/VHIGH in km/s, a missing one open-ended; null when neither is given.</summary>
    public static (double Low, double High)? Velocity(DaliParameters parameters)
    {
        var low = Number(parameters, "VLOW");
        var high = Number(parameters, "VHIGH");
        (double, double)? velocity = low is null && high is null ? null : (low ?? double.NegativeInfinity, high ?? double.PositiveInfinity);
        return velocity is var (vl, vh) && vl > vh
            ? throw DaliException.BadParameter("VLOW", $"VLOW {vl} km/s is above VHIGH {vh} km/s")
            : velocity;
    }

    public static double? RestFrequency(DaliParameters parameters)
    {
        var hz = Number(parameters, "RESTFRQ");
        return hz is <= 0 ? throw DaliException.BadParameter("RESTFRQ", "the rest frequency is in Hz and must be positive") : hz;
    }

    public static string Pol(DaliParameters parameters) =>
        parameters.GetSingle("POL")?.Trim().ToUpperInvariant() is { Length: > 0 } pol ? pol : "I";

    /// <summary>
    /// RESPONSEFORMAT: false for FITS (the default), true for PNG; anything else is refused, naming what
    /// <paramref name="products"/> are.
    /// </summary>
    public static bool Png(DaliParameters parameters, string products)
    {
        var format = parameters.GetSingle("RESPONSEFORMAT")?.Split(';')[0].Trim().ToLowerInvariant();
        return format switch
        {
            null or "" or "fits" or "image/fits" or "application/fits" => false,
            "png" or "image/png" => true,
            _ => throw DaliException.BadParameter("RESPONSEFORMAT", $"'{DaliParameters.Shorten(format)}' is not offered; {products} are image/fits or image/png"),
        };
    }

    public static double? Number(DaliParameters parameters, string name)
    {
        var text = parameters.GetSingle(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Finite(name, text.Trim(), "");
    }

    /// <summary><paramref name="text"/> as a finite number, or 400 naming <paramref name="name"/> (<paramref name="what"/> says what it should be).</summary>
    public static double Finite(string name, string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw DaliException.BadParameter(name, $"'{DaliParameters.Shorten(text)}' is not a finite number{what}");
}
