using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

using VoServices.Products;

namespace VoServices.Preview;

/// <summary>PNG colour types this writer produces (PNG 3rd edition, table 11.1), all at bit depth 8.</summary>
public enum PngColorType : byte
{
    Greyscale = 0,
    Rgb = 2,
    GreyscaleAlpha = 4,
}

/// <summary>
/// Writes an 8-bit, non-interlaced PNG row by row: signature and IHDR first, then the rows (top row
/// first) deflated through <see cref="ZLibStream"/> into IDAT chunks of at most 64 KiB, then IEND.
/// Each row gets filter None or Sub, whichever leaves the smaller sum of absolute bytes (the usual
/// heuristic; Sub wins on smooth images). Only one row is held, so a large image is never in memory twice.
/// </summary>
/// <remarks>Use either the synchronous or the asynchronous methods for one image, not both.</remarks>
public sealed class PngWriter : IDisposable, IAsyncDisposable
{
    internal static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly int _channels;
    private readonly byte[] _sub;
    private readonly byte[] _none;
    private readonly IdatStream _idat;
    private ZLibStream? _zlib;
    private int _rowsWritten;
    private bool _completed;

    /// <param name="output">Receives the PNG; need not be seekable.</param>
    /// <param name="width">Pixels per row (1 … 2^31 − 1).</param>
    /// <param name="height">Rows (1 … 2^31 − 1).</param>
    /// <param name="colorType">Greyscale (1 byte per pixel), GreyscaleAlpha (grey, alpha) or Rgb (r, g, b).</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="output"/> open.</param>
    public PngWriter(Stream output, int width, int height, PngColorType colorType, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _channels = colorType switch
        {
            PngColorType.Greyscale => 1,
            PngColorType.GreyscaleAlpha => 2,
            PngColorType.Rgb => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "not a colour type this writer supports"),
        };
        if ((long)width * _channels + 1 > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "a row would not fit one array");
        }

        _output = output;
        _leaveOpen = leaveOpen;
        Width = width;
        Height = height;
        ColorType = colorType;
        _sub = new byte[RowBytes + 1];
        _none = new byte[RowBytes + 1];
        _idat = new IdatStream(output);
    }

    public int Width { get; }

    public int Height { get; }

    public PngColorType ColorType { get; }

    /// <summary>Bytes of one unfiltered row: <see cref="Width"/> × channels.</summary>
    public int RowBytes => Width * _channels;

    /// <summary>Writes the next row (top row first): <see cref="RowBytes"/> bytes, channels interleaved.</summary>
    public void WriteRow(ReadOnlySpan<byte> row)
    {
        if (_zlib is null)
        {
            var header = Header();
            _output.Write(header);
            _zlib = new ZLibStream(_idat, CompressionLevel.Optimal, leaveOpen: true);
        }

        _zlib.Write(Filter(row));
    }

    /// <summary>Writes the next row (top row first): <see cref="RowBytes"/> bytes, channels interleaved.</summary>
    public async ValueTask WriteRowAsync(ReadOnlyMemory<byte> row, CancellationToken cancellationToken)
    {
        if (_zlib is null)
        {
            var header = Header();
            await _output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            _zlib = new ZLibStream(_idat, CompressionLevel.Optimal, leaveOpen: true);
        }

        await _zlib.WriteAsync(Filter(row.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the zlib stream and writes the last IDAT and IEND; every row must have been written.</summary>
    public void Complete()
    {
        var zlib = BeginComplete();
        zlib.Dispose();
        _idat.FlushChunk();
        WriteChunk(_output, "IEND"u8, []);
        _output.Flush();
    }

    /// <summary>Ends the zlib stream and writes the last IDAT and IEND; every row must have been written.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        var zlib = BeginComplete();
        await zlib.DisposeAsync().ConfigureAwait(false);
        await _idat.FlushChunkAsync(cancellationToken).ConfigureAwait(false);
        var iend = new byte[12];
        FormatChunk(iend, "IEND"u8, []);
        await _output.WriteAsync(iend, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _zlib?.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_zlib is not null)
        {
            await _zlib.DisposeAsync().ConfigureAwait(false);
        }

        if (!_leaveOpen)
        {
            await _output.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ZLibStream BeginComplete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The PNG is already complete.");
        }

        if (_rowsWritten != Height || _zlib is null)
        {
            throw new InvalidOperationException($"{_rowsWritten} of {Height} rows written; a PNG needs them all.");
        }

        _completed = true;
        var zlib = _zlib;
        _zlib = null;
        return zlib;
    }

    private byte[] Header()
    {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
        var header = new byte[8 + 25];
        Signature.CopyTo(header, 0);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)ColorType;
        ihdr[10] = 0; // compression: deflate
        ihdr[11] = 0; // filter method 0 (five adaptive filter types)
        ihdr[12] = 0; // no interlace
        FormatChunk(header.AsSpan(8), "IHDR"u8, ihdr);
        return header;
    }

    /// <summary>The filter byte and filtered row, in <c>_none</c> or <c>_sub</c>, whichever is cheaper.</summary>
    private byte[] Filter(ReadOnlySpan<byte> row)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The PNG is already complete.");
        }

        if (row.Length != RowBytes)
        {
            throw new ArgumentException($"A row is {RowBytes} bytes ({Width} pixels × {_channels} channels), not {row.Length}.", nameof(row));
        }

        if (_rowsWritten == Height)
        {
            throw new InvalidOperationException($"All {Height} rows are already written.");
        }

        _rowsWritten++;
        _none[0] = 0;
        _sub[0] = 1;
        long costNone = 0, costSub = 0;
        for (var i = 0; i < row.Length; i++)
        {
            var raw = row[i];
            var sub = (byte)(raw - (i >= _channels ? row[i - _channels] : 0));
            _none[i + 1] = raw;
            _sub[i + 1] = sub;
            costNone += raw < 128 ? raw : 256 - raw;
            costSub += sub < 128 ? sub : 256 - sub;
        }

        return costSub < costNone ? _sub : _none;
    }

    private static void FormatChunk(Span<byte> destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, data.Length);
        type.CopyTo(destination[4..]);
        data.CopyTo(destination[8..]);
        // A chunk's CRC covers its type and data, which lie side by side here.
        var crc = Crc32.HashToUInt32(destination.Slice(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(destination[(8 + data.Length)..], crc);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        FormatChunk(chunk, type, data);
        output.Write(chunk);
    }

    /// <summary>Collects the zlib bytes and writes them as IDAT chunks of at most <see cref="ChunkData"/> bytes.</summary>
    private sealed class IdatStream(Stream output) : Stream
    {
        private const int ChunkData = 1 << 16;
        private readonly byte[] _buffer = new byte[12 + ChunkData];
        private int _count;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                var n = Append(buffer);
                buffer = buffer[n..];
                if (_count == ChunkData)
                {
                    FlushChunk();
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!buffer.IsEmpty)
            {
                var n = Append(buffer.Span);
                buffer = buffer[n..];
                if (_count == ChunkData)
                {
                    await FlushChunkAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public void FlushChunk()
        {
            if (_count > 0)
            {
                output.Write(_buffer, 0, Seal());
            }
        }

        public async ValueTask FlushChunkAsync(CancellationToken cancellationToken)
        {
            if (_count > 0)
            {
                await output.WriteAsync(_buffer.AsMemory(0, Seal()), cancellationToken).ConfigureAwait(false);
            }
        }

        // The zlib stream flushes itself when disposed; chunks are only written by FlushChunk.
        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private int Append(ReadOnlySpan<byte> data)
        {
            var n = Math.Min(data.Length, ChunkData - _count);
            data[..n].CopyTo(_buffer.AsSpan(8 + _count));
            _count += n;
            return n;
        }

        /// <summary>Fills in length, type and CRC around the buffered data; returns the chunk's byte count.</summary>
        private int Seal()
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer, _count);
            "IDAT"u8.CopyTo(_buffer.AsSpan(4));
            var crc = Crc32.HashToUInt32(_buffer.AsSpan(4, 4 + _count));
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8 + _count), crc);
            var length = 12 + _count;
            _count = 0;
            return length;
        }
    }
}
