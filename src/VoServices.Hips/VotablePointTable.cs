using VoServices.Dali.Votable;

namespace VoServices.Hips;

/// <summary>Point measurements in the first TABLE of a VOTable, through the service's own VOTable reader.</summary>
internal sealed class VotablePointTable : PointTable
{
    private readonly Stream _stream;
    private readonly VotableTableReader _reader;
    private readonly int[] _columns;
    private readonly IEnumerator<object?[]> _rows;
    private long _row;

    private VotablePointTable(string path, Stream stream, VotableTableReader reader, int[] columns)
        : base(path)
    {
        _stream = stream;
        _reader = reader;
        _columns = columns;
        _rows = reader.ReadRows().GetEnumerator();
    }

    public override long RowCount => 0;

    public override string? Unit(int column) => _reader.Fields[_columns[column]].Unit;

    public static new VotablePointTable Open(string path, IReadOnlyList<(string Name, string Option)> columns)
    {
        var stream = File.OpenRead(path);
        try
        {
            var reader = VotableTableReader.Open(stream);
            try
            {
                return new VotablePointTable(path, stream, reader, Resolve(path, reader.Fields.Select(f => f.Name).ToList(), columns));
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        catch (VotableFormatException e)
        {
            stream.Dispose();
            throw new HealpixMapException($"{path}: {e.Message}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public override int Read(Span<double> values, int maxRows, CancellationToken cancellationToken)
    {
        var n = 0;
        try
        {
            while (n < maxRows && _rows.MoveNext())
            {
                _row++;
                for (var c = 0; c < _columns.Length; c++)
                {
                    var field = _reader.Fields[_columns[c]];
                    values[(n * _columns.Length) + c] = _rows.Current[_columns[c]] switch
                    {
                        null => double.NaN,
                        double d => d,
                        long l => l,
                        var other => throw new HealpixMapException($"{Path}: row {_row}: column '{field.Name}' holds {other}, not a number (datatype {field.Datatype}).")
                    };
                }

                n++;
            }
        }
        catch (VotableFormatException e)
        {
            throw new HealpixMapException($"{Path}: after row {_row}: {e.Message}", e);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return n;
    }

    public override void Dispose()
    {
        _rows.Dispose();
        _reader.Dispose();
        _stream.Dispose();
    }
}
