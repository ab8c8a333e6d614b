using VoServices.Dali;
using VoServices.Fits.Sky;

namespace VoServices.Cubes;

/// <summary>`INTERP`: how a PV sample between pixel centres gets its value.</summary>
public enum PvInterpolation
{
    /// <summary>The nearest pixel's value (scipy map_coordinates order 0).</summary>
    Nearest,

    /// <summary>Bilinear between the four surrounding pixels (scipy map_coordinates order 1).</summary>
    Linear,

    /// <summary>
    /// Keys cubic convolution (a = −0.5, Catmull-Rom), separable over the 4×4 pixels floor − 1 … floor + 2 on each
    /// axis (a pixel whose weight is zero, as at integer positions, is not read: there the value is the pixel's). Where
    /// that support leaves the plane or touches a NaN pixel, the sample falls back to <see cref="Linear"/> (itself NaN
    /// off [0, n − 1] or when its 2×2 support touches a NaN).
    /// </summary>
    Cubic,
}

/// <summary>
/// A `/cube/pv` request: the path, how densely and how wide it is sampled, where offsets count from, and which
/// channels and Stokes plane.
/// </summary>
/// <param name="Vertices">
/// The path's vertices (deg), joined by great-circle arcs (CENTER + LENGTH + PA makes two): ICRS by default, as DALI
/// positions are; in the cube's own frame with FRAME=native (so PA 90 on a galactic cube runs along longitude).
/// </param>
/// <param name="Native">The vertices are in the cube's own celestial frame (FRAME=native), not ICRS.</param>
/// <param name="Width">Averaging width across the path (deg); null: one sample, no averaging.</param>
/// <param name="Spacing">Distance between samples along the path (deg); null: one pixel.</param>
/// <param name="FromCenter">Offsets count from the middle of the path (ORIGIN=center) rather than its start.</param>
/// <param name="Png">The slice comes as a PNG diagram (RESPONSEFORMAT=image/png) rather than FITS.</param>
public sealed record PvRequest(
    string Id,
    IReadOnlyList<SkyPoint> Vertices,
    bool Native,
    double? Width,
    double? Spacing,
    PvInterpolation Interpolation,
    bool FromCenter,
    (double Low, double High)? Velocity,
    VelocityDefinition? Definition,
    double? RestFrequency,
    string Pol,
    bool Png)
{
    /// <summary>At most this many PATH vertices.</summary>
    public const int MaxVertices = 100;

    public static PvRequest From(DaliParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var id = CubeParameters.Id(parameters);
        var path = parameters.GetSingle("PATH");
        var center = parameters.GetSingle("CENTER");
        IReadOnlyList<SkyPoint> vertices;
        var hasPath = !string.IsNullOrWhiteSpace(path);
        var hasCenter = !string.IsNullOrWhiteSpace(center);
        if (hasPath && hasCenter)
        {
            throw DaliException.BadParameter("PATH", "give the slice either as PATH (vertices) or as CENTER + LENGTH + PA, not both");
        }

        if (hasPath)
        {
            vertices = ParsePath(path!);
        }
        else if (hasCenter)
        {
            var c = Numbers("CENTER", center!);
            if (c.Length != 2)
            {
                throw DaliException.BadParameter("CENTER", $"CENTER is one position, 'lon lat' in degrees; got {c.Length} numbers");
            }

            var mid = Point("CENTER", c[0], c[1]);
            var length = CubeParameters.Number(parameters, "LENGTH") ?? throw DaliException.BadParameter("LENGTH", "with CENTER, give LENGTH (deg) and PA (deg east of north)");
            if (length is <= 0 or >= 180)
            {
                throw DaliException.BadParameter("LENGTH", $"LENGTH {length}° must lie between 0 and 180 degrees");
            }

            var pa = CubeParameters.Number(parameters, "PA") ?? throw DaliException.BadParameter("PA", "with CENTER, give PA (deg east of north) and LENGTH (deg)");
            // The slice runs from PA + 180° to PA through the centre, so offsets grow towards PA.
            vertices = [Offset(mid, pa + 180, length / 2), Offset(mid, pa, length / 2)];
        }
        else
        {
            throw DaliException.BadParameter("PATH", "give the slice as PATH (lon lat lon lat …, degrees) or as CENTER + LENGTH + PA");
        }

        if (!hasCenter && (parameters.GetSingle("LENGTH") is { Length: > 0 } || parameters.GetSingle("PA") is { Length: > 0 }))
        {
            throw DaliException.BadParameter(parameters.GetSingle("LENGTH") is { Length: > 0 } ? "LENGTH" : "PA", "LENGTH and PA go with CENTER, not with PATH");
        }

        var native = parameters.GetSingle("FRAME")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "icrs" => false,
            "native" => true,
            var other => throw DaliException.BadParameter("FRAME", $"'{DaliParameters.Shorten(other)}' is not icrs or native (the cube's own frame)"),
        };
        var width = Positive(parameters, "WIDTH");
        var spacing = Positive(parameters, "SPACING");
        var interpolation = parameters.GetSingle("INTERP")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "linear" or "bilinear" => PvInterpolation.Linear,
            "nearest" => PvInterpolation.Nearest,
            "cubic" => PvInterpolation.Cubic,
            var other => throw DaliException.BadParameter("INTERP", $"'{DaliParameters.Shorten(other)}' is not linear, nearest or cubic"),
        };
        var fromCenter = parameters.GetSingle("ORIGIN")?.Trim().ToLowerInvariant() switch
        {
            null or "" => hasCenter,
            "start" => false,
            "center" or "centre" => true,
            var other => throw DaliException.BadParameter("ORIGIN", $"'{DaliParameters.Shorten(other)}' is not start or center"),
        };
        var velocity = CubeParameters.Velocity(parameters);
        var restFrequency = CubeParameters.RestFrequency(parameters);

        var png = CubeParameters.Png(parameters, "PV slices");

        return new PvRequest(id, vertices, native, width, spacing, interpolation, fromCenter, velocity, VelocityAxis.Parse(parameters.GetSingle("VELDEF")), restFrequency,
            CubeParameters.Pol(parameters), png);
    }

    /// <summary>The point <paramref name="distance"/> degrees from <paramref name="from"/> along position angle <paramref name="pa"/> (deg east of north).</summary>
    public static SkyPoint Offset(SkyPoint from, double pa, double distance)
    {
        var (lat, d, a) = (from.Dec * Math.PI / 180, distance * Math.PI / 180, pa * Math.PI / 180);
        var sinLat = (Math.Sin(lat) * Math.Cos(d)) + (Math.Cos(lat) * Math.Sin(d) * Math.Cos(a));
        var lat2 = Math.Asin(Math.Clamp(sinLat, -1, 1));
        var dlon = Math.Atan2(Math.Sin(a) * Math.Sin(d) * Math.Cos(lat), Math.Cos(d) - (Math.Sin(lat) * sinLat));
        var lon = (from.Ra + (dlon * 180 / Math.PI)) % 360;
        return new SkyPoint(lon < 0 ? lon + 360 : lon, lat2 * 180 / Math.PI);
    }

    private static List<SkyPoint> ParsePath(string text)
    {
        var v = Numbers("PATH", text);
        if (v.Length % 2 != 0)
        {
            throw DaliException.BadParameter("PATH", $"PATH is pairs 'lon lat' in degrees; {v.Length} numbers do not make pairs");
        }

        if (v.Length < 4 || v.Length > 2 * MaxVertices)
        {
            throw DaliException.BadParameter("PATH", $"PATH needs 2 to {MaxVertices} vertices; it has {v.Length / 2}");
        }

        var points = new List<SkyPoint>();
        for (var k = 0; k < v.Length; k += 2)
        {
            points.Add(Point("PATH", v[k], v[k + 1]));
        }

        for (var k = 1; k < points.Count; k++)
        {
            // A half-circle or more has no unique great circle (antipodes) or is not the short way round.
            if (points[k - 1].DistanceTo(points[k]) >= 179.999)
            {
                throw DaliException.BadParameter("PATH", $"vertices {k} and {k + 1} are (nearly) antipodal; split the segment");
            }
        }

        if (points.Zip(points.Skip(1)).All(p => p.First.DistanceTo(p.Second) == 0))
        {
            throw DaliException.BadParameter("PATH", "the path has no length: its vertices coincide");
        }

        return points;
    }

    private static SkyPoint Point(string name, double lon, double lat)
    {
        if (lat is < -90 or > 90)
        {
            throw DaliException.BadParameter(name, $"latitude {lat}° is outside [-90, 90]");
        }

        var l = lon % 360;
        return new SkyPoint(l < 0 ? l + 360 : l, lat);
    }

    private static double[] Numbers(string name, string text) =>
        text.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => CubeParameters.Finite(name, t, " (degrees)"))
            .ToArray();

    private static double? Positive(DaliParameters parameters, string name) =>
        CubeParameters.Number(parameters, name) is { } x
            ? x > 0 && x < 180 ? x : throw DaliException.BadParameter(name, $"{name} {x}° must be a positive angle below 180 degrees")
            : null;
}
