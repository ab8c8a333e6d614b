using VoServices.Dali;

using VoServices.Database;

namespace VoServices.Sia;

/// <summary>
/// Polygons that together cover a POS=RANGE box (meridians and parallels), for the GiST index to
/// preselect rows, and polygons inside it, which accept rows at once; <c>vo.sia_range_overlaps</c>
/// decides the rest exactly. Each piece spans at most 90° of longitude (far smaller than a hemisphere)
/// and follows the parallels with vertices at most 10° apart, moved outward (cover) or inward (inside)
/// where a great-circle edge between them would bulge across the parallel.
/// </summary>
public static class RangeCover
{
    private const double MaxPieceWidth = 90;
    private const double MaxStep = 10;

    /// <summary>Margin (degrees) added on every side so that degenerate boxes (a line, a point) still cover something.</summary>
    private const double Margin = 1e-6;

    /// <summary>
    /// pgsphere refuses some polygons with a vertex at a pole (e.g. a lune from pole to pole), so sides stop
    /// this far (degrees) from a pole; a box reaching the pole is covered there by a circle of
    /// <see cref="PoleCapRadius"/> around it.
    /// </summary>
    public const double PoleGap = 1e-3;

    public const double PoleCapRadius = 2 * PoleGap;

    /// <summary>Whether the box reaches within <see cref="PoleGap"/> of the north (south) pole.</summary>
    public static (bool North, bool South) ReachesPoles(DaliRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return (range.Lat2 > 90 - PoleGap, range.Lat1 < -90 + PoleGap);
    }

    /// <summary>The covering polygons as DALI vertex lists {lon1, lat1, lon2, lat2, ...} in degrees.</summary>
    public static IReadOnlyList<double[]> Polygons(DaliRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return Pieces(range.Lon1 - Margin, range.Lon2 + Margin, Math.Max(-90, range.Lat1 - Margin), Math.Min(90, range.Lat2 + Margin), outward: true)!;
    }

    /// <summary>Polygons inside the box (empty when it is too thin for any).</summary>
    public static IReadOnlyList<double[]> Inside(DaliRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return range.Lon2 - range.Lon1 <= 2 * Margin || range.Lat2 - range.Lat1 <= 2 * Margin
            ? []
            : Pieces(range.Lon1 + Margin, range.Lon2 - Margin, range.Lat1 + Margin, range.Lat2 - Margin, outward: false) ?? [];
    }

    private static List<double[]>? Pieces(double lon1, double lon2, double lat1, double lat2, bool outward)
    {
        var width = lon2 - lon1;
        var pieces = (int)Math.Ceiling(width / MaxPieceWidth);
        var result = new List<double[]>(pieces);
        for (var p = 0; p < pieces; p++)
        {
            var piece = Piece(lon1 + (width * p / pieces), lon1 + (width * (p + 1) / pieces), lat1, lat2, outward);
            if (piece is null)
            {
                return null;
            }

            result.Add(piece);
        }

        return result;
    }

    private static double[]? Piece(double from, double to, double lat1, double lat2, bool outward)
    {
        var steps = (int)Math.Ceiling((to - from) / MaxStep);
        var step = (to - from) / steps;
        var south = Math.Max(-90 + PoleGap, Side(lat1, step, northSide: false, outward));
        var north = Math.Min(90 - PoleGap, Side(lat2, step, northSide: true, outward));
        if (south >= north)
        {
            return null; // an inside polygon of a box thinner than the bulge of its sides
        }

        var vertices = new List<(double Lon, double Lat)>();
        // South side west to east, east side (a meridian arc; its mid-point keeps each edge shorter than 180°),
        // north side east to west, west side.
        for (var i = 0; i <= steps; i++)
        {
            vertices.Add((from + (i * step), south));
        }

        vertices.Add((to, (south + north) / 2));
        for (var i = steps; i >= 0; i--)
        {
            vertices.Add((from + (i * step), north));
        }

        vertices.Add((from, (south + north) / 2));
        return vertices.SelectMany(v => new[] { Normalize(v.Lon), v.Lat }).ToArray();
    }

    /// <summary>
    /// The latitude for vertices <paramref name="step"/> degrees apart on a side at <paramref name="lat"/>:
    /// a great circle between two points of one latitude bulges poleward, its middle at
    /// tan(mid) = tan(lat) / cos(step / 2). Where the bulge crosses the parallel the wrong way (into the box
    /// for a cover, out of it for an inside polygon) the vertices move towards the equator by as much, so
    /// that the edge just touches the parallel.
    /// </summary>
    private static double Side(double lat, double step, bool northSide, bool outward)
    {
        var bulgesOut = northSide ? lat > 0 : lat < 0;
        if (bulgesOut == outward)
        {
            return lat;
        }

        var shifted = Math.Atan(Math.Tan(lat * Math.PI / 180) * Math.Cos(step / 2 * Math.PI / 180)) * 180 / Math.PI;
        // A further margin, away from the box for a cover, into it for an inside polygon.
        return shifted + ((northSide == outward) ? Margin : -Margin);
    }

    private static double Normalize(double lon) => ((lon % 360) + 360) % 360;
}
