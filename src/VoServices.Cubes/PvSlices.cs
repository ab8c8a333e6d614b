using VoServices.Dali;
using VoServices.Fits.Sky;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>
/// A position–velocity slice: <see cref="Points"/> samples along the path (axis 1) by the channels
/// <see cref="FirstChannel"/>…<see cref="LastChannel"/> (axis 2), row by row (one row a channel, FITS order).
/// </summary>
/// <param name="Offset">Each sample's offset along the path (deg), from its start or its centre.</param>
/// <param name="Position">Each sample's position on the path's centre line, in the cube's celestial frame (deg).</param>
/// <param name="PixelX">Each sample's 1-based FITS pixel coordinate on the cube's axis 1 (NaN where WCSLIB has none).</param>
/// <param name="PixelY">The same on the cube's axis 2.</param>
/// <param name="Spacing">Distance between samples (deg).</param>
/// <param name="CrossSamples">Samples averaged across the path at each offset (1: no averaging).</param>
/// <param name="PixelScale">The cube's pixel (deg): the defaults of SPACING and WIDTH.</param>
public sealed record PvSlice(
    int Points,
    int FirstChannel,
    int LastChannel,
    float[] Data,
    double[] Offset,
    SkyPoint[] Position,
    double[] PixelX,
    double[] PixelY,
    double Spacing,
    int CrossSamples,
    double PixelScale,
    VelocityAxis? Axis);

/// <summary>
/// Samples a cube along great circles (slerp between the path's vertices, converted to the cube's celestial frame), maps
/// every sample to pixels with WCSLIB once, then makes one pass over the channels reading only the rows the path
/// crosses, in bands of about a million pixels: memory is one band plus the output. Linear interpolation is scipy's map_coordinates order
/// 1 (samples outside [0, n − 1] are off the cube, NaN); cubic is Keys' convolution (a = −0.5) over rows floor(y) − 1 … floor(y) + 2,
/// falling back to linear where its support leaves the plane or touches a NaN (<see cref="PvInterpolation.Cubic"/>); across the path, WIDTH is averaged over samples one pixel
/// apart on the great circle perpendicular to it, ignoring NaN.
/// </summary>
public static class PvSlices
{
    /// <summary>At most this many interpolated positions (samples × cross samples); beyond it the answer is 413.</summary>
    public const int MaxPositions = 1 << 20;

    /// <summary>Pixels read at once: rows of a plane in bands of about this size.</summary>
    public const int BandPixels = 1 << 20;

    /// <summary>The slice, or null when the path lies entirely off the cube or the velocity range holds no channel (HTTP 204).</summary>
    public static PvSlice? Compute(CubeFile cube, PvRequest request, CancellationToken cancellationToken) =>
        Compute(cube, request, BandPixels, cancellationToken);

    /// <summary>The slice, reading bands of about <paramref name="bandPixels"/> pixels (tests make them small to cross band edges).</summary>
    public static PvSlice? Compute(CubeFile cube, PvRequest request, int bandPixels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        VelocityAxis? axis = null;
        var (first, last) = (0, (int)cube.Channels - 1);
        if (request.Velocity is var (low, high))
        {
            axis = VelocityAxis.Read(cube.Header, 2, cube.Channels, request.Definition, request.RestFrequency);
            if (axis.ChannelsBetween(low, high) is not var (f, l))
            {
                return null;
            }

            (first, last) = (f, l);
        }

        using var wcs = CubeFile.Wcs(cube.Header);
        var scale = PixelScale(wcs, cube);
        var spacing = request.Spacing ?? scale;
        var across = request.Width is { } w ? Math.Max(1, Math.Round(w / scale)) : 1;
        var path = new GreatCirclePath(InCubeFrame(wcs, request));
        var offsets = Offsets(path.Length, spacing, request.FromCenter);
        if (offsets.Length * across > MaxPositions)
        {
            throw new DaliException(DaliErrorKind.TooLarge,
                $"WIDTH: the slice would interpolate {offsets.Length * across} positions, more than {MaxPositions}; give a larger SPACING or a smaller WIDTH", "WIDTH");
        }

        var cross = (int)across;

        var origin = request.FromCenter ? path.Length / 2 : 0;
        var n = offsets.Length;
        var centre = new SkyPoint[n];
        var positions = new SkyPoint[n * cross];
        for (var j = 0; j < n; j++)
        {
            var (p, pole) = path.At(origin + offsets[j]);
            centre[j] = SkyPoint.FromVector(p);
            for (var c = 0; c < cross; c++)
            {
                // Cross samples WIDTH/cross apart, symmetric about the path, towards its left (the pole of the arc) for c > (cross−1)/2.
                var u = (c - ((cross - 1) / 2.0)) * (request.Width ?? 0) / cross * (Math.PI / 180);
                positions[(j * cross) + c] = u == 0 ? centre[j] : SkyPoint.FromVector((p * Math.Cos(u)) + (pole * Math.Sin(u)));
            }
        }

        var pixels = ToPixels(wcs, positions);
        var stencils = new Stencil[positions.Length];
        int rowLow = int.MaxValue, rowHigh = -1;
        for (var i = 0; i < positions.Length; i++)
        {
            stencils[i] = Stencil.At(pixels[2 * i] - 1, pixels[(2 * i) + 1] - 1, cube.Width, cube.Height, request.Interpolation);
            if (stencils[i].Valid)
            {
                rowLow = Math.Min(rowLow, stencils[i].Top);
                rowHigh = Math.Max(rowHigh, stencils[i].Bottom);
            }
        }

        if (rowHigh < 0)
        {
            return null;
        }

        var width = cube.Width;
        var bands = Bands(stencils, rowLow, rowHigh, width, bandPixels);
        var rows = new double[bands.Rows * width];
        var values = new double[positions.Length];
        var channels = last - first + 1;
        var data = new float[channels * n];
        for (var k = first; k <= last; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < bands.Start.Length; b++)
            {
                var members = bands.Members[b];
                if (members.Count == 0)
                {
                    continue;
                }

                var top = bands.Start[b];
                var count = Math.Min(bands.Rows, rowHigh - top + 1);
                cube.Image.ReadPixels(cube.PlaneStart(k) + ((long)top * width), rows.AsSpan(0, count * width));
                foreach (var i in members)
                {
                    values[i] = stencils[i].Value(rows, width, top);
                }
            }

            var row = (k - first) * n;
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                var count = 0;
                for (var c = 0; c < cross; c++)
                {
                    var value = stencils[(j * cross) + c].Valid ? values[(j * cross) + c] : double.NaN;
                    if (double.IsFinite(value))
                    {
                        sum += value;
                        count++;
                    }
                }

                data[row + j] = count > 0 ? (float)(sum / count) : float.NaN;
            }
        }

        var x = new double[n];
        var y = new double[n];
        var centrePixels = cross == 1 ? pixels : ToPixels(wcs, centre);
        for (var j = 0; j < n; j++)
        {
            (x[j], y[j]) = (centrePixels[2 * j], centrePixels[(2 * j) + 1]);
        }

        return new PvSlice(n, first, last, data, offsets, centre, x, y, spacing, cross, scale, axis);
    }

    /// <summary>
    /// Bands of rows read one positioned read each, about <paramref name="bandPixels"/> pixels, overlapping by the
    /// tallest stencil less one row (linear: rows Y0 and Y0 + 1; cubic: Y0 − 1 … Y0 + 2) so that each stencil lies
    /// wholly in one: a path across a huge plane never holds the plane. Bands no stencil needs are not read.
    /// </summary>
    private static (int Rows, int[] Start, List<int>[] Members) Bands(Stencil[] stencils, int rowLow, int rowHigh, int width, int bandPixels)
    {
        var tallest = Math.Max(2, stencils.Where(s => s.Valid).Max(s => s.Bottom - s.Top + 1));
        var rows = Math.Clamp(bandPixels / Math.Max(width, 1), tallest, rowHigh - rowLow + tallest);
        var step = rows - tallest + 1;
        var count = ((rowHigh - rowLow) / step) + 1;
        var start = Enumerable.Range(0, count).Select(b => rowLow + (b * step)).ToArray();
        var members = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < stencils.Length; i++)
        {
            if (stencils[i].Valid)
            {
                members[Math.Min((stencils[i].Top - rowLow) / step, count - 1)].Add(i);
            }
        }

        return (rows, start, members);
    }

    /// <summary>
    /// The vertices in the cube's celestial frame. ICRS, FK5, galactic and ecliptic differ by a rotation, so the great
    /// circle between two converted vertices is the one between them in ICRS: converting the vertices is enough.
    /// </summary>
    public static IReadOnlyList<SkyPoint> InCubeFrame(WcsTransform wcs, PvRequest request)
    {
        ArgumentNullException.ThrowIfNull(wcs);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Native || wcs.Frame is null or { Kind: CelestialFrameKind.Icrs })
        {
            return request.Vertices;
        }

        if (wcs.Frame.Kind == CelestialFrameKind.Other)
        {
            throw DaliException.BadParameter("FRAME", $"the cube's frame {wcs.Frame.Name} cannot be reached from ICRS here; give the path in it with FRAME=native");
        }

        return request.Vertices.Select(v => SkyFrames.FromIcrs(wcs.Frame, v.Ra, v.Dec)).Select(p => new SkyPoint(p.Lon, p.Lat)).ToList();
    }

    /// <summary>
    /// Offsets along a path of <paramref name="length"/> degrees: 0, Δ, 2Δ … up to its end from the start; from the
    /// centre kΔ for |kΔ| ≤ length/2, so the centre (the CENTER of a PA slice) is always a sample.
    /// </summary>
    public static double[] Offsets(double length, double spacing, bool fromCenter)
    {
        // A sample landing on the end within rounding belongs to the path.
        const double slack = 1e-9;
        if (fromCenter)
        {
            var half = (long)Math.Floor((length / 2 / spacing) + slack);
            return CheckedRange(-half, half, spacing, length);
        }

        return CheckedRange(0, (long)Math.Floor((length / spacing) + slack), spacing, length);
    }

    private static double[] CheckedRange(long from, long to, double spacing, double length)
    {
        if (to - from + 1 > MaxPositions)
        {
            throw new DaliException(DaliErrorKind.TooLarge,
                $"SPACING: {spacing}° along a {length}° path makes {to - from + 1} samples, more than {MaxPositions}", "SPACING");
        }

        var offsets = new double[to - from + 1];
        for (var k = from; k <= to; k++)
        {
            offsets[k - from] = k * spacing;
        }

        return offsets;
    }

    /// <summary>The smaller side of the pixel at the middle of the image (deg): the default SPACING and WIDTH.</summary>
    public static double PixelScale(WcsTransform wcs, CubeFile cube)
    {
        ArgumentNullException.ThrowIfNull(wcs);
        ArgumentNullException.ThrowIfNull(cube);
        var (cx, cy) = (Math.Floor((cube.Width + 1) / 2.0), Math.Floor((cube.Height + 1) / 2.0));
        var at = Sky(wcs, cx, cy);
        var scale = Math.Min(at.DistanceTo(Sky(wcs, cx + 1, cy)), at.DistanceTo(Sky(wcs, cx, cy + 1)));
        return double.IsFinite(scale) && scale > 0
            ? scale
            : throw DaliException.BadParameter("ID", "the cube's celestial WCS gives no pixel size at the middle of the image");
    }

    private static SkyPoint Sky(WcsTransform wcs, double x, double y)
    {
        var pixel = Enumerable.Repeat(1.0, wcs.NAxis).ToArray();
        (pixel[0], pixel[1]) = (x, y);
        var world = wcs.PixelToWorld(pixel);
        return new SkyPoint(world[wcs.LongitudeAxis!.Value], world[wcs.LatitudeAxis!.Value]);
    }

    // One WCSLIB call for all positions: (x, y) 1-based pairs, NaN where the projection has none.
    private static double[] ToPixels(WcsTransform wcs, SkyPoint[] positions)
    {
        var naxis = wcs.NAxis;
        var reference = wcs.PixelToWorld(Enumerable.Repeat(1.0, naxis).ToArray());
        var world = new double[positions.Length * naxis];
        for (var i = 0; i < positions.Length; i++)
        {
            reference.CopyTo(world, i * naxis);
            world[(i * naxis) + wcs.LongitudeAxis!.Value] = positions[i].Ra;
            world[(i * naxis) + wcs.LatitudeAxis!.Value] = positions[i].Dec;
        }

        var pixel = new double[world.Length];
        wcs.WorldToPixel(world, pixel);
        var xy = new double[positions.Length * 2];
        for (var i = 0; i < positions.Length; i++)
        {
            (xy[2 * i], xy[(2 * i) + 1]) = (pixel[i * naxis], pixel[(i * naxis) + 1]);
        }

        return xy;
    }

    /// <summary>
    /// Keys' cubic convolution kernel with a = −0.5 (Catmull-Rom) at distance <paramref name="s"/> (pixels): 1 at 0,
    /// 0 at the other integers and beyond 2; the four weights at t − 1, t, t + 1, t + 2 from a pixel sum to 1.
    /// </summary>
    public static double Keys(double s)
    {
        const double a = -0.5;
        s = Math.Abs(s);
        return s <= 1 ? (((a + 2) * s) - (a + 3)) * s * s + 1
            : s < 2 ? (((((a * s) - (5 * a)) * s) + (8 * a)) * s) - (4 * a)
            : 0;
    }

    /// <summary>
    /// The pixels (0-based) and weights of one interpolated position: bilinear's four (X0…X1, Y0…Y1, fractions Tx,
    /// Ty), and with <see cref="Cubic"/> Keys' 4×4 around (Cx, Cy) with fractions Ux, Uy, set only where every pixel
    /// of non-zero weight lies on the plane. A zero weight reads nothing, so a NaN neighbour it does not touch cannot
    /// spoil it.
    /// </summary>
    private readonly record struct Stencil(bool Valid, int X0, int Y0, int X1, int Y1, double Tx, double Ty)
    {
        public bool Cubic { get; init; }

        public int Cx { get; init; }

        public int Cy { get; init; }

        public double Ux { get; init; }

        public double Uy { get; init; }

        /// <summary>The first row read (0-based): Cy − 1 for a cubic stencil with a fraction, else Y0.</summary>
        public int Top => Cubic && Uy > 0 ? Cy - 1 : Y0;

        /// <summary>The last row read.</summary>
        public int Bottom => Cubic && Uy > 0 ? Cy + 2 : Y1;

        public static Stencil At(double x, double y, int width, int height, PvInterpolation interpolation)
        {
            if (interpolation == PvInterpolation.Nearest)
            {
                var (i, j) = (Math.Floor(x + 0.5), Math.Floor(y + 0.5));
                return i >= 0 && i < width && j >= 0 && j < height ? new Stencil(true, (int)i, (int)j, (int)i, (int)j, 0, 0) : default;
            }

            // map_coordinates(order=1, mode='constant'): defined on [0, n − 1] only.
            if (!(x >= 0 && x <= width - 1 && y >= 0 && y <= height - 1))
            {
                return default;
            }

            var x0 = Math.Min((int)Math.Floor(x), Math.Max(0, width - 2));
            var y0 = Math.Min((int)Math.Floor(y), Math.Max(0, height - 2));
            var linear = new Stencil(true, x0, y0, Math.Min(x0 + 1, width - 1), Math.Min(y0 + 1, height - 1), x - x0, y - y0);
            var (cx, cy) = ((int)Math.Floor(x), (int)Math.Floor(y));
            var (ux, uy) = (x - cx, y - cy);
            return interpolation == PvInterpolation.Cubic && OnPlane(cx, ux, width) && OnPlane(cy, uy, height)
                ? linear with { Cubic = true, Cx = cx, Cy = cy, Ux = ux, Uy = uy }
                : linear;
        }

        public double Value(double[] rows, int width, int rowLow)
        {
            if (!Valid)
            {
                return double.NaN;
            }

            if (Cubic && CubicValue(rows, width, rowLow) is var cubic && !double.IsNaN(cubic))
            {
                return cubic;
            }

            var r0 = (Y0 - rowLow) * width;
            var r1 = (Y1 - rowLow) * width;
            var value = 0.0;
            Add(ref value, rows[r0 + X0], (1 - Tx) * (1 - Ty));
            Add(ref value, rows[r0 + X1], Tx * (1 - Ty));
            Add(ref value, rows[r1 + X0], (1 - Tx) * Ty);
            Add(ref value, rows[r1 + X1], Tx * Ty);
            return value;
        }

        // Keys' kernel is zero at the integers: a whole-pixel position reads only its own pixel, otherwise floor − 1 … floor + 2.
        private static bool OnPlane(int i, double t, int n) => t == 0 ? i >= 0 && i < n : i >= 1 && i + 2 < n;

        // NaN when a pixel of non-zero weight is NaN: the caller then falls back to linear.
        private double CubicValue(double[] rows, int width, int rowLow)
        {
            var sum = 0.0;
            for (var j = -1; j <= 2; j++)
            {
                var wy = Keys(j - Uy);
                if (wy == 0)
                {
                    continue;
                }

                var r = ((Cy + j - rowLow) * width) + Cx;
                var line = 0.0;
                for (var i = -1; i <= 2; i++)
                {
                    if (Keys(i - Ux) is var wx && wx != 0)
                    {
                        line += rows[r + i] * wx;
                    }
                }

                sum += line * wy;
            }

            return sum;
        }

        private static void Add(ref double sum, double pixel, double weight)
        {
            if (weight != 0)
            {
                sum += pixel * weight;
            }
        }
    }

    /// <summary>The path as great-circle arcs: the point at a distance along it, and the pole of the arc it lies on.</summary>
    private sealed class GreatCirclePath
    {
        private readonly Vector3[] _vertices;
        private readonly double[] _start;
        private readonly double[] _angle;

        public GreatCirclePath(IReadOnlyList<SkyPoint> path)
        {
            // A repeated vertex is an arc of no length and no pole: drop it (PvRequest refuses a path of no length).
            var vertices = path.Where((v, i) => i == 0 || v.DistanceTo(path[i - 1]) > 0).ToList();
            _vertices = vertices.Select(v => v.ToVector()).ToArray();
            _start = new double[_vertices.Length];
            _angle = new double[_vertices.Length - 1];
            for (var i = 0; i < _angle.Length; i++)
            {
                _angle[i] = vertices[i].DistanceTo(vertices[i + 1]);
                _start[i + 1] = _start[i] + _angle[i];
            }

            Length = _start[^1];
        }

        public double Length { get; }

        public (Vector3 Point, Vector3 Pole) At(double distance)
        {
            var i = 0;
            while (i < _angle.Length - 1 && distance > _start[i + 1])
            {
                i++;
            }

            var (a, b) = (_vertices[i], _vertices[i + 1]);
            var theta = _angle[i] * (Math.PI / 180);
            var t = Math.Clamp((distance - _start[i]) / _angle[i], 0, 1) * theta;
            var sin = Math.Sin(theta);
            var point = ((a * Math.Sin(theta - t)) + (b * Math.Sin(t))) * (1 / sin);
            return (point.Normalized(), Vector3.Cross(a, b).Normalized());
        }
    }
}
