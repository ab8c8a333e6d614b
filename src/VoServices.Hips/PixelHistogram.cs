namespace VoServices.Hips;

/// <summary>
/// Exact percentiles of many float pixels in bounded memory (about 3 MB, whatever the map): pixels are
/// mapped to 32-bit keys ordered as the floats are; a first pass counts the upper 16 bits of the keys, a
/// second pass (over the same pixels, read back) counts the lower 16 bits inside just the bins holding the
/// wanted ranks. The result is the exact order statistic of the float values, interpolated between
/// closest ranks like numpy's default percentile.
/// </summary>
internal sealed class PixelHistogram
{
    private readonly long[] _upper = new long[1 << 16];

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>First pass: counts the non-NaN pixels.</summary>
    public void Add(ReadOnlySpan<float> pixels)
    {
        foreach (var v in pixels)
        {
            if (!float.IsNaN(v))
            {
                _upper[Key(v) >> 16]++;
                Count++;
                Min = Math.Min(Min, v);
                Max = Math.Max(Max, v);
            }
        }
    }

    /// <summary>The <paramref name="percents"/> (0–100), from a second pass over the same pixels.</summary>
    public double[] Percentiles(IReadOnlyList<double> percents, Func<IEnumerable<float[]>> samePixels)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("no pixels counted");
        }

        var ranks = percents.Select(p => p / 100 * (Count - 1)).ToArray();
        var wanted = ranks.SelectMany(r => new[] { (long)Math.Floor(r), Math.Min((long)Math.Floor(r) + 1, Count - 1) }).Distinct().ToArray();
        var located = wanted.ToDictionary(k => k, Locate);
        var lower = located.Values.Select(l => l.Bin).Distinct().ToDictionary(b => b, _ => new long[1 << 16]);
        // Each upper bin's lower counts, null for the bins not wanted: one array look-up per pixel.
        var counted = new long[]?[1 << 16];
        foreach (var (bin, counts) in lower)
        {
            counted[bin] = counts;
        }

        foreach (var pixels in samePixels())
        {
            foreach (var v in pixels)
            {
                if (!float.IsNaN(v) && counted[Key(v) >> 16] is { } counts)
                {
                    counts[Key(v) & 0xFFFF]++;
                }
            }
        }

        double Value(long k)
        {
            var (bin, offset) = located[k];
            var counts = lower[bin];
            var (low, seen) = (0, counts[0]);
            while (seen <= offset)
            {
                seen += counts[++low];
            }

            return FromKey((bin << 16) | (uint)low);
        }

        return [.. ranks.Select(r =>
        {
            var k = (long)Math.Floor(r);
            var below = Value(k);
            return below + ((r - k) * (Value(Math.Min(k + 1, Count - 1)) - below));
        })];
    }

    // The bin of the upper histogram holding the k-th smallest pixel (0-based), and k's offset within it.
    private (uint Bin, long Offset) Locate(long k)
    {
        var before = 0L;
        for (var bin = 0u; ; bin++)
        {
            if (before + _upper[bin] > k)
            {
                return (bin, k - before);
            }

            before += _upper[bin];
        }
    }

    // IEEE order as unsigned order: flip all bits of negatives, only the sign bit of positives.
    private static uint Key(float v)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(v);
        return (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
    }

    private static float FromKey(uint key) =>
        BitConverter.Int32BitsToSingle((int)((key & 0x8000_0000) != 0 ? key & 0x7FFF_FFFF : ~key));
}
