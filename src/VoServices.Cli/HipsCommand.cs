using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Wcs;
using VoServices.Hips;

namespace VoServices.Cli;

/// <summary>`vo hips build IN.fits --out DIR --column NAME[,NAME…] [options]`: one HiPS per column.</summary>
internal static class HipsCommand
{
    private const string Usage = """
        usage: vo hips build IN.fits --out DIR --column NAME [--column NAME | --column A,B ...] [--weight NAME]
                             [--combine wmean|mean|median] [--aggregate mean|median|sum|min|max|first]
                             [--tile-width N] [--min-order N] [--cut LOW HIGH] [--memory-limit SIZE]
                             [--png [--stretch linear|sqrt|log|asinh] [--cmap grey|viridis|inferno|magma|plasma]]
                             [--creator-did ivo://AUTH/ID] [--title TEXT] [--creator NAME]
          IN.fits  a HEALPix map table: full-sky (NESTED or RING) or partial (INDXSCHM='EXPLICIT', OBJECT='PARTIAL'
                   or a PIXEL/PIX/IPIX column), or multi-order (ORDERING='NUNIQ' or a UNIQ/NUNIQ column,
                   uniq = 4*4^order + ipix): each cell is expanded to its children at the deepest order present,
                   or at --order K (not coarser than the deepest), each child taking the cell's value and weight
                   (right for intensities and densities); at most 2^28 cells after expansion
          --combine    repeated cells: weighted mean (default with --weight, an inverse-variance column), mean
                       (default otherwise) or median
          --aggregate  each lower-order pixel from its non-empty children (default mean)
          --cut        display cut (hips_pixel_cut, PNG colours): numbers or percentiles of the hips_order
                       pixels, e.g. 0 250 or 0.5% 99.5% (the default)
          --png        PNG tiles and Allsky.png beside the FITS ones (default --stretch linear --cmap grey)
          --memory-limit  measurements held in memory, e.g. 512MB or 2GB (K/M/G = 1024^n, at least 16MB; default
                       1GB); beyond it they are spilled to run files beside --out (20 bytes each) and merged back
          several columns: --out is a parent directory, each HiPS goes to DIR/<column>
          defaults: --tile-width 512, --min-order 0, --creator-did ivo://voservices.local/P/<IN>/<column>
                    (a given one gets /<column> appended with several columns), --title "<IN> <column>"
        """ + "\n" + HipsPointsArguments.Usage + "\n" + ImageUsage + "\n";

    private const string ImageUsage = """
               vo hips build --image IMG.fits [IMG2.fits ...] --out DIR [--order K] [--frame equatorial|galactic|ecliptic] ...
          --image  IN is one or more FITS images (the first image HDU with celestial first two axes, any WCSLIB
                   projection), each reprojected to the order-K NESTED cells through its own WCS: a cell takes the
                   bilinear interpolation of the pixels around its centre, and is empty off the image or on a
                   BLANK/NaN pixel; a cube with a spectral axis gives its moment-0 map (sum of value x |channel
                   width|, unit BUNIT.km/s for velocity axes, e.g. Jy/beam.km/s); overlapping images are combined
                   by --combine (mean by default); default K: the finest order whose cells are no smaller than the
                   image's pixels (no oversampling; the coarsest of several images), printed; --frame: the HiPS
                   frame (default equatorial)
        """;

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is ["-h" or "--help", ..])
        {
            Console.Out.Write(Usage);
            return Task.FromResult(0);
        }

        if (args is not ["build", ..])
        {
            Console.Error.Write($"vo hips: expected 'build'\n{Usage}");
            return Task.FromResult(2);
        }

        try
        {
            return Task.FromResult(Build(args, cancellationToken));
        }
        catch (UsageException e)
        {
            Console.Error.Write($"vo hips build: {e.Message}\n{Usage}");
            return Task.FromResult(2);
        }
    }

    private static int Build(string[] args, CancellationToken cancellationToken)
    {
        string? output = null, weight = null, creatorDid = null, title = null, creator = null;
        var inputs = new List<string>();
        var image = false;
        var columns = new List<string>();
        int tileWidth = 512, minOrder = 0;
        var memoryLimit = HipsMemory.DefaultLimit;
        HipsCombine? combine = null;
        var aggregation = HipsAggregation.Mean;
        var cut = HipsCut.Default;
        var png = false;
        HipsStretch? stretch = null;
        string? cmap = null;
        var points = new HipsPointsArguments();
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{a} needs a value");
            switch (a)
            {
                case "--out": output = Next(); break;
                case "--column": columns.AddRange(Next().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "--weight": weight = Next(); break;
                case "--creator-did": creatorDid = Next(); break;
                case "--title": title = Next(); break;
                case "--creator": creator = Next(); break;
                case "--tile-width": tileWidth = Integer(a, Next()); break;
                case "--min-order": minOrder = Integer(a, Next()); break;
                case "--memory-limit":
                    var m = Next();
                    memoryLimit = HipsMemory.Parse(m) is { } bytes && bytes >= HipsMemory.MinimumLimit
                        ? bytes
                        : throw new UsageException($"--memory-limit '{m}' is not a size of at least 16MB (e.g. 512MB, 2GB)");
                    break;
                case "--combine":
                    var c = Next();
                    combine = HipsMethods.ParseCombine(c) ?? throw new UsageException($"--combine '{c}' is not wmean, mean or median");
                    break;
                case "--aggregate":
                    var g = Next();
                    aggregation = HipsMethods.ParseAggregation(g) ?? throw new UsageException($"--aggregate '{g}' is not mean, median, sum, min, max or first");
                    break;
                case "--cut":
                    var (low, high) = (Next(), Next());
                    cut = new HipsCut(Bound(low), Bound(high));
                    if (cut.Problem is { } problem)
                    {
                        throw new UsageException($"--cut {low} {high}: {problem}");
                    }

                    break;
                case "--png": png = true; break;
                case "--stretch":
                    var st = Next();
                    stretch = HipsMethods.ParseStretch(st) ?? throw new UsageException($"--stretch '{st}' is not linear, sqrt, log or asinh");
                    break;
                case "--cmap":
                    cmap = Next();
                    if (HipsColorMaps.Table(cmap) is null)
                    {
                        throw new UsageException($"--cmap '{cmap}' is not one of {string.Join(", ", HipsColorMaps.Names)}");
                    }

                    break;
                case "--image": image = true; break;
                case "-h" or "--help": Console.Out.Write(Usage); return 0;
                case var _ when points.TryTake(args, ref i): break;
                case var _ when a.StartsWith("--", StringComparison.Ordinal): throw new UsageException($"unknown option '{a}'");
                default: inputs.Add(a); break;
            }
        }

        if (image)
        {
            CheckImageOptions(inputs, output, columns, weight, points);
        }
        else if (inputs.Count == 0 || output is null || columns.Count == 0)
        {
            throw new UsageException("IN.fits, --out and --column are required");
        }
        else if (inputs.Count > 1)
        {
            throw new UsageException($"one input map only ('{inputs[1]}'); several inputs are for --image");
        }
        else if (points.FrameGiven && !points.Enabled)
        {
            throw new UsageException("--frame applies to --points and --image input; a HEALPix table's frame is its COORDSYS");
        }

        if (!png && (cmap is not null || stretch is not null))
        {
            throw new UsageException("--stretch and --cmap colour PNG tiles: add --png");
        }

        if (combine == HipsCombine.WeightedMean && weight is null)
        {
            throw new UsageException("--combine wmean needs --weight (the weight column)");
        }

        if (columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count)
        {
            throw new UsageException($"--column: a column is named twice ({string.Join(", ", columns)})");
        }

        if (columns.FirstOrDefault(c => c.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || c is "." or "..") is { } badName)
        {
            throw new UsageException($"--column '{badName}' cannot name a directory");
        }

        if (creatorDid is not null && !creatorDid.StartsWith("ivo://", StringComparison.Ordinal))
        {
            throw new UsageException($"--creator-did '{creatorDid}' is not an IVOID (ivo://AUTHORITY/ID)");
        }

        try
        {
            // Every column (or image) is checked before anything is built: a bad one among several leaves nothing behind.
            var input = inputs[0];
            var outputDirectory = output ?? throw new UsageException("--out is required");
            var maps = image
                ? new List<IHealpixCellSource> { OpenImages(inputs, points) }
                : columns.Select(c => points.Spec(c, weight) switch
                {
                    (_, { } problem) => throw new UsageException(problem),
                    ({ } spec, null) => (IHealpixCellSource)PointMap.Open(input, spec),
                    _ => HealpixTables.Open(input, c, weight, points.Order),
                }).ToList();
            var stem = Path.GetFileNameWithoutExtension(input);
            var several = maps.Count > 1;
            foreach (var map in maps)
            {
                var column = map.ValueColumn;
                var imageTitle = inputs.Count == 1 ? stem : $"{stem} and {inputs.Count - 1} more images";
                var options = new HipsBuildOptions(
                    creatorDid is null ? (image ? $"ivo://voservices.local/P/{stem}" : $"ivo://voservices.local/P/{stem}/{column}") : several ? $"{creatorDid}/{column}" : creatorDid,
                    title is null ? (image ? imageTitle : $"{stem} {column}") : several ? $"{title} {column}" : title,
                    tileWidth,
                    minOrder,
                    Combine: combine,
                    Aggregation: aggregation,
                    Cut: cut,
                    Png: png ? new HipsPngOptions(stretch ?? HipsStretch.Linear, cmap ?? "grey") : null,
                    Creator: creator,
                    MemoryLimit: memoryLimit);
                var display = new ProgressDisplay();
                var report = HipsBuilder.Build(map, several ? Path.Combine(outputDirectory, column) : outputDirectory, options, display, cancellationToken);
                display.Clear();
                var spilled = report.Spills == 0 ? "" : $", spilled to {report.Spills} runs ({report.SpilledBytes / 1e6:F0} MB)";
                Console.Out.WriteLine(
                    $"{report.Directory}: hips_order {report.Order}, {report.CellsRead} cells read, {report.TileCount} tiles{spilled}, {report.Elapsed.TotalSeconds:F1} s");
            }

            return 0;
        }
        catch (HealpixMapException e) when (e.Option is not null)
        {
            Console.Error.WriteLine($"vo hips build: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is HealpixMapException or FitsFormatException or WcsException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"vo hips build: {e.Message}");
            return 1;
        }
    }

    private static void CheckImageOptions(List<string> inputs, string? output, List<string> columns, string? weight, HipsPointsArguments points)
    {
        if (inputs.Count == 0 || output is null)
        {
            throw new UsageException("--image needs one or more FITS images and --out");
        }

        if (points.Enabled)
        {
            throw new UsageException("--image and --points exclude each other");
        }

        if (columns.Count > 0 || weight is not null)
        {
            throw new UsageException("--column and --weight apply to tables; an image's values are its pixels");
        }

        if (points.Spec("image", null) is (_, { } problem))
        {
            throw new UsageException(problem);
        }
    }

    // The images at one order: --order, else the coarsest of their default orders (no image oversampled), printed.
    private static IHealpixCellSource OpenImages(List<string> inputs, HipsPointsArguments points)
    {
        var images = inputs.Select(p => FitsImageCells.Open(p, points.Frame, points.Order)).ToList();
        var order = points.Order ?? images.Min(i => i.Order);
        foreach (var i in images)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i.Path}: {i.Image.Width} × {i.Image.Height} pixels of {i.Image.PixelScaleDegrees * 3600:G4}″{(i.Image.SpectralAxis is null ? "" : $", moment 0 of {i.Image.ChannelWidths.Count} channels")}; default order {FitsImageCells.OrderFor(i.Image.PixelScaleDegrees)}"));
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"order {order} ({FitsImageCells.CellSizeDegrees(order) * 3600:G4}″ cells){(points.Order is null ? ", the finest with cells no smaller than the pixels" : "")}"));
        images = [.. images.Select(i => i.WithOrder(order))];
        return images.Count == 1 ? images[0] : new ConcatenatedCells(images);
    }

    private static int Integer(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new UsageException($"{option} '{text}' is not a whole number");

    private static HipsCutBound Bound(string text) =>
        HipsCutBound.Parse(text) ?? throw new UsageException($"--cut '{text}' is neither a number nor a percentile from 0% to 100%");

    /// <summary>A command line that cannot be run: exit status 2, the message names the option.</summary>
    private sealed class UsageException(string message) : Exception(message);

    /// <summary>A status bar on a terminal (stage, bar, count), redrawn at most ten times a second; silent when redirected.</summary>
    private sealed class ProgressDisplay : IProgress<HipsBuildProgress>
    {
        private readonly bool _enabled = !Console.IsErrorRedirected;
        private readonly Lock _lock = new();
        private long _lastTicks;
        private bool _drawn;

        public void Report(HipsBuildProgress value)
        {
            var now = Environment.TickCount64;
            // PNG tiles are written on both cores: one report draws at a time, the others skip.
            if (!_enabled || now - Interlocked.Read(ref _lastTicks) < 100 || !_lock.TryEnter())
            {
                return;
            }

            try
            {
                _lastTicks = now;
                var fraction = value.Total > 0 ? Math.Clamp((double)value.Done / value.Total, 0, 1) : 0;
                var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
                var line = $"{value.Stage,-8} [{bar}] {value.Done}/{value.Total}";
                var width = Math.Max(40, Console.WindowWidth) - 1;
                Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
                _drawn = true;
            }
            finally
            {
                _lock.Exit();
            }
        }

        public void Clear()
        {
            if (_drawn)
            {
                Console.Error.Write("\r" + new string(' ', Math.Max(40, Console.WindowWidth) - 1) + "\r");
            }
        }
    }
}
