using System.Runtime.InteropServices;
using System.Buffers;
using System.Buffers.Binary;

namespace VoServices.Fits;

/// <summary>
/// Reads the pixels of an image HDU as physical values: BZERO + BSCALE × stored value, with
/// integer pixels equal to BLANK (and NaN floats) returned as NaN. Every BITPIX (8, 16, 32, 64,
/// -32, -64), big-endian as stored. Reads only what is asked for; <see cref="ReadPixels(long, Span{double})"/>
/// streams arbitrarily large data in chunks.
/// </summary>
/// <remarks>Not thread-safe (it moves the stream's position). The stream must be seekable.</remarks>
public sealed class FitsImage : IDisposable
{
    private const int ChunkBytes = 1 << 16;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _size;

    /// <summary>Reads the image <paramref name="hdu"/> from <paramref name="stream"/> (positioned as when the HDUs were read).</summary>
    public FitsImage(Stream stream, FitsHdu hdu, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(hdu);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Image access needs a seekable stream.", nameof(stream));
        }

        if (hdu.IsBinTable || hdu.XTension is not (null or "IMAGE"))
        {
            throw new ArgumentException($"HDU {hdu.Index + 1} is a {hdu.XTension}, not an image.", nameof(hdu));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        Hdu = hdu;
        _size = Math.Abs(hdu.Bitpix) / 8;
        Bscale = hdu.Header.GetDouble("BSCALE") ?? 1.0;
        Bzero = hdu.Header.GetDouble("BZERO") ?? 0.0;
        Blank = hdu.Bitpix > 0 ? hdu.Header.GetLong("BLANK") : null;
        ElementCount = hdu.ElementCount;
    }

    /// <summary>The HDU read.</summary>
    public FitsHdu Hdu { get; }

    /// <summary>BSCALE (1 when absent).</summary>
    public double Bscale { get; }

    /// <summary>BZERO (0 when absent).</summary>
    public double Bzero { get; }

    /// <summary>BLANK for integer images, or null (ignored for floating-point images).</summary>
    public long? Blank { get; }

    /// <summary>NAXIS1 × … × NAXISn.</summary>
    public long ElementCount { get; }

    /// <summary>Opens the file at <paramref name="path"/> and reads image <paramref name="hdu"/> from it; disposing closes the file.</summary>
    public static FitsImage Open(string path, FitsHdu hdu) => new(FitsReader.OpenRead(path), hdu, leaveOpen: false);

    /// <summary>
    /// True when at least one pixel is finite. Stops at the first finite value, so it reads little
    /// of a good cube and all of an all-NaN one; integer images without BLANK need no reading.
    /// </summary>
    public bool HasFiniteValue(CancellationToken cancellationToken = default)
    {
        if (ElementCount == 0)
        {
            return false;
        }

        if (Hdu.Bitpix > 0 && Blank is null)
        {
            return true;
        }

        var values = ArrayPool<double>.Shared.Rent(ChunkBytes / _size);
        try
        {
            for (long first = 0; first < ElementCount; first += values.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = (int)Math.Min(values.Length, ElementCount - first);
                var span = values.AsSpan(0, n);
                ReadPixels(first, span);
                foreach (var v in span)
                {
                    if (double.IsFinite(v))
                    {
                        return true;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
        }

        return false;
    }

    /// <summary>All pixels as doubles, NAXIS1 varying fastest. For small images (at most Array.MaxLength elements).</summary>
    public double[] ReadAll()
    {
        var result = new double[CheckedLength(ElementCount)];
        ReadPixels(0, result);
        return result;
    }

    /// <summary>All pixels as floats, NAXIS1 varying fastest.</summary>
    public float[] ReadAllSingle()
    {
        var result = new float[CheckedLength(ElementCount)];
        ReadPixels(0, result);
        return result;
    }

    /// <summary>
    /// One 2-D plane (NAXIS1 × NAXIS2 values, NAXIS1 fastest) at the given 0-based indexes of axes
    /// 3, 4, …; omitted trailing indexes are 0. A 1-D image returns its whole row.
    /// </summary>
    public double[] ReadPlane(params long[] higherIndexes)
    {
        ArgumentNullException.ThrowIfNull(higherIndexes);
        var axes = Hdu.Axes;
        var planeAxes = Math.Min(2, axes.Length);
        if (higherIndexes.Length > axes.Length - planeAxes)
        {
            throw new ArgumentException($"The image has {axes.Length} axes: at most {axes.Length - planeAxes} plane indexes.", nameof(higherIndexes));
        }

        long planeSize = 1;
        for (var i = 0; i < planeAxes; i++)
        {
            planeSize *= axes[i];
        }

        long first = 0;
        long stride = planeSize;
        for (var k = planeAxes; k < axes.Length; k++)
        {
            var index = k - planeAxes < higherIndexes.Length ? higherIndexes[k - planeAxes] : 0;
            if (index < 0 || index >= axes[k])
            {
                throw new ArgumentOutOfRangeException(nameof(higherIndexes), $"Index {index} of axis {k + 1} is outside 0..{axes[k] - 1}.");
            }

            first += index * stride;
            stride *= axes[k];
        }

        var result = new double[CheckedLength(planeSize)];
        ReadPixels(first, result);
        return result;
    }

    /// <summary>Reads <c>destination.Length</c> pixels starting at 0-based linear index <paramref name="first"/>.</summary>
    public void ReadPixels(long first, Span<double> destination) => Read(first, destination.Length, destination, default);

    /// <summary>Reads <c>destination.Length</c> pixels as floats starting at 0-based linear index <paramref name="first"/>.</summary>
    public void ReadPixels(long first, Span<float> destination) => Read(first, destination.Length, default, destination);

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void Read(long first, int count, Span<double> doubles, Span<float> floats)
    {
        if (first < 0 || first + count > ElementCount)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Pixels {first}..{first + count - 1} are outside the image's {ElementCount}.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            _stream.Seek(Hdu.DataOffset + (first * _size), SeekOrigin.Begin);
            var perChunk = ChunkBytes / _size;
            for (var done = 0; done < count; done += perChunk)
            {
                var n = Math.Min(perChunk, count - done);
                var bytes = buffer.AsSpan(0, n * _size);
                var got = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                if (got < bytes.Length)
                {
                    throw new FitsFormatException($"The data of HDU {Hdu.Index + 1} end early: the file is shorter than its header declares.");
                }

                if (!doubles.IsEmpty)
                {
                    Convert(bytes, doubles.Slice(done, n));
                }
                else
                {
                    var tmp = ArrayPool<double>.Shared.Rent(n);
                    try
                    {
                        Convert(bytes, tmp.AsSpan(0, n));
                        var f = floats.Slice(done, n);
                        for (var i = 0; i < n; i++)
                        {
                            f[i] = (float)tmp[i];
                        }
                    }
                    finally
                    {
                        ArrayPool<double>.Shared.Return(tmp);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The size in bytes of one pixel of the data.</summary>
    public int PixelBytes => _size;

    /// <summary>
    /// Decodes raw big-endian pixels (as read from the file at <see cref="FitsHdu.DataOffset"/> + i × <see cref="PixelBytes"/>)
    /// into physical values: BSCALE/BZERO applied, BLANK → NaN. For callers that read the bytes themselves (positioned
    /// reads from several threads).
    /// </summary>
    public void Decode(ReadOnlySpan<byte> raw, Span<double> values)
    {
        if (raw.Length < values.Length * _size)
        {
            throw new ArgumentException($"{values.Length} pixels need {values.Length * _size} bytes, not {raw.Length}.", nameof(raw));
        }

        Convert(raw, values);
    }

    private void Convert(ReadOnlySpan<byte> raw, Span<double> values)
    {
        var scale = Bscale;
        var zero = Bzero;
        var hasBlank = Blank.HasValue;
        var blank = Blank ?? 0;
        // The common cubes, float and scaled int16, eight or sixteen pixels at a time where AVX2 is there: byte swap,
        // widening and scaling in registers, one pass over the bytes (the scalar loops below finish the tail).
        var done = Hdu.Bitpix switch
        {
            -32 => FitsDecoding.Float32(raw, values, scale, zero),
            16 => FitsDecoding.Int16(raw, values, scale, zero, hasBlank ? blank : null),
            _ => 0,
        };
        raw = raw[(done * _size)..];
        values = values[done..];

        switch (Hdu.Bitpix)
        {
            case 8:
                for (var i = 0; i < values.Length; i++)
                {
                    var r = raw[i];
                    values[i] = hasBlank && r == blank ? double.NaN : zero + (scale * r);
                }

                break;
            case 16:
                for (var i = 0; i < values.Length; i++)
                {
                    var r = BinaryPrimitives.ReadInt16BigEndian(raw[(i * 2)..]);
                    values[i] = hasBlank && r == blank ? double.NaN : zero + (scale * r);
                }

                break;
            case 32:
                for (var i = 0; i < values.Length; i++)
                {
                    var r = BinaryPrimitives.ReadInt32BigEndian(raw[(i * 4)..]);
                    values[i] = hasBlank && r == blank ? double.NaN : zero + (scale * r);
                }

                break;
            case 64:
                for (var i = 0; i < values.Length; i++)
                {
                    var r = BinaryPrimitives.ReadInt64BigEndian(raw[(i * 8)..]);
                    values[i] = hasBlank && r == blank ? double.NaN : zero + (scale * r);
                }

                break;
            case -32:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = zero + (scale * BinaryPrimitives.ReadSingleBigEndian(raw[(i * 4)..]));
                }

                break;
            default:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = zero + (scale * BinaryPrimitives.ReadDoubleBigEndian(raw[(i * 8)..]));
                }

                break;
        }
    }

    private static int CheckedLength(long n) =>
        n <= Array.MaxLength ? (int)n : throw new InvalidOperationException($"{n} pixels do not fit one array; read them in chunks with ReadPixels.");
}
