using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoServices.Fits;

/// <summary>
/// Vectorised decoding of big-endian FITS pixels to doubles (physical values, BLANK → NaN) with AVX2: the cost of a
/// moment map or a cutout is mostly this. Each method decodes the longest whole-vector prefix and returns its length
/// (0 without AVX2); the caller's scalar loop does the rest, and is the reference these agree with exactly.
/// </summary>
internal static class FitsDecoding
{
    // pshufb masks reversing each 4-byte (float) or 2-byte (int16) group; both 128-bit lanes alike.
    private static readonly Vector256<byte> Swap32 = Vector256.Create(
        (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);

    private static readonly Vector256<byte> Swap16 = Vector256.Create(
        (byte)1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);

    /// <summary>BITPIX −32: zero + scale · v, NaN staying NaN.</summary>
    public static int Float32(ReadOnlySpan<byte> raw, Span<double> values, double scale, double zero)
    {
        if (!Avx2.IsSupported)
        {
            return 0;
        }

        var identity = scale == 1 && zero == 0;
        var (s, z) = (Vector256.Create(scale), Vector256.Create(zero));
        ref var source = ref MemoryMarshal.GetReference(raw);
        ref var target = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            var floats = Avx2.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(i * 4)), Swap32).AsSingle();
            var low = Avx.ConvertToVector256Double(floats.GetLower());
            var high = Avx.ConvertToVector256Double(floats.GetUpper());
            if (!identity)
            {
                (low, high) = ((low * s) + z, (high * s) + z);
            }

            low.StoreUnsafe(ref target, (nuint)i);
            high.StoreUnsafe(ref target, (nuint)(i + 4));
        }

        return i;
    }

    /// <summary>BITPIX 16: zero + scale · v, or NaN where v is BLANK.</summary>
    public static int Int16(ReadOnlySpan<byte> raw, Span<double> values, double scale, double zero, long? blank)
    {
        if (!Avx2.IsSupported)
        {
            return 0;
        }

        var (s, z) = (Vector256.Create(scale), Vector256.Create(zero));
        // A BLANK outside the int16 range never matches; compared as doubles, which hold every int16 exactly.
        var b = Vector256.Create(blank is { } k and >= short.MinValue and <= short.MaxValue ? k : double.NaN);
        var nan = Vector256.Create(double.NaN);
        ref var source = ref MemoryMarshal.GetReference(raw);
        ref var target = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i <= values.Length - 16; i += 16)
        {
            var shorts = Avx2.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(i * 2)), Swap16).AsInt16();
            var low = Avx2.ConvertToVector256Int32(shorts.GetLower());
            var high = Avx2.ConvertToVector256Int32(shorts.GetUpper());
            Store(Avx.ConvertToVector256Double(low.GetLower()), ref target, i);
            Store(Avx.ConvertToVector256Double(low.GetUpper()), ref target, i + 4);
            Store(Avx.ConvertToVector256Double(high.GetLower()), ref target, i + 8);
            Store(Avx.ConvertToVector256Double(high.GetUpper()), ref target, i + 12);
        }

        return i;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        void Store(Vector256<double> v, ref double to, int at) =>
            Vector256.ConditionalSelect(Vector256.Equals(v, b), nan, (v * s) + z).StoreUnsafe(ref to, (nuint)at);
    }
}
