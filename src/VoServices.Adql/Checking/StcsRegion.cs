using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VoServices.Adql.Checking;

/// <summary>
/// The STC-S subset REGION accepts: the shapes this service writes itself (adql_stcs: Position, Circle,
/// Polygon) and Box, each with an optional ICRS frame, coordinates in degrees:
/// <c>Circle [ICRS] ra dec r</c>, <c>Polygon [ICRS] ra1 dec1 ra2 dec2 ra3 dec3 ...</c>,
/// <c>Box [ICRS] ra dec width height</c>, <c>Position [ICRS] ra dec</c>.
/// The result names the ADQL geometry function with the same meaning (POINT, CIRCLE, POLYGON, BOX).
/// </summary>
internal static class StcsRegion
{
    private static readonly HashSet<string> OtherFrames = new(StringComparer.OrdinalIgnoreCase)
    {
        "FK4", "FK5", "J2000", "B1950", "ECLIPTIC", "GALACTIC", "GALACTIC_I", "GALACTIC_II", "SUPER_GALACTIC",
        "GEO_C", "GEO_D", "UNKNOWNFrame",
    };

    public static bool TryParse(string text, [NotNullWhen(true)] out (string Function, double[] Numbers)? shape,
        [NotNullWhen(false)] out string? error)
    {
        shape = null;
        var words = text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            error = "REGION needs an STC-S shape such as 'Circle ICRS 10 20 1', not an empty string";
            return false;
        }

        var (function, usage) = words[0].ToUpperInvariant() switch
        {
            "POSITION" => ("POINT", "Position [ICRS] ra dec"),
            "CIRCLE" => ("CIRCLE", "Circle [ICRS] ra dec radius"),
            "BOX" => ("BOX", "Box [ICRS] ra dec width height"),
            "POLYGON" => ("POLYGON", "Polygon [ICRS] ra1 dec1 ra2 dec2 ra3 dec3 ..."),
            _ => (null, null),
        };
        if (function is null || usage is null)
        {
            error = $"REGION supports the STC-S shapes Position, Circle, Box and Polygon, not '{words[0]}'";
            return false;
        }

        var first = 1;
        if (words.Length > 1 && !LooksNumeric(words[1]))
        {
            if (!string.Equals(words[1], "ICRS", StringComparison.OrdinalIgnoreCase))
            {
                error = OtherFrames.Contains(words[1])
                    ? $"REGION supports ICRS coordinates only (or no frame), not the frame '{words[1]}'"
                    : $"'{words[1]}' in REGION is neither the frame ICRS nor a number ({usage})";
                return false;
            }

            first = 2;
        }

        var numbers = new double[words.Length - first];
        for (var i = first; i < words.Length; i++)
        {
            if (!double.TryParse(words[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                error = $"'{words[i]}' in REGION is not a number ({usage}; reference positions, units and other STC-S options are not supported)";
                return false;
            }

            numbers[i - first] = value;
        }

        var ok = function switch
        {
            "POINT" => numbers.Length == 2,
            "CIRCLE" => numbers.Length == 3,
            "BOX" => numbers.Length == 4,
            _ => numbers.Length >= 6 && numbers.Length % 2 == 0,
        };
        if (!ok)
        {
            error = $"REGION '{words[0]}' takes {usage}, but has {numbers.Length} number{(numbers.Length == 1 ? "" : "s")}";
            return false;
        }

        shape = (function, numbers);
        error = null;
        return true;
    }

    private static bool LooksNumeric(string word) => word.Length > 0 && (char.IsAsciiDigit(word[0]) || word[0] is '+' or '-' or '.');
}
