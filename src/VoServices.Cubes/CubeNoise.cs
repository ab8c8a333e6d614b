using Microsoft.Win32.SafeHandles;
using VoServices.Dali;

namespace VoServices.Cubes;

/// <summary>
/// The robust noise of a cube, σ = 1.4826 · median(|x − median(x)|) (astropy's mad_std), of voxels sampled evenly from its
/// line-free channels: those outside the moment's range (all channels when the range covers the cube), every s-th of
/// them so that at most <see cref="MaxChannels"/> are read, and in each every s′-th row and column of the box, s′ the
/// smallest stride keeping the sample within <see cref="MaxSamples"/>. A CLIP of n·σ keeps the voxels ≥ n·σ.
/// </summary>
/// <param name="Sigma">σ, in the cube's unit.</param>
/// <param name="Samples">Finite voxels the estimate was made of.</param>
/// <param name="ChannelStride">Every this-many-th line-free channel was read.</param>
/// <param name="PixelStride">Every this-many-th row and column of the box was read.</param>
/// <param name="LineFree">The channels were outside the range; false when the range covers every channel.</param>
public sealed record CubeNoise(double Sigma, int Samples, int Channels, int ChannelStride, int PixelStride, bool LineFree)
{
    public const int MaxChannels = 32;

    public const int MaxSamples = 1 << 20;

    /// <summary>The scale of the median absolute deviation to σ for Gaussian noise: 1 / Φ⁻¹(3/4).</summary>
    public const double MadToSigma = 1.482602218505602;

    public static CubeNoise Estimate(SafeFileHandle file, CubeFile cube, CubeBox box, int first, int last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(box);
        var outside = Enumerable.Range(0, (int)cube.Channels).Where(k => k < first || k > last).ToArray();
        var lineFree = outside.Length > 0;
        var candidates = lineFree ? outside : Enumerable.Range(0, (int)cube.Channels).ToArray();
        var channelStride = (candidates.Length + MaxChannels - 1) / MaxChannels;
        var channels = candidates.Where((_, i) => i % channelStride == 0).ToArray();
        var perChannel = MaxSamples / channels.Length;
        var pixelStride = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)box.Width * box.Height / perChannel)));
        var bytes = new byte[box.Width * cube.Image.PixelBytes];
        var row = new double[box.Width];
        var samples = new List<double>();
        foreach (var k in channels)
        {
            for (var y = 0; y < box.Height; y += pixelStride)
            {
                cancellationToken.ThrowIfCancellationRequested();
                box.Read(file, cube, k, y, 1, bytes);
                cube.Image.Decode(bytes, row);
                for (var x = 0; x < box.Width; x += pixelStride)
                {
                    if (double.IsFinite(row[x]))
                    {
                        samples.Add(row[x]);
                    }
                }
            }
        }

        if (samples.Count == 0)
        {
            throw DaliException.BadParameter("CLIP", "the cube has no finite voxel to estimate its noise from; give CLIP as a threshold in the cube's unit");
        }

        var values = samples.ToArray();
        var median = Median(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return new CubeNoise(MadToSigma * Median(values), values.Length, channels.Length, channelStride, pixelStride, lineFree);
    }

    /// <summary>The median (the mean of the two middle values for an even count, as numpy's); sorts <paramref name="values"/>.</summary>
    private static double Median(double[] values)
    {
        Array.Sort(values);
        var m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}
