using System.Globalization;
using VoServices.Fits;
using VoServices.Hips;

namespace VoServices.Cli;

/// <summary>`vo hips build IN.fits --out DIR --column NAME [--weight NAME] [--tile-width N] [--min-order N] [--creator-did ID] [--title T]`.</summary>
internal static class HipsCommand
{
    private const string Usage = """
        usage: vo hips build IN.fits --out DIR --column NAME [--weight NAME] [--tile-width N] [--min-order N]
                             [--creator-did ivo://AUTH/ID] [--title TEXT]
          IN.fits  a HEALPix map table: full-sky (NESTED or RING) or partial (INDXSCHM='EXPLICIT', OBJECT='PARTIAL'
                   or a PIXEL/PIX/IPIX column); repeated cells are combined by the weighted mean with --weight
                   (inverse variance), else by the mean
          defaults: --tile-width 512, --min-order 0, --creator-did ivo://voservices.local/P/<IN>/<column>,
                    --title "<IN> <column>"
        """ + "\n" + HipsPointsArguments.Usage + "\n";

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

        string? input = null, output = null, column = null, weight = null, creatorDid = null, title = null;
        int tileWidth = 512, minOrder = 0;
        var points = new HipsPointsArguments();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--column" when i + 1 < args.Length: column = args[++i]; break;
                case "--weight" when i + 1 < args.Length: weight = args[++i]; break;
                case "--creator-did" when i + 1 < args.Length: creatorDid = args[++i]; break;
                case "--title" when i + 1 < args.Length: title = args[++i]; break;
                case "--tile-width" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var w):
                    tileWidth = w;
                    i++;
                    break;
                case "--min-order" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var m):
                    minOrder = m;
                    i++;
                    break;
                case "-h" or "--help": Console.Out.Write(Usage); return Task.FromResult(0);
                case var _ when points.TryTake(args, ref i): break;
                case var a when a.StartsWith("--", StringComparison.Ordinal):
                    Console.Error.Write($"vo hips build: unknown or incomplete option '{a}'\n{Usage}");
                    return Task.FromResult(2);
                case var a when input is null: input = a; break;
                default:
                    Console.Error.Write($"vo hips build: one input map only ('{args[i]}')\n{Usage}");
                    return Task.FromResult(2);
            }
        }

        if (input is null || output is null || column is null)
        {
            Console.Error.Write($"vo hips build: IN.fits, --out and --column are required\n{Usage}");
            return Task.FromResult(2);
        }

        var (pointSpec, pointError) = points.Spec(column, weight);
        if (pointError is not null)
        {
            Console.Error.Write($"vo hips build: {pointError}\n{Usage}");
            return Task.FromResult(2);
        }

        var stem = Path.GetFileNameWithoutExtension(input);
        creatorDid ??= $"ivo://voservices.local/P/{stem}/{column}";
        if (!creatorDid.StartsWith("ivo://", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"vo hips build: --creator-did '{creatorDid}' is not an IVOID (ivo://AUTHORITY/ID)");
            return Task.FromResult(2);
        }

        try
        {
            IHealpixCellSource map = pointSpec is null ? HealpixMap.Open(input, column, weight) : PointMap.Open(input, pointSpec);
            var display = new ProgressDisplay();
            var report = HipsBuilder.Build(map, output, new HipsBuildOptions(creatorDid, title ?? $"{stem} {column}", tileWidth, minOrder), display, cancellationToken);
            display.Clear();
            Console.Out.WriteLine(
                $"{report.Directory}: hips_order {report.Order}, {report.CellsRead} cells read, {report.TileCount} tiles, {report.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(0);
        }
        catch (Exception e) when (e is HealpixMapException or FitsFormatException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"vo hips build: {e.Message}");
            return Task.FromResult(1);
        }
    }

    /// <summary>A status bar on a terminal (stage, bar, count), redrawn at most ten times a second; silent when redirected.</summary>
    private sealed class ProgressDisplay : IProgress<HipsBuildProgress>
    {
        private readonly bool _enabled = !Console.IsErrorRedirected;
        private long _lastTicks;
        private bool _drawn;

        public void Report(HipsBuildProgress value)
        {
            var now = Environment.TickCount64;
            if (!_enabled || now - _lastTicks < 100)
            {
                return;
            }

            _lastTicks = now;
            var fraction = value.Total > 0 ? Math.Clamp((double)value.Done / value.Total, 0, 1) : 0;
            var bar = new string('#', (int)(fraction * 30)).PadRight(30, '.');
            var line = $"{value.Stage,-8} [{bar}] {value.Done}/{value.Total}";
            var width = Math.Max(40, Console.WindowWidth) - 1;
            Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
            _drawn = true;
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
