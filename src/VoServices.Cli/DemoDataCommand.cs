using VoServices.Demo;
using VoServices.Fits;
using VoServices.Hips;

namespace VoServices.Cli;

/// <summary>`vo demo-data DIR [--hips]`: writes the deterministic demo collection and lists what it wrote; --hips also builds the demo's HiPS from its LVM-like inputs.</summary>
internal static class DemoDataCommand
{
    private const string Usage = "usage: vo demo-data DIR [--hips | --vlass WIDTH]   (--hips: also build the HiPS of the LVM-like maps into DIR/lvm/; " +
        "--vlass: instead, four overlapping VLASS-like tiles of WIDTH² pixels × 16 channels × Stokes I Q U, for bulk cutouts)";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        if (args.Length == 3 && args[1] == "--vlass")
        {
            if (!int.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var tileWidth) || tileWidth is < 64 or > 4096)
            {
                Console.Error.WriteLine("vo demo-data: --vlass takes the tile width in pixels, 64 to 4096");
                return 2;
            }

            await DemoVlassTiles.WriteAsync(Path.GetFullPath(args[0]), tileWidth, cancellationToken);
            Console.Out.WriteLine($"Wrote {DemoVlassTiles.Files.Count} VLASS-like tiles of {tileWidth}² pixels to {Path.GetFullPath(args[0])}: {string.Join(", ", DemoVlassTiles.Files)}");
            return 0;
        }

        var hips = args.Length == 2 && args[1] == "--hips";
        if (args.Length != (hips ? 2 : 1) || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var directory = Path.GetFullPath(args[0]);
        IReadOnlyList<DemoProduct> products;
        try
        {
            products = await DemoCollection.WriteAsync(directory, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"vo demo-data: cannot write to {directory}: {e.Message}");
            return 1;
        }

        Console.Out.WriteLine($"Wrote the demo collection to {directory}:");
        var width = products.Select(p => p.RelativePath).Concat(DemoCollection.Inputs.Select(i => i.RelativePath)).Max(p => p.Length);
        foreach (var p in products)
        {
            Console.Out.WriteLine($"  {p.RelativePath.PadRight(width)}  {p.Kind,-17}  {p.Description}");
        }

        foreach (var input in DemoCollection.Inputs)
        {
            Console.Out.WriteLine($"  {input.RelativePath.PadRight(width)}  {"HiPS input",-17}  {input.Description}");
        }

        if (hips)
        {
            try
            {
                foreach (var build in DemoCollection.HipsBuilds)
                {
                    var report = BuildHips(directory, build, cancellationToken);
                    Console.Out.WriteLine($"  {build.Output.PadRight(width)}  {"Hips",-17}  {build.Title}: hips_order {report.Order}, {report.CellsRead} cells, {report.TileCount} tiles, {report.Elapsed.TotalSeconds:F1} s");
                }
            }
            catch (Exception e) when (e is HealpixMapException or FitsFormatException or IOException)
            {
                Console.Error.WriteLine($"vo demo-data: building the demo HiPS failed: {e.Message}");
                return 1;
            }
        }

        Console.Out.WriteLine($"{products.Count + (hips ? DemoCollection.HipsBuilds.Count : 0)} products. Next: ./vo ingest {args[0]}");
        return 0;
    }

    /// <summary>Builds one demo HiPS as `vo hips build` would (from points with --points, else from a HEALPix table).</summary>
    internal static HipsBuildReport BuildHips(string directory, DemoHipsBuild build, CancellationToken cancellationToken)
    {
        var input = Path.Combine(directory, build.Input);
        IHealpixCellSource source = build.PointRadiusArcsec is { } radius
            ? PointMap.Open(input, new PointMapSpec(build.Order, build.Column, build.Weight, RadiusDegrees: radius / 3600))
            : HealpixMap.Open(input, build.Column, build.Weight);
        return HipsBuilder.Build(source, Path.Combine(directory, build.Output), new HipsBuildOptions(build.CreatorDid, build.Title), cancellationToken);
    }
}
