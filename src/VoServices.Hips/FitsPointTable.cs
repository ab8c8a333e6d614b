using VoServices.Fits;

namespace VoServices.Hips;

/// <summary>Point measurements in the first binary table of a FITS file: scalar numeric columns.</summary>
internal sealed class FitsPointTable : PointTable
{
    private readonly FitsBinTable _table;
    private readonly FitsColumn[] _columns;
    private readonly byte[] _raw;
    private readonly double[] _one = new double[1];
    private long _next;

    private FitsPointTable(string path, FitsBinTable table, FitsColumn[] columns)
        : base(path)
    {
        _table = table;
        _columns = columns;
        _raw = new byte[Math.Max(1, table.RowWidth) * 4096];
    }

    public override long RowCount => _table.RowCount;

    public override string? Unit(int column) => _columns[column].Unit;

    public static new FitsPointTable Open(string path, IReadOnlyList<(string Name, string Option)> columns)
    {
        FitsHdu hdu;
        try
        {
            hdu = FitsReader.ReadHdus(path).FirstOrDefault(h => h.IsBinTable)
                ?? throw new HealpixMapException($"{path}: no binary table extension to read points from.");
        }
        catch (FitsFormatException e)
        {
            throw new HealpixMapException($"{path}: {e.Message}", e);
        }

        var where = $"{path} (HDU {hdu.Index + 1})";
        var table = FitsBinTable.Open(path, hdu);
        try
        {
            var found = Resolve(where, table.Columns.Select(c => c.Name).ToList(), columns).Select(i => table.Columns[i]).ToArray();
            foreach (var (column, (_, option)) in found.Zip(columns))
            {
                if (!column.IsNumeric || column.Repeat != 1)
                {
                    throw new HealpixMapException($"{where}: column '{column.Name}' ({option}) has TFORM {column.Format}; a point needs one number per row.");
                }
            }

            return new FitsPointTable(path, table, found);
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }

    public override int Read(Span<double> values, int maxRows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var width = Math.Max(1, _table.RowWidth);
        var rows = (int)Math.Min(Math.Min(maxRows, _raw.Length / width), _table.RowCount - _next);
        if (rows <= 0)
        {
            return 0;
        }

        var n = _table.ReadRawRows(_next, _raw.AsSpan(0, rows * width));
        for (var r = 0; r < n; r++)
        {
            var row = _raw.AsSpan(r * width, width);
            for (var c = 0; c < _columns.Length; c++)
            {
                FitsBinTable.DecodeCell(_columns[c], row, _one);
                values[(r * _columns.Length) + c] = _one[0];
            }
        }

        _next += n;
        return n;
    }

    public override void Dispose() => _table.Dispose();
}
