namespace VoServices.Fits.Sky;

/// <summary>
/// Convex footprints of point sets on the sky (fibre positions, HEALPix cell corners): the convex
/// hull in the gnomonic tangent plane about the points' mean direction, where great circles are
/// straight lines, so the hull's edges are the great-circle edges pgsphere draws.
/// </summary>
public static class SkyHull
{
    /// <summary>Points farther than this from the centre cannot be projected usefully (and would not fit one spoly).</summary>
    public const double MaxRadiusDeg = 80;

    /// <summary>
    /// The convex hull of <paramref name="points"/>, grown by <paramref name="bufferDeg"/> (each point
    /// taken as a disc of that radius, e.g. a fibre), or null when the points span too much sky.
    /// </summary>
    public static SkyPolygon? Around(IReadOnlyList<SkyPoint> points, double bufferDeg = 0)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var sum = new Vector3(0, 0, 0);
        foreach (var p in points)
        {
            sum += p.ToVector();
        }

        if (sum.Length < 1e-9)
        {
            return null;
        }

        var centre = sum.Normalized();
        var (east, north) = TangentBasis(centre);
        var planar = new List<(double X, double Y)>(points.Count);
        // A disc is replaced by the 16-gon that circumscribes it, so the hull never cuts into a fibre.
        const int DiscSides = 16;
        var r = Math.Tan(bufferDeg * Math.PI / 180) / Math.Cos(Math.PI / DiscSides);
        foreach (var p in points)
        {
            var v = p.ToVector();
            var cos = Vector3.Dot(v, centre);
            if (cos < Math.Cos((MaxRadiusDeg - bufferDeg) * Math.PI / 180))
            {
                return null;
            }

            var (x, y) = (Vector3.Dot(v, east) / cos, Vector3.Dot(v, north) / cos);
            if (bufferDeg <= 0)
            {
                planar.Add((x, y));
                continue;
            }

            for (var k = 0; k < DiscSides; k++)
            {
                var a = 2 * Math.PI * k / DiscSides;
                planar.Add((x + (r * Math.Cos(a)), y + (r * Math.Sin(a))));
            }
        }

        var hull = DropDegenerateVertices(ConvexHull(planar));
        if (hull.Count < 3)
        {
            return null;
        }

        return new SkyPolygon(hull.Select(h => SkyPoint.FromVector((centre + (east * h.X) + (north * h.Y)).Normalized())).ToList());
    }

    private static (Vector3 East, Vector3 North) TangentBasis(Vector3 centre)
    {
        var pole = Math.Abs(centre.Z) > 0.999999 ? new Vector3(1, 0, 0) : new Vector3(0, 0, 1);
        var east = Vector3.Cross(pole, centre).Normalized();
        return (east, Vector3.Cross(centre, east));
    }

    /// <summary>Andrew's monotone chain; counter-clockwise, collinear points dropped.</summary>
    private static List<(double X, double Y)> ConvexHull(List<(double X, double Y)> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new List<(double X, double Y)>(sorted.Count * 2);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    /// <summary>
    /// pgsphere refuses polygons with (near-)coincident or collinear consecutive vertices ("a line segment
    /// overlaps"); cells sharing a corner give such points up to rounding, so they are merged here.
    /// </summary>
    private static List<(double X, double Y)> DropDegenerateVertices(List<(double X, double Y)> hull)
    {
        const double MinSeparation = 1e-8; // tangent-plane units ≈ radians: 2 mas
        var changed = true;
        while (changed && hull.Count >= 3)
        {
            changed = false;
            for (var i = 0; i < hull.Count && hull.Count >= 3; i++)
            {
                var prev = hull[(i + hull.Count - 1) % hull.Count];
                var next = hull[(i + 1) % hull.Count];
                var p = hull[i];
                var close = Math.Abs(p.X - prev.X) + Math.Abs(p.Y - prev.Y) < MinSeparation;
                var edge = Math.Sqrt(Math.Pow(next.X - prev.X, 2) + Math.Pow(next.Y - prev.Y, 2));
                var collinear = Math.Abs(Cross(prev, p, next)) < MinSeparation * edge;
                if (close || collinear)
                {
                    hull.RemoveAt(i);
                    changed = true;
                }
            }
        }

        return hull;
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
