using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

using VoServices.Dali.Votable;

namespace VoServices.Dali.Tables;

/// <summary>
/// Appends UTF-8 text and raw bytes to a <see cref="PipeWriter"/> without intermediate strings, and
/// flushes (applying the reader's backpressure) once enough has accumulated. Not thread-safe.
/// </summary>
public sealed class Utf8Output(PipeWriter writer)
{
    private const int FlushThreshold = 64 * 1024;
    private Memory<byte> _memory;
    private int _used;
    private long _unflushed;

    public PipeWriter Writer { get; } = writer ?? throw new ArgumentNullException(nameof(writer));

    public Span<byte> GetSpan(int sizeHint)
    {
        if (_memory.Length - _used < sizeHint)
        {
            Commit();
            _memory = Writer.GetMemory(Math.Max(sizeHint, 16 * 1024));
        }

        return _memory.Span[_used..];
    }

    public void Advance(int count)
    {
        _used += count;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var span = GetSpan(Math.Min(bytes.Length, 16 * 1024));
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            Advance(n);
            bytes = bytes[n..];
        }
    }

    /// <summary>Writes text as UTF-8 with no escaping.</summary>
    public void Write(string text) => Write(text.AsSpan());

    public void Write(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 64 * 1024)
        {
            var span = GetSpan(max);
            Advance(Encoding.UTF8.GetBytes(text, span));
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(text, rented);
            WriteBytes(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void WriteByte(byte b)
    {
        GetSpan(1)[0] = b;
        Advance(1);
    }

    public void WriteInteger(long value)
    {
        var span = GetSpan(24);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        Advance(n);
    }

    /// <summary>Shortest round-trip decimal; NaN, +Inf, -Inf as VOTable spells them.</summary>
    public void WriteReal(double value, bool asFloat)
    {
        if (!double.IsFinite(value))
        {
            Write(double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
            return;
        }

        var span = GetSpan(32);
        int n;
        if (asFloat)
        {
            ((float)value).TryFormat(span, out n, default, CultureInfo.InvariantCulture);
        }
        else
        {
            value.TryFormat(span, out n, default, CultureInfo.InvariantCulture);
        }

        Advance(n);
    }

    /// <summary>Hands the written bytes to the pipe (without flushing).</summary>
    public void Commit()
    {
        if (_used > 0)
        {
            Writer.Advance(_used);
            _unflushed += _used;
        }

        _used = 0;
        _memory = default;
    }

    /// <summary>Flushes when enough has accumulated; cheap to call after every row.</summary>
    public ValueTask MaybeFlushAsync(CancellationToken cancellationToken) =>
        _unflushed + _used >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Commit();
        _unflushed = 0;
        var result = await Writer.FlushAsync(cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            // The reader went away (client disconnected): stop producing.
            throw new OperationCanceledException("the client stopped reading the response", cancellationToken);
        }
    }
}
