using System.Data;
using System.Globalization;
using Npgsql;
using VoServices.Dali;
using VoServices.Dali.Tables;
using VoServices.Dali.Votable;

namespace VoServices.Database;

/// <summary>
/// The pieces every user query shares (TAP, SIA): the statement timeout, the switch to the read-only
/// <c>vo_reader</c> role, and streaming a reader's rows to an <see cref="ITableWriter"/> with MAXREC+1
/// overflow detection. Callers open the connection and transaction.
/// </summary>
public static class ReaderQuery
{
    public const string ReaderRole = "vo_reader";

    /// <summary>Sets the transaction's statement timeout (cancels the query in PostgreSQL when it runs too long).</summary>
    public static Task SetTimeoutAsync(NpgsqlConnection connection, int timeoutSeconds, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, TimeoutSql(timeoutSeconds), cancellationToken);

    /// <summary>
    /// From here on the transaction is read-only and runs as <c>vo_reader</c>, with the ADQL helper
    /// functions on the search path (they live in public or vo, see sql/012_reader_search_path.sql).
    /// </summary>
    public static Task EnterReaderRoleAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, ReaderRoleSql, cancellationToken);

    /// <summary>Both of the above in one round trip (for queries that load nothing first).</summary>
    public static Task BeginReaderAsync(NpgsqlConnection connection, int timeoutSeconds, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, TimeoutSql(timeoutSeconds) + "; " + ReaderRoleSql, cancellationToken);

    /// <summary>MAXREC=0: the table's metadata and QUERY_STATUS=OVERFLOW, no rows.</summary>
    public static async Task<QueryRunResult> WriteMetadataOnlyAsync(TableDescription table, Func<ITableWriter> writerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writerFactory);
        await using var empty = writerFactory();
        await empty.BeginAsync(table, TableEndStatus.Overflow, cancellationToken);
        await empty.EndAsync(TableEnd.Overflow, cancellationToken);
        return new QueryRunResult(0, true);
    }

    /// <summary>
    /// Executes <paramref name="command"/> (whose SQL returns at most <paramref name="maxrec"/>+1 rows) and
    /// streams at most <paramref name="maxrec"/> rows; OVERFLOW when the extra row arrived, in the leading status too
    /// when it arrived within the read-ahead (<see cref="ReadAheadRows"/>). A failure before the first row is thrown (the caller answers with an error document); a later one ends the table with
    /// QUERY_STATUS=ERROR, its text made by <paramref name="describe"/> (default: the mapped message).
    /// </summary>
    public static async Task<QueryRunResult> StreamAsync(NpgsqlCommand command, TableDescription table, long maxrec,
        Func<ITableWriter> writerFactory, CancellationToken cancellationToken, Func<DaliError, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(writerFactory);
        command.CommandTimeout = 0; // statement_timeout governs
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        var hasRow = await reader.ReadAsync(cancellationToken);
        var rowReader = new NpgsqlRowReader(reader, table.Fields);
        var urlColumns = table.ServiceUrl is null ? [] : RelativeUrlColumns(table.Fields);

        // Read ahead before the first byte goes out: a result of at most ReadAheadRows past MAXREC is then known to
        // overflow, and the leading INFO can say so (pyVO reads only that one). A failure here is still an error document.
        var ahead = new List<RowBuffer>();
        while (hasRow && ahead.Count < Math.Min(maxrec + 1, ReadAheadRows))
        {
            var buffered = new RowBuffer(table.Fields.Count);
            ReadRow(rowReader, reader, buffered, urlColumns, table.ServiceUrl);
            ahead.Add(buffered);
            hasRow = await reader.ReadAsync(cancellationToken);
        }

        await using var writer = writerFactory();
        await writer.BeginAsync(table, ahead.Count > maxrec ? TableEndStatus.Overflow : TableEndStatus.Ok, cancellationToken);
        long rows = 0;
        var overflow = false;
        try
        {
            foreach (var buffered in ahead)
            {
                if (rows == maxrec)
                {
                    overflow = true;
                    break;
                }

                await writer.WriteRowAsync(buffered, cancellationToken);
                rows++;
            }

            var row = new RowBuffer(table.Fields.Count);
            while (hasRow && !overflow)
            {
                if (rows == maxrec)
                {
                    overflow = true;
                    break;
                }

                ReadRow(rowReader, reader, row, urlColumns, table.ServiceUrl);
                await writer.WriteRowAsync(row, cancellationToken);
                rows++;
                hasRow = await reader.ReadAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = PostgresFaults.Classify(e);
            var message = describe?.Invoke(error) ?? error.Message;
            await writer.EndAsync(TableEnd.Error(message), cancellationToken);
            return new QueryRunResult(rows, false, message, e);
        }

        await writer.EndAsync(overflow ? TableEnd.Overflow : TableEnd.Ok, cancellationToken);
        return new QueryRunResult(rows, overflow);
    }

    /// <summary>Rows read before the table starts, to know an overflow up front (bounded: memory stays independent of the result's size).</summary>
    public const int ReadAheadRows = 1000;

    /// <summary>One row into <paramref name="row"/>, relative URLs (stored as /path) completed with the service's public URL.</summary>
    private static void ReadRow(NpgsqlRowReader rowReader, NpgsqlDataReader reader, RowBuffer row, int[] urlColumns, string? serviceUrl)
    {
        rowReader.Read(reader, row);
        foreach (var c in urlColumns)
        {
            if (!row.IsNull(c) && row.GetString(c).StartsWith('/'))
            {
                row.SetString(c, serviceUrl + row.GetString(c));
            }
        }
    }

    // client_connection_check_interval: when Npgsql's cancel request is not answered in time it drops the
    // connection, and a query that sends nothing (COUNT over a huge join) would otherwise run on unseen.
    private static int[] RelativeUrlColumns(IReadOnlyList<VotableField> fields) =>
        Enumerable.Range(0, fields.Count)
            .Where(i => fields[i].Datatype == "char" && string.Equals(fields[i].Ucd, "meta.ref.url", StringComparison.OrdinalIgnoreCase))
            .ToArray();

    private const string ReaderRoleSql = $"SET LOCAL ROLE {ReaderRole}; SET LOCAL search_path = public, vo; SET TRANSACTION READ ONLY; " +
        "SET LOCAL client_connection_check_interval = 1000";

    private static string TimeoutSql(int timeoutSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"SET LOCAL statement_timeout = {Math.Max(1, timeoutSeconds) * 1000L}");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>How a query ended once its table was being written.</summary>
/// <param name="Rows">Rows written.</param>
/// <param name="Overflow">True when more rows than MAXREC existed (and were cut).</param>
/// <param name="LateError">Set when the query failed after rows had been sent (recorded in the output as QUERY_STATUS=ERROR).</param>
/// <param name="LateException">The failure behind <paramref name="LateError"/>, for the log.</param>
public sealed record QueryRunResult(long Rows, bool Overflow, string? LateError = null, Exception? LateException = null);
