using Npgsql;

namespace VoServices.Database;

/// <summary>
/// Applies the numbered files of sql/ in order, each once, each in its own transaction, recording
/// them in vo.schema_migrations. An advisory lock keeps two concurrent runs from interleaving.
/// </summary>
public sealed class Migrator(string connectionString, string sqlDirectory)
{
    private const long AdvisoryLockKey = 0x564f_5345_5256; // "VOSERV"

    /// <summary>The migrations not yet applied (all of them on an empty database); nothing is changed.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var done = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand(
            "SELECT name FROM vo.schema_migrations WHERE to_regclass('vo.schema_migrations') IS NOT NULL", connection);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(reader.GetString(0));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // A database never migrated: everything is pending.
        }

        return Files().Where(f => !done.Contains(f)).ToList();
    }

    private List<string> Files() => Directory.GetFiles(sqlDirectory, "*.sql")
        .Select(Path.GetFileName)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <returns>The names of the migrations applied by this call (empty when up to date).</returns>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken)
    {
        var files = Files();
        var applied = new List<string>();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE SCHEMA IF NOT EXISTS vo;
                CREATE TABLE IF NOT EXISTS vo.schema_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var done = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = new NpgsqlCommand("SELECT name FROM vo.schema_migrations", connection))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    done.Add(reader.GetString(0));
                }
            }

            foreach (var name in files.Where(f => !done.Contains(f)))
            {
                var sql = await File.ReadAllTextAsync(Path.Combine(sqlDirectory, name), cancellationToken);
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                try
                {
                    await ExecuteAsync(connection, tx, sql, cancellationToken);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"migration {name} failed: {e.MessageText}" +
                        (e.Position > 0 ? $" (at character {e.Position})" : ""), e);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO vo.schema_migrations (name) VALUES ($1)", connection, tx))
                {
                    record.Parameters.AddWithValue(name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
                applied.Add(name);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
