using System.Collections.Concurrent;

namespace VoServices.Hips;

/// <summary>
/// How a build keeps both cores busy with deterministic output: a source enumerated on a worker thread a few
/// items ahead of the caller, who takes them in the source's order — two stages at work at once, the result
/// the same as one after the other.
/// </summary>
internal static class Pipeline
{
    /// <summary>
    /// Enumerates <paramref name="source"/> on a worker thread, at most <paramref name="capacity"/> items ahead.
    /// The token the source gets is cancelled when the caller stops early (or <paramref name="cancellationToken"/>
    /// is); the worker has always finished when this enumeration has, and its exception reaches the caller as thrown.
    /// </summary>
    public static IEnumerable<T> Ahead<T>(Func<CancellationToken, IEnumerable<T>> source, int capacity, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var queue = new BlockingCollection<T>(capacity);
        var worker = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var item in source(stop.Token))
                    {
                        queue.Add(item, stop.Token);
                    }
                }
                finally
                {
                    queue.CompleteAdding();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (var item in queue.GetConsumingEnumerable(stop.Token))
            {
                yield return item;
            }

            // The queue ended: the source is done, or failed (then rethrow its exception, unwrapped).
            worker.GetAwaiter().GetResult();
        }
        finally
        {
            // Also on an early exit, so nothing reads or writes files after the build has failed and cleaned up;
            // WaitAny does not rethrow the worker's exception (the caller's own is the one under way).
            stop.Cancel();
            Task.WaitAny([worker], CancellationToken.None);
        }
    }

    /// <summary>
    /// <paramref name="map"/>'s cells as <see cref="IHealpixCellSource.ReadCells"/> gives them, decoded on a worker
    /// thread into a few recycled buffers (large chunks in slices of 65 536 cells); each chunk is valid until the
    /// next is asked for, as there.
    /// </summary>
    public static IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCellsAhead(IHealpixCellSource map, CancellationToken cancellationToken)
    {
        const int Slice = 1 << 16, Buffers = 4;
        using var free = new BlockingCollection<HealpixCell[]>();
        for (var i = 0; i < Buffers; i++)
        {
            free.Add(new HealpixCell[Slice], CancellationToken.None);
        }

        IEnumerable<(HealpixCell[] Buffer, int Count, long RowsRead)> Copies(CancellationToken stop)
        {
            foreach (var (cells, rowsRead) in map.ReadCells(cancellationToken: stop))
            {
                for (var at = 0; at < cells.Length; at += Slice)
                {
                    var buffer = free.Take(stop);
                    var n = Math.Min(Slice, cells.Length - at);
                    cells.Span.Slice(at, n).CopyTo(buffer);
                    yield return (buffer, n, rowsRead);
                }
            }
        }

        // One buffer with the caller, one being filled, the rest queued: the worker waits for a free one.
        foreach (var (buffer, count, rowsRead) in Ahead(Copies, Buffers - 2, cancellationToken))
        {
            yield return (buffer.AsMemory(0, count), rowsRead);
            free.Add(buffer, CancellationToken.None);
        }
    }
}
