using System.Globalization;

namespace VoServices.Dali;

/// <summary>A DALI interval (inclusive); open ends are infinities.</summary>
public sealed record DaliInterval(double Lower, double Upper)
{
    public bool IsScalar => Lower == Upper;
}

/// <summary>A region in ICRS degrees as SIA 2.0 POS and SODA POS/CIRCLE/POLYGON give it.</summary>
public abstract record DaliShape;

public sealed record DaliCircle(double Lon, double Lat, double Radius) : DaliShape;

/// <summary>
/// POS=RANGE lon1 lon2 lat1 lat2; infinite ends are already clamped to the sky (0..360, -90..90).
/// Always Lon1 &lt;= Lon2: a range through RA = 0 (the client's lon1 above its lon2, e.g. 359.8 0.8) is
/// kept as Lon2 = lon2 + 360 (359.8..360.8), so every consumer's "lon + 360 &lt;= Lon2" test covers it.
/// </summary>
public sealed record DaliRange(double Lon1, double Lon2, double Lat1, double Lat2) : DaliShape
{
    public bool IsWholeSky => Lon2 - Lon1 >= 360 && Lat1 <= -90 && Lat2 >= 90;
}

/// <summary>A polygon of at least three vertices (implicitly closed; the smaller region it bounds).</summary>
public sealed record DaliPolygon(IReadOnlyList<(double Lon, double Lat)> Vertices) : DaliShape;

/// <summary>
/// Parses DALI 1.1 values (intervals, circles, polygons, and the POS shapes of SIA 2.0 / SODA 1.0).
/// Every failure is a <see cref="DaliException"/> naming the parameter and saying what was expected.
/// Longitudes are reduced to [0, 360); latitudes must lie in [-90, 90]; radii in (0, 180].
/// </summary>
public static class DaliValues
{
    /// <summary>
    /// Most vertices a POLYGON may have (SIA POS, SODA POLYGON/POS). Each vertex costs pgsphere time on
    /// every candidate row (10,000 vertices held a database core for ~70 s), while footprints people
    /// draw or clients compute have a handful; 100 leaves room for a finely sampled outline.
    /// </summary>
    public const int MaxPolygonVertices = 100;

    /// <summary>An interval "lo hi" (or a single value "v" = [v, v]); -Inf, +Inf (and "Inf" after form decoding turned '+' into a space).</summary>
    public static DaliInterval ParseInterval(string parameter, string text)
    {
        var numbers = Numbers(parameter, text, allowInfinity: true);
        var (lower, upper) = numbers.Length switch
        {
            1 when double.IsFinite(numbers[0]) => (numbers[0], numbers[0]),
            2 => (numbers[0], numbers[1]),
            _ => throw DaliException.BadParameter(parameter,
                $"'{DaliParameters.Shorten(text.Trim())}' is not an interval; give two numbers 'lower upper' (-Inf and +Inf for open ends) or a single number"),
        };
        if (lower > upper)
        {
            throw DaliException.BadParameter(parameter, $"the interval '{DaliParameters.Shorten(text.Trim())}' has its lower bound above its upper bound");
        }

        return new DaliInterval(lower, upper);
    }

    /// <summary>A DALI circle "lon lat radius" in degrees.</summary>
    public static DaliCircle ParseCircle(string parameter, string text)
    {
        var n = Numbers(parameter, text, allowInfinity: false);
        if (n.Length != 3)
        {
            throw DaliException.BadParameter(parameter,
                $"'{DaliParameters.Shorten(text.Trim())}' is not a circle; give three numbers 'ra dec radius' in degrees");
        }

        return Circle(parameter, n[0], n[1], n[2]);
    }

    /// <summary>A DALI polygon "lon1 lat1 lon2 lat2 lon3 lat3 ..." in degrees.</summary>
    public static DaliPolygon ParsePolygon(string parameter, string text)
    {
        var n = Numbers(parameter, text, allowInfinity: false);
        if (n.Length / 2 > MaxPolygonVertices)
        {
            throw DaliException.BadParameter(parameter,
                $"the polygon has {n.Length / 2} vertices, more than the {MaxPolygonVertices} this service takes; give a simpler outline");
        }

        if (n.Length < 6 || n.Length % 2 != 0)
        {
            throw DaliException.BadParameter(parameter,
                $"'{DaliParameters.Shorten(text.Trim())}' is not a polygon; give at least three 'ra dec' pairs in degrees");
        }

        var vertices = new (double, double)[n.Length / 2];
        for (var i = 0; i < vertices.Length; i++)
        {
            vertices[i] = (Lon(n[2 * i]), Lat(parameter, n[(2 * i) + 1]));
        }

        return new DaliPolygon(vertices);
    }

    /// <summary>POS: "CIRCLE lon lat r", "RANGE lon1 lon2 lat1 lat2" or "POLYGON lon1 lat1 ..." (keyword in any case).</summary>
    public static DaliShape ParsePos(string parameter, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var space = trimmed.IndexOfAny([' ', '\t']);
        var keyword = space < 0 ? trimmed : trimmed[..space];
        var rest = space < 0 ? "" : trimmed[space..];
        if (keyword.Equals("CIRCLE", StringComparison.OrdinalIgnoreCase))
        {
            return ParseCircle(parameter, rest);
        }

        if (keyword.Equals("POLYGON", StringComparison.OrdinalIgnoreCase))
        {
            return ParsePolygon(parameter, rest);
        }

        if (keyword.Equals("RANGE", StringComparison.OrdinalIgnoreCase))
        {
            var n = Numbers(parameter, rest, allowInfinity: true);
            if (n.Length != 4)
            {
                throw DaliException.BadParameter(parameter,
                    $"'{DaliParameters.Shorten(trimmed)}' is not a range; give RANGE ra1 ra2 dec1 dec2 in degrees (-Inf/+Inf allowed)");
            }

            var lon1 = double.IsNegativeInfinity(n[0]) ? 0 : n[0];
            var lon2 = double.IsPositiveInfinity(n[1]) ? 360 : n[1];
            var lat1 = double.IsNegativeInfinity(n[2]) ? -90 : n[2];
            var lat2 = double.IsPositiveInfinity(n[3]) ? 90 : n[3];
            if (!double.IsFinite(lon1) || !double.IsFinite(lon2) || !double.IsFinite(lat1) || !double.IsFinite(lat2)
                || lon1 < 0 || lon1 > 360 || lon2 < 0 || lon2 > 360)
            {
                throw DaliException.BadParameter(parameter,
                    $"'{DaliParameters.Shorten(trimmed)}': RANGE needs ra1 and ra2 in [0, 360] (or -Inf/+Inf); ra1 > ra2 means through RA = 0");
            }

            if (lon1 > lon2)
            {
                // Longitude is cyclic: 359.8 0.8 is the 1° strip through RA = 0 (DALI lets lon1 exceed lon2).
                lon2 += 360;
            }

            if (lat1 > lat2)
            {
                throw DaliException.BadParameter(parameter, $"'{DaliParameters.Shorten(trimmed)}': RANGE needs dec1 <= dec2");
            }

            return new DaliRange(lon1, lon2, Lat(parameter, lat1), Lat(parameter, lat2));
        }

        throw DaliException.BadParameter(parameter,
            $"'{DaliParameters.Shorten(trimmed)}' is not a region; give CIRCLE ra dec r, RANGE ra1 ra2 dec1 dec2 or POLYGON ra1 dec1 ra2 dec2 ra3 dec3 ...");
    }

    public static DaliCircle Circle(string parameter, double lon, double lat, double radius)
    {
        if (!(radius > 0 && radius <= 180))
        {
            throw DaliException.BadParameter(parameter, $"radius {Format(radius)} is out of range; give a radius in degrees, above 0 and at most 180");
        }

        return new DaliCircle(Lon(lon), Lat(parameter, lat), radius);
    }

    /// <summary>A double as DALI writes it (shortest round-trip form, invariant culture).</summary>
    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static double Lon(double lon)
    {
        var reduced = lon % 360;
        return reduced < 0 ? reduced + 360 : reduced;
    }

    private static double Lat(string parameter, double lat) =>
        lat is >= -90 and <= 90
            ? lat
            : throw DaliException.BadParameter(parameter, $"declination {Format(lat)} is out of range; it must lie in [-90, 90]");

    private static double[] Numbers(string parameter, string text, bool allowInfinity)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (allowInfinity && (p.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || p.Equals("Inf", StringComparison.OrdinalIgnoreCase)))
            {
                numbers[i] = double.PositiveInfinity;
            }
            else if (allowInfinity && p.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
            {
                numbers[i] = double.NegativeInfinity;
            }
            else if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                throw DaliException.BadParameter(parameter, $"'{DaliParameters.Shorten(p)}' in '{DaliParameters.Shorten(text.Trim())}' is not a number");
            }
        }

        return numbers;
    }
}
