namespace VoServices.Hips;

/// <summary>
/// What <see cref="HipsBuilder"/> reads: HEALPix cells at one order and frame, streamed in chunks. A
/// HEALPix table (<see cref="HealpixMap"/>) and point measurements spread over discs (<see cref="PointMap"/>) both give them.
/// </summary>
public interface IHealpixCellSource
{
    /// <summary>The input file, for messages.</summary>
    string Path { get; }

    /// <summary>The HEALPix order of every cell's index.</summary>
    int Order { get; }

    HipsFrame Frame { get; }

    /// <summary>The value column's name, as the input spells it.</summary>
    string ValueColumn { get; }

    /// <summary>The value column's unit (hips_bunit), null when it declares none.</summary>
    string? ValueUnit { get; }

    /// <summary>Whether each cell carries a weight (an inverse variance) rather than 1.</summary>
    bool Weighted { get; }

    /// <summary>The input rows, for progress; 0 when not known before reading.</summary>
    long RowCount { get; }

    /// <summary>
    /// The cells with NESTED indices, a chunk of rows at a time, each chunk with the rows read so far. A
    /// chunk is valid until the next is requested (buffers are reused).
    /// </summary>
    IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default);
}
