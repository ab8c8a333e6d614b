using Microsoft.Extensions.Hosting;
using VoServices.Cli.Configuration;
using VoServices.Database;
using VoServices.Web;

namespace VoServices.Cli;

/// <summary>`vo serve [--urls URL]`: runs the web services until Ctrl+C, configured by <see cref="VoSettings"/>.</summary>
internal static class ServeCommand
{
    private const string Usage = """
        usage: vo serve [--urls URL]
          --urls URL   where to listen (default VO_URLS, else http://127.0.0.1:8080)
        environment (or vo.conf; see README "Configuration"):
          VO_DATABASE_URL   the database (postgresql://...; ./vo sets it)
          VO_PUBLIC_URL     the base URL clients see, when behind a proxy (default: the listen URL)
          VO_TAP_RESULTS    directory for async TAP results (default: voservices-tap-results in the system temp directory)
          VO_PREVIEW_CACHE  directory for DataLink previews (default: voservices-previews in the system temp directory)

        """;

    public static async Task<int> RunAsync(string[] args, VoSettings settings, CancellationToken cancellationToken)
    {
        string? urls = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.Out.Write(Usage);
                    return 0;
                case "--urls" when i + 1 < args.Length:
                    urls = args[++i];
                    break;
                default:
                    Console.Error.Write($"vo serve: unexpected argument '{args[i]}'\n" + Usage);
                    return 2;
            }
        }

        // A schema behind the code would fail at the first request (or at start-up); say what to do instead.
        // Without migrations at hand (an installed binary) there is nothing to compare with.
        // An unreachable database is no reason not to start: VOSI then says available=false, queries get 503, and
        // the service recovers by itself when the database is back (the check is then not repeated).
        IReadOnlyList<string> pending = [];
        try
        {
            pending = settings.SqlDirectory is null ? []
                : await new Migrator(settings.ConnectionString, settings.SqlDirectory).PendingAsync(cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            Console.Error.WriteLine($"vo serve: the database is not reachable ({e.Message}); serving anyway, with available=false until it is");
        }

        if (pending.Count > 0)
        {
            Console.Error.WriteLine($"vo serve: the database lacks migrations {string.Join(", ", pending)}: run ./vo db up (or ./vo db migrate)");
            return 1;
        }

        var options = settings.ToServerOptions(urls);
        await using var app = VoServer.BuildApp(options);
        await app.StartAsync(cancellationToken);
        Console.Error.WriteLine($"vo: serving on {string.Join(", ", app.Urls)} (public URL {options.PublicUrl ?? app.Urls.FirstOrDefault()}); Ctrl+C stops");
        // Returns on Ctrl+C (the token) or SIGTERM (the host's lifetime), after a graceful stop.
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
