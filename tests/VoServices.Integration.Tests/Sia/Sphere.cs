namespace VoServices.Integration.Tests.Sia;

/// <summary>A unit vector on the celestial sphere.</summary>
public readonly record struct Vec(double X, double Y, double Z)
{
    public static Vec FromDegrees(double lon, double lat)
    {
        var (l, b) = (lon * Math.PI / 180, lat * Math.PI / 180);
        return new Vec(Math.Cos(b) * Math.Cos(l), Math.Cos(b) * Math.Sin(l), Math.Sin(b));
    }

    public double Lat => Math.Asin(Math.Clamp(Z, -1, 1)) * 180 / Math.PI;

    /// <summary>Longitude in [0, 360).</summary>
    public double Lon
    {
        get
        {
            var lon = Math.Atan2(Y, X) * 180 / Math.PI;
            return lon < 0 ? lon + 360 : lon;
        }
    }

    public double Dot(Vec o) => (X * o.X) + (Y * o.Y) + (Z * o.Z);

    public Vec Cross(Vec o) => new((Y * o.Z) - (Z * o.Y), (Z * o.X) - (X * o.Z), (X * o.Y) - (Y * o.X));

    public Vec Normalized()
    {
        var n = Math.Sqrt(Dot(this));
        return new Vec(X / n, Y / n, Z / n);
    }

    public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec operator *(double k, Vec a) => new(k * a.X, k * a.Y, k * a.Z);

    public static Vec operator -(Vec a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Angle between two unit vectors in degrees (atan2 form: accurate for small and large angles).</summary>
    public double AngleTo(Vec o) => Math.Atan2(Math.Sqrt(Cross(o).Dot(Cross(o))), Dot(o)) * 180 / Math.PI;
}

/// <summary>
/// Spherical geometry written independently of pgsphere, for brute-force checks of SIA's POS: convex
/// polygons with great-circle edges, circles (any radius up to 180°), and RANGE boxes bounded by meridians
/// and parallels. Shapes "intersect" when they share at least one point (boundaries included).
/// </summary>
public static class Sphere
{
    /// <summary>A convex spherical polygon smaller than a hemisphere (vertices in either order).</summary>
    public sealed class ConvexPolygon
    {
        public ConvexPolygon(IReadOnlyList<(double Lon, double Lat)> vertices)
        {
            Vertices = vertices.Select(v => Vec.FromDegrees(v.Lon, v.Lat)).ToArray();
            // The normalised vertex mean lies inside a convex polygon smaller than a hemisphere; it fixes the orientation.
            var centre = Vertices.Aggregate(new Vec(0, 0, 0), (a, v) => a + v).Normalized();
            var signs = Edges().Select(e => Math.Sign(e.A.Cross(e.B).Dot(centre))).Distinct().ToList();
            if (signs.Count != 1 || signs[0] == 0)
            {
                throw new ArgumentException("the polygon is not convex (or is degenerate): " + string.Join(' ', vertices));
            }

            Orientation = signs[0];
        }

        public Vec[] Vertices { get; }

        private int Orientation { get; }

        public IEnumerable<(Vec A, Vec B)> Edges() => Vertices.Select((v, i) => (v, Vertices[(i + 1) % Vertices.Length]));

        public bool Contains(Vec p) => Edges().All(e => Orientation * e.A.Cross(e.B).Dot(p) >= 0);

        /// <summary>Distance (degrees) from p to the polygon: 0 inside, else to the nearest edge.</summary>
        public double DistanceTo(Vec p) => Contains(p) ? 0 : Edges().Min(e => DistanceToArc(p, e.A, e.B));
    }

    /// <summary>Distance in degrees from p to the minor great-circle arc a–b.</summary>
    public static double DistanceToArc(Vec p, Vec a, Vec b)
    {
        var n = a.Cross(b).Normalized();
        // Foot of the perpendicular from p on the great circle; it is on the arc when between a and b.
        var foot = (p + (-p.Dot(n) * n)).Normalized();
        if (a.Cross(foot).Dot(n) >= 0 && foot.Cross(b).Dot(n) >= 0)
        {
            return Math.Abs(Math.Asin(Math.Clamp(p.Dot(n), -1, 1))) * 180 / Math.PI;
        }

        return Math.Min(p.AngleTo(a), p.AngleTo(b));
    }

    /// <summary>Whether the minor arcs a1–a2 and b1–b2 share a point.</summary>
    public static bool ArcsCross(Vec a1, Vec a2, Vec b1, Vec b2)
    {
        var na = a1.Cross(a2);
        var nb = b1.Cross(b2);
        var line = na.Cross(nb);
        if (line.Dot(line) < 1e-30)
        {
            return false; // same great circle: overlapping collinear edges do not occur in random data
        }

        var x = line.Normalized();
        return OnArc(x, a1, a2, na) && OnArc(x, b1, b2, nb) || OnArc(-x, a1, a2, na) && OnArc(-x, b1, b2, nb);
    }

    private static bool OnArc(Vec x, Vec a, Vec b, Vec n) => a.Cross(x).Dot(n) >= 0 && x.Cross(b).Dot(n) >= 0;

    public static bool CircleIntersects(ConvexPolygon polygon, double lon, double lat, double radius) =>
        polygon.DistanceTo(Vec.FromDegrees(lon, lat)) <= radius;

    public static bool PolygonsIntersect(ConvexPolygon a, ConvexPolygon b) =>
        a.Vertices.Any(b.Contains) || b.Vertices.Any(a.Contains)
        || a.Edges().Any(ea => b.Edges().Any(eb => ArcsCross(ea.A, ea.B, eb.A, eb.B)));

    /// <summary>A box lon1..lon2 × lat1..lat2 (meridians and parallels; lon2 - lon1 may be 360).</summary>
    public static bool RangeIntersects(ConvexPolygon polygon, double lon1, double lon2, double lat1, double lat2)
    {
        bool InLon(double lon) => lon2 - lon1 >= 360 || lon >= lon1 && lon <= lon2 || lon2 >= 360 && lon + 360 <= lon2;
        bool InBox(Vec v) => v.Lat >= lat1 && v.Lat <= lat2 && (Math.Abs(v.Lat) == 90 || InLon(v.Lon));

        if (polygon.Vertices.Any(InBox))
        {
            return true;
        }

        // A point of the box inside the polygon (covers a box lying wholly inside it).
        if (polygon.Contains(Vec.FromDegrees(lon1, lat1)) || polygon.Contains(Vec.FromDegrees(lon1, lat2)))
        {
            return true;
        }

        foreach (var (a, b) in polygon.Edges())
        {
            // The parallels (small circles) between lon1 and lon2.
            foreach (var lat in new[] { lat1, lat2 })
            {
                if (Math.Abs(lat) < 90 && ParallelCrossings(a, b, lat).Any(x => InLon(x.Lon)))
                {
                    return true;
                }
            }

            // The meridians between lat1 and lat2 (in two halves, so that each is a minor arc), unless the box goes all round.
            if (lon2 - lon1 < 360)
            {
                var mid = (lat1 + lat2) / 2;
                foreach (var lon in new[] { lon1, lon2 })
                {
                    if (ArcsCross(a, b, Vec.FromDegrees(lon, lat1), Vec.FromDegrees(lon, mid))
                        || ArcsCross(a, b, Vec.FromDegrees(lon, mid), Vec.FromDegrees(lon, lat2)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Points where the minor arc a–b meets the parallel at <paramref name="lat"/>.</summary>
    private static IEnumerable<Vec> ParallelCrossings(Vec a, Vec b, double lat)
    {
        // Parametrise the great circle from a towards b: x(t) = cos t·a + sin t·w, b at t = θ.
        var n = a.Cross(b).Normalized();
        var w = n.Cross(a);
        var theta = Math.Atan2(a.Cross(b).Dot(n), a.Dot(b));
        // z(t) = a.Z cos t + w.Z sin t = R cos(t - τ) must equal sin(lat).
        var r = Math.Sqrt((a.Z * a.Z) + (w.Z * w.Z));
        var target = Math.Sin(lat * Math.PI / 180);
        if (r < 1e-15 || Math.Abs(target) > r)
        {
            yield break;
        }

        var tau = Math.Atan2(w.Z, a.Z);
        var delta = Math.Acos(Math.Clamp(target / r, -1, 1));
        foreach (var t0 in new[] { tau + delta, tau - delta })
        {
            var t = ((t0 % (2 * Math.PI)) + (2 * Math.PI)) % (2 * Math.PI);
            if (t <= theta)
            {
                yield return ((Math.Cos(t) * a) + (Math.Sin(t) * w)).Normalized();
            }
        }
    }

    /// <summary>The point at <paramref name="distance"/> degrees from (lon, lat) along <paramref name="bearing"/> (degrees from north through east).</summary>
    public static (double Lon, double Lat) Destination(double lon, double lat, double bearing, double distance)
    {
        var (l, b, az, d) = (lon * Math.PI / 180, lat * Math.PI / 180, bearing * Math.PI / 180, distance * Math.PI / 180);
        var lat2 = Math.Asin((Math.Sin(b) * Math.Cos(d)) + (Math.Cos(b) * Math.Sin(d) * Math.Cos(az)));
        var lon2 = l + Math.Atan2(Math.Sin(az) * Math.Sin(d) * Math.Cos(b), Math.Cos(d) - (Math.Sin(b) * Math.Sin(lat2)));
        var lonDeg = lon2 * 180 / Math.PI % 360;
        return (lonDeg < 0 ? lonDeg + 360 : lonDeg, lat2 * 180 / Math.PI);
    }
}
