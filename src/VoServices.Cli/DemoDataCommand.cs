using VoServices.Demo;

namespace VoServices.Cli;

/// <summary>`vo demo-data DIR`: writes the deterministic demo collection and lists what it wrote.</summary>
internal static class DemoDataCommand
{
    private const string Usage = "usage: vo demo-data DIR";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            Console.Out.WriteLine(Usage);
            return 0;
        }

        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
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
        var width = products.Max(p => p.RelativePath.Length);
        foreach (var p in products)
        {
            Console.Out.WriteLine($"  {p.RelativePath.PadRight(width)}  {p.Kind,-17}  {p.Description}");
        }

        Console.Out.WriteLine($"{products.Count} products. Next: ./vo ingest {args[0]}");
        return 0;
    }
}
