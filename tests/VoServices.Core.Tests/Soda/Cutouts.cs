using VoServices.Dali;
using VoServices.Fits;
using VoServices.Soda;
using VoServices.Fits.Wcs;

namespace VoServices.Core.Tests.Soda;

/// <summary>Plans and writes cutouts for tests, and checks them against the source file.</summary>
internal static class Cutouts
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static SodaCutoutOptions Options { get; } = new() { Clock = new FixedClock(Now) };

    public static DaliParameters Parameters(params (string Name, string Value)[] pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    public static Task<SodaCutoutOutcome> PlanAsync(string path, params (string Name, string Value)[] pairs) =>
        PlanAsync(path, Options, pairs);

    public static Task<SodaCutoutOutcome> PlanAsync(string path, SodaCutoutOptions options, params (string Name, string Value)[] pairs) =>
        SodaCutoutPlanner.PlanAsync(path, SodaRequest.From(Parameters([("ID", "test"), .. pairs])), options, CancellationToken.None);

    /// <summary>Plans a cutout that must overlap.</summary>
    public static async Task<SodaCutoutPlan> PlanOverlapAsync(string path, params (string Name, string Value)[] pairs)
    {
        var outcome = await PlanAsync(path, pairs);
        Assert.True(outcome.HasOverlap, "expected an overlap, got: " + outcome.NoOverlapReason);
        return outcome.Plan!;
    }

    /// <summary>Writes the plan; checks that exactly <see cref="SodaCutoutPlan.Length"/> bytes came out.</summary>
    public static async Task<byte[]> WriteAsync(SodaCutoutPlan plan)
    {
        using var ms = new MemoryStream();
        await plan.WriteAsync(ms, CancellationToken.None);
        Assert.Equal(plan.Length, ms.Length);
        Assert.Equal(0, ms.Length % 2880);
        return ms.ToArray();
    }

    public static IReadOnlyList<FitsHdu> Hdus(byte[] fits) => FitsReader.ReadHdus(new MemoryStream(fits));

    /// <summary>Physical values of an image HDU of an in-memory file.</summary>
    public static double[] Values(byte[] fits, FitsHdu hdu)
    {
        using var image = new FitsImage(new MemoryStream(fits), hdu, leaveOpen: false);
        return image.ReadAll();
    }

    public static double[] Values(string path, FitsHdu hdu)
    {
        using var image = FitsImage.Open(path, hdu);
        return image.ReadAll();
    }

    /// <summary>
    /// The cutout's data bytes equal the source's bytes at the mapped voxels, and so do the physical
    /// values (BSCALE/BZERO/BLANK read from each file's own header): index j of axis k maps to source
    /// pixel first + j·step.
    /// </summary>
    public static void AssertSameVoxels(string sourcePath, FitsHdu source, byte[] cutout, FitsHdu cut, IReadOnlyList<long[]> kept)
    {
        Assert.Equal(source.Bitpix, cut.Bitpix);
        Assert.Equal(kept.Select(k => (long)k.Length).ToArray(), cut.Axes);
        var size = Math.Abs(source.Bitpix) / 8;
        var sourceBytes = File.ReadAllBytes(sourcePath);
        var sourceValues = Values(sourcePath, source);
        var cutValues = Values(cutout, cut);
        var d = source.Axes.Length;
        var index = new long[d];
        for (long c = 0; c < cut.ElementCount; c++)
        {
            long rest = c, s = 0, stride = 1;
            for (var k = 0; k < d; k++)
            {
                index[k] = rest % cut.Axes[k];
                rest /= cut.Axes[k];
                s += kept[k][index[k]] * stride;
                stride *= source.Axes[k];
            }

            var a = sourceBytes.AsSpan((int)(source.DataOffset + (s * size)), size);
            var b = cutout.AsSpan((int)(cut.DataOffset + (c * size)), size);
            if (!a.SequenceEqual(b) || !(sourceValues[s].Equals(cutValues[c])))
            {
                Assert.Fail($"voxel {c} (source {s}): bytes {Convert.ToHexString(a)} vs {Convert.ToHexString(b)}, values {sourceValues[s]} vs {cutValues[c]}");
            }
        }

        // The padding after the data is zeros.
        var end = cut.DataOffset + cut.DataLength;
        Assert.All(cutout.AsSpan((int)end, (int)(cut.EndOffset - end)).ToArray(), x => Assert.Equal(0, x));
    }

    /// <summary>The kept source pixels (0-based) of every axis, from the plan's ranges.</summary>
    public static long[][] Kept(IReadOnlyList<SodaPixelRange> ranges) =>
        ranges.Select(r => Enumerable.Range(0, (int)r.Count).Select(j => r.First - 1 + (j * r.Step)).ToArray()).ToArray();

    /// <summary>World coordinates of cutout pixels equal those of the matching source pixels (corners, centre, a few others).</summary>
    public static void AssertSameWorld(FitsHeader source, FitsHeader cut, IReadOnlyList<long[]> kept)
    {
        using var ws = WcsTransform.FromHeader(source);
        using var wc = WcsTransform.FromHeader(cut);
        var d = kept.Count;
        var probes = new List<double[]>();
        foreach (var frac in new[] { 0.0, 0.5, 1.0, 0.3 })
        {
            probes.Add(Enumerable.Range(0, d).Select(k => Math.Round(frac * (kept[k].Length - 1))).ToArray());
        }

        probes.Add(Enumerable.Range(0, d).Select(k => (double)(k % 2 == 0 ? 0 : kept[k].Length - 1)).ToArray());
        foreach (var probe in probes)
        {
            var cutPixel = probe.Select(j => j + 1).ToArray();
            var sourcePixel = probe.Select((j, k) => kept[k][(int)j] + 1.0).ToArray();
            var a = ws.PixelToWorld(sourcePixel);
            var b = wc.PixelToWorld(cutPixel);
            for (var k = 0; k < d; k++)
            {
                Assert.True(Math.Abs(a[k] - b[k]) <= 1e-9 * Math.Max(1, Math.Abs(a[k])),
                    $"axis {k + 1} at cutout pixel [{string.Join(",", cutPixel)}]: source world {a[k]} vs cutout {b[k]}");
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
