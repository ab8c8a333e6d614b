using Npgsql;
using VoServices.Adql;
using VoServices.Adql.Metadata;
using VoServices.Cli.Configuration;
using VoServices.Database;
using VoServices.Tap;

namespace VoServices.Cli;

/// <summary>
/// `vo adql [--no-resolve] [--schema FILE] [--maxrec N]`: one ADQL query on stdin; prints the PostgreSQL
/// it becomes, or "line L, column C: message" on stderr and exits 1. Metadata comes from the
/// database's TAP_SCHEMA (VO_DATABASE_URL) unless --schema names a JSON file (format: SchemaJson)
/// or --no-resolve asks for the check without metadata (AdqlTranslator.CheckSyntax).
/// </summary>
internal static class AdqlCommand
{
    private const string Usage = """
        usage: vo adql [--no-resolve | --schema FILE] [--maxrec N] < query.adql
          --no-resolve   check without table metadata (grammar, functions and their arguments);
                         prints nothing on success
          --schema FILE  check against tables described in a JSON file:
                         {"tables": [{"name": "ivoa.obscore", "columns": [{"name": "s_ra", "datatype": "double"}]}]}
          --maxrec N     add the TAP row limit N+1 to the LIMIT
        Without --schema, metadata is read from TAP_SCHEMA of VO_DATABASE_URL.
        """;

    public static async Task<int> RunAsync(string[] args, VoSettings settings, CancellationToken cancellationToken)
    {
        var noResolve = false;
        string? schemaFile = null;
        long? maxrec = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--no-resolve":
                    noResolve = true;
                    break;
                case "--schema" when i + 1 < args.Length:
                    schemaFile = args[++i];
                    break;
                case "--maxrec" when i + 1 < args.Length && long.TryParse(args[i + 1], out var m) && m >= 0:
                    maxrec = m;
                    i++;
                    break;
                case "-h" or "--help":
                    Console.Out.Write(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"vo adql: unexpected argument '{args[i]}'");
                    Console.Error.Write(Usage);
                    return 2;
            }
        }

        if (noResolve && schemaFile is not null)
        {
            Console.Error.WriteLine("vo adql: --no-resolve and --schema exclude each other");
            return 2;
        }

        var adql = await Console.In.ReadToEndAsync(cancellationToken);
        if (noResolve)
        {
            var error = AdqlTranslator.CheckSyntax(adql);
            if (error is null)
            {
                return 0;
            }

            Console.Error.WriteLine(error);
            return 1;
        }

        ISchemaCatalog catalog;
        try
        {
            catalog = schemaFile is not null
                ? SchemaJson.Parse(await File.ReadAllTextAsync(schemaFile, cancellationToken))
                : await LoadFromDatabaseAsync(settings.ConnectionString, cancellationToken);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or NpgsqlException)
        {
            Console.Error.WriteLine($"vo adql: cannot read table metadata: {e.Message}");
            return 2;
        }

        var translation = AdqlTranslator.Translate(adql, catalog,
            new AdqlTranslationOptions { RowLimit = maxrec is null ? null : maxrec + 1 });
        if (!translation.Succeeded)
        {
            Console.Error.WriteLine(translation.Error);
            return 1;
        }

        Console.Out.WriteLine(translation.Sql);
        return 0;
    }

    private static async Task<SchemaCatalog> LoadFromDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return (await TapMetadata.ReadAsync(dataSource, cancellationToken)).Catalog;
    }
}
