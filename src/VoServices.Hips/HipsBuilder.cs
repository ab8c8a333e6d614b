using System.Diagnostics;
using System.Numerics;
using System.Text;
using VoServices.Fits;

namespace VoServices.Hips;

/// <summary>
/// Builds an image HiPS (FITS tiles, BITPIX −32, optionally PNG) from HEALPix cells (a map table, or spread point measurements): repeated cells combined
/// (<see cref="HipsCombine"/>) into tiles at hips_order = map order − log2(tile width), every order down to
/// hips_order_min from the non-empty children (<see cref="HipsAggregation"/>), an Allsky, `Moc.fits` and
/// `properties`. It builds in a sibling temporary directory and swaps it in at the end, so a failed build never leaves a half-written HiPS where the previous one stood.
/// Memory stays within <see cref="HipsBuildOptions.MemoryLimit"/> whatever the input's size: the measurements are
/// grouped by tile in memory, spilled to sorted runs beyond it and merged back (<see cref="TileSorter"/>), with the
/// same tiles either way; the rest grows with the number of tiles (MOC cells, the lists of tiles written), not measurements.
/// </summary>
public static class HipsBuilder
{
    public const string Builder = "VoServices vo hips build";

    public static HipsBuildReport Build(IHealpixCellSource map, string outputDirectory, HipsBuildOptions options, CancellationToken cancellationToken) =>
        Build(map, outputDirectory, options, null, cancellationToken);

    public static HipsBuildReport Build(
        IHealpixCellSource map, string outputDirectory, HipsBuildOptions options, IProgress<HipsBuildProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.StartNew();
        var releaseDate = options.ReleaseDate ?? DateTimeOffset.UtcNow;
        var width = options.TileWidth;
        if (width < 1 || !BitOperations.IsPow2(width) || width > 1 << 13)
        {
            throw new ArgumentException($"--tile-width {width} is not a power of two from 1 to 8192.", nameof(options));
        }

        var depth = BitOperations.Log2((uint)width);
        var order = map.Order - depth;
        if (order < 0)
        {
            throw new HealpixMapException($"{map.Path}: NSIDE = {1L << map.Order} is smaller than the tile width {width}; choose --tile-width {1L << map.Order} or less.");
        }

        if (options.MinOrder < 0 || options.MinOrder > order)
        {
            throw new ArgumentException($"--min-order {options.MinOrder} must be from 0 to hips_order {order}.", nameof(options));
        }

        var target = Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, "properties")))
        {
            throw new IOException($"{target} exists and is not a HiPS (no properties file): refusing to replace it.");
        }

        var combine = options.Combine ?? (map.Weighted ? HipsCombine.WeightedMean : HipsCombine.Mean);
        if (combine == HipsCombine.WeightedMean && !map.Weighted)
        {
            throw new ArgumentException("--combine wmean needs a weight column (--weight).", nameof(options));
        }

        var cut = options.Cut ?? HipsCut.Default;
        var png = options.Png;
        if (png is not null && HipsColorMaps.Table(png.ColorMap) is null)
        {
            throw new ArgumentException($"--cmap {png.ColorMap}: not one of {string.Join(", ", HipsColorMaps.Names)}.", nameof(options));
        }

        if (options.MemoryLimit <= 0)
        {
            throw new ArgumentException($"--memory-limit {options.MemoryLimit} must be a positive number of bytes.", nameof(options));
        }

        // The MOC at max(hips_order, 7), capped by the map's own order: fine enough for sparse maps at small cost.
        // Its cells are at hips_order or finer, so this set grows with the tiles (at most 12·4^max(hips_order, 7)
        // cells), never with the measurements.
        var mocOrder = Math.Min(map.Order, Math.Max(order, 7));
        var mocShift = 2 * (map.Order - mocOrder);
        var mocCells = new HashSet<long>();
        var lastMocCell = -1L;

        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"{target} has no parent directory.");
        Directory.CreateDirectory(parent);
        var building = Path.Combine(parent, $".{Path.GetFileName(target)}.building-{Guid.NewGuid():N}");
        Directory.CreateDirectory(building);
        try
        {
            // The tiles written (all orders, for the PNGs) and those at hips_order (for the percentile cut): both
            // grow with the number of tiles (16 and 8 bytes a tile), never with the measurements.
            var written = new List<(int Order, long Npix)>();
            var deepest = new List<long>();
            // HiPS 1.0 allows an Allsky at orders 0 to 3: at 3, or at hips_order when that is lower.
            var allsky = Math.Min(3, order) >= options.MinOrder ? new HipsAllsky(Math.Min(3, order), width) : null;
            void Write(HipsTile tile)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteTile(building, tile);
                written.Add((tile.Order, tile.Npix));
                if (tile.Order == allsky?.Order)
                {
                    allsky.Add(tile);
                }
            }

            var histogram = new PixelHistogram();
            long cellsRead = 0;
            int spills;
            long spilledBytes;
            // Spill files live inside the build directory and go with the sorter, before the HiPS is swapped in.
            using (var sorter = new TileSorter(depth, combine == HipsCombine.Median, options.MemoryLimit, Path.Combine(building, "spill")))
            {
                // One core decodes the input while the other buckets (and spills) it.
                foreach (var (chunk, rowsRead) in Pipeline.ReadCellsAhead(map, cancellationToken))
                {
                    foreach (var cell in chunk.Span)
                    {
                        sorter.Add(cell);
                        if (cell.Index >> mocShift != lastMocCell)
                        {
                            lastMocCell = cell.Index >> mocShift;
                            mocCells.Add(lastMocCell);
                        }
                    }

                    cellsRead += chunk.Length;
                    progress?.Report(new HipsBuildProgress("reading", rowsRead, map.RowCount));
                }

                // One core merges and combines the tiles at hips_order, the other writes them and builds the lower
                // orders from them, in ascending NESTED order as HipsPyramid needs.
                var tileCount = mocCells.Select(c => c >> (2 * (mocOrder - order))).Distinct().Count();
                var combiner = new TileCombiner(width, combine, options.MemoryLimit, map.Path);
                var pyramid = new HipsPyramid(width, options.MinOrder, options.Aggregation, Write);
                var tiles = Pipeline.Ahead(_ => sorter.Tiles().Select(t => new HipsTile(order, t.Npix, width, combiner.Combine(t.Npix, t.Entries))), 2, cancellationToken);
                foreach (var tile in tiles)
                {
                    progress?.Report(new HipsBuildProgress("tiles", deepest.Count, tileCount));
                    deepest.Add(tile.Npix);
                    histogram.Add(tile.Pixels);
                    Write(tile);
                    pyramid.Add(tile);
                }

                pyramid.Flush();
                (spills, spilledBytes) = (sorter.Spills, sorter.SpilledBytes);
            }

            if (allsky is not null && written.Count > 0)
            {
                WriteFits(Path.Combine(building, allsky.RelativePath("fits")), [allsky.Width, allsky.Height], allsky.Pixels, null);
            }

            // Percentile cuts need a second look at the hips_order pixels: read back (one core reading ahead), not kept.
            var pixelCut = cut.Resolve(histogram, () => Pipeline.Ahead(_ => deepest.Select(n => ReadTile(building, HipsTile.PathOf(order, n, "fits"))), 2, cancellationToken));
            if (png is not null && pixelCut is var (low, high))
            {
                WritePngs(building, width, written, allsky, new HipsPng(png.Stretch, png.ColorMap, low, high), progress, cancellationToken);
            }

            var moc = HipsMoc.FromCells(mocOrder, mocCells);
            moc.Write(Path.Combine(building, "Moc.fits"), map.Frame);
            var properties = new HipsProperties(
                options.CreatorDid, options.Title, releaseDate, order, options.MinOrder, map.Frame, width, histogram.Min, histogram.Max, written.Count, moc.SkyFraction, Builder)
            {
                TileFormats = png is null ? ["fits"] : ["fits", "png"],
                PixelCut = pixelCut,
                PixelFunction = png is null ? null : png.Stretch.Name(),
                Bunit = map.ValueUnit,
                InitialView = moc.Nuniq.Count == 0 ? null : moc.InitialView(map.Frame),
                Creator = options.Creator,
                Overlay = combine,
                Aggregation = options.Aggregation,
            };
            File.WriteAllText(Path.Combine(building, "properties"), properties.Render(), new UTF8Encoding(false));
            Swap(building, target);
            return new HipsBuildReport(target, order, cellsRead, written.Count, started.Elapsed, spills, spilledBytes);
        }
        catch
        {
            Directory.Delete(building, recursive: true);
            throw;
        }
    }

    // Every FITS tile (and the Allsky) again as PNG, both cores at work: each file depends only on its own tile.
    private static void WritePngs(
        string root, int width, List<(int Order, long Npix)> tiles, HipsAllsky? allsky, HipsPng renderer, IProgress<HipsBuildProgress>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        Parallel.ForEach(tiles, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            var pixels = ReadTile(root, HipsTile.PathOf(t.Order, t.Npix, "fits"));
            File.WriteAllBytes(Path.Combine(root, HipsTile.PathOf(t.Order, t.Npix, "png")), renderer.Encode(pixels, width, width));
            progress?.Report(new HipsBuildProgress("png", Interlocked.Increment(ref done), tiles.Count));
        });

        if (allsky is not null && tiles.Count > 0)
        {
            File.WriteAllBytes(Path.Combine(root, allsky.RelativePath("png")), renderer.Encode(allsky.Pixels, allsky.Width, allsky.Height));
        }
    }

    private static float[] ReadTile(string root, string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        using var image = FitsImage.Open(path, FitsReader.ReadHdus(path)[0]);
        return image.ReadAllSingle();
    }

    private static void WriteTile(string root, HipsTile tile) =>
        WriteFits(Path.Combine(root, tile.RelativePath), [tile.Width, tile.Width], tile.Pixels, new FitsHeaderBuilder()
            .Set("ORDER", tile.Order, "HiPS tile order")
            .Set("NPIX", tile.Npix, "HiPS tile NESTED index"));

    private static void WriteFits(string path, long[] axes, float[] pixels, FitsHeaderBuilder? header)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new FitsWriter(File.Create(path));
        writer.WriteImage<float>(axes, pixels, header);
    }

    // Two renames: the old HiPS (if any) steps aside, the new one takes its name, the old one is removed.
    private static void Swap(string building, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(building, target);
            return;
        }

        var old = building + ".old";
        Directory.Move(target, old);
        try
        {
            Directory.Move(building, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }

        Directory.Delete(old, recursive: true);
    }
}
