using VoServices.Fits.Wcs;

namespace VoServices.Fits.Sky;

/// <summary>
/// The real outline of an image's (or cube's) celestial plane: the pixel-grid edges (pixel 0.5 and
/// N+0.5 in FITS convention) through the full WCS, converted to ICRS. Not a bounding box: a rotated or
/// sheared grid stays a rotated quadrilateral, and edges bent by the projection keep intermediate
/// vertices. RA wrap and the poles need no special case because pgsphere polygons are spherical.
/// </summary>
public sealed record ImageFootprint(SkyPolygon Region, SkyPoint Centre, double FovDiameter, double PixelScaleArcsec)
{
    private const int SamplesPerSide = 8;

    /// <summary>Intermediate edge samples closer than this to the great circle between corners are dropped.</summary>
    private const double EdgeToleranceDeg = 0.1 / 3600;

    /// <summary>Edges longer than this keep their samples so no pgsphere edge approaches 180°.</summary>
    private const double MaxEdgeDeg = 45;

    public static ImageFootprint FromWcs(WcsTransform wcs, IReadOnlyList<long> axes)
    {
        var lon = wcs.LongitudeAxis ?? throw new WcsException("no celestial longitude axis");
        var lat = wcs.LatitudeAxis ?? throw new WcsException("no celestial latitude axis");
        double n1 = axes[lon], n2 = axes[lat];

        // Perimeter in FITS pixel coordinates, counter-clockwise in pixel space, corners first of each side.
        var perimeter = new List<(double X, double Y)>();
        (double, double)[] corners = [(0.5, 0.5), (n1 + 0.5, 0.5), (n1 + 0.5, n2 + 0.5), (0.5, n2 + 0.5)];
        for (var side = 0; side < 4; side++)
        {
            var (x0, y0) = corners[side];
            var (x1, y1) = corners[(side + 1) % 4];
            for (var k = 0; k < SamplesPerSide; k++)
            {
                var t = (double)k / SamplesPerSide;
                perimeter.Add((x0 + ((x1 - x0) * t), y0 + ((y1 - y0) * t)));
            }
        }

        perimeter.Add(((n1 + 1) / 2, (n2 + 1) / 2)); // the centre pixel, last
        var world = ToIcrs(wcs, lon, lat, perimeter);
        var centre = world[^1];
        var outline = Simplify(world.Take(world.Length - 1).ToArray());
        var region = new SkyPolygon(outline);

        // Pixel scale: the angle between the centre pixel and its neighbours along each axis, geometric mean.
        var step = ToIcrs(wcs, lon, lat, [((n1 + 1) / 2, (n2 + 1) / 2), ((n1 + 3) / 2, (n2 + 1) / 2), ((n1 + 1) / 2, (n2 + 3) / 2)]);
        var scale = Math.Sqrt(step[0].DistanceTo(step[1]) * step[0].DistanceTo(step[2])) * 3600;
        return new ImageFootprint(region, centre, region.EnclosingDiameter(centre), scale);
    }

    private static SkyPoint[] ToIcrs(WcsTransform wcs, int lon, int lat, IReadOnlyList<(double X, double Y)> points)
    {
        var n = wcs.NAxis;
        var pixel = new double[points.Count * n];
        for (var i = 0; i < points.Count; i++)
        {
            for (var a = 0; a < n; a++)
            {
                pixel[(i * n) + a] = 1; // non-celestial axes at their first pixel: the sky position does not depend on them
            }

            pixel[(i * n) + lon] = points[i].X;
            pixel[(i * n) + lat] = points[i].Y;
        }

        var world = new double[pixel.Length];
        if (wcs.PixelToWorld(pixel, world) > 0)
        {
            throw new WcsException("the image edges fall outside the projection's valid region");
        }

        var frame = wcs.Frame ?? throw new WcsException("no celestial frame");
        var result = new SkyPoint[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var (ra, dec) = SkyFrames.ToIcrs(frame, world[(i * n) + lon], world[(i * n) + lat]);
            result[i] = new SkyPoint(((ra % 360) + 360) % 360, dec);
        }

        return result;
    }

    /// <summary>Keeps the corners and only those edge samples that the projection bends away from a great circle.</summary>
    private static List<SkyPoint> Simplify(SkyPoint[] ring)
    {
        var kept = new List<SkyPoint>();
        for (var side = 0; side < 4; side++)
        {
            var start = ring[side * SamplesPerSide];
            var end = ring[((side + 1) % 4) * SamplesPerSide];
            kept.Add(start);
            var normal = Vector3.Cross(start.ToVector(), end.ToVector());
            var bent = normal.Length < 1e-15 || start.DistanceTo(end) > MaxEdgeDeg;
            for (var k = 1; k < SamplesPerSide && !bent; k++)
            {
                var p = ring[(side * SamplesPerSide) + k].ToVector();
                bent = Math.Abs(Math.Asin(Math.Clamp(Vector3.Dot(p, normal.Normalized()), -1, 1))) * (180 / Math.PI) > EdgeToleranceDeg;
            }

            if (bent)
            {
                for (var k = 1; k < SamplesPerSide; k++)
                {
                    kept.Add(ring[(side * SamplesPerSide) + k]);
                }
            }
        }

        return kept;
    }
}
