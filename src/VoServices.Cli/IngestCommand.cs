using Npgsql;
using VoServices.Cli.Configuration;
using VoServices.Ingest;
using VoServices.Products;

namespace VoServices.Cli;

/// <summary>`vo ingest PATH... [--collection NAME] [--mapping FILE]`.</summary>
internal static class IngestCommand
{
    private const string Usage = "usage: vo ingest PATH... [--collection NAME] [--mapping FILE]";

    public static async Task<int> RunAsync(string[] args, VoSettings settings, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        string? collection = null, mappingPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--collection" when i + 1 < args.Length: collection = args[++i]; break;
                case "--mapping" when i + 1 < args.Length: mappingPath = args[++i]; break;
                case "-h" or "--help": Console.Out.WriteLine(Usage); return 0;
                case var a when a.StartsWith("--", StringComparison.Ordinal):
                    Console.Error.WriteLine($"vo ingest: unknown or incomplete option '{a}'\n{Usage}");
                    return 2;
                default: paths.Add(args[i]); break;
            }
        }

        if (paths.Count == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        CollectionMapping mapping;
        try
        {
            mapping = mappingPath is null ? CollectionMapping.Empty : CollectionMapping.Load(mappingPath);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            Console.Error.WriteLine($"vo ingest: mapping file: {e.Message}");
            return 2;
        }

        // Without --collection, the collection is named after the (first) directory ingested.
        collection ??= Path.GetFileName(Path.GetFullPath(paths[0]).TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } name ? name : "default";
        var options = settings.ToIngestOptions(collection, mapping);
        await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        var display = new ProgressDisplay();
        var report = await new Ingester(dataSource, options).RunAsync(paths, display, cancellationToken);
        display.Clear();

        Console.Out.WriteLine(
            $"collection '{collection}': {report.Ingested} ingested, {report.Updated} updated, {report.Unchanged} unchanged, " +
            $"{report.Skipped} skipped (not FITS, or tables only), {report.Failed} failed; {report.Seen} in {report.Elapsed.TotalSeconds:F1} s");
        foreach (var failure in report.Failures)
        {
            Console.Out.WriteLine($"  failed: {failure.Path}: {failure.Reason}");
        }

        return report.Failed == 0 ? 0 : 1;
    }

    /// <summary>One status line on a terminal (count, rate, current file), redrawn at most ten times a second; silent when redirected.</summary>
    private sealed class ProgressDisplay : IProgress<IngestProgress>
    {
        private readonly bool _enabled = !Console.IsErrorRedirected;
        private long _lastTicks;

        public void Report(IngestProgress value)
        {
            var now = Environment.TickCount64;
            if (!_enabled || now - _lastTicks < 100)
            {
                return;
            }

            _lastTicks = now;
            var width = Math.Max(40, Console.WindowWidth) - 1;
            var line = $"{value.Done} files, {value.Rate:F0}/s  {value.CurrentPath}";
            Console.Error.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
        }

        public void Clear()
        {
            if (_enabled && _lastTicks != 0)
            {
                Console.Error.Write("\r" + new string(' ', Math.Max(40, Console.WindowWidth) - 1) + "\r");
            }
        }
    }
}
