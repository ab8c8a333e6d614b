using VoServices.Dali;
using VoServices.Fits.Sky;
using VoServices.Products;

namespace VoServices.Soda;

/// <summary>
/// A SODA region (circle, range or polygon in ICRS) as the cutout needs it: a point-in-region test
/// and points along its boundary dense enough that the pixels they fall in bound the region's
/// intersection with an image to a fraction of a pixel.
/// </summary>
internal abstract class SodaRegion
{
    private const double Deg = Math.PI / 180;

    /// <summary>Largest number of boundary samples per edge (a 180° circle on 0.01″ pixels needs ~30k).</summary>
    private const int MaxSamplesPerEdge = 200_000;

    /// <summary>Great circles (polygon edges, meridians) seen through a projection bend with at least this radius (degrees).</summary>
    private const double GreatCircleCurvatureDeg = 30;

    /// <summary>
    /// The region of a parsed shape. A polygon must lie within 85° of its vertices' mean direction
    /// (the smaller region it bounds is then well defined); otherwise a <see cref="DaliException"/> names
    /// <paramref name="parameter"/>.
    /// </summary>
    public static SodaRegion Create(DaliShape shape, string parameter) => shape switch
    {
        DaliCircle c => new Circle(c),
        DaliRange r => new Range(r),
        DaliPolygon p => new Polygon(p, parameter),
        _ => throw new ArgumentException($"Unknown shape {shape.GetType().Name}.", nameof(shape)),
    };

    /// <summary>True when the ICRS position (degrees) lies in the closed region.</summary>
    public abstract bool Contains(double ra, double dec);

    /// <summary>
    /// Points (ICRS degrees) on the region's boundary, plus its centre, spaced for images whose pixels
    /// are <paramref name="pixelDeg"/> wide: the chord between neighbours strays less than ~0.01 pixel
    /// from the boundary (so a pixel the region enters by less than that may be left out).
    /// </summary>
    public abstract List<SkyPoint> Samples(double pixelDeg);

    /// <summary>
    /// Spacing (degrees) along a boundary curving with radius <paramref name="curvatureDeg"/>: the sagitta
    /// δ²/(8ρ) stays below 0.01 pixel, at most half a pixel apart (a 0.05° circle on 1″ pixels: ~300 points).
    /// </summary>
    protected static double Step(double pixelDeg, double curvatureDeg) =>
        pixelDeg * Math.Max(0.5, Math.Sqrt(0.08 * Math.Max(curvatureDeg, 1e-9) / pixelDeg));

    protected static int Count(double lengthDeg, double stepDeg, int minimum) =>
        (int)Math.Clamp(Math.Ceiling(lengthDeg / stepDeg), minimum, MaxSamplesPerEdge);

    private static Vector3 Vec(double ra, double dec) => new SkyPoint(ra, dec).ToVector();

    /// <summary>The east and north unit vectors at <paramref name="c"/> (any orthonormal pair at a pole).</summary>
    private static (Vector3 East, Vector3 North) Basis(Vector3 c)
    {
        var east = Vector3.Cross(new Vector3(0, 0, 1), c);
        east = east.Length < 1e-12 ? new Vector3(0, 1, 0) : east.Normalized();
        return (east, Vector3.Cross(c, east));
    }

    private sealed class Circle(DaliCircle circle) : SodaRegion
    {
        private readonly Vector3 _centre = Vec(circle.Lon, circle.Lat);
        private readonly double _cosRadius = Math.Cos(circle.Radius * Deg);

        // A hair of tolerance so points computed on the boundary count as inside.
        public override bool Contains(double ra, double dec) => Vector3.Dot(Vec(ra, dec), _centre) >= _cosRadius - 1e-15;

        public override List<SkyPoint> Samples(double pixelDeg)
        {
            var r = circle.Radius * Deg;
            var n = Count(2 * Math.PI * Math.Sin(r) / Deg, Step(pixelDeg, circle.Radius), 64);
            var (east, north) = Basis(_centre);
            var points = new List<SkyPoint>(n + 1) { new(circle.Lon, circle.Lat) };
            for (var k = 0; k < n; k++)
            {
                var t = 2 * Math.PI * k / n;
                var v = (_centre * Math.Cos(r)) + (((east * Math.Cos(t)) + (north * Math.Sin(t))) * Math.Sin(r));
                points.Add(SkyPoint.FromVector(v));
            }

            return points;
        }
    }

    private sealed class Range(DaliRange range) : SodaRegion
    {
        /// <summary>Degrees: Lon2 = lon2 + 360 and its samples reduced back by % 360 differ by rounding.</summary>
        private const double Tolerance = 1e-9;

        public override bool Contains(double ra, double dec)
        {
            if (dec < range.Lat1 || dec > range.Lat2)
            {
                return false;
            }

            var lon = ((ra % 360) + 360) % 360;
            // lon + 360 covers RA = 0 in a range ending at 360, and a range through RA = 0 (Lon2 > 360).
            return range.Lon2 - range.Lon1 >= 360 || (lon >= range.Lon1 - Tolerance && lon <= range.Lon2 + Tolerance) || lon + 360 <= range.Lon2 + Tolerance;
        }

        public override List<SkyPoint> Samples(double pixelDeg)
        {
            // Lon2 may exceed 360 (a range through RA = 0); samples are reduced to [0, 360) for the WCS.
            var points = new List<SkyPoint> { new(Reduce((range.Lon1 + range.Lon2) / 2), (range.Lat1 + range.Lat2) / 2) };
            foreach (var lat in new[] { range.Lat1, range.Lat2 })
            {
                // A parallel is a small circle of radius 90° − |lat| about the pole.
                var radius = 90 - Math.Abs(lat);
                var n = Count((range.Lon2 - range.Lon1) * Math.Cos(lat * Deg), Step(pixelDeg, radius), 1);
                for (var k = 0; k <= n; k++)
                {
                    points.Add(new SkyPoint(Reduce(range.Lon1 + ((range.Lon2 - range.Lon1) * k / n)), lat));
                }
            }

            foreach (var lon in new[] { range.Lon1, range.Lon2 })
            {
                var n = Count(range.Lat2 - range.Lat1, Step(pixelDeg, GreatCircleCurvatureDeg), 1);
                for (var k = 0; k <= n; k++)
                {
                    points.Add(new SkyPoint(Reduce(lon), range.Lat1 + ((range.Lat2 - range.Lat1) * k / n)));
                }
            }

            return points;
        }

        private static double Reduce(double lon) => lon % 360;
    }

    /// <summary>
    /// A spherical polygon (great-circle edges). Inside test: gnomonic projection about the vertices'
    /// mean direction, where great circles are straight lines, then even–odd crossing in the plane; the
    /// bounded side is the smaller region, as DALI means.
    /// </summary>
    private sealed class Polygon : SodaRegion
    {
        private const double MaxVertexDistanceDeg = 85;
        private readonly Vector3[] _vertices;
        private readonly Vector3 _centre;
        private readonly Vector3 _east;
        private readonly Vector3 _north;
        private readonly (double X, double Y)[] _plane;

        public Polygon(DaliPolygon polygon, string parameter)
        {
            _vertices = polygon.Vertices.Select(v => Vec(v.Lon, v.Lat)).ToArray();
            var sum = _vertices.Aggregate(new Vector3(0, 0, 0), (a, b) => a + b);
            if (sum.Length < 1e-9)
            {
                throw DaliException.BadParameter(parameter, "the polygon's vertices surround the whole sky; give a polygon smaller than a hemisphere");
            }

            _centre = sum.Normalized();
            if (_vertices.Any(v => Vector3.Dot(v, _centre) < Math.Cos(MaxVertexDistanceDeg * Deg)))
            {
                throw DaliException.BadParameter(parameter,
                    $"the polygon reaches more than {MaxVertexDistanceDeg}° from its centre; give a smaller polygon (or POS=RANGE for large areas)");
            }

            (_east, _north) = Basis(_centre);
            _plane = _vertices.Select(v => Project(v)!.Value).ToArray();
        }

        public override bool Contains(double ra, double dec)
        {
            if (Project(Vec(ra, dec)) is not var (x, y))
            {
                return false;
            }

            var inside = false;
            for (int i = 0, j = _plane.Length - 1; i < _plane.Length; j = i++)
            {
                var (xi, yi) = _plane[i];
                var (xj, yj) = _plane[j];
                if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
                {
                    inside = !inside;
                }
            }

            return inside || OnEdge(x, y);
        }

        public override List<SkyPoint> Samples(double pixelDeg)
        {
            var points = new List<SkyPoint> { SkyPoint.FromVector(_centre) };
            var step = Step(pixelDeg, GreatCircleCurvatureDeg) * Deg;
            for (var i = 0; i < _vertices.Length; i++)
            {
                var a = _vertices[i];
                var b = _vertices[(i + 1) % _vertices.Length];
                var angle = Math.Atan2(Vector3.Cross(a, b).Length, Vector3.Dot(a, b));
                var n = Count(angle / Deg, step / Deg, 1);
                for (var k = 0; k < n; k++)
                {
                    points.Add(SkyPoint.FromVector(Slerp(a, b, angle, (double)k / n)));
                }
            }

            return points;
        }

        private static Vector3 Slerp(Vector3 a, Vector3 b, double angle, double t)
        {
            if (angle < 1e-12)
            {
                return a;
            }

            var s = Math.Sin(angle);
            return (a * (Math.Sin((1 - t) * angle) / s)) + (b * (Math.Sin(t * angle) / s));
        }

        private (double X, double Y)? Project(Vector3 p)
        {
            var d = Vector3.Dot(p, _centre);
            return d <= 1e-9 ? null : (Vector3.Dot(p, _east) / d, Vector3.Dot(p, _north) / d);
        }

        /// <summary>Points on an edge (within rounding) belong to the closed polygon.</summary>
        private bool OnEdge(double x, double y)
        {
            for (int i = 0, j = _plane.Length - 1; i < _plane.Length; j = i++)
            {
                var (xi, yi) = _plane[i];
                var (xj, yj) = _plane[j];
                var dx = xj - xi;
                var dy = yj - yi;
                var len2 = (dx * dx) + (dy * dy);
                var t = len2 == 0 ? 0 : Math.Clamp((((x - xi) * dx) + ((y - yi) * dy)) / len2, 0, 1);
                var ex = xi + (t * dx) - x;
                var ey = yi + (t * dy) - y;
                if ((ex * ex) + (ey * ey) < 1e-24)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
