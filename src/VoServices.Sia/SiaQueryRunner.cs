using Npgsql;
using VoServices.Dali;
using VoServices.Database;

using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Sia;

/// <summary>
/// Runs one SIA 2.0 query: every ivoa.obscore column as TAP_SCHEMA describes it (the values as TAP returns
/// them for <c>SELECT *</c>), the WHERE from <see cref="SiaSqlBuilder"/>, MAXREC+1
/// rows, in a read-only transaction as <c>vo_reader</c> with a statement timeout, streamed to the writer.
/// Failures before the first byte are thrown (user errors as <see cref="DaliException"/>); later ones end
/// the table with QUERY_STATUS=ERROR and a SIA fault message.
/// </summary>
public sealed class SiaQueryRunner(NpgsqlDataSource dataSource, TapMetadataCache metadata, SiaValueLists valueLists, SiaOptions options)
{
    private Plan? _plan;

    public SiaOptions Options => options;

    public SiaValueLists ValueLists => valueLists;

    /// <param name="query">The parsed request.</param>
    /// <param name="publicBaseUrl">The server's public base URL (descriptors' access URLs).</param>
    /// <param name="writerFactory">Called once, when the first byte is about to be written.</param>
    /// <param name="cancellationToken">Client gone: the query is cancelled in PostgreSQL.</param>
    public async Task<QueryRunResult> RunAsync(SiaQuery query, string publicBaseUrl, Func<ITableWriter> writerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(writerFactory);
        var (selectFrom, fields) = await PlanAsync(cancellationToken);
        var table = SiaResponse.Describe(fields, publicBaseUrl, valueLists.Current, options);
        if (query.Maxrec == 0)
        {
            return await ReaderQuery.WriteMetadataOnlyAsync(table, writerFactory, cancellationToken);
        }

        var (sql, parameters) = SiaSqlBuilder.Build(query).Statement(selectFrom, query.Maxrec + 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ReaderQuery.BeginReaderAsync(connection, options.TimeoutSeconds, cancellationToken);
        foreach (var polygon in query.Pos.OfType<DaliPolygon>())
        {
            await CheckPolygonAsync(connection, polygon, cancellationToken);
        }

        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddRange(parameters);
        return await ReaderQuery.StreamAsync(command, table, query.Maxrec, writerFactory, cancellationToken, SiaFault.Message);
    }

    /// <summary>The SELECT ... FROM and FIELDs, made once per TAP_SCHEMA snapshot.</summary>
    private async Task<(string SelectFrom, IReadOnlyList<VotableField> Fields)> PlanAsync(CancellationToken cancellationToken)
    {
        var meta = await metadata.GetAsync(cancellationToken);
        if (_plan is { } plan && ReferenceEquals(plan.Metadata, meta))
        {
            return (plan.SelectFrom, plan.Fields);
        }

        var (selectFrom, fields) = SiaResponse.Select(meta.Catalog);
        _plan = new Plan(meta, selectFrom, fields);
        return (selectFrom, fields);
    }

    private static async Task CheckPolygonAsync(NpgsqlConnection connection, DaliPolygon polygon, CancellationToken cancellationToken)
    {
        var (sql, parameter) = SiaSqlBuilder.PolygonCheck(polygon);
        await using var check = new NpgsqlCommand(sql, connection);
        check.Parameters.Add(parameter);
        // pgsphere's polygon aggregate answers NULL for a polygon it refuses and says why in a NOTICE.
        string? reason = null;
        void OnNotice(object sender, NpgsqlNoticeEventArgs e) => reason ??= e.Notice.MessageText;
        connection.Notice += OnNotice;
        try
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
        }
        finally
        {
            connection.Notice -= OnNotice;
        }

        // "spoly(spoint): a line segment overlaps or polygon too large" → the words after the function name.
        reason = reason is null ? "pgsphere refuses it" : reason[(reason.IndexOf("): ", StringComparison.Ordinal) + 1)..].Trim(' ', ':');
        var text = string.Join(' ', polygon.Vertices.Select(v => DaliValues.Format(v.Lon) + " " + DaliValues.Format(v.Lat)));
        throw DaliException.BadParameter("POS",
            $"POLYGON {DaliParameters.Shorten(text)} is not a valid polygon ({reason}); give at least three distinct vertices of a " +
            "polygon whose edges do not cross, smaller than a hemisphere, in order");
    }

    private sealed record Plan(TapMetadata Metadata, string SelectFrom, IReadOnlyList<VotableField> Fields);
}
