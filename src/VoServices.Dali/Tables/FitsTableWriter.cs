using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using VoServices.Fits;

using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>
/// A FITS file with an empty primary HDU and one BINTABLE. FITS needs the row count and column
/// widths before the data, so rows are first spooled to a temporary file (deleted on dispose) and
/// converted when the table ends: memory stays flat, disk holds one copy of the result.
/// Nulls: NaN for reals, TNULLn for integers, blanks for strings, 0 for logicals. Variable-length
/// strings and arrays get the widest value's width.
/// </summary>
public sealed class FitsTableWriter : ITableWriter
{
    private const int Block = 2880;
    private readonly Utf8Output _out;
    private readonly string _spoolDirectory;
    private FileStream? _spoolFile;
    private BinaryWriter? _spool;
    private VotableField[] _fields = [];
    private int[] _maxCounts = [];
    private long _rows;
    private TableDescription? _table;

    public FitsTableWriter(PipeWriter output, string? spoolDirectory = null)
    {
        _out = new Utf8Output(output);
        _spoolDirectory = spoolDirectory ?? Path.GetTempPath();
    }

    public ValueTask BeginAsync(TableDescription table, TableEndStatus leadingStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _fields = table.Fields.ToArray();
        _maxCounts = new int[_fields.Length];
        Directory.CreateDirectory(_spoolDirectory);
        _spoolFile = new FileStream(Path.Combine(_spoolDirectory, $"fits-spool-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _spool = new BinaryWriter(_spoolFile, Encoding.UTF8, leaveOpen: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteRowAsync(RowBuffer row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var w = _spool ?? throw new InvalidOperationException("BeginAsync first");
        for (var i = 0; i < _fields.Length; i++)
        {
            var isNull = row.IsNull(i);
            w.Write(isNull);
            if (isNull)
            {
                continue;
            }

            switch (_fields[i].Kind)
            {
                case CellKind.Boolean or CellKind.Integer:
                    w.Write(row.GetLong(i));
                    break;
                case CellKind.Real:
                    w.Write(row.GetDouble(i));
                    break;
                case CellKind.Text:
                    var bytes = Encoding.UTF8.GetBytes(row.GetString(i));
                    w.Write(bytes.Length);
                    w.Write(bytes);
                    _maxCounts[i] = Math.Max(_maxCounts[i], bytes.Length);
                    break;
                case CellKind.NumericArray:
                    var values = row.GetArray(i);
                    w.Write(values.Length);
                    foreach (var v in values)
                    {
                        w.Write(v);
                    }

                    _maxCounts[i] = Math.Max(_maxCounts[i], values.Length);
                    break;
            }
        }

        _rows++;
        return ValueTask.CompletedTask;
    }

    public async ValueTask EndAsync(TableEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (_spool is null || _spoolFile is null || _table is null)
        {
            throw new InvalidOperationException("BeginAsync first");
        }

        _spool.Flush();
        var columns = _fields.Select((f, i) => Layout.For(f, _maxCounts[i])).ToArray();
        var rowWidth = columns.Sum(c => c.Width);

        var primary = new FitsHeaderBuilder()
            .Set("SIMPLE", true, "conforms to FITS standard")
            .Set("BITPIX", 8L)
            .Set("NAXIS", 0L)
            .Set("EXTEND", true);
        WriteHeader(primary);

        var header = new FitsHeaderBuilder()
            .Set("XTENSION", "BINTABLE", "binary table extension")
            .Set("BITPIX", 8L)
            .Set("NAXIS", 2L)
            .Set("NAXIS1", (long)rowWidth, "bytes per row")
            .Set("NAXIS2", _rows, "number of rows")
            .Set("PCOUNT", 0L)
            .Set("GCOUNT", 1L)
            .Set("TFIELDS", (long)columns.Length);
        for (var i = 0; i < columns.Length; i++)
        {
            var n = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var f = _fields[i];
            header.Set("TTYPE" + n, f.Name);
            header.Set("TFORM" + n, columns[i].Form);
            if (columns[i].NullValue is { } tnull)
            {
                header.Set("TNULL" + n, tnull);
            }

            if (f.Unit is not null)
            {
                header.Set("TUNIT" + n, f.Unit);
            }

            if (f.Ucd is not null)
            {
                header.Set("TUCD" + n, f.Ucd);
            }

            if (f.Utype is not null)
            {
                header.Set("TUTYP" + n, f.Utype);
            }

            if (f.Xtype is not null)
            {
                header.Set("TXTYP" + n, f.Xtype);
            }
        }

        header.Set("EXTNAME", _table.Name);
        if (end.Status == TableEndStatus.Overflow)
        {
            header.AddComment("QUERY_STATUS OVERFLOW: the result was truncated at MAXREC rows");
        }
        else if (end.Status == TableEndStatus.Error)
        {
            header.AddComment("QUERY_STATUS ERROR: " + (end.Message ?? "the query failed"));
        }

        WriteHeader(header);
        await _out.FlushAsync(cancellationToken);

        _spoolFile.Position = 0;
        using var reader = new BinaryReader(_spoolFile, Encoding.UTF8, leaveOpen: true);
        var rowBytes = new byte[rowWidth];
        for (long r = 0; r < _rows; r++)
        {
            var offset = 0;
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Convert(reader, rowBytes.AsSpan(offset, columns[i].Width));
                offset += columns[i].Width;
            }

            _out.WriteBytes(rowBytes);
            await _out.MaybeFlushAsync(cancellationToken);
        }

        var padding = (int)((Block - (rowWidth * _rows % Block)) % Block);
        _out.GetSpan(padding)[..padding].Clear();
        _out.Advance(padding);
        await _out.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_spool is not null)
        {
            await _spool.DisposeAsync();
        }

        if (_spoolFile is not null)
        {
            await _spoolFile.DisposeAsync();
        }
    }

    private void WriteHeader(FitsHeaderBuilder builder)
    {
        var images = builder.Build().CardImages;
        var text = new StringBuilder(Block);
        foreach (var image in images)
        {
            text.Append(image.PadRight(80));
        }

        text.Append("END".PadRight(80));
        var length = (text.Length + Block - 1) / Block * Block;
        _out.Write(text.ToString().PadRight(length));
    }

    /// <summary>The FITS column for a field: its TFORM, width in bytes, null value and converter.</summary>
    private sealed record Layout(string Form, int Width, long? NullValue, char Code, int Count, CellKind Kind)
    {
        public static Layout For(VotableField field, int maxCount)
        {
            var kind = field.Kind;
            var fixedCount = CellKinds.FixedCount(field.Arraysize);
            var code = field.Datatype switch
            {
                "boolean" => 'L',
                "unsignedByte" => 'B',
                "short" => 'I',
                "int" => 'J',
                "long" => 'K',
                "float" => 'E',
                "double" => 'D',
                _ => 'A',
            };
            var count = kind switch
            {
                CellKind.Text => Math.Max(1, fixedCount ?? maxCount),
                CellKind.NumericArray => Math.Max(1, fixedCount ?? maxCount),
                _ => 1,
            };
            var size = code switch { 'I' => 2, 'J' or 'E' => 4, 'K' or 'D' => 8, _ => 1 };
            long? tnull = kind is CellKind.Integer or CellKind.NumericArray ? code switch
            {
                'B' => 255,
                'I' => short.MinValue,
                'J' => int.MinValue,
                'K' => long.MinValue,
                _ => null,
            } : null;
            var form = count.ToString(System.Globalization.CultureInfo.InvariantCulture) + code;
            return new Layout(form, count * size, tnull, code, count, kind);
        }

        public void Convert(BinaryReader reader, Span<byte> target)
        {
            var isNull = reader.ReadBoolean();
            target.Clear();
            switch (Kind)
            {
                case CellKind.Boolean:
                    target[0] = isNull ? (byte)0 : reader.ReadInt64() != 0 ? (byte)'T' : (byte)'F';
                    break;
                case CellKind.Integer:
                    WriteNumber(target, isNull ? NullValue ?? 0 : reader.ReadInt64(), isNull);
                    break;
                case CellKind.Real:
                    WriteNumber(target, isNull ? double.NaN : reader.ReadDouble(), isNull);
                    break;
                case CellKind.Text:
                    if (!isNull)
                    {
                        var bytes = reader.ReadBytes(reader.ReadInt32());
                        bytes.AsSpan(0, Math.Min(bytes.Length, Count)).CopyTo(target);
                    }

                    break;
                case CellKind.NumericArray:
                    var n = isNull ? 0 : reader.ReadInt32();
                    var size = Width / Count;
                    for (var k = 0; k < Count; k++)
                    {
                        var present = k < n;
                        var value = present ? reader.ReadDouble() : double.NaN;
                        WriteNumber(target.Slice(k * size, size), value, !present);
                    }

                    for (var k = Count; k < n; k++)
                    {
                        reader.ReadDouble();
                    }

                    break;
            }
        }

        private void WriteNumber(Span<byte> target, double value, bool isNull)
        {
            switch (Code)
            {
                case 'E': BinaryPrimitives.WriteSingleBigEndian(target, isNull ? float.NaN : (float)value); break;
                case 'D': BinaryPrimitives.WriteDoubleBigEndian(target, isNull ? double.NaN : value); break;
                default: WriteNumber(target, isNull ? NullValue ?? 0 : (long)value, isNull); break;
            }
        }

        private void WriteNumber(Span<byte> target, long value, bool isNull)
        {
            _ = isNull;
            switch (Code)
            {
                case 'B': target[0] = unchecked((byte)value); break;
                case 'I': BinaryPrimitives.WriteInt16BigEndian(target, unchecked((short)value)); break;
                case 'J': BinaryPrimitives.WriteInt32BigEndian(target, unchecked((int)value)); break;
                case 'K': BinaryPrimitives.WriteInt64BigEndian(target, value); break;
                case 'E': BinaryPrimitives.WriteSingleBigEndian(target, value); break;
                case 'D': BinaryPrimitives.WriteDoubleBigEndian(target, value); break;
            }
        }
    }
}
