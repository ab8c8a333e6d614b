using System.Diagnostics;
using System.Numerics;
using System.Text;
using VoServices.Fits;

namespace VoServices.Hips;

/// <summary>
/// Builds an image HiPS (FITS tiles, BITPIX −32) from HEALPix cells (a map table or spread points): cells combined by weighted mean into
/// tiles at hips_order = map order − log2(tile width), every order down to hips_order_min from the mean of
/// non-empty children, and `properties`. It builds in a sibling temporary directory and swaps it in at
/// the end, so a failed build never leaves a half-written HiPS where the previous one stood.
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

        // Bucketing by tile: memory grows with the number of measurements (20 bytes each), never with NSIDE².
        var buckets = new Dictionary<long, TileBucket>();
        var mask = (1L << (2 * depth)) - 1;
        // The MOC at max(hips_order, 7), capped by the map's own order: fine enough for sparse maps at small cost.
        var mocOrder = Math.Min(map.Order, Math.Max(order, 7));
        var mocShift = 2 * (map.Order - mocOrder);
        var mocCells = new HashSet<long>();
        long cellsRead = 0;
        foreach (var (chunk, rowsRead) in map.ReadCells(cancellationToken: cancellationToken))
        {
            foreach (var cell in chunk.Span)
            {
                var npix = cell.Index >> (2 * depth);
                if (!buckets.TryGetValue(npix, out var bucket))
                {
                    bucket = new TileBucket();
                    buckets.Add(npix, bucket);
                }

                bucket.Add((int)(cell.Index & mask), cell.Value, cell.Weight);
                mocCells.Add(cell.Index >> mocShift);
            }

            cellsRead += chunk.Length;
            progress?.Report(new HipsBuildProgress("reading", rowsRead, map.RowCount));
        }

        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"{target} has no parent directory.");
        Directory.CreateDirectory(parent);
        var building = Path.Combine(parent, $".{Path.GetFileName(target)}.building-{Guid.NewGuid():N}");
        Directory.CreateDirectory(building);
        try
        {
            long tiles = 0;
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            void Write(HipsTile tile)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteTile(building, tile);
                tiles++;
            }

            var pyramid = new HipsPyramid(width, options.MinOrder, Write);
            var sumWv = new double[width * width];
            var sumW = new double[width * width];
            var deepest = buckets.Count;
            var done = 0;
            foreach (var npix in buckets.Keys.Order().ToList())
            {
                progress?.Report(new HipsBuildProgress("tiles", done++, deepest));
                var tile = new HipsTile(order, npix, width, buckets[npix].Combine(width, sumWv, sumW));
                buckets.Remove(npix);
                foreach (var v in tile.Pixels)
                {
                    if (!float.IsNaN(v))
                    {
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }
                }

                Write(tile);
                pyramid.Add(tile);
            }

            pyramid.Flush();
            var moc = HipsMoc.FromCells(mocOrder, mocCells);
            moc.Write(Path.Combine(building, "Moc.fits"), map.Frame);
            var properties = new HipsProperties(
                options.CreatorDid, options.Title, releaseDate, order, options.MinOrder, map.Frame, width, min, max, tiles, moc.SkyFraction, Builder);
            File.WriteAllText(Path.Combine(building, "properties"), properties.Render(), new UTF8Encoding(false));
            Swap(building, target);
            return new HipsBuildReport(target, order, cellsRead, tiles, started.Elapsed);
        }
        catch
        {
            Directory.Delete(building, recursive: true);
            throw;
        }
    }

    private static void WriteTile(string root, HipsTile tile)
    {
        var path = Path.Combine(root, tile.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new FitsWriter(File.Create(path));
        var header = new FitsHeaderBuilder()
            .Set("ORDER", tile.Order, "HiPS tile order")
            .Set("NPIX", tile.Npix, "HiPS tile NESTED index");
        writer.WriteImage<float>([tile.Width, tile.Width], tile.Pixels, header);
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
