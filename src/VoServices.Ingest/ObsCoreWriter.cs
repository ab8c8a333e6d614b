using Npgsql;
using NpgsqlTypes;
using VoServices.Fits.Sky;
using VoServices.Products;

namespace VoServices.Ingest;

public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>A row ready to be written, with where its data live and the products it relates to.</summary>
public sealed record IngestedProduct(ObsCoreRow Row, ProductSource Source, ProductKind Kind)
{
    public IReadOnlyList<ProductRelation> Relations { get; init; } = [];
}

/// <summary>A relation from the mapping file: a DataLink term (with '#') and the DID of the other product.</summary>
public sealed record ProductRelation(string Semantics, string RelatedDid);

/// <summary>
/// Upserts ObsCore rows by obs_publisher_did (case-insensitively, as IVOIDs compare), together with
/// their vo.products entry, in one transaction per batch and one round trip per batch. A row whose
/// values did not change is left alone and reported as unchanged.
/// </summary>
public sealed class ObsCoreWriter(NpgsqlDataSource dataSource)
{
    private static readonly IReadOnlyList<ObsCoreColumn> Columns = ObsCoreColumns.All;

    private static readonly string UpsertSql = BuildUpsertSql();

    private const string ProductSql = """
        INSERT INTO vo.products (obs_publisher_did, product_kind, file_path, file_size, file_mtime)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (obs_publisher_did) DO UPDATE
        SET product_kind = excluded.product_kind, file_path = excluded.file_path,
            file_size = excluded.file_size, file_mtime = excluded.file_mtime, ingested_at = now()
        """;

    /// <summary>The mapping's relations replace the product's previous ones.</summary>
    private const string RelationsSql = """
        WITH gone AS (DELETE FROM vo.product_relations WHERE obs_publisher_did = $1)
        INSERT INTO vo.product_relations (obs_publisher_did, semantics, related_did)
        SELECT DISTINCT $1, s, d FROM unnest($2::text[], $3::text[]) AS r(s, d)
        """;

    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(IReadOnlyList<IngestedProduct> products, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, tx);
        foreach (var product in products)
        {
            var upsert = new NpgsqlBatchCommand(UpsertSql);
            foreach (var column in Columns)
            {
                upsert.Parameters.Add(Parameter(column, product.Row[column.Name]));
            }

            batch.BatchCommands.Add(upsert);
            var file = new NpgsqlBatchCommand(ProductSql);
            file.Parameters.Add(new NpgsqlParameter { Value = product.Row.PublisherDid });
            file.Parameters.Add(new NpgsqlParameter { Value = product.Kind.ToString().ToLowerInvariant() });
            file.Parameters.Add(new NpgsqlParameter { Value = product.Source.Path });
            file.Parameters.Add(new NpgsqlParameter { Value = product.Source.Size });
            file.Parameters.Add(new NpgsqlParameter { Value = product.Source.ModifiedUtc, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(file);
            var relations = new NpgsqlBatchCommand(RelationsSql);
            relations.Parameters.Add(new NpgsqlParameter { Value = product.Row.PublisherDid });
            relations.Parameters.Add(new NpgsqlParameter { Value = product.Relations.Select(r => r.Semantics).ToArray() });
            relations.Parameters.Add(new NpgsqlParameter { Value = product.Relations.Select(r => r.RelatedDid).ToArray() });
            batch.BatchCommands.Add(relations);
        }

        var outcomes = new List<UpsertOutcome>(products.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                // Upserts return (inserted) or no row when unchanged; product commands return nothing.
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                outcomes.Add(await reader.ReadAsync(cancellationToken)
                    ? reader.GetBoolean(0) ? UpsertOutcome.Inserted : UpsertOutcome.Updated
                    : UpsertOutcome.Unchanged);
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        await tx.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static NpgsqlParameter Parameter(ObsCoreColumn column, object? value) => column.Kind switch
    {
        ObsCoreColumnKind.Text => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value ?? DBNull.Value },
        ObsCoreColumnKind.Short => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Smallint, Value = value ?? DBNull.Value },
        ObsCoreColumnKind.Long => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value ?? DBNull.Value },
        ObsCoreColumnKind.Double => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = value ?? DBNull.Value },
        ObsCoreColumnKind.Timestamp => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Timestamp, Value = value ?? DBNull.Value },
        // pgsphere types travel as text and are cast in SQL.
        ObsCoreColumnKind.Region => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (value as SkyPolygon)?.ToPgSphere() ?? (object)DBNull.Value },
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    private static string BuildUpsertSql()
    {
        var names = string.Join(", ", Columns.Select(c => c.Name));
        var values = string.Join(", ", Columns.Select((c, i) => c.Kind == ObsCoreColumnKind.Region ? $"${i + 1}::spoly" : $"${i + 1}"));
        var updates = string.Join(", ", Columns.Where(c => c.Name != "obs_publisher_did").Select(c => $"{c.Name} = excluded.{c.Name}"));
        var changed = string.Join(", ", Columns.Select(c => "o." + c.Name));
        var incoming = string.Join(", ", Columns.Select(c => "excluded." + c.Name));
        // xmax = 0 holds for a freshly inserted tuple only: it tells inserts from updates.
        return $"""
            INSERT INTO ivoa.obscore AS o ({names}) VALUES ({values})
            ON CONFLICT ((lower(obs_publisher_did))) DO UPDATE SET {updates}
            WHERE ({changed}) IS DISTINCT FROM ({incoming})
            RETURNING (xmax = 0)
            """;
    }
}
