using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>
/// Binned channel maps: <see cref="Bins"/> planes of Width × Height (FITS order), bin b made of the channels
/// <see cref="FirstChannel"/> + b·<see cref="ChannelsPerBin"/> onwards.
/// </summary>
/// <param name="Dropped">Channels at the end of the range that do not fill a bin, left out so every bin is alike.</param>
public sealed record ChannelMapSet(
    int Width,
    int Height,
    int Bins,
    int ChannelsPerBin,
    int FirstChannel,
    int Dropped,
    float[] Data,
    VelocityAxis Axis);

/// <summary>
/// Channel maps in one pass over the planes: each bin is Σ Iᵢ|Δvᵢ| over its channels (the moment 0 of the bin, each
/// channel's own width from WCSLIB, so the sign never depends on the axis direction), NaN voxels left out, NaN where
/// a pixel has none. Memory: one chunk of a plane, one plane of sums, and the output.
/// </summary>
public static class ChannelMaps
{
    private const int ChunkPixels = 1 << 20;

    /// <summary>The maps, or null when the velocity range holds none of the cube's channels (HTTP 204).</summary>
    public static ChannelMapSet? Compute(CubeFile cube, ChannelMapRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var axis = VelocityAxis.Read(cube.Header, 2, cube.Channels, request.Definition, request.RestFrequency);
        var range = request.Velocity is var (low, high) ? axis.ChannelsBetween(low, high) : (0, axis.Count - 1);
        if (range is not var (first, last))
        {
            return null;
        }

        var count = last - first + 1;
        // BINWIDTH becomes whole channels of the range's mean width: bins stay alike, so the binned axis keeps a WCS.
        var mean = axis.Width.Skip(first).Take(count).Average();
        var perBin = request.ChannelsPerBin ?? (request.BinWidth is { } w ? Math.Max(1, (int)Math.Round(w / mean)) : 1);
        var bins = count / perBin;
        if (bins == 0)
        {
            throw DaliException.BadParameter(request.ChannelsPerBin is null ? "BINWIDTH" : "NBIN",
                $"a bin of {perBin} channels is wider than the {count} channels of the range");
        }

        if (request.Png)
        {
            ChannelMosaic.RequireRoom(bins, cube.Width, cube.Height, request.Contours.Count);
        }

        var size = cube.Width * cube.Height;
        var parameter = request.ChannelsPerBin is null && request.BinWidth is not null ? "BINWIDTH" : "NBIN";
        CubeLimits.RequireWorkingMemory(((4L * bins) + 9) * size, parameter, $"{bins} maps of {cube.Width}×{cube.Height} pixels",
            "give wider bins (NBIN, BINWIDTH) or a narrower range (VLOW, VHIGH)");
        if ((long)size * bins > Array.MaxLength)
        {
            throw new DaliException(DaliErrorKind.TooLarge, $"{parameter}: {bins} maps of {cube.Width}×{cube.Height} are too many for one answer; give wider bins or a narrower range", parameter);
        }

        var data = new float[size * bins];
        var sums = new double[size];
        var finite = new bool[size];
        var buffer = new double[Math.Min(size, ChunkPixels)];
        for (var b = 0; b < bins; b++)
        {
            Array.Clear(sums);
            Array.Clear(finite);
            for (var k = first + (b * perBin); k < first + ((b + 1) * perBin); k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var width = axis.Width[k];
                var start = cube.PlaneStart(k);
                for (var done = 0; done < size; done += buffer.Length)
                {
                    var n = Math.Min(buffer.Length, size - done);
                    var chunk = buffer.AsSpan(0, n);
                    cube.Image.ReadPixels(start + done, chunk);
                    for (var i = 0; i < n; i++)
                    {
                        if (double.IsFinite(chunk[i]))
                        {
                            sums[done + i] += chunk[i] * width;
                            finite[done + i] = true;
                        }
                    }
                }
            }

            var plane = data.AsSpan(b * size, size);
            for (var p = 0; p < size; p++)
            {
                plane[p] = finite[p] ? (float)sums[p] : float.NaN;
            }
        }

        return new ChannelMapSet(cube.Width, cube.Height, bins, perBin, first, count - (bins * perBin), data, axis);
    }
}
