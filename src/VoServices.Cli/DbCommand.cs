using VoServices.Database;

namespace VoServices.Cli;

/// <summary>`vo db migrate`: the part of `./vo db up` that needs .NET (the rest is deploy/pg-cluster.sh).</summary>
internal static class DbCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is not ["migrate"])
        {
            Console.Error.WriteLine("usage: vo db migrate   (up/down/url/psql are handled by ./vo)");
            return 2;
        }

        var migrator = new Migrator(DatabaseUrl.FromEnvironment(), Migrator.FindSqlDirectory(Environment.CurrentDirectory));
        var applied = await migrator.ApplyAsync(cancellationToken);
        Console.Error.WriteLine(applied.Count == 0 ? "database schema is up to date" : $"applied {string.Join(", ", applied)}");
        return 0;
    }
}
