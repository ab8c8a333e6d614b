using System.Globalization;
using VoServices.Fits;
using VoServices.Fits.Sky;

namespace VoServices.Hips;

/// <summary>
/// A multi-order HEALPix map (MOC-style NUNIQ indexing: uniq = 4·4^order + ipix, as LIGO/Virgo sky maps and
/// mocpy write them): a binary table with ORDERING = 'NUNIQ' (or, without ORDERING, a column named UNIQ or
/// NUNIQ) and value columns. Cells coarser than <see cref="Order"/> are expanded to their 4^(Order − order)
/// NESTED children at <see cref="Order"/>, each child taking the cell's value and weight — right for
/// intensities and densities (per steradian), not for per-cell totals such as a probability per cell.
/// Overlapping cells are repeated measurements, combined by the builder like repeated cells of a partial map.
/// </summary>
/// <param name="DeepestOrder">The deepest order among the map's cells.</param>
/// <param name="ExpandedCells">How many cells at <see cref="Order"/> the map expands to (rows of NaN values included).</param>
public sealed record NuniqMap(
    string Path,
    FitsHdu Hdu,
    int Order,
    int DeepestOrder,
    long ExpandedCells,
    FitsColumn Uniq,
    FitsColumn Value,
    FitsColumn? Weight,
    HipsFrame Frame) : IHealpixCellSource
{
    /// <summary>
    /// The most cells a map may expand to: 2^28 (268 435 456, about the whole sky at order 12, 5 GB of
    /// measurements for the builder). A coarse cell at a deep order is otherwise a runaway: one order-0 cell
    /// expanded to order 29 would be 2.9·10^17 cells.
    /// </summary>
    public const long MaxExpandedCells = 1L << 28;

    private static readonly string[] UniqColumnNames = ["UNIQ", "NUNIQ"];

    public long RowCount => Hdu.Axes[1];

    public string ValueColumn => Value.Name;

    public string? ValueUnit => string.IsNullOrWhiteSpace(Value.Unit) ? null : Value.Unit.Trim();

    public bool Weighted => Weight is not null;

    /// <summary>Whether <paramref name="hdu"/> (a binary table) is a NUNIQ map: ORDERING = 'NUNIQ', or no ORDERING and a UNIQ/NUNIQ column.</summary>
    public static bool IsNuniq(FitsHdu hdu, FitsBinTable table)
    {
        ArgumentNullException.ThrowIfNull(hdu);
        ArgumentNullException.ThrowIfNull(table);
        var ordering = hdu.Header.GetString("ORDERING")?.Trim();
        return ordering is null
            ? UniqColumnNames.Any(n => table.FindColumn(n) is not null)
            : ordering.Equals("NUNIQ", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Describes the NUNIQ map in table <paramref name="hdu"/> of <paramref name="path"/>, reading its uniq column once to
    /// check every value and find the deepest order. The map's order is <paramref name="order"/> when given (it may
    /// not be coarser than the deepest cell: cells are expanded, never merged), else the deepest order.
    /// </summary>
    public static NuniqMap Open(string path, FitsHdu hdu, string valueColumn, string? weightColumn, int? order)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(hdu);
        ArgumentNullException.ThrowIfNull(valueColumn);
        var where = $"{path} (HDU {hdu.Index + 1})";
        var h = hdu.Header;
        if (string.Equals(h.GetString("INDXSCHM")?.Trim(), "IMPLICIT", StringComparison.OrdinalIgnoreCase))
        {
            throw new HealpixMapException($"{where}: INDXSCHM = 'IMPLICIT' contradicts ORDERING = 'NUNIQ': a NUNIQ map lists its cells explicitly.");
        }

        var frame = HipsFrames.FromCoordsys(h.GetString("COORDSYS"), where);
        using var table = new FitsBinTable(FitsReader.OpenRead(path), hdu, leaveOpen: false);
        // Without a conventionally named column, the HEALPix explicit convention puts the index first.
        var uniq = UniqColumnNames.Select(table.FindColumn).FirstOrDefault(c => c is not null) ?? (table.Columns.Count > 0 ? table.Columns[0] : null);
        if (uniq is null || uniq.Type is not ('I' or 'J' or 'K') || uniq.Repeat != 1)
        {
            throw new HealpixMapException($"{where}: a NUNIQ map needs a scalar integer (TFORM 1J or 1K) column named UNIQ or NUNIQ.");
        }

        var value = HealpixMap.FindNumeric(table, valueColumn, where, "--column");
        var weight = weightColumn is null ? null : HealpixMap.FindNumeric(table, weightColumn, where, "--weight");
        if (value.Repeat != 1 || weight is { Repeat: not 1 })
        {
            throw new HealpixMapException($"{where}: in a NUNIQ map the value and weight columns must hold one number per row.");
        }

        if (order is < 0 or > Healpix.MaxOrder)
        {
            throw new HealpixMapException($"--order {order} must be from 0 to {Healpix.MaxOrder}.", "--order");
        }

        // First pass: every uniq valid, the deepest order, and how many cells each order holds.
        var perOrder = new long[Healpix.MaxOrder + 1];
        var width = Math.Max(1, table.RowWidth);
        var raw = new byte[Math.Max(1, (1 << 20) / width) * width];
        for (long first = 0; first < table.RowCount;)
        {
            var n = table.ReadRawRows(first, raw);
            for (var r = 0; r < n; r++)
            {
                perOrder[Decode(uniq, raw.AsSpan(r * width, width), path, first + r).Order]++;
            }

            first += n;
        }

        var deepest = Array.FindLastIndex(perOrder, c => c > 0);
        if (deepest < 0)
        {
            throw new HealpixMapException($"{where}: the NUNIQ map has no rows.");
        }

        var target = order ?? deepest;
        if (target < deepest)
        {
            throw new HealpixMapException(
                $"{where}: --order {target} is coarser than the map's deepest cells (order {deepest}); NUNIQ cells are expanded to a finer order, never merged: give --order {deepest} or more, or none.",
                "--order");
        }

        double expanded = 0;
        for (var o = 0; o <= deepest; o++)
        {
            expanded += perOrder[o] * Math.Pow(4, target - o);
        }

        if (expanded > MaxExpandedCells)
        {
            var coarsest = Array.FindIndex(perOrder, c => c > 0);
            throw new HealpixMapException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: expanded to order {target}, the map's {table.RowCount} cells (orders {coarsest} to {deepest}) would be {expanded:G4} cells, more than the limit of {MaxExpandedCells} (2^28); {(order is null ? "its coarse cells cover too much sky at its deepest order" : "give a lower --order")}."));
        }

        return new NuniqMap(path, hdu, target, deepest, (long)expanded, uniq, value, weight, frame);
    }

    /// <summary>
    /// Streams the expanded cells, row by row in file order, at most <paramref name="chunkRows"/> cells a chunk (a
    /// coarse cell's children may span several chunks); NaN and UNSEEN values and zero weights are skipped.
    /// </summary>
    public IEnumerable<(ReadOnlyMemory<HealpixCell> Cells, long RowsRead)> ReadCells(int chunkRows = 65536, CancellationToken cancellationToken = default)
    {
        using var table = new FitsBinTable(FitsReader.OpenRead(Path), Hdu, leaveOpen: false);
        var width = Math.Max(1, table.RowWidth);
        var chunkCells = Math.Clamp(chunkRows, 1, 1 << 20);
        var raw = new byte[Math.Clamp(chunkCells, 1, Math.Max(1, (1 << 24) / width)) * width];
        var cells = new HealpixCell[chunkCells];
        var one = new double[1];
        var count = 0;
        for (long first = 0; first < table.RowCount;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = table.ReadRawRows(first, raw);
            for (var r = 0; r < n; r++)
            {
                var rowNumber = first + r;
                var row = raw.AsSpan(r * width, width);
                var (order, ipix) = Decode(Uniq, row, Path, rowNumber);
                FitsBinTable.DecodeCell(Value, row, one);
                var v = one[0];
                var w = 1.0;
                if (Weight is not null)
                {
                    FitsBinTable.DecodeCell(Weight, row, one);
                    w = one[0];
                    CellWeights.Check(w, Path, rowNumber, Weight.Name);
                }

                if (double.IsNaN(v) || HealpixMap.IsUnseen(v) || w == 0)
                {
                    continue;
                }

                // In NESTED indexing a cell's descendants at a finer order are one contiguous run.
                var shift = 2 * (Order - order);
                for (long child = ipix << shift, end = (ipix + 1) << shift; child < end; child++)
                {
                    cells[count++] = new HealpixCell(child, v, w);
                    if (count == cells.Length)
                    {
                        yield return (cells.AsMemory(0, count), rowNumber);
                        count = 0;
                    }
                }
            }

            first += n;
            yield return (cells.AsMemory(0, count), first);
            count = 0;
        }
    }

    // A row's uniq as (order, nested index); a null, below-4 or beyond-order-29 value names the file and row.
    private static (int Order, long Ipix) Decode(FitsColumn uniq, ReadOnlySpan<byte> row, string path, long rowNumber)
    {
        var value = FitsBinTable.DecodeInteger(uniq, row)
            ?? throw new HealpixMapException($"{path}: row {rowNumber + 1}: uniq column '{uniq.Name}' is null.");
        if (value < 4)
        {
            throw new HealpixMapException($"{path}: row {rowNumber + 1}: {uniq.Name} = {value} is not a NUNIQ value (uniq = 4·4^order + ipix starts at 4).");
        }

        var (order, ipix) = Healpix.FromNuniq(value);
        if (order > Healpix.MaxOrder)
        {
            throw new HealpixMapException($"{path}: row {rowNumber + 1}: {uniq.Name} = {value} encodes order {order}; HEALPix orders end at {Healpix.MaxOrder}.");
        }

        return (order, ipix);
    }
}
