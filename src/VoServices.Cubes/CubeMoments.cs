using VoServices.Dali;
using VoServices.Fits;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>The moment maps of one request (Width × Height, FITS order), and what they were made of.</summary>
public sealed record MomentMaps(
    int Width,
    int Height,
    IReadOnlyList<(MomentKind Kind, double[] Map)> Maps,
    VelocityAxis Axis,
    int FirstChannel,
    int LastChannel,
    long NegativeVariance);

/// <summary>
/// Moments of a cube in one pass over its planes, as spectral-cube defines them: each channel weighted by its own
/// width |Δvᵢ| (from WCSLIB), so the sign never depends on the direction of the axis. Per pixel it keeps ΣI|Δv|,
/// ΣI(v − v₀)|Δv|, ΣI(v − v₀)²|Δv| (v₀ the mid velocity of the range, so the variance does not cancel), the peak and
/// its velocity, ΣI² and the count: seven numbers a pixel, whatever the number of channels. NaN and BLANK voxels,
/// and voxels below `CLIP`, are left out; a pixel with none left is NaN in every map.
/// </summary>
public static class CubeMoments
{
    private const int ChunkPixels = 1 << 20;

    /// <summary>The maps, or null when the spectral range holds none of the cube's channels (HTTP 204).</summary>
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
        if (range is not var (first, last))
        {
            return null;
        }

        var size = cube.Width * cube.Height;
        var reference = (axis.Velocity[first] + axis.Velocity[last]) / 2;
        var s0 = new double[size];
        var s1 = new double[size];
        var s2 = new double[size];
        var peak = new double[size];
        var vpeak = new double[size];
        var squares = new double[size];
        var count = new int[size];
        Array.Fill(peak, double.NegativeInfinity);
        var buffer = new double[Math.Min(size, ChunkPixels)];
        var clip = request.Clip ?? double.NegativeInfinity;
        for (var k = first; k <= last; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (v, w) = (axis.Velocity[k], axis.Width[k]);
            var dv = v - reference;
            var start = cube.PlaneStart(k);
            for (var done = 0; done < size; done += buffer.Length)
            {
                var n = Math.Min(buffer.Length, size - done);
                var chunk = buffer.AsSpan(0, n);
                cube.Image.ReadPixels(start + done, chunk);
                for (var i = 0; i < n; i++)
                {
                    var value = chunk[i];
                    if (!double.IsFinite(value) || value < clip)
                    {
                        continue;
                    }

                    var p = done + i;
                    var weighted = value * w;
                    s0[p] += weighted;
                    s1[p] += weighted * dv;
                    s2[p] += weighted * dv * dv;
                    squares[p] += value * value;
                    count[p]++;
                    if (value > peak[p])
                    {
                        peak[p] = value;
                        vpeak[p] = v;
                    }
                }
            }
        }

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

                // A spectrum whose weights cancel (noise around zero) has no mean velocity.
                var m1 = s0[p] != 0 ? s1[p] / s0[p] : double.NaN;
                var variance = (s2[p] / s0[p]) - (m1 * m1);
                map[p] = kind switch
                {
                    MomentKind.Zero => s0[p],
                    MomentKind.One => reference + m1,
                    MomentKind.Two => variance,
                    MomentKind.Sigma => variance >= 0 ? Math.Sqrt(variance) : double.NaN,
                    MomentKind.Fwhm => variance >= 0 ? Math.Sqrt(8 * Math.Log(2) * variance) : double.NaN,
                    MomentKind.Peak => peak[p],
                    MomentKind.VPeak => vpeak[p],
                    _ => Math.Sqrt(squares[p] / count[p]),
                };
                if (kind == MomentKind.Two && variance < 0)
                {
                    negative++;
                }
            }

            maps.Add((kind, map));
        }

        return new MomentMaps(cube.Width, cube.Height, maps, axis, first, last, negative);
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
