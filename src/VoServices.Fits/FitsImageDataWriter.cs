using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VoServices.Fits;

/// <summary>
/// Receives the data of one image HDU in chunks, converts them to big-endian and pads the unit
/// when completed. Made by <see cref="FitsWriter.BeginImage"/>; the element type of every chunk
/// must match the HDU's BITPIX, and exactly NAXIS1 × … × NAXISn elements must be written before
/// <see cref="Complete"/>.
/// </summary>
public sealed class FitsImageDataWriter : IDisposable, IAsyncDisposable
{
    private const int ChunkBytes = 1 << 16;
    private readonly FitsWriter _owner;
    private readonly Stream _stream;
    private readonly int _bitpix;
    private long _remaining;
    private bool _completed;

    internal FitsImageDataWriter(FitsWriter owner, Stream stream, int bitpix, long elementCount)
    {
        _owner = owner;
        _stream = stream;
        _bitpix = bitpix;
        ElementCount = elementCount;
        _remaining = elementCount;
    }

    /// <summary>Elements the HDU holds.</summary>
    public long ElementCount { get; }

    /// <summary>Elements still to write.</summary>
    public long Remaining => _remaining;

    /// <summary>Writes the next elements.</summary>
    public void Write<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        Check<T>(data.Length);
        var size = Math.Abs(_bitpix) / 8;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var perChunk = ChunkBytes / size;
            for (var start = 0; start < data.Length; start += perChunk)
            {
                var n = Math.Min(perChunk, data.Length - start);
                var bytes = Encode(data.Slice(start, n), buffer.AsSpan(0, n * size));
                _stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _remaining -= data.Length;
    }

    /// <summary>Writes the next elements asynchronously.</summary>
    public async ValueTask WriteAsync<T>(ReadOnlyMemory<T> data, CancellationToken cancellationToken)
        where T : unmanaged
    {
        Check<T>(data.Length);
        var size = Math.Abs(_bitpix) / 8;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var perChunk = ChunkBytes / size;
            for (var start = 0; start < data.Length; start += perChunk)
            {
                var n = Math.Min(perChunk, data.Length - start);
                Encode(data.Span.Slice(start, n), buffer.AsSpan(0, n * size));
                await _stream.WriteAsync(buffer.AsMemory(0, n * size), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _remaining -= data.Length;
    }

    /// <summary>Checks that all elements were written and pads the data unit to 2880 bytes.</summary>
    public void Complete()
    {
        CheckComplete();
        FitsWriter.WritePadding(_stream, ElementCount * (Math.Abs(_bitpix) / 8));
        _completed = true;
        _owner.Closed(this);
    }

    /// <summary>Asynchronous <see cref="Complete"/>.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        CheckComplete();
        await _stream.WriteAsync(FitsWriter.Padding(ElementCount * (Math.Abs(_bitpix) / 8)), cancellationToken).ConfigureAwait(false);
        _completed = true;
        _owner.Closed(this);
    }

    /// <summary>Releases the writer; an incomplete HDU stays incomplete (the file is then invalid).</summary>
    public void Dispose() => _owner.Closed(this);

    public ValueTask DisposeAsync()
    {
        _owner.Closed(this);
        return ValueTask.CompletedTask;
    }

    private void CheckComplete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The data unit is already complete.");
        }

        if (_remaining != 0)
        {
            throw new InvalidOperationException($"{_remaining} of {ElementCount} elements have not been written.");
        }
    }

    private void Check<T>(int count)
        where T : unmanaged
    {
        if (_completed)
        {
            throw new InvalidOperationException("The data unit is already complete.");
        }

        if (FitsWriter.BitpixOf<T>() != _bitpix)
        {
            throw new ArgumentException($"This HDU has BITPIX = {_bitpix}; {typeof(T).Name} data do not match it.");
        }

        if (count > _remaining)
        {
            throw new InvalidOperationException($"Writing {count} elements exceeds the {_remaining} the header declares as left.");
        }
    }

    private static ReadOnlySpan<byte> Encode<T>(ReadOnlySpan<T> data, Span<byte> destination)
        where T : unmanaged
    {
        var source = MemoryMarshal.AsBytes(data);
        switch (System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            case 1:
                source.CopyTo(destination);
                break;
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, short>(source), MemoryMarshal.Cast<byte, short>(destination));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(source), MemoryMarshal.Cast<byte, int>(destination));
                break;
            default:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, long>(source), MemoryMarshal.Cast<byte, long>(destination));
                break;
        }

        return destination;
    }
}
