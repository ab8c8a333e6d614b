using System.Globalization;

namespace VoServices.Hips;

/// <summary>Angles as options and column units write them: "17.65arcsec", "2arcmin", "0.5deg"; units deg, arcmin, arcsec, mas, rad (VOUnit spellings).</summary>
public static class AngleUnits
{
    /// <summary>Degrees per <paramref name="unit"/>, or null when it is not an angle unit.</summary>
    public static double? Degrees(string? unit) => unit?.Trim().ToLowerInvariant() switch
    {
        "deg" or "degree" or "degrees" or "d" => 1,
        "arcmin" or "'" or "amin" => 1.0 / 60,
        "arcsec" or "\"" or "asec" or "″" => 1.0 / 3600,
        "mas" or "milliarcsec" => 1.0 / 3_600_000,
        "rad" or "radian" or "radians" => 180 / Math.PI,
        _ => null,
    };

    /// <summary>"17.65arcsec" → 0.0049…°; null when it is not a number followed by an angle unit.</summary>
    public static double? ParseDegrees(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var end = t.Length;
        while (end > 0 && !char.IsAsciiDigit(t[end - 1]) && t[end - 1] != '.')
        {
            end--;
        }

        return Degrees(t[end..]) is { } perUnit && double.TryParse(t[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v * perUnit
            : null;
    }
}
