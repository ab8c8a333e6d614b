using VoServices.Fits.Sky;
using VoServices.Products;
using VoServices.Fits.Wcs;

namespace VoServices.Soda;

/// <summary>
/// The bounding box, in pixels of the celestial axes, of the pixels whose footprint meets a region.
/// </summary>
/// <remarks>
/// The pixel set R ∩ I (region ∩ image, in pixel space) reaches its extremes either on the region's
/// boundary inside the image or on the image's edge inside the region. So the box is the union of
/// (a) points sampled densely along the region's boundary (and its centre), converted ICRS → the
/// image's frame → pixels, kept when inside the image and when converting back gives the same sky
/// position (which rejects points a projection folds onto the image from behind its horizon; points
/// it cannot project at all come back NaN), and (b) points of the image's edge at every pixel corner,
/// plus a coarse interior grid as a safety net, converted pixel → sky and kept when inside the region.
/// Each point adds the pixels whose closed footprint contains it. When every boundary point lands at
/// least a pixel inside the image, the edge meets no boundary and one corner tells whether the whole
/// edge (and so the whole image) is in the region: a small region costs a few hundred conversions.
/// No special case is needed for RA = 0, the poles or other frames: every test is done on the sphere
/// or in pixel space.
/// </remarks>
internal static class SpatialSelection
{
    private const int InteriorGrid = 16;

    /// <summary>Boundary points at least this far (pixels) inside the image edge cannot hide an edge crossing between samples.</summary>
    private const double EdgeMargin = 1.0;
    private const int MaxEdgeSamples = 20_000;

    /// <summary>0-based inclusive pixel bounds along the longitude and latitude axes, or null when no pixel meets the region.</summary>
    public static (long Lon1, long Lon2, long Lat1, long Lat2)? Select(WcsTransform wcs, IReadOnlyList<long> axes, SodaRegion region, double[] refPixel)
    {
        var lon = wcs.LongitudeAxis!.Value;
        var lat = wcs.LatitudeAxis!.Value;
        var frame = wcs.Frame!;
        var n = wcs.NAxis;
        var nx = axes[lon];
        var ny = axes[lat];
        var refWorld = wcs.PixelToWorld(refPixel);
        var scale = PixelScaleDeg(wcs, refPixel, lon, lat);
        var box = new Box(nx, ny);

        // (a) The region's boundary in pixels.
        var samples = region.Samples(scale);
        var native = ToFrame(frame, samples);
        var world = new double[samples.Count * n];
        for (var i = 0; i < samples.Count; i++)
        {
            refWorld.CopyTo(world, i * n);
            world[(i * n) + lon] = native.Lon[i];
            world[(i * n) + lat] = native.Lat[i];
        }

        var pixel = new double[world.Length];
        wcs.WorldToPixel(world, pixel);
        var kept = new List<int>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (box.Inside(pixel[(i * n) + lon], pixel[(i * n) + lat]))
            {
                kept.Add(i);
            }
        }

        var boundaryWellInside = kept.Count == samples.Count;
        if (kept.Count > 0)
        {
            var pix = new double[kept.Count * n];
            for (var k = 0; k < kept.Count; k++)
            {
                Array.Copy(pixel, kept[k] * n, pix, k * n, n);
            }

            var back = new double[pix.Length];
            wcs.PixelToWorld(pix, back);
            var tolerance = Math.Max(1e-3 * scale, 1e-9);
            for (var k = 0; k < kept.Count; k++)
            {
                var i = kept[k];
                var there = new SkyPoint(world[(i * n) + lon], world[(i * n) + lat]);
                var again = new SkyPoint(back[(k * n) + lon], back[(k * n) + lat]);
                var (x, y) = (pix[(k * n) + lon], pix[(k * n) + lat]);
                if (double.IsFinite(again.Ra) && there.DistanceTo(again) <= tolerance)
                {
                    box.Add(x, y);
                    boundaryWellInside &= box.Inside(x, y, margin: EdgeMargin);
                }
                else
                {
                    boundaryWellInside = false;
                }
            }
        }

        // (b) Image points inside the region. When the whole boundary lies well inside the image, the image's
        // edge crosses no part of it, so the edge is either wholly in the region or wholly out: one corner decides.
        List<(double X, double Y)> grid = boundaryWellInside ? [(0.5, 0.5)] : GridPoints(nx, ny);
        var inside = InRegion(wcs, frame, region, refPixel, lon, lat, grid);
        if (boundaryWellInside && inside[0])
        {
            grid = GridPoints(nx, ny);
            inside = InRegion(wcs, frame, region, refPixel, lon, lat, grid);
        }

        for (var i = 0; i < grid.Count; i++)
        {
            if (inside[i])
            {
                box.Add(grid[i].X, grid[i].Y);
            }
        }

        return box.IsEmpty ? null : (box.X1 - 1, box.X2 - 1, box.Y1 - 1, box.Y2 - 1);
    }

    /// <summary>Which image points (pixel coordinates on the celestial axes) lie in the region.</summary>
    private static bool[] InRegion(WcsTransform wcs, CelestialFrame frame, SodaRegion region, double[] refPixel, int lon, int lat, List<(double X, double Y)> grid)
    {
        var n = wcs.NAxis;
        var gridPixel = new double[grid.Count * n];
        for (var i = 0; i < grid.Count; i++)
        {
            refPixel.CopyTo(gridPixel, i * n);
            gridPixel[(i * n) + lon] = grid[i].X;
            gridPixel[(i * n) + lat] = grid[i].Y;
        }

        var gridWorld = new double[gridPixel.Length];
        wcs.PixelToWorld(gridPixel, gridWorld);
        var gridLon = new double[grid.Count];
        var gridLat = new double[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            gridLon[i] = gridWorld[(i * n) + lon];
            gridLat[i] = gridWorld[(i * n) + lat];
        }

        var ra = new double[grid.Count];
        var dec = new double[grid.Count];
        SkyFrames.ToIcrs(frame, gridLon, gridLat, ra, dec);
        var inside = new bool[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            inside[i] = double.IsFinite(ra[i]) && region.Contains(ra[i], dec[i]);
        }

        return inside;
    }

    private static (double[] Lon, double[] Lat) ToFrame(CelestialFrame frame, List<SkyPoint> points)
    {
        var ra = points.Select(p => p.Ra).ToArray();
        var dec = points.Select(p => p.Dec).ToArray();
        var lon = new double[ra.Length];
        var lat = new double[ra.Length];
        SkyFrames.FromIcrs(frame, ra, dec, lon, lat);
        return (lon, lat);
    }

    /// <summary>Degrees per pixel near the reference pixel (geometric mean of the two axes); 1″ if the WCS gives nothing usable.</summary>
    private static double PixelScaleDeg(WcsTransform wcs, double[] refPixel, int lon, int lat)
    {
        var n = wcs.NAxis;
        var p = new double[3 * n];
        for (var k = 0; k < 3; k++)
        {
            refPixel.CopyTo(p, k * n);
        }

        p[n + lon] += 1;
        p[(2 * n) + lat] += 1;
        var w = new double[p.Length];
        wcs.PixelToWorld(p, w);
        var o = new SkyPoint(w[lon], w[lat]);
        var scale = Math.Sqrt(o.DistanceTo(new SkyPoint(w[n + lon], w[n + lat])) * o.DistanceTo(new SkyPoint(w[(2 * n) + lon], w[(2 * n) + lat])));
        return double.IsFinite(scale) && scale > 0 ? scale : 1.0 / 3600;
    }

    /// <summary>
    /// The image's edge at every pixel corner (coarser for huge images) and a coarse interior grid. Corners
    /// suffice on the edge: a corner inside the region adds both pixels it bounds, so the pixel where the
    /// region's boundary crosses the edge is included.
    /// </summary>
    private static List<(double X, double Y)> GridPoints(long nx, long ny)
    {
        var points = new List<(double, double)>();
        foreach (var x in Along(nx))
        {
            points.Add((x, 0.5));
            points.Add((x, ny + 0.5));
        }

        foreach (var y in Along(ny))
        {
            points.Add((0.5, y));
            points.Add((nx + 0.5, y));
        }

        for (var i = 1; i < InteriorGrid; i++)
        {
            for (var j = 1; j < InteriorGrid; j++)
            {
                points.Add((0.5 + (nx * (double)i / InteriorGrid), 0.5 + (ny * (double)j / InteriorGrid)));
            }
        }

        return points;
    }

    private static IEnumerable<double> Along(long n)
    {
        var count = (int)Math.Min(n, MaxEdgeSamples);
        for (var k = 0; k <= count; k++)
        {
            yield return 0.5 + (n * (double)k / count);
        }
    }

    /// <summary>1-based pixel bounds grown by points; a point adds every pixel whose closed footprint [i − ½, i + ½] holds it.</summary>
    private sealed class Box(long nx, long ny)
    {
        private const double Slack = 1e-9;

        public long X1 { get; private set; } = long.MaxValue;

        public long X2 { get; private set; } = long.MinValue;

        public long Y1 { get; private set; } = long.MaxValue;

        public long Y2 { get; private set; } = long.MinValue;

        public bool IsEmpty => X1 > X2;

        public bool Inside(double x, double y, double margin = 0) =>
            x >= 0.5 + margin - Slack && x <= nx + 0.5 - margin + Slack && y >= 0.5 + margin - Slack && y <= ny + 0.5 - margin + Slack;

        public void Add(double x, double y)
        {
            if (!Inside(x, y))
            {
                return;
            }

            X1 = Math.Min(X1, Math.Clamp((long)Math.Ceiling(x - 0.5 - Slack), 1, nx));
            X2 = Math.Max(X2, Math.Clamp((long)Math.Floor(x + 0.5 + Slack), 1, nx));
            Y1 = Math.Min(Y1, Math.Clamp((long)Math.Ceiling(y - 0.5 - Slack), 1, ny));
            Y2 = Math.Max(Y2, Math.Clamp((long)Math.Floor(y + 0.5 + Slack), 1, ny));
        }
    }
}
