using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VoServices.Fits;

/// <summary>
/// Reads a BINTABLE extension: its columns (TTYPE, TFORM, TUNIT, TDIM, TSCAL, TZERO, TNULL), whole
/// columns as doubles or strings, and single rows. Variable-length array columns (P, Q) are
/// described but refused when read. Not thread-safe; the stream must be seekable.
/// </summary>
public sealed partial class FitsBinTable : IDisposable
{
    private const int ChunkBytes = 1 << 20;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FitsColumn[] _columns;

    public FitsBinTable(Stream stream, FitsHdu hdu, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(hdu);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Table access needs a seekable stream.", nameof(stream));
        }

        if (!hdu.IsBinTable)
        {
            throw new ArgumentException($"HDU {hdu.Index + 1} is not a BINTABLE.", nameof(hdu));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        Hdu = hdu;
        var name = $"table HDU {hdu.Index + 1}" + (hdu.ExtName is { } e ? $" ({e})" : string.Empty);
        if (hdu.Bitpix != 8 || hdu.Axes.Length != 2)
        {
            throw new FitsFormatException($"The {name} must have BITPIX = 8 and NAXIS = 2.");
        }

        if (hdu.Axes[0] > int.MaxValue)
        {
            throw new FitsFormatException($"The {name} has rows of {hdu.Axes[0]} bytes, more than this reader handles.");
        }

        RowWidth = (int)hdu.Axes[0];
        RowCount = hdu.Axes[1];
        var h = hdu.Header;
        var fields = h.GetLong("TFIELDS") ?? throw new FitsFormatException($"The {name} lacks TFIELDS.");
        if (fields is < 0 or > 999)
        {
            throw new FitsFormatException($"The {name} has TFIELDS = {fields}; FITS allows 0 to 999.");
        }

        _columns = new FitsColumn[fields];
        var offset = 0L;
        for (var i = 0; i < fields; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var tform = h.GetString("TFORM" + n) ?? throw new FitsFormatException($"The {name} lacks TFORM{n}.");
            var m = TFormPattern().Match(tform);
            if (!m.Success)
            {
                throw new FitsFormatException($"The {name} has TFORM{n} = '{tform}', which is not a binary-table format.");
            }

            var repeat = 1;
            if (m.Groups[1].Value.Length > 0 && !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out repeat))
            {
                throw new FitsFormatException($"The {name} has TFORM{n} = '{tform}', whose repeat count is too large.");
            }

            var type = m.Groups[2].Value[0];
            long wide = type switch
            {
                'L' or 'B' or 'A' => repeat,
                'X' => (repeat + 7L) / 8,
                'I' => 2L * repeat,
                'J' or 'E' => 4L * repeat,
                'K' or 'D' or 'C' or 'P' => 8L * repeat,
                _ => 16L * repeat, // M, Q
            };
            if (offset + wide > RowWidth)
            {
                throw new FitsFormatException($"The {name}'s columns up to {n} need {offset + wide} bytes per row, but NAXIS1 = {RowWidth}.");
            }

            var width = (int)wide;
            var dim = h.GetString("TDIM" + n) is { } tdim ? ParseDim(tdim, name, n) : null;
            _columns[i] = new FitsColumn(
                i,
                h.GetString("TTYPE" + n) ?? string.Empty,
                tform,
                type,
                repeat,
                h.GetString("TUNIT" + n),
                dim,
                h.GetDouble("TSCAL" + n) ?? 1.0,
                h.GetDouble("TZERO" + n) ?? 0.0,
                type is 'B' or 'I' or 'J' or 'K' ? h.GetLong("TNULL" + n) : null,
                (int)offset,
                width);
            offset += width;
        }

    }

    /// <summary>The table HDU.</summary>
    public FitsHdu Hdu { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<FitsColumn> Columns => _columns;

    /// <summary>NAXIS2.</summary>
    public long RowCount { get; }

    /// <summary>NAXIS1: bytes per row.</summary>
    public int RowWidth { get; }

    /// <summary>Opens the file at <paramref name="path"/> and reads table <paramref name="hdu"/>; disposing closes the file.</summary>
    public static FitsBinTable Open(string path, FitsHdu hdu)
    {
        var stream = FitsReader.OpenRead(path);
        try
        {
            return new FitsBinTable(stream, hdu, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The column named <paramref name="name"/> (case-insensitive), or null.</summary>
    public FitsColumn? FindColumn(string name) =>
        _columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The column named <paramref name="name"/> (case-insensitive); <see cref="FitsFormatException"/> when absent.</summary>
    public FitsColumn Column(string name) =>
        FindColumn(name) ?? throw new FitsFormatException($"Table {Hdu.ExtName ?? (Hdu.Index + 1).ToString(CultureInfo.InvariantCulture)} has no column '{name}'.");

    /// <summary>
    /// A numeric column (B, I, J, K, E, D; TSCAL/TZERO applied, TNULL → NaN) as doubles,
    /// RowCount × Repeat values, row by row.
    /// </summary>
    public double[] ReadDoubles(FitsColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        CheckReadable(column);
        if (!column.IsNumeric)
        {
            throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not numeric.");
        }

        var result = new double[CheckedLength(RowCount * column.Repeat)];
        ForEachRow((row, bytes) => DecodeNumbers(column, bytes.Slice(column.Offset, column.Width), result.AsSpan((int)(row * column.Repeat), column.Repeat)));
        return result;
    }

    /// <summary>A character (A) column as strings, trailing blanks and NULs removed.</summary>
    public string[] ReadStrings(FitsColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        CheckReadable(column);
        if (column.Type != 'A')
        {
            throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not a character column.");
        }

        var result = new string[CheckedLength(RowCount)];
        ForEachRow((row, bytes) => result[row] = DecodeString(bytes.Slice(column.Offset, column.Width)));
        return result;
    }

    /// <summary>Row <paramref name="row"/> (0-based) for per-cell access.</summary>
    public FitsTableRow ReadRow(long row)
    {
        if (row < 0 || row >= RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside 0..{RowCount - 1}.");
        }

        var bytes = new byte[RowWidth];
        _stream.Seek(Hdu.DataOffset + (row * RowWidth), SeekOrigin.Begin);
        if (_stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
        {
            throw new FitsFormatException($"The data of HDU {Hdu.Index + 1} end early: the file is shorter than its header declares.");
        }

        return new FitsTableRow(this, bytes);
    }

    /// <summary>
    /// Reads whole rows from <paramref name="firstRow"/> into <paramref name="destination"/> (as many as fit,
    /// at most to the end of the table), for callers that stream large tables; returns the rows read.
    /// Decode cells with <see cref="DecodeCell"/>.
    /// </summary>
    public int ReadRawRows(long firstRow, Span<byte> destination)
    {
        if (firstRow < 0 || firstRow > RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"Row {firstRow} is outside 0..{RowCount}.");
        }

        var n = (int)Math.Min(RowCount - firstRow, destination.Length / Math.Max(1, RowWidth));
        if (n == 0 || RowWidth == 0)
        {
            return n;
        }

        var bytes = destination[..(n * RowWidth)];
        _stream.Seek(Hdu.DataOffset + (firstRow * RowWidth), SeekOrigin.Begin);
        if (_stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
        {
            throw new FitsFormatException($"The data of HDU {Hdu.Index + 1} end early: the file is shorter than its header declares.");
        }

        return n;
    }

    /// <summary>
    /// The <see cref="FitsColumn.Repeat"/> values of numeric <paramref name="column"/> in one raw
    /// <paramref name="row"/> (TSCAL/TZERO applied, TNULL → NaN).
    /// </summary>
    public static void DecodeCell(FitsColumn column, ReadOnlySpan<byte> row, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(column);
        CheckReadable(column);
        if (!column.IsNumeric)
        {
            throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not numeric.");
        }

        DecodeNumbers(column, row.Slice(column.Offset, column.Width), values);
    }

    /// <summary>
    /// The first element of integer column <paramref name="column"/> (B, I, J, K) in one raw row, exactly
    /// (a double would round 64-bit values above 2^53); null for TNULL.
    /// </summary>
    public static long? DecodeInteger(FitsColumn column, ReadOnlySpan<byte> row)
    {
        ArgumentNullException.ThrowIfNull(column);
        var cell = row.Slice(column.Offset, column.Width);
        long raw = column.Type switch
        {
            'B' => cell[0],
            'I' => BinaryPrimitives.ReadInt16BigEndian(cell),
            'J' => BinaryPrimitives.ReadInt32BigEndian(cell),
            'K' => BinaryPrimitives.ReadInt64BigEndian(cell),
            _ => throw new FitsFormatException($"Column '{column.Name}' has TFORM {column.Format}, which is not an integer column."),
        };
        if (raw == column.Null)
        {
            return null;
        }

        if (column.Scale != 1.0 || column.Zero != Math.Floor(column.Zero) || Math.Abs(column.Zero) > (1L << 62))
        {
            throw new FitsFormatException($"Column '{column.Name}' has TSCAL/TZERO that do not keep its values integers.");
        }

        return checked(raw + (long)column.Zero);
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    internal static void CheckReadable(FitsColumn column)
    {
        if (column.IsVariableLength)
        {
            throw new FitsFormatException($"Column '{column.Name}' is a variable-length array (TFORM {column.Format}); such columns are not supported.");
        }
    }

    internal static void DecodeNumbers(FitsColumn c, ReadOnlySpan<byte> cell, Span<double> values)
    {
        var nul = c.Null;
        for (var k = 0; k < c.Repeat; k++)
        {
            double v;
            switch (c.Type)
            {
                case 'B':
                    {
                        var r = cell[k];
                        v = nul == r ? double.NaN : r;
                        break;
                    }

                case 'I':
                    {
                        var r = BinaryPrimitives.ReadInt16BigEndian(cell[(k * 2)..]);
                        v = nul == r ? double.NaN : r;
                        break;
                    }

                case 'J':
                    {
                        var r = BinaryPrimitives.ReadInt32BigEndian(cell[(k * 4)..]);
                        v = nul == r ? double.NaN : r;
                        break;
                    }

                case 'K':
                    {
                        var r = BinaryPrimitives.ReadInt64BigEndian(cell[(k * 8)..]);
                        v = nul == r ? double.NaN : r;
                        break;
                    }

                case 'E':
                    v = BinaryPrimitives.ReadSingleBigEndian(cell[(k * 4)..]);
                    break;
                case 'D':
                    v = BinaryPrimitives.ReadDoubleBigEndian(cell[(k * 8)..]);
                    break;
                default:
                    throw new FitsFormatException($"Column '{c.Name}' has TFORM {c.Format}, which is not numeric.");
            }

            values[k] = c.Zero + (c.Scale * v);
        }
    }

    internal static string DecodeString(ReadOnlySpan<byte> cell)
    {
        var end = cell.IndexOf((byte)0);
        if (end >= 0)
        {
            cell = cell[..end];
        }

        return Encoding.Latin1.GetString(cell).TrimEnd(' ');
    }

    private void ForEachRow(Action<long, ReadOnlySpan<byte>> action)
    {
        if (RowCount == 0 || RowWidth == 0)
        {
            return;
        }

        var rowsPerChunk = (int)Math.Max(1, Math.Min(RowCount, ChunkBytes / Math.Max(1, RowWidth)));
        var buffer = ArrayPool<byte>.Shared.Rent(rowsPerChunk * RowWidth);
        try
        {
            _stream.Seek(Hdu.DataOffset, SeekOrigin.Begin);
            for (long first = 0; first < RowCount; first += rowsPerChunk)
            {
                var n = (int)Math.Min(rowsPerChunk, RowCount - first);
                var bytes = buffer.AsSpan(0, n * RowWidth);
                if (_stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                {
                    throw new FitsFormatException($"The data of HDU {Hdu.Index + 1} end early: the file is shorter than its header declares.");
                }

                for (var r = 0; r < n; r++)
                {
                    action(first + r, bytes.Slice(r * RowWidth, RowWidth));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long[] ParseDim(string tdim, string name, string n)
    {
        var t = tdim.Trim();
        if (t.Length < 2 || t[0] != '(' || t[^1] != ')')
        {
            throw new FitsFormatException($"The {name} has TDIM{n} = '{tdim}', which is not of the form (n1,n2,...).");
        }

        try
        {
            return t[1..^1].Split(',').Select(s => long.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new FitsFormatException($"The {name} has TDIM{n} = '{tdim}', which is not of the form (n1,n2,...).");
        }
        catch (OverflowException)
        {
            throw new FitsFormatException($"The {name} has TDIM{n} = '{tdim}', whose sizes are too large.");
        }
    }

    private static int CheckedLength(long n) =>
        n <= Array.MaxLength ? (int)n : throw new InvalidOperationException($"{n} values do not fit one array.");

    [GeneratedRegex(@"^\s*(\d*)\s*([LXBIJKAEDCMPQ])", RegexOptions.CultureInvariant)]
    private static partial Regex TFormPattern();
}
