using VoServices.Hips;

namespace VoServices.Core.Tests.Hips;

/// <summary>
/// `vo hips build` within its memory limit: builds forced to spill their measurements to run files give the
/// same bytes as builds held in memory, leave no temporary file behind, and take tiles larger than the limit.
/// </summary>
public sealed class HipsSpillTests : IDisposable
{
    private static readonly HipsBuildOptions Options = new(
        "ivo://test.example/P/spill", "spill map", TileWidth: 8, ReleaseDate: new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), Png: new HipsPngOptions(HipsStretch.Asinh, "viridis"));

    private readonly string _dir = Directory.CreateTempSubdirectory("hips-spill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(HipsCombine.WeightedMean)]
    [InlineData(HipsCombine.Mean)]
    [InlineData(HipsCombine.Median)]
    public void A_build_forced_to_spill_gives_the_same_tiles_allsky_moc_and_properties_as_one_held_in_memory(HipsCombine combine)
    {
        // NSIDE 64 and 8-pixel tiles: hips_order 3. 1500 cells over the first 48 tiles, 30 000 measurements in random order.
        var map = Measurements("scattered.fits", nside: 64, span: 48 * 64, cells: 1500, rows: 30_000);
        var held = Build(map, "held", Options with { Combine = combine });
        var spilled = Build(map, "spilled", Options with { Combine = combine, MemoryLimit = 64 << 10 });

        Assert.Equal(0, held.Spills);
        Assert.True(spilled.Spills > 1, $"{spilled.Spills} runs");
        AssertSameFiles(Out("held"), Out("spilled"));
    }

    [Theory]
    [InlineData(HipsCombine.Mean)]
    [InlineData(HipsCombine.Median)]
    public void A_tile_with_more_measurements_than_the_memory_limit_builds_the_same_as_in_memory(HipsCombine combine)
    {
        // NSIDE 8 and 8-pixel tiles: every measurement in tile 0 of order 0, 20 000 of them (400 kB) against 4 KiB.
        var map = Measurements("one-tile.fits", nside: 8, span: 64, cells: 60, rows: 20_000);
        var held = Build(map, "held", Options with { Combine = combine });
        var spilled = Build(map, "spilled", Options with { Combine = combine, MemoryLimit = 4 << 10 });

        // Over 64 runs: they are first merged 64 at a time, then the merged runs again.
        Assert.True(spilled.Spills > 64, $"{spilled.Spills} runs");
        Assert.Equal(1, held.TileCount);
        AssertSameFiles(Out("held"), Out("spilled"));
    }

    [Fact]
    public void Spill_files_are_deleted_after_a_build_and_after_a_failed_or_cancelled_one()
    {
        var map = Measurements("map.fits", nside: 64, span: 48 * 64, cells: 1500, rows: 30_000);
        var spillFiles = 0;
        var report = HipsBuilder.Build(
            HealpixMap.Open(map, "VALUE", "IVAR"), Out("hips"), Options with { MemoryLimit = 64 << 10 },
            new OnProgress(p => spillFiles = Math.Max(spillFiles, p.Stage == "tiles" ? SpillFiles().Count : 0)), CancellationToken.None);
        Assert.True(report.Spills > 1);
        Assert.Equal(report.Spills, spillFiles);
        Assert.Equal(["hips", "map.fits"], Entries());

        // The last row is bad: the build fails after spilling the rows of the first chunks read.
        var bad = HipsTestMaps.WritePartial(Out("bad.fits"), 64, [.. Enumerable.Range(0, 70_000).Select(i => i % 3072L), 49152], [.. Enumerable.Repeat(1.0, 70_001)], null);
        var spilledBeforeFailing = false;
        var e = Assert.Throws<HealpixMapException>(() => HipsBuilder.Build(
            HealpixMap.Open(bad, "VALUE", null), Out("failed"), Options with { MemoryLimit = 64 << 10 },
            new OnProgress(p => spilledBeforeFailing |= SpillFiles().Count > 0), CancellationToken.None));
        Assert.Contains("bad.fits: row 70001: pixel 49152 is outside", e.Message, StringComparison.Ordinal);
        Assert.True(spilledBeforeFailing);
        Assert.Equal(["bad.fits", "hips", "map.fits"], Entries());

        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => HipsBuilder.Build(
            HealpixMap.Open(map, "VALUE", "IVAR"), Out("cancelled"), Options with { MemoryLimit = 64 << 10 },
            new OnProgress(p =>
            {
                if (p.Stage == "tiles" && p.Done == 3)
                {
                    Assert.NotEmpty(SpillFiles());
                    cancel.Cancel();
                }
            }),
            cancel.Token));
        Assert.Equal(["bad.fits", "hips", "map.fits"], Entries());
    }

    [Fact]
    public void A_median_cell_with_more_values_than_the_memory_limit_holds_fails_naming_the_cell_and_the_limit()
    {
        var map = HipsTestMaps.WritePartial(Out("deep.fits"), 8, [.. Enumerable.Repeat(5L, 1000)], [.. Enumerable.Range(0, 1000).Select(i => (double)i)], null);
        var e = Assert.Throws<HealpixMapException>(() => Build(map, "hips", Options with { Combine = HipsCombine.Median, MemoryLimit = 4 << 10 }));
        Assert.Contains("deep.fits: cell 5 has more than 512 measurements", e.Message, StringComparison.Ordinal);
        Assert.Contains("beyond --memory-limit 4KiB; raise --memory-limit or use --combine mean", e.Message, StringComparison.Ordinal);
        Assert.Equal(["deep.fits"], Entries());
    }

    [Theory]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("64k", 64L << 10)]
    [InlineData("65536", 65536L)]
    public void Memory_sizes_are_whole_numbers_of_bytes_kib_mib_or_gib(string text, long bytes)
    {
        Assert.Equal(bytes, HipsMemory.Parse(text));
        Assert.Equal(bytes, HipsMemory.Parse(HipsMemory.Format(bytes)));
    }

    [Theory]
    [InlineData("1.5G")]
    [InlineData("0")]
    [InlineData("-1M")]
    [InlineData("lots")]
    [InlineData("MB")]
    [InlineData("99999999999T")]
    public void Memory_sizes_that_are_not_positive_whole_sizes_are_refused(string text) => Assert.Null(HipsMemory.Parse(text));

    private string Out(string name) => Path.Combine(_dir, name);

    private HipsBuildReport Build(string map, string output, HipsBuildOptions options) =>
        HipsBuilder.Build(HealpixMap.Open(map, "VALUE", options.Combine == HipsCombine.WeightedMean ? "IVAR" : null), Out(output), options, CancellationToken.None);

    // `cells` distinct cells among the first `span` (NESTED), measured `rows` times in random order. A third of
    // the values are 1e16, a third −1e16: their sums with the small ones depend on the order of the additions
    // ((1e16 + 0.5) − 1e16 = 0, (1e16 − 1e16) + 0.5 = 0.5), so a tile made in another order differs; weights
    // are powers of two so that weighted ones cancel as exactly.
    private string Measurements(string name, long nside, int span, int cells, int rows)
    {
        var rng = new Random(12);
        var chosen = Enumerable.Range(0, span).OrderBy(_ => rng.Next()).Take(cells).Select(i => (long)i).ToArray();
        var pixels = Enumerable.Range(0, rows).Select(_ => chosen[rng.Next(cells)]).ToArray();
        var values = pixels.Select(_ => rng.Next(3) switch { 0 => 1e16, 1 => -1e16, _ => rng.NextDouble() }).ToArray();
        var weights = pixels.Select(_ => rng.Next(3) switch { 0 => 0.5, 1 => 1.0, _ => 2.0 }).ToArray();
        return HipsTestMaps.WritePartial(Out(name), nside, pixels, values, weights);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        var files = HipsTestMaps.Files(expected);
        Assert.Contains("Moc.fits", files);
        Assert.Contains("properties", files);
        Assert.Contains(files, f => f.EndsWith("/Allsky.fits", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("/Allsky.png", StringComparison.Ordinal));
        Assert.Equal(files, HipsTestMaps.Files(actual));
        Assert.All(files, f => Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), f));
    }

    // Every entry of the test directory, hidden ones included (a build directory starts with a dot).
    private List<string> Entries() => [.. Directory.GetFileSystemEntries(_dir).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal)];

    private List<string> SpillFiles() => [.. Directory.GetFiles(_dir, "run*", SearchOption.AllDirectories).Where(f => f.Contains(".building-", StringComparison.Ordinal))];

    private sealed class OnProgress(Action<HipsBuildProgress> report) : IProgress<HipsBuildProgress>
    {
        public void Report(HipsBuildProgress value) => report(value);
    }
}
