using VoServices.Cli.Configuration;

namespace VoServices.Cli;

/// <summary>The `vo` executable's command dispatch. The `./vo` script handles db/test/demo and passes the rest here.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        VoSettings settings;
        try
        {
            settings = VoConfiguration.FromProcess();
        }
        catch (VoConfigurationException e)
        {
            foreach (var problem in e.Problems)
            {
                Console.Error.WriteLine($"vo: {problem}");
            }

            return 2;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "db" => await DbCommand.RunAsync(rest, settings, cts.Token),
                "ingest" => await IngestCommand.RunAsync(rest, settings, cts.Token),
                "demo-data" => await DemoDataCommand.RunAsync(rest, cts.Token),
                "hips" => await HipsCommand.RunAsync(rest, cts.Token),
                "adql" => await AdqlCommand.RunAsync(rest, settings, cts.Token),
                "serve" => await ServeCommand.RunAsync(rest, settings, cts.Token),
                _ => Unknown(args[0]),
            };
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("vo: cancelled");
            return 130;
        }
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"vo: unknown command '{command}'");
        Console.Error.Write(Usage);
        return 2;
    }

    private const string Usage = """
        usage: vo COMMAND [ARGS]
          db up|down|url|psql|migrate   the database (see README)
          ingest PATH... [--collection NAME] [--mapping FILE]
          demo-data DIR                 write the deterministic demo collection
          hips build IN.fits --out DIR --column NAME [--weight NAME] [--tile-width N]
                                        a HiPS from a HEALPix map table (vo hips build --help)
          adql [--no-resolve] [--schema FILE] < query.adql
          serve [--urls URL]
          demo | test

        """;
}
