using System.Globalization;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Hips;

/// <summary>
/// A FITS image (<see cref="FitsImagePlane"/>) reprojected to HEALPix NESTED cells at <see cref="Order"/> in
/// <see cref="Frame"/>, through the image's own WCS evaluated by WCSLIB: each cell's centre is taken to the image
/// frame and to pixel coordinates (wcss2p), and the cell gets the bilinear interpolation of the four pixels around it.
/// </summary>
/// <remarks>
/// <para>
/// The sampling rule, in FITS pixel coordinates (x, y), 1-based, pixel centres at integers: a cell is empty when its
/// centre is off the image (x or y outside [0.5, N + 0.5]) or falls on a blank pixel (the nearest pixel, round(x),
/// round(y), is BLANK/NaN); otherwise its value is Σ wᵢ vᵢ / Σ wᵢ over the four pixels around (x, y) (floor(x) and
/// floor(x) + 1, likewise y) that are on the image and not blank, wᵢ the bilinear weights. Between the outer pixel
/// centres and the image edge this is the edge pixel's value. (hipsgen also interpolates bilinearly, with its own
/// projection code, and fills a blank neighbour with another neighbour's value instead of dropping it.)
/// </para>
/// <para>
/// Cells are found without visiting the whole sky: a descent of the HEALPix tree keeps a cell while it may meet the
/// image — it is within the disc enclosing the image, and (once cells are under 1°) its corners and centre,
/// taken to pixel coordinates, span a box that reaches the image, with a quarter of the box and 2 pixels to spare —
/// down to 3 orders above <see cref="Order"/>; the 64 cells under each cell kept there are sampled one by one.
/// Batches of such cells are sampled on every core (one WCSLIB transform each) and streamed in NESTED order, so
/// memory holds the plane (4 bytes a pixel) and one batch, and the same image always gives the same cells.
/// </para>
/// </remarks>
public sealed class FitsImageCells : IHealpixCellSource
{
    /// <summary>The most cells one image may give (about 5 GB of measurements for the builder): beyond it the order is a mistake.</summary>
    public const long MaxCells = 1L << 28;

    // Orders between the last pruned cells and the sampled ones, and how many pruned cells make one batch.
    private const int SampledDepth = 3;
    private const int CoarseCellsPerBatch = 1024;

    // Below this cell radius the pixel-box test is trusted: the projection is near-linear over the cell.
    private static readonly double PixelTestRadius = Math.PI / 180;

    private readonly FrameMapping _frames;
    private readonly Vector3 _discCentre;
    private readonly double _discRadius;
    private readonly Lazy<long[]> _coarse;

    private FitsImageCells(FitsImagePlane image, HipsFrame frame, int order, FrameMapping frames, Vector3 discCentre, double discRadius)
    {
        Image = image;
        Frame = frame;
        Order = order;
        _frames = frames;
        _discCentre = discCentre;
        _discRadius = discRadius;
        _coarse = new Lazy<long[]>(FindCoarseCells);
    }

    public FitsImagePlane Image { get; }

    public string Path => Image.Path;

    public int Order { get; }

    public HipsFrame Frame { get; }

    /// <summary>"image", or "moment0" for a cube's moment-0 map.</summary>
    public string ValueColumn => Image.SpectralAxis is null ? "image" : "moment0";

    public string? ValueUnit => Image.Unit;

    public bool Weighted => false;

    /// <summary>The candidate cells sampled (those under the cells the descent keeps), known once the descent has run.</summary>
    public long RowCount => (long)_coarse.Value.Length << (2 * SampledDepthAt(Order));

    /// <summary>The radius of the disc enclosing the image, in degrees (180 when the image's edges leave the projection).</summary>
    public double EnclosingRadiusDegrees => _discRadius * 180 / Math.PI;

    /// <summary>
    /// The default order of <paramref name="pixelScaleDegrees"/>: the finest whose cells (√(4π / 12·4^k)) are no smaller than a pixel,
    /// so the image is not oversampled. (hipsgen takes one order finer: the coarsest whose cells are no larger than a pixel.)
    /// </summary>
    public static int OrderFor(double pixelScaleDegrees)
    {
        var k = (int)Math.Floor(Math.Log2(CellSizeDegrees(0) / pixelScaleDegrees));
        return Math.Clamp(k, 0, Healpix.MaxOrder);
    }

    /// <summary>The side of a HEALPix cell at <paramref name="order"/>, the square root of its area, in degrees.</summary>
    public static double CellSizeDegrees(int order) => Math.Sqrt(Math.PI / 3) / (1L << order) * (180 / Math.PI);

    /// <summary>
    /// Opens the image <paramref name="path"/> for cells in <paramref name="frame"/> at <paramref name="order"/>, by default
    /// <see cref="OrderFor"/> its pixel scale. Errors (no image HDU, no celestial WCS, every pixel blank) name the file.
    /// </summary>
    public static FitsImageCells Open(string path, HipsFrame frame = HipsFrame.Equatorial, int? order = null, CancellationToken cancellationToken = default)
    {
        var image = FitsImagePlane.Open(path, cancellationToken);
        var frames = new FrameMapping(frame.Celestial(), image.Frame);
        var (centre, radius) = EnclosingDisc(image, frames);
        return new FitsImageCells(image, frame, Check(image, order ?? OrderFor(image.PixelScaleDegrees)), frames, centre, radius);
    }

    /// <summary>The same image at another order.</summary>
    public FitsImageCells WithOrder(int order) =>
        order == Order ? this : new FitsImageCells(Image, Frame, Check(Image, order), _frames, _discCentre, _discRadius);

    /// <summary>
    /// Streams the image's cells in NESTED order, one batch of 1024 pruned cells' 65536 candidates at a time: while the
    /// caller takes one batch, the next is sampled (on every core), so reading and building overlap.
    /// </summary>
    public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
    {
        var coarse = _coarse.Value;
        var depth = SampledDepthAt(Order);
        var pixels = Image.ReadPixels(cancellationToken);
        var batches = new Batch[2];
        Task<int>? pending = null;
        try
        {
            for (var b = 0; b < batches.Length; b++)
            {
                batches[b] = new Batch(this, pixels, CoarseCellsPerBatch << (2 * depth));
            }

            long found = 0;
            var count = (coarse.Length + CoarseCellsPerBatch - 1) / CoarseCellsPerBatch;
            pending = count > 0 ? batches[0].StartAsync(coarse, 0, depth, cancellationToken) : null;
            for (var k = 0; k < count; k++)
            {
                var cells = pending!.GetAwaiter().GetResult();
                pending = k + 1 < count ? batches[(k + 1) % 2].StartAsync(coarse, (k + 1) * CoarseCellsPerBatch, depth, cancellationToken) : null;
                found += cells;
                var end = Math.Min(coarse.Length, (k + 1) * CoarseCellsPerBatch);
                yield return (batches[k % 2].Output.AsMemory(0, cells), (long)end << (2 * depth));
            }

            if (found == 0)
            {
                throw new HealpixMapException(string.Create(CultureInfo.InvariantCulture,
                    $"{Image.Where}: no HEALPix cell centre at order {Order} ({CellSizeDegrees(Order) * 3600:G4}″ cells) falls on a non-blank pixel of the image; give a finer --order."));
            }
        }
        finally
        {
            // A batch still being sampled (the caller stopped early) finishes before its transforms go.
            if (pending is not null)
            {
                ((IAsyncResult)pending).AsyncWaitHandle.WaitOne();
            }

            foreach (var batch in batches)
            {
                batch?.Dispose();
            }
        }
    }

    private static int SampledDepthAt(int order) => Math.Min(SampledDepth, order);

    private static int Check(FitsImagePlane image, int order)
    {
        if (order is < 0 or > Healpix.MaxOrder)
        {
            throw new HealpixMapException($"--order {order} must be from 0 to {Healpix.MaxOrder}.", "--order");
        }

        // About the cells the image covers: its area over a cell's.
        var cells = (double)image.Width * image.Height * Math.Pow(image.PixelScaleDegrees / CellSizeDegrees(order), 2);
        if (cells > MaxCells)
        {
            throw new HealpixMapException(string.Create(CultureInfo.InvariantCulture,
                $"{image.Where}: at order {order} ({CellSizeDegrees(order) * 3600:G4}″ cells) the image's {image.Width} × {image.Height} pixels of {image.PixelScaleDegrees * 3600:G4}″ cover about {cells:G3} cells, more than the limit of {MaxCells} (2^28); give a lower --order."),
                "--order");
        }

        return order;
    }

    /// <summary>
    /// A disc (in the output frame) holding the whole image: centred on the centre pixel, reaching the farthest of 64
    /// samples per edge plus the largest gap between samples; the whole sky when an edge leaves the projection.
    /// </summary>
    private static (Vector3 Centre, double Radius) EnclosingDisc(FitsImagePlane image, FrameMapping frames)
    {
        const int perSide = 64;
        double w = image.Width + 0.5, h = image.Height + 0.5;
        (double X, double Y)[] corners = [(0.5, 0.5), (w, 0.5), (w, h), (0.5, h)];
        var points = new List<(double X, double Y)> { ((image.Width + 1) / 2.0, (image.Height + 1) / 2.0) };
        for (var side = 0; side < 4; side++)
        {
            var (x0, y0) = corners[side];
            var (x1, y1) = corners[(side + 1) % 4];
            for (var k = 0; k < perSide; k++)
            {
                points.Add((x0 + ((x1 - x0) * k / perSide), y0 + ((y1 - y0) * k / perSide)));
            }
        }

        var sky = ToSky(image, frames, points);
        var centre = sky[0];
        if (sky.Any(v => double.IsNaN(v.X)))
        {
            return (centre, Math.PI);
        }

        double far = 0, gap = 0;
        for (var i = 1; i < sky.Length; i++)
        {
            far = Math.Max(far, Angle(centre, sky[i]));
            gap = Math.Max(gap, Angle(sky[i], sky[i == sky.Length - 1 ? 1 : i + 1]));
        }

        var radius = far + gap + 1e-6;
        return (centre, radius > 0.9 * Math.PI ? Math.PI : radius);
    }

    // FITS pixel positions of the celestial plane → unit vectors in the output frame (NaN where the WCS has none).
    private static Vector3[] ToSky(FitsImagePlane image, FrameMapping frames, IReadOnlyList<(double X, double Y)> points)
    {
        var n = image.NAxis;
        var pixel = new double[points.Count * n];
        pixel.AsSpan().Fill(1);
        for (var i = 0; i < points.Count; i++)
        {
            (pixel[i * n], pixel[(i * n) + 1]) = points[i];
        }

        var world = new double[pixel.Length];
        using (var wcs = image.CreateTransform())
        {
            wcs.PixelToWorld(pixel, world);
        }

        var lon = new double[points.Count];
        var lat = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            (lon[i], lat[i]) = (world[(i * n) + image.LongitudeAxis], world[(i * n) + 1 - image.LongitudeAxis]);
        }

        frames.ToOutput(lon, lat);
        return [.. lon.Select((l, i) => double.IsFinite(l) && double.IsFinite(lat[i]) ? new SkyPoint(l, lat[i]).ToVector() : new Vector3(double.NaN, 0, 0))];
    }

    private static double Angle(Vector3 a, Vector3 b) => Math.Atan2(Vector3.Cross(a, b).Length, Vector3.Dot(a, b));

    /// <summary>The descent: the cells 3 orders above <see cref="Order"/> (or at order 0) that may meet the image, ascending.</summary>
    private long[] FindCoarseCells()
    {
        var last = Order - SampledDepthAt(Order);
        using var wcs = Image.CreateTransform();
        var cells = new List<long>(Enumerable.Range(0, 12).Select(i => (long)i));
        for (var k = 0; ; k++)
        {
            cells = Keep(k, cells, wcs);
            if (k == last)
            {
                return [.. cells];
            }

            cells = [.. cells.SelectMany(c => new[] { 4 * c, (4 * c) + 1, (4 * c) + 2, (4 * c) + 3 })];
        }
    }

    private List<long> Keep(int order, List<long> cells, WcsTransform wcs)
    {
        var cellRadius = HealpixDisc.MaxCellRadius(order);
        var limit = _discRadius + (cellRadius * (1 + 1e-9)) + 1e-7;
        var near = limit >= Math.PI ? cells : cells.Where(c => Vector3.Dot(Healpix.CentreVector(order, c), _discCentre) >= Math.Cos(limit)).ToList();
        if (cellRadius > PixelTestRadius)
        {
            return near;
        }

        // Corners and centre of each cell to pixel coordinates, in batches.
        const int perCell = 5;
        const int batch = 4096;
        var n = Image.NAxis;
        var kept = new List<long>(near.Count);
        var lon = new double[batch * perCell];
        var lat = new double[batch * perCell];
        var world = new double[batch * perCell * n];
        var pixel = new double[world.Length];
        double xMax = Image.Width + 0.5, yMax = Image.Height + 0.5;
        for (var first = 0; first < near.Count; first += batch)
        {
            var count = Math.Min(batch, near.Count - first);
            for (var i = 0; i < count; i++)
            {
                var corners = Healpix.Corners(order, near[first + i]);
                for (var k = 0; k < 4; k++)
                {
                    (lon[(i * perCell) + k], lat[(i * perCell) + k]) = (corners[k].Ra, corners[k].Dec);
                }

                var c = SkyPoint.FromVector(Healpix.CentreVector(order, near[first + i]));
                (lon[(i * perCell) + 4], lat[(i * perCell) + 4]) = (c.Ra, c.Dec);
            }

            var points = count * perCell;
            ToPixels(lon.AsSpan(0, points), lat.AsSpan(0, points), world.AsSpan(0, points * n), pixel.AsSpan(0, points * n), wcs);
            for (var i = 0; i < count; i++)
            {
                double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
                var valid = true;
                for (var k = 0; k < perCell && valid; k++)
                {
                    var at = ((i * perCell) + k) * n;
                    var (x, y) = (pixel[at], pixel[at + 1]);
                    valid = double.IsFinite(x) && double.IsFinite(y);
                    (x0, x1, y0, y1) = (Math.Min(x0, x), Math.Max(x1, x), Math.Min(y0, y), Math.Max(y1, y));
                }

                var margin = valid ? (0.25 * Math.Max(x1 - x0, y1 - y0)) + 2 : 0;
                if (!valid || (x1 + margin >= 0.5 && x0 - margin <= xMax && y1 + margin >= 0.5 && y0 - margin <= yMax))
                {
                    kept.Add(near[first + i]);
                }
            }
        }

        return kept;
    }

    // Output-frame (lon, lat) in degrees (overwritten) → image frame → FITS pixel tuples of the image's NAxis.
    private void ToPixels(Span<double> lon, Span<double> lat, Span<double> world, Span<double> pixel, WcsTransform wcs)
    {
        _frames.ToImage(lon, lat);
        var n = Image.NAxis;
        var lonAxis = Image.LongitudeAxis;
        Image.FillWorldTemplate(world, lon.Length);
        for (var i = 0; i < lon.Length; i++)
        {
            world[(i * n) + lonAxis] = lon[i];
            world[(i * n) + 1 - lonAxis] = lat[i];
        }

        wcs.WorldToPixel(world, pixel);
    }

    /// <summary>One batch's samplers (one a core) and the buffer its cells are gathered in, in NESTED order.</summary>
    private sealed class Batch(FitsImageCells source, float[] pixels, int capacity) : IDisposable
    {
        private readonly Sampler[] _parts = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new Sampler(source, pixels))];

        public HealpixCell[] Output { get; } = new HealpixCell[capacity];

        /// <summary>Samples the cells under coarse cells [first, first + 1024) in the background; the task gives their count.</summary>
        public Task<int> StartAsync(long[] coarse, int first, int depth, CancellationToken cancellationToken) => Task.Run(() =>
        {
            var count = Math.Min(CoarseCellsPerBatch, coarse.Length - first);
            var share = (count + _parts.Length - 1) / _parts.Length;
            Parallel.For(0, _parts.Length, new ParallelOptions { CancellationToken = cancellationToken }, p =>
                _parts[p].Sample(coarse, first + Math.Min(count, p * share), first + Math.Min(count, (p + 1) * share), depth));
            var at = 0;
            foreach (var part in _parts)
            {
                part.Cells.CopyTo(Output, at);
                at += part.Cells.Count;
            }

            return at;
        }, cancellationToken);

        public void Dispose()
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }
    }

    /// <summary>One core's share of a batch: the cells under its coarse cells, sampled with its own WCSLIB transform.</summary>
    private sealed class Sampler(FitsImageCells source, float[] pixels) : IDisposable
    {
        private readonly WcsTransform _wcs = source.Image.CreateTransform();
        private readonly int _width = source.Image.Width;
        private readonly int _height = source.Image.Height;
        private double[] _lon = [], _lat = [], _world = [], _pixel = [];

        public List<HealpixCell> Cells { get; } = [];

        public void Sample(long[] coarse, int from, int to, int depth)
        {
            Cells.Clear();
            var per = 1 << (2 * depth);
            var count = (to - from) * per;
            if (count == 0)
            {
                return;
            }

            var n = source.Image.NAxis;
            if (_lon.Length < count)
            {
                (_lon, _lat, _world, _pixel) = (new double[count], new double[count], new double[count * n], new double[count * n]);
            }

            var order = source.Order;
            for (var c = 0; c < to - from; c++)
            {
                var first = coarse[from + c] << (2 * depth);
                for (var i = 0; i < per; i++)
                {
                    (_lon[(c * per) + i], _lat[(c * per) + i]) = Healpix.CentreLonLat(order, first + i);
                }
            }

            source.ToPixels(_lon.AsSpan(0, count), _lat.AsSpan(0, count), _world.AsSpan(0, count * n), _pixel.AsSpan(0, count * n), _wcs);
            for (var c = 0; c < to - from; c++)
            {
                var first = coarse[from + c] << (2 * depth);
                for (var i = 0; i < per; i++)
                {
                    var at = ((c * per) + i) * n;
                    var value = Interpolate(_pixel[at], _pixel[at + 1]);
                    if (!double.IsNaN(value))
                    {
                        Cells.Add(new HealpixCell(first + i, value, 1));
                    }
                }
            }
        }

        public void Dispose() => _wcs.Dispose();

        // The sampling rule of the class remarks; NaN for an empty cell.
        private double Interpolate(double x, double y)
        {
            if (!(x >= 0.5 && x <= _width + 0.5 && y >= 0.5 && y <= _height + 0.5))
            {
                return double.NaN;
            }

            var nearest = Pixel(Math.Clamp((int)Math.Floor(x + 0.5), 1, _width), Math.Clamp((int)Math.Floor(y + 0.5), 1, _height));
            if (float.IsNaN(nearest))
            {
                return double.NaN;
            }

            var x0 = (int)Math.Floor(x);
            var y0 = (int)Math.Floor(y);
            double fx = x - x0, fy = y - y0;
            double sum = 0, weights = 0;
            for (var dy = 0; dy < 2; dy++)
            {
                var j = y0 + dy;
                if (j < 1 || j > _height)
                {
                    continue;
                }

                for (var dx = 0; dx < 2; dx++)
                {
                    var i = x0 + dx;
                    if (i < 1 || i > _width)
                    {
                        continue;
                    }

                    var v = Pixel(i, j);
                    var w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
                    if (!float.IsNaN(v) && w > 0)
                    {
                        sum += w * v;
                        weights += w;
                    }
                }
            }

            return weights > 0 ? sum / weights : nearest;
        }

        private float Pixel(int i, int j) => pixels[((long)(j - 1) * _width) + (i - 1)];
    }

    /// <summary>Positions between the HiPS frame and the image's own celestial frame, through ICRS unless they are the same.</summary>
    private sealed class FrameMapping(CelestialFrame output, CelestialFrame image)
    {
        private readonly bool _same = output.Kind == image.Kind && output.Equinox == image.Equinox;

        public void ToImage(Span<double> lon, Span<double> lat)
        {
            if (!_same)
            {
                SkyFrames.ToIcrs(output, lon, lat, lon, lat);
                SkyFrames.FromIcrs(image, lon, lat, lon, lat);
            }
        }

        public void ToOutput(Span<double> lon, Span<double> lat)
        {
            if (!_same)
            {
                SkyFrames.ToIcrs(image, lon, lat, lon, lat);
                SkyFrames.FromIcrs(output, lon, lat, lon, lat);
            }
        }
    }
}
