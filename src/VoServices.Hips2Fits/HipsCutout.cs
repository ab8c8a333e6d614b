using System.Numerics;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;
using VoServices.Hips;
using Vector3 = VoServices.Fits.Sky.Vector3;

namespace VoServices.Hips2Fits;

/// <summary>
/// Cuts an image out of a HiPS: every output pixel's centre through the output WCS (WCSLIB, in row batches on
/// every core), into the HiPS frame, then the HEALPix cells there at the order whose cells are no larger than the
/// finest output pixel anywhere in the image (clamped to the HiPS's orders), interpolated bilinearly (or nearest).
/// A pixel whose own cell is empty is NaN, so the image never extends data beyond the survey's edge; inside the
/// data, empty neighbours are left out of the bilinear weights.
/// </summary>
public static class HipsCutout
{
    private const int SampleGrid = 33;

    // Neighbours a small fraction of a pixel away measure the local Jacobian: a whole pixel's step strays where a
    // projection bends fast (towards a MOL or AIT limb) and makes pixels look smaller than they are.
    private const double Step = 1.0 / 64;
    private const int BatchPixels = 1 << 15;

    /// <summary>The cutout, or null when it holds no pixel of the survey's coverage (HTTP 204).</summary>
    public static CutoutImage? Render(HipsSurvey survey, Hips2FitsRequest request, HipsTileCache tiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tiles);
        if (!survey.HasFitsTiles)
        {
            throw new Hips2FitsException("HiPS without FITS tiles",
                $"{survey.Name} has only {survey.Properties.GetValueOrDefault("hips_tile_format") ?? "no"} tiles; cutouts are made from FITS tiles (the survey's values)");
        }

        var (width, height) = (request.Wcs.Width, request.Wcs.Height);
        var header = request.Wcs.ToHeader();
        using var probe = Transform(header);
        var toSurvey = FrameChange(probe.Frame!, survey);
        var (finest, centre, radius) = Sample(probe, width, height, toSurvey);
        if (finest is null)
        {
            return null; // the projection shows no sky in this window
        }

        var cellOrder = Math.Clamp(OrderFor(finest.Value), survey.MinOrder + survey.Depth, survey.Order + survey.Depth);
        var tileOrder = cellOrder - survey.Depth;
        if (!MayOverlap(survey, centre, radius))
        {
            return null;
        }

        var pixels = new float[width * height];
        var rowsPerBatch = Math.Max(1, BatchPixels / width);
        var batches = (height + rowsPerBatch - 1) / rowsPerBatch;
        Parallel.For(
            0,
            batches,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new Worker(Transform(header), survey, tiles, cellOrder, request.Interpolation, toSurvey),
            (batch, _, worker) =>
            {
                var first = batch * rowsPerBatch;
                var rows = Math.Min(rowsPerBatch, height - first);
                worker.Fill(pixels.AsSpan(first * width, rows * width), width, first);
                return worker;
            },
            worker => worker.Dispose());

        if (!pixels.Any(float.IsFinite))
        {
            return null;
        }

        var cards = FitsHeaderBuilder.FromHeader(new FitsHeader(request.Wcs.Cards));

        if (survey.Unit is { } unit)
        {
            cards.Set("BUNIT", unit, "from the HiPS's hips_bunit");
        }

        cards.Set("ORIGIN", "VoServices hips2fits")
            .Set("HIPS", Fit(survey.Name), "the HiPS cut from")
            .Set("HIPSORD", tileOrder, "HiPS tile order read")
            .Set("HIPSCELL", cellOrder, "HEALPix order of the cells interpolated")
            .Set("INTERP", request.Interpolation == CutoutInterpolation.Bilinear ? "bilinear" : "nearest", "HEALPix interpolation");
        if (survey.CreatorDid is { } did)
        {
            cards.Set("HIPSDID", Fit(did), "creator_did of the HiPS");
        }

        cards.AddHistory($"Cut from HiPS {survey.Name} at tile order {tileOrder} (cells of order {cellOrder}),")
            .AddHistory($"{(request.Interpolation == CutoutInterpolation.Bilinear ? "bilinear HEALPix" : "nearest-cell")} interpolation; NaN where the HiPS has no data.");
        return new CutoutImage(width, height, pixels, cards, cellOrder, tileOrder);
    }

    /// <summary>The smallest order whose cells (√(4π / 12·4^k)) are no larger than <paramref name="pixelRadians"/>.</summary>
    public static int OrderFor(double pixelRadians)
    {
        var k = (int)Math.Ceiling(Math.Log2(Math.Sqrt(Math.PI / 3) / pixelRadians) - 1e-9);
        return Math.Clamp(k, 0, Healpix.MaxOrder);
    }

    private static WcsTransform Transform(FitsHeader header)
    {
        WcsTransform transform;
        try
        {
            transform = WcsTransform.FromHeader(header);
        }
        catch (WcsException e)
        {
            throw Hips2FitsException.Parameter("wcs", $"WCSLIB cannot use this geometry: {e.Message}");
        }

        if (transform.LongitudeAxis != 0 || transform.LatitudeAxis != 1 || transform.NAxis != 2 || transform.Frame is not { Kind: not CelestialFrameKind.Other })
        {
            transform.Dispose();
            throw Hips2FitsException.Parameter("wcs", "the image needs two celestial axes, longitude first (RA---/GLON-/ELON- and DEC--/GLAT-/ELAT-), in ICRS, FK5, FK4, galactic or ecliptic");
        }

        return transform;
    }

    /// <summary>Converts (lon, lat) in place from the output frame to the survey's; null when they are the same.</summary>
    private static Action<Span<double>, Span<double>>? FrameChange(CelestialFrame output, HipsSurvey survey)
    {
        var target = survey.CelestialFrame;
        if (output.Kind == target.Kind && (output.Kind != CelestialFrameKind.Ecliptic || output.Equinox == target.Equinox))
        {
            return null;
        }

        return (lon, lat) =>
        {
            if (output.Kind != CelestialFrameKind.Icrs)
            {
                SkyFrames.ToIcrs(output, lon, lat, lon, lat);
            }

            if (target.Kind != CelestialFrameKind.Icrs)
            {
                SkyFrames.FromIcrs(target, lon, lat, lon, lat);
            }
        };
    }

    /// <summary>
    /// A grid of pixels over the whole image (edges and centre included), each with its right and upper neighbours:
    /// the finest pixel found (radians, the square root of its solid angle), and a disc around the sampled sky
    /// (survey frame, radius in radians, padded by the widest gap between samples).
    /// </summary>
    private static (double? Finest, SkyPoint Centre, double Radius) Sample(WcsTransform wcs, int width, int height, Action<Span<double>, Span<double>>? toSurvey)
    {
        var xs = Steps(width);
        var ys = Steps(height);
        var n = xs.Length * ys.Length;
        var pixel = new double[6 * n];
        var k = 0;
        foreach (var y in ys)
        {
            foreach (var x in xs)
            {
                (pixel[k], pixel[k + 1], pixel[k + 2], pixel[k + 3], pixel[k + 4], pixel[k + 5]) = (x, y, x + Step, y, x, y + Step);
                k += 6;
            }
        }

        var world = new double[pixel.Length];
        wcs.PixelToWorld(pixel, world);
        var lon = new double[3 * n];
        var lat = new double[3 * n];
        for (var i = 0; i < 3 * n; i++)
        {
            (lon[i], lat[i]) = (world[2 * i], world[(2 * i) + 1]);
        }

        toSurvey?.Invoke(lon, lat);
        double? finest = null;
        var points = new List<SkyPoint>();
        var spacing = 0.0;
        for (var i = 0; i < n; i++)
        {
            var (a, b, c) = (3 * i, (3 * i) + 1, (3 * i) + 2);
            if (!Finite(lon[a], lat[a]))
            {
                continue;
            }

            var p = new SkyPoint(lon[a], lat[a]);
            points.Add(p);
            if (!Finite(lon[b], lat[b]) || !Finite(lon[c], lat[c]))
            {
                continue;
            }

            // A pixel's size is the square root of its solid angle: an elongated pixel (a MOL or AIT limb) counts
            // by its area, not its short side, so an equal-area projection asks for one order everywhere.
            var centreVector = p.ToVector();
            var right = new SkyPoint(lon[b], lat[b]).ToVector() - centreVector;
            var up = new SkyPoint(lon[c], lat[c]).ToVector() - centreVector;
            var size = Math.Sqrt(Vector3.Cross(right, up).Length) / Step;
            if (size > 0)
            {
                finest = Math.Min(finest ?? double.MaxValue, size);
                spacing = Math.Max(spacing, Math.Max(right.Length, up.Length) / Step);
            }
        }

        if (points.Count == 0)
        {
            return (null, default, 0);
        }

        // The disc: around the mean direction, out to the farthest sample plus the gap between samples.
        var sum = points.Aggregate(new Vector3(0, 0, 0), (a, p) => a + p.ToVector());
        var centre = sum.Length > 1e-9 ? SkyPoint.FromVector(sum.Normalized()) : points[0];
        var gap = spacing * Math.Max((double)width / (xs.Length - 1), (double)height / (ys.Length - 1));
        var radius = (points.Max(p => centre.DistanceTo(p)) * Math.PI / 180) + gap;
        return (finest, centre, radius);
    }

    private static bool Finite(double lon, double lat) => double.IsFinite(lon) && double.IsFinite(lat);

    // Up to SampleGrid pixel positions from 1 to n, both ends included.
    private static double[] Steps(int n)
    {
        var count = Math.Min(n, SampleGrid);
        return count == 1 ? [1] : [.. Enumerable.Range(0, count).Select(i => 1 + ((n - 1) * (double)i / (count - 1)))];
    }

    // The MOC shortcut for fields up to a few degrees: cells of a disc query padded by their own radius cover the disc.
    private static bool MayOverlap(HipsSurvey survey, SkyPoint centre, double radius)
    {
        if (survey.MocFrame is not { } mocFrame || radius > 8 * Math.PI / 180)
        {
            return true;
        }

        if (mocFrame != survey.Frame)
        {
            var (ra, dec) = survey.Frame.ToIcrs(centre);
            centre = mocFrame == HipsFrame.Galactic
                ? ToPoint(SkyFrames.FromIcrs(new CelestialFrame(CelestialFrameKind.Galactic, null, "GALACTIC"), ra, dec))
                : new SkyPoint(ra, dec);
        }

        var order = 0;
        while (order < Healpix.MaxOrder - 1 && HealpixDisc.EstimatedCells(order + 1, radius) < 2048)
        {
            order++;
        }

        var padded = radius + HealpixDisc.MaxCellRadius(order);
        if (padded > HealpixDisc.MaxRadiusDegrees * Math.PI / 180)
        {
            return true;
        }

        var cells = new List<long>();
        HealpixDisc.Query(order, centre.ToVector(), padded, cells);
        return cells.Any(c => survey.MocOverlaps(order, c));
    }

    private static SkyPoint ToPoint((double Lon, double Lat) p) => new(p.Lon, p.Lat);

    private static string Fit(string text) => text.Length <= 68 ? text : text[..68];

    /// <summary>One thread's share: its own WCSLIB transform (a wcsprm is not thread-safe) and a memo of recent tiles.</summary>
    private sealed class Worker(WcsTransform wcs, HipsSurvey survey, HipsTileCache tiles, int cellOrder, CutoutInterpolation interpolation, Action<Span<double>, Span<double>>? toSurvey)
        : IDisposable
    {
        private readonly int _shift = 2 * survey.Depth;
        private readonly long _mask = (1L << (2 * survey.Depth)) - 1;
        private readonly int _tileOrder = cellOrder - survey.Depth;
        private readonly (long Npix, float[]? Pixels)[] _recent = [.. Enumerable.Repeat((-1L, (float[]?)null), 4)];
        private int _next;
        private double[] _pixel = [];
        private double[] _world = [];
        private double[] _lon = [];
        private double[] _lat = [];

        /// <summary>Fills <paramref name="output"/>: whole rows of the image from 0-based row <paramref name="firstRow"/>.</summary>
        public void Fill(Span<float> output, int width, int firstRow)
        {
            var n = output.Length;
            if (_lon.Length < n)
            {
                (_pixel, _world, _lon, _lat) = (new double[2 * n], new double[2 * n], new double[n], new double[n]);
            }

            for (var i = 0; i < n; i++)
            {
                _pixel[2 * i] = (i % width) + 1;
                _pixel[(2 * i) + 1] = firstRow + (i / width) + 1;
            }

            wcs.PixelToWorld(_pixel.AsSpan(0, 2 * n), _world.AsSpan(0, 2 * n));
            for (var i = 0; i < n; i++)
            {
                (_lon[i], _lat[i]) = (_world[2 * i], _world[(2 * i) + 1]);
            }

            toSurvey?.Invoke(_lon.AsSpan(0, n), _lat.AsSpan(0, n));
            Span<long> cells = stackalloc long[4];
            Span<double> weights = stackalloc double[4];
            for (var i = 0; i < n; i++)
            {
                var (lon, lat) = (_lon[i], _lat[i]);
                if (!double.IsFinite(lon) || !double.IsFinite(lat))
                {
                    output[i] = float.NaN;
                    continue;
                }

                var own = Value(Healpix.Index(cellOrder, lon, lat));
                if (float.IsNaN(own) || interpolation == CutoutInterpolation.Nearest)
                {
                    output[i] = own;
                    continue;
                }

                HealpixInterpolation.Weights(cellOrder, lon, lat, cells, weights);
                double sum = 0, weight = 0;
                for (var j = 0; j < 4; j++)
                {
                    var v = Value(cells[j]);
                    if (!float.IsNaN(v))
                    {
                        sum += weights[j] * v;
                        weight += weights[j];
                    }
                }

                output[i] = weight > 0 ? (float)(sum / weight) : own;
            }
        }

        public void Dispose() => wcs.Dispose();

        private float Value(long cell)
        {
            var npix = cell >> _shift;
            float[]? pixels = null;
            var found = false;
            foreach (var (n, p) in _recent)
            {
                if (n == npix)
                {
                    (pixels, found) = (p, true);
                    break;
                }
            }

            if (!found)
            {
                pixels = tiles.Get(survey, _tileOrder, npix);
                _recent[_next] = (npix, pixels);
                _next = (_next + 1) % _recent.Length;
            }

            return pixels is null ? float.NaN : pixels[HipsTile.ImageIndex(survey.TileWidth, cell & _mask)];
        }
    }
}
