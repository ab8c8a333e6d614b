using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace VoServices.Fits;

/// <summary>
/// Writes a FITS file HDU by HDU to a stream: the first HDU is the primary, later ones are
/// extensions. Images come from typed spans (big-endian on disk), tables from
/// <see cref="FitsTableColumn"/>s; <see cref="BeginImage"/> streams large data in chunks (SODA
/// cutouts). Headers get the structural keywords from the writer and the rest from a
/// <see cref="FitsHeaderBuilder"/>; every header and data unit is padded to 2880 bytes.
/// </summary>
public sealed class FitsWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private FitsImageDataWriter? _open;

    public FitsWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Number of HDUs begun so far.</summary>
    public int HduCount { get; private set; }

    /// <summary>Writes a primary HDU without data (NAXIS = 0, EXTEND = T), e.g. before table extensions.</summary>
    public void WriteEmptyPrimary(FitsHeaderBuilder? extra = null)
    {
        if (HduCount != 0)
        {
            throw new InvalidOperationException("The primary HDU has already been written.");
        }

        WriteHeader(ImageHeader(8, [], extra));
    }

    /// <summary>Writes an image HDU (primary if first) from <paramref name="data"/>, NAXIS1 varying fastest.</summary>
    public void WriteImage<T>(ReadOnlySpan<long> axes, ReadOnlySpan<T> data, FitsHeaderBuilder? extra = null)
        where T : unmanaged
    {
        using var writer = BeginImage(BitpixOf<T>(), axes, extra);
        writer.Write(data);
        writer.Complete();
    }

    /// <summary>Asynchronous <see cref="WriteImage{T}"/> (for streams that refuse synchronous writes, e.g. HTTP responses).</summary>
    public async Task WriteImageAsync<T>(long[] axes, ReadOnlyMemory<T> data, FitsHeaderBuilder? extra, CancellationToken cancellationToken)
        where T : unmanaged
    {
        await using var writer = await BeginImageAsync(BitpixOf<T>(), axes, extra, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes an image header and returns a writer for its data, to be given exactly
    /// NAXIS1 × … × NAXISn values (in chunks) and then completed.
    /// </summary>
    public FitsImageDataWriter BeginImage(int bitpix, ReadOnlySpan<long> axes, FitsHeaderBuilder? extra = null)
    {
        var header = ImageHeader(bitpix, axes, extra);
        WriteHeader(header);
        return Open(bitpix, axes);
    }

    /// <summary>Asynchronous <see cref="BeginImage"/>.</summary>
    public async Task<FitsImageDataWriter> BeginImageAsync(int bitpix, long[] axes, FitsHeaderBuilder? extra, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var header = ImageHeader(bitpix, axes, extra);
        EnsureNoneOpen();
        await _stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        HduCount++;
        return Open(bitpix, axes);
    }

    /// <summary>Writes a BINTABLE extension (after a primary HDU) with one row per value set of the columns.</summary>
    public void WriteBinTable(IReadOnlyList<FitsTableColumn> columns, FitsHeaderBuilder? extra = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (HduCount == 0)
        {
            throw new InvalidOperationException("A binary table is an extension: write the primary HDU first.");
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        var rows = columns[0].RowCount;
        if (columns.Any(c => c.RowCount != rows))
        {
            throw new ArgumentException("All columns must have the same number of rows.", nameof(columns));
        }

        var rowWidth = columns.Sum(c => c.Width);
        var b = new StructuralCards();
        b.Add("XTENSION", "'BINTABLE'", "binary table extension");
        b.Add("BITPIX", "8", "array data type");
        b.Add("NAXIS", "2", "number of array dimensions");
        b.Add("NAXIS1", Inv(rowWidth), "length of a row in bytes");
        b.Add("NAXIS2", Inv(rows), "number of rows");
        b.Add("PCOUNT", "0", "size of the heap");
        b.Add("GCOUNT", "1", "one data group");
        b.Add("TFIELDS", Inv(columns.Count), "number of columns");
        var colCards = new FitsHeaderBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var n = Inv(i + 1);
            colCards.Set("TTYPE" + n, columns[i].Name);
            colCards.Set("TFORM" + n, columns[i].Format);
            if (columns[i].Unit is { } unit)
            {
                colCards.Set("TUNIT" + n, unit);
            }

            if (columns[i].Dim is { } dim)
            {
                colCards.Set("TDIM" + n, dim);
            }
        }

        EnsureNoneOpen();
        _stream.Write(b.Finish(colCards.CardImages().Concat(CheckedExtra(extra))));
        HduCount++;

        var total = rowWidth * rows;
        var rowBuffer = new byte[rowWidth];
        for (var r = 0; r < rows; r++)
        {
            var offset = 0;
            foreach (var c in columns)
            {
                EncodeCell(c, r, rowBuffer.AsSpan(offset, c.Width));
                offset += c.Width;
            }

            _stream.Write(rowBuffer);
        }

        WritePadding(_stream, total);
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>BITPIX for an element type: byte 8, short 16, int 32, long 64, float -32, double -64.</summary>
    public static int BitpixOf<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return 8;
        }

        if (typeof(T) == typeof(short))
        {
            return 16;
        }

        if (typeof(T) == typeof(int))
        {
            return 32;
        }

        if (typeof(T) == typeof(long))
        {
            return 64;
        }

        if (typeof(T) == typeof(float))
        {
            return -32;
        }

        if (typeof(T) == typeof(double))
        {
            return -64;
        }

        throw new NotSupportedException($"FITS images hold byte, short, int, long, float or double, not {typeof(T).Name}.");
    }

    internal static void WritePadding(Stream stream, long written, byte fill = 0)
    {
        var rem = (int)(written % FitsConstants.BlockSize);
        if (rem != 0)
        {
            Span<byte> pad = stackalloc byte[FitsConstants.BlockSize - rem];
            pad.Fill(fill);
            stream.Write(pad);
        }
    }

    internal static ReadOnlyMemory<byte> Padding(long written)
    {
        var rem = (int)(written % FitsConstants.BlockSize);
        return rem == 0 ? ReadOnlyMemory<byte>.Empty : new byte[FitsConstants.BlockSize - rem];
    }

    internal void Closed(FitsImageDataWriter writer)
    {
        if (ReferenceEquals(_open, writer))
        {
            _open = null;
        }
    }

    private FitsImageDataWriter Open(int bitpix, ReadOnlySpan<long> axes)
    {
        long count = axes.Length == 0 ? 0 : 1;
        foreach (var a in axes)
        {
            count = checked(count * a);
        }

        _open = new FitsImageDataWriter(this, _stream, bitpix, count);
        return _open;
    }

    private void EnsureNoneOpen()
    {
        if (_open is not null)
        {
            throw new InvalidOperationException("Complete the data of the previous HDU before starting another.");
        }
    }

    private void WriteHeader(byte[] header)
    {
        EnsureNoneOpen();
        _stream.Write(header);
        HduCount++;
    }

    private byte[] ImageHeader(int bitpix, ReadOnlySpan<long> axes, FitsHeaderBuilder? extra)
    {
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64))
        {
            throw new ArgumentOutOfRangeException(nameof(bitpix), bitpix, "BITPIX is 8, 16, 32, 64, -32 or -64.");
        }

        if (axes.Length > 999)
        {
            throw new ArgumentException("FITS allows at most 999 axes.", nameof(axes));
        }

        var b = new StructuralCards();
        var primary = HduCount == 0;
        if (primary)
        {
            b.Add("SIMPLE", "T", "conforms to FITS standard");
        }
        else
        {
            b.Add("XTENSION", "'IMAGE   '", "image extension");
        }

        b.Add("BITPIX", Inv(bitpix), "array data type");
        b.Add("NAXIS", Inv(axes.Length), "number of array dimensions");
        for (var i = 0; i < axes.Length; i++)
        {
            if (axes[i] < 0)
            {
                throw new ArgumentException("Axis lengths cannot be negative.", nameof(axes));
            }

            b.Add("NAXIS" + Inv(i + 1), Inv(axes[i]), null);
        }

        if (primary)
        {
            b.Add("EXTEND", "T", "extensions may follow");
        }
        else
        {
            b.Add("PCOUNT", "0", "number of parameters");
            b.Add("GCOUNT", "1", "number of groups");
        }

        return b.Finish(CheckedExtra(extra));
    }

    private static IEnumerable<string> CheckedExtra(FitsHeaderBuilder? extra)
    {
        if (extra is null)
        {
            return [];
        }

        var images = extra.CardImages().ToList();
        foreach (var card in extra.Build().Cards)
        {
            if (!card.IsCommentary && card.Keyword != "CONTINUE" && FitsHeaderBuilder.IsStructural(card.Keyword))
            {
                throw new ArgumentException($"{card.Keyword} is written by FitsWriter itself; leave it out of the extra header cards.", nameof(extra));
            }
        }

        return images;
    }

    private static void EncodeCell(FitsTableColumn c, int row, Span<byte> cell)
    {
        var first = row * c.Repeat;
        switch (c.Values)
        {
            case bool[] v:
                for (var k = 0; k < c.Repeat; k++)
                {
                    cell[k] = v[first + k] ? (byte)'T' : (byte)'F';
                }

                break;
            case byte[] v:
                v.AsSpan(first, c.Repeat).CopyTo(cell);
                break;
            case short[] v:
                BinaryPrimitives.ReverseEndianness(v.AsSpan(first, c.Repeat), MemoryMarshal.Cast<byte, short>(cell));
                break;
            case int[] v:
                BinaryPrimitives.ReverseEndianness(v.AsSpan(first, c.Repeat), MemoryMarshal.Cast<byte, int>(cell));
                break;
            case long[] v:
                BinaryPrimitives.ReverseEndianness(v.AsSpan(first, c.Repeat), MemoryMarshal.Cast<byte, long>(cell));
                break;
            case float[] v:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(v.AsSpan(first, c.Repeat)), MemoryMarshal.Cast<byte, int>(cell));
                break;
            case double[] v:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<double, long>(v.AsSpan(first, c.Repeat)), MemoryMarshal.Cast<byte, long>(cell));
                break;
            case string[] v:
                cell.Fill((byte)' ');
                Encoding.ASCII.GetBytes(v[row], cell);
                break;
            default:
                throw new InvalidOperationException("Unexpected column storage.");
        }
    }

    private static string Inv(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Structural cards in their mandatory order, then the rest, then END, padded.</summary>
    private sealed class StructuralCards
    {
        private readonly StringBuilder _sb = new();

        public void Add(string key, string value, string? comment)
        {
            var card = key.PadRight(8) + "= " + value.PadLeft(20);
            if (comment is not null)
            {
                card += " / " + comment;
            }

            _sb.Append(card.PadRight(FitsConstants.CardSize));
        }

        public byte[] Finish(IEnumerable<string> rest)
        {
            foreach (var image in rest)
            {
                _sb.Append(image);
            }

            _sb.Append("END".PadRight(FitsConstants.CardSize));
            var len = (_sb.Length + FitsConstants.BlockSize - 1) / FitsConstants.BlockSize * FitsConstants.BlockSize;
            _sb.Append(' ', len - _sb.Length);
            return Encoding.ASCII.GetBytes(_sb.ToString());
        }
    }
}
