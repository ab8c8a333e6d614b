using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>
/// Streams one table in some format: <see cref="BeginAsync"/> once, <see cref="WriteRowAsync"/> per
/// row, <see cref="EndAsync"/> once. Implementations write through to their output and flush as they
/// go, so memory stays flat whatever the row count.
/// </summary>
public interface ITableWriter : IAsyncDisposable
{
    /// <param name="table">Columns and metadata.</param>
    /// <param name="leadingStatus">The QUERY_STATUS known before the rows: OK, or OVERFLOW when
    /// MAXREC=0 (formats without status ignore it).</param>
    ValueTask BeginAsync(TableDescription table, TableEndStatus leadingStatus, CancellationToken cancellationToken);

    ValueTask WriteRowAsync(RowBuffer row, CancellationToken cancellationToken);

    /// <summary>Closes the table; OVERFLOW or ERROR are recorded where the format can say so.</summary>
    ValueTask EndAsync(TableEnd end, CancellationToken cancellationToken);
}
