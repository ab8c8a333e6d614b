using System.Runtime.Intrinsics;
using VoServices.Dali;
using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>The moment maps of one request (Width × Height, FITS order), and what they were made of.</summary>
/// <param name="X0">The maps' first column on the cube's axis 1 (0-based; 0 without a spatial subset).</param>
/// <param name="Y0">The maps' first row on the cube's axis 2.</param>
/// <param name="ClipLevel">The threshold applied (the cube's unit), CLIP itself or n·σ; null without CLIP.</param>
/// <param name="Noise">The noise estimate a CLIP in σ was made of.</param>
/// <param name="EmptyPixels">Pixels with no voxel kept (NaN, BLANK or clipped): NaN in every map.</param>
public sealed record MomentMaps(
    int Width,
    int Height,
    int X0,
    int Y0,
    IReadOnlyList<(MomentKind Kind, double[] Map)> Maps,
    VelocityAxis Axis,
    int FirstChannel,
    int LastChannel,
    long NegativeVariance,
    double? ClipLevel,
    CubeNoise? Noise,
    long EmptyPixels);

/// <summary>
/// Moments of a cube in one pass over its planes, as spectral-cube defines them: each channel weighted by its own
/// width |Δvᵢ| (from WCSLIB), so the sign never depends on the direction of the axis. Per pixel it keeps ΣI|Δv|,
/// ΣI(v − v₀)|Δv|, ΣI(v − v₀)²|Δv| (v₀ the mid velocity of the range, so the variance does not cancel), the peak and
/// its velocity, ΣI² and the count — only those the requested maps need —, at most seven numbers a pixel,
/// whatever the number of channels. NaN and BLANK voxels, and voxels below `CLIP`, are left out; a pixel with none
/// left is NaN in every map. A spatial subset (CIRCLE, POLYGON, POS) limits the maps to the pixel box its SODA
/// cutout would keep, and only that box is read.
/// </summary>
public static class CubeMoments
{
    // 64k pixels: seven sums of 8 bytes each stay within a core's L2 cache while the channels stream past.
    private const int BlockPixels = 1 << 16;

    /// <summary>The maps, or null when the spectral range holds none of the cube's channels or the region none of its pixels (HTTP 204).</summary>
    public static MomentMaps? Compute(CubeFile cube, MomentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var axis = VelocityAxis.Read(cube.Header, 2, cube.Channels, request.Definition, request.RestFrequency);
        var range = request switch
        {
            { Velocity: var (low, high) } => axis.ChannelsBetween(low, high),
            { Band: var (low, high) } => ChannelsInBand(cube, low, high),
            _ => (0, axis.Count - 1),
        };
        if (range is not var (first, last) || CubeBox.Of(cube, request.Region) is not { } box)
        {
            return null;
        }

        var size = box.Width * box.Height;
        CubeLimits.RequireWorkingMemory(8L * size * (MomentSums.Arrays(request.Moments) + request.Moments.Count), request.Region is null ? "ID" : "POS",
            FormattableString.Invariant($"{request.Moments.Count} map(s) of {box.Width}×{box.Height} pixels"), "give a smaller region (CIRCLE, POLYGON or POS) or fewer MOMENT values");
        var reference = (axis.Velocity[first] + axis.Velocity[last]) / 2;
        using var file = File.OpenHandle(cube.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var noise = request.Clip is { InSigma: true } ? CubeNoise.Estimate(file, cube, box, first, last, cancellationToken) : null;
        double? level = request.Clip is { } c ? (noise is { } n ? c.Value * n.Sigma : c.Value) : null;
        var clip = level ?? double.NegativeInfinity;
        var sums = new MomentSums(size, request.Moments);
        // Blocks of whole rows, each taken through every channel of the range by one core: its sums stay in cache while
        // the channels stream past, and every byte of the box is still read once (one positioned read per block and
        // channel, or per row when the box is narrower than the cube). Blocks are disjoint, so cores never write the same sum.
        var rowsPerBlock = Math.Max(1, BlockPixels / box.Width);
        var blocks = (box.Height + rowsPerBlock - 1) / rowsPerBlock;
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => (Bytes: new byte[rowsPerBlock * box.Width * cube.Image.PixelBytes], Values: new double[rowsPerBlock * box.Width]),
            (block, _, buffers) =>
            {
                var firstRow = block * rowsPerBlock;
                var rows = Math.Min(rowsPerBlock, box.Height - firstRow);
                var n = rows * box.Width;
                var values = buffers.Values.AsSpan(0, n);
                var bytes = buffers.Bytes.AsSpan(0, n * cube.Image.PixelBytes);
                for (var k = first; k <= last; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    box.Read(file, cube, k, firstRow, rows, bytes);
                    cube.Image.Decode(bytes, values);
                    sums.Add(firstRow * box.Width, values, axis.Velocity[k], axis.Velocity[k] - reference, axis.Width[k], clip);
                }

                return buffers;
            },
            _ => { });

        var (s0, s1, s2, peak, vpeak, squares, count) = (sums.S0, sums.S1, sums.S2, sums.Peak, sums.VPeak, sums.Squares, sums.Count);
        // About v₀; a spectrum whose weights cancel (noise around zero) has no mean velocity.
        double Mean(int p) => s0[p] != 0 ? s1[p] / s0[p] : double.NaN;
        double Variance(int p) => (s2[p] / s0[p]) - (Mean(p) * Mean(p));

        long negative = 0;
        var maps = new List<(MomentKind, double[])>();
        foreach (var kind in request.Moments)
        {
            var map = new double[size];
            for (var p = 0; p < size; p++)
            {
                if (count[p] == 0)
                {
                    map[p] = double.NaN;
                    continue;
                }

                map[p] = kind switch
                {
                    MomentKind.Zero => s0[p],
                    MomentKind.One => reference + Mean(p),
                    MomentKind.Two => Variance(p),
                    MomentKind.Sigma => Variance(p) is >= 0 and var v ? Math.Sqrt(v) : double.NaN,
                    MomentKind.Fwhm => Variance(p) is >= 0 and var v2 ? Math.Sqrt(8 * Math.Log(2) * v2) : double.NaN,
                    MomentKind.Peak => peak[p],
                    MomentKind.VPeak => vpeak[p],
                    _ => Math.Sqrt(squares[p] / count[p]),
                };
                if (kind == MomentKind.Two && map[p] < 0)
                {
                    negative++;
                }
            }

            maps.Add((kind, map));
        }

        return new MomentMaps(box.Width, box.Height, box.X0, box.Y0, maps, axis, first, last, negative, level, noise, count.Count(c => c == 0));
    }

    // BAND is vacuum wavelength (m), as in SODA: WCSLIB expresses the axis as WAVE whatever it is.
    private static (int, int)? ChannelsInBand(CubeFile cube, double low, double high)
    {
        using var wcs = CubeFile.Wcs(cube.Header);
        WcsTransform wave;
        try
        {
            wave = wcs.WithSpectralAxisAs("WAVE-???");
        }
        catch (WcsException e)
        {
            throw DaliException.BadParameter("BAND", $"the spectral axis cannot be expressed as wavelength ({e.Message})");
        }

        using (wave)
        {
            int? first = null, last = null;
            var pixel = new double[wcs.NAxis];
            for (var k = 0; k < cube.Channels; k++)
            {
                Array.Fill(pixel, 1);
                pixel[2] = k + 1;
                var lambda = wave.PixelToWorld(pixel)[2];
                if (lambda >= low && lambda <= high)
                {
                    first ??= k;
                    last = k;
                }
            }

            return first is { } f ? (f, last!.Value) : null;
        }
    }
}

/// <summary>
/// The per-pixel sums of <see cref="CubeMoments"/>, allocated only for what the requested maps need (moment 0
/// alone needs ΣI|Δv| and the count: two arrays, not seven — the difference between streaming at memory speed and not).
/// </summary>
internal sealed class MomentSums
{
    public MomentSums(int size, IReadOnlyList<MomentKind> moments)
    {
        var (velocity, variance, peak) = (NeedsVelocity(moments), NeedsVariance(moments), NeedsPeak(moments));
        S0 = new double[size];
        S1 = velocity ? new double[size] : [];
        S2 = variance ? new double[size] : [];
        Peak = peak ? new double[size] : [];
        VPeak = peak ? new double[size] : [];
        Squares = moments.Contains(MomentKind.Rms) ? new double[size] : [];
        Count = new double[size];
        Array.Fill(Peak, double.NegativeInfinity);
    }

    public double[] S0 { get; }

    /// <summary>How many per-pixel arrays the sums of <paramref name="moments"/> take (for the memory bound).</summary>
    public static int Arrays(IReadOnlyList<MomentKind> moments) =>
        2 + (NeedsVelocity(moments) ? 1 : 0) + (NeedsVariance(moments) ? 1 : 0) + (NeedsPeak(moments) ? 2 : 0) + (moments.Contains(MomentKind.Rms) ? 1 : 0);

    private static bool NeedsVelocity(IReadOnlyList<MomentKind> moments) => NeedsVariance(moments) || moments.Contains(MomentKind.One);

    private static bool NeedsVariance(IReadOnlyList<MomentKind> moments) => moments.Any(m => m is MomentKind.Two or MomentKind.Sigma or MomentKind.Fwhm);

    private static bool NeedsPeak(IReadOnlyList<MomentKind> moments) => moments.Any(m => m is MomentKind.Peak or MomentKind.VPeak);

    public double[] S1 { get; }

    public double[] S2 { get; }

    public double[] Peak { get; }

    public double[] VPeak { get; }

    public double[] Squares { get; }

    /// <summary>Finite voxels kept per pixel (a double, so the moment-0 loop adds it in the same vectors).</summary>
    public double[] Count { get; }

    // Moment 0 alone: four pixels at a time, a kept voxel being finite (v − v = 0) and not below the clip.
    private static void AddZeroOnly(ReadOnlySpan<double> values, Span<double> s0, Span<double> count, double width, double clip)
    {
        var w = Vector256.Create(width);
        var floor = Vector256.Create(clip);
        var one = Vector256<double>.One;
        var i = 0;
        for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var value = Vector256.Create(values[i..]);
            var keep = Vector256.Equals(value - value, Vector256<double>.Zero) & Vector256.GreaterThanOrEqual(value, floor);
            (Vector256.Create(s0[i..]) + Vector256.ConditionalSelect(keep, value * w, Vector256<double>.Zero)).CopyTo(s0[i..]);
            (Vector256.Create(count[i..]) + (one & keep)).CopyTo(count[i..]);
        }

        for (; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]) && values[i] >= clip)
            {
                s0[i] += values[i] * width;
                count[i]++;
            }
        }
    }

    /// <summary>Adds one channel's values of the pixels from <paramref name="start"/> on.</summary>
    public void Add(int start, ReadOnlySpan<double> values, double v, double dv, double width, double clip)
    {
        var s0 = S0.AsSpan(start, values.Length);
        var count = Count.AsSpan(start, values.Length);
        if (S1.Length == 0 && Peak.Length == 0 && Squares.Length == 0 && Vector256.IsHardwareAccelerated)
        {
            AddZeroOnly(values, s0, count, width, clip);
            return;
        }

        var s1 = S1.Length > 0 ? S1.AsSpan(start, values.Length) : default;
        var s2 = S2.Length > 0 ? S2.AsSpan(start, values.Length) : default;
        var peak = Peak.Length > 0 ? Peak.AsSpan(start, values.Length) : default;
        var vpeak = VPeak.Length > 0 ? VPeak.AsSpan(start, values.Length) : default;
        var squares = Squares.Length > 0 ? Squares.AsSpan(start, values.Length) : default;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value) || value < clip)
            {
                continue;
            }

            var weighted = value * width;
            s0[i] += weighted;
            count[i]++;
            if (!s1.IsEmpty)
            {
                s1[i] += weighted * dv;
            }

            if (!s2.IsEmpty)
            {
                s2[i] += weighted * dv * dv;
            }

            if (!squares.IsEmpty)
            {
                squares[i] += value * value;
            }

            if (!peak.IsEmpty && value > peak[i])
            {
                peak[i] = value;
                vpeak[i] = v;
            }
        }
    }
}
