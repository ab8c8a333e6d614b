using VoServices.Cli.Configuration;
using VoServices.Database;

namespace VoServices.Cli;

/// <summary>`vo db migrate`: the part of `./vo db up` that needs .NET (the rest is deploy/pg-cluster.sh).</summary>
internal static class DbCommand
{
    public static async Task<int> RunAsync(string[] args, VoSettings settings, CancellationToken cancellationToken)
    {
        if (args is not ["migrate"])
        {
            Console.Error.WriteLine("usage: vo db migrate   (up/down/url/psql are handled by ./vo)");
            return 2;
        }

        if (settings.SqlDirectory is null)
        {
            Console.Error.WriteLine("vo db migrate: no sql/ directory beside VoServices.sln at or above the current directory; set VO_SQL_DIR");
            return 1;
        }

        var applied = await new Migrator(settings.ConnectionString, settings.SqlDirectory).ApplyAsync(cancellationToken);
        Console.Error.WriteLine(applied.Count == 0 ? "database schema is up to date" : $"applied {string.Join(", ", applied)}");
        return 0;
    }
}
