using System.Runtime.InteropServices;

namespace VoServices.Hips;

/// <summary>
/// The measurements falling in one tile at hips_order, in input order (so sums, and thus tiles, are the same
/// on every rebuild): 20 bytes per measurement, the build's memory bound for this first version. Storage
/// grows by doubling up to <see cref="ChunkEntries"/>, then by whole chunks, so the slack stays under
/// one chunk per tile instead of doubling the whole.
/// </summary>
internal sealed class TileBucket
{
    private const int ChunkEntries = 1 << 16;
    private readonly List<Entry[]> _full = [];
    private Entry[] _current = new Entry[16];
    private int _used;

    public long Count => ((long)_full.Count * ChunkEntries) + _used;

    public void Add(int sub, double value, double weight)
    {
        if (_used == _current.Length)
        {
            if (_current.Length < ChunkEntries)
            {
                Array.Resize(ref _current, _current.Length * 2);
            }
            else
            {
                _full.Add(_current);
                _current = new Entry[ChunkEntries];
                _used = 0;
            }
        }

        _current[_used++] = new Entry(sub, value, weight);
    }

    /// <summary>
    /// The tile's image: each cell the weighted mean Σwᵢvᵢ / Σwᵢ of its measurements (the plain mean when
    /// every weight is 1), NaN where there are none. <paramref name="sumWv"/> and <paramref name="sumW"/> are
    /// Width² scratch arrays, reused between tiles.
    /// </summary>
    public float[] Combine(int width, double[] sumWv, double[] sumW)
    {
        Array.Clear(sumWv);
        Array.Clear(sumW);
        foreach (var chunk in _full)
        {
            Accumulate(width, chunk, sumWv, sumW);
        }

        Accumulate(width, _current.AsSpan(0, _used), sumWv, sumW);
        var pixels = new float[width * width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = sumW[i] > 0 ? (float)(sumWv[i] / sumW[i]) : float.NaN;
        }

        return pixels;
    }

    private static void Accumulate(int width, ReadOnlySpan<Entry> entries, double[] sumWv, double[] sumW)
    {
        foreach (var e in entries)
        {
            var at = HipsTile.ImageIndex(width, e.Sub);
            sumWv[at] += e.Weight * e.Value;
            sumW[at] += e.Weight;
        }
    }

    // Packed to 20 bytes: without Pack = 4 the int would be padded to 8.
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Entry(int Sub, double Value, double Weight);
}
