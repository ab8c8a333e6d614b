using Npgsql;
using VoServices.Database;


namespace VoServices.Sia;

/// <summary>The distinct values of the enumerable SIA inputs among image and cube rows; null: too many to list.</summary>
public sealed record SiaValues(
    IReadOnlyList<string>? Collections,
    IReadOnlyList<string>? Facilities,
    IReadOnlyList<string>? Instruments,
    IReadOnlyList<string>? CalibLevels,
    IReadOnlyList<string>? Formats)
{
    public static SiaValues None { get; } = new(null, null, null, null, null);
}

/// <summary>
/// The OPTION lists of the self-description, read from the table (one pass) in the background and kept for
/// <c>maxAge</c>: a query never waits for them. Until the first read finishes, descriptors carry no OPTIONs.
/// Safe for concurrent use.
/// </summary>
public sealed class SiaValueLists(NpgsqlDataSource dataSource, TimeSpan maxAge, Action<Exception>? onError = null)
{
    /// <summary>Beyond this many distinct values a parameter is not an enumeration; no OPTIONs are given.</summary>
    public const int MaxOptions = 200;

    private const string Sql = """
        SELECT array_agg(DISTINCT obs_collection) FILTER (WHERE obs_collection IS NOT NULL),
               array_agg(DISTINCT facility_name) FILTER (WHERE facility_name IS NOT NULL),
               array_agg(DISTINCT instrument_name) FILTER (WHERE instrument_name IS NOT NULL),
               array_agg(DISTINCT calib_level::text) FILTER (WHERE calib_level IS NOT NULL),
               array_agg(DISTINCT access_format) FILTER (WHERE access_format IS NOT NULL)
        FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube')
        """;

    /// <summary>After a failed read, the next attempt waits this long (the database may be down).</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private (SiaValues Values, DateTime ReadAt)? _current;
    private int _refreshing;
    private long _lastFailureTicks;

    /// <summary>The latest lists (or <see cref="SiaValues.None"/>); starts a background re-read when they are stale.</summary>
    public SiaValues Current
    {
        get
        {
            var current = _current;
            if (current is null || DateTime.UtcNow - current.Value.ReadAt >= maxAge)
            {
                StartRefresh();
            }

            return current?.Values ?? SiaValues.None;
        }
    }

    /// <summary>Reads the lists now (tests, warm-up) and keeps them.</summary>
    public async Task<SiaValues> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ReaderQuery.BeginReaderAsync(connection, 120, cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection, tx);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var values = new SiaValues(List(reader, 0), List(reader, 1), List(reader, 2), List(reader, 3), List(reader, 4));
        _current = (values, DateTime.UtcNow);
        return values;
    }

    private static string[]? List(NpgsqlDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return [];
        }

        var values = reader.GetFieldValue<string[]>(i);
        return values.Length <= MaxOptions ? values : null;
    }

    private void StartRefresh()
    {
        if (DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastFailureTicks) < RetryAfter.Ticks
            || Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                // The lists are a convenience: keep the old ones (or none), report, and try again next time.
                Interlocked.Exchange(ref _lastFailureTicks, DateTime.UtcNow.Ticks);
                onError?.Invoke(e);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }
}
