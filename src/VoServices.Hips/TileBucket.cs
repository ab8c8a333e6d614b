using System.Runtime.InteropServices;

namespace VoServices.Hips;

/// <summary>
/// The measurements falling in one tile at hips_order, in input order (so sums, and thus tiles, are the same
/// on every rebuild): 20 bytes per measurement (twice that for the tile being sorted for a median), the
/// build's memory bound for this first version. Storage grows by doubling up to <see cref="ChunkEntries"/>,
/// then by whole chunks, so the slack stays under one chunk per tile instead of doubling the whole.
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
    /// The tile's image: each cell its measurements combined by <paramref name="combine"/>, NaN where there are
    /// none. <paramref name="sum"/> and <paramref name="weight"/> are Width² scratch arrays, reused between tiles.
    /// </summary>
    public float[] Combine(int width, HipsCombine combine, double[] sum, double[] weight)
    {
        if (combine == HipsCombine.Median)
        {
            return Median(width);
        }

        Array.Clear(sum);
        Array.Clear(weight);
        var weighted = combine == HipsCombine.WeightedMean;
        foreach (var chunk in Chunks())
        {
            foreach (var e in chunk.Span)
            {
                var at = HipsTile.ImageIndex(width, e.Sub);
                var w = weighted ? e.Weight : 1.0;
                sum[at] += w * e.Value;
                weight[at] += w;
            }
        }

        var pixels = new float[width * width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = weight[i] > 0 ? (float)(sum[i] / weight[i]) : float.NaN;
        }

        return pixels;
    }

    // Sorting by (cell, value) makes each cell's measurements a sorted run: the same bytes whatever the input order.
    private float[] Median(int width)
    {
        var all = new Entry[Count];
        var n = 0;
        foreach (var chunk in Chunks())
        {
            chunk.Span.CopyTo(all.AsSpan(n));
            n += chunk.Length;
        }

        Array.Sort(all, static (a, b) => a.Sub != b.Sub ? a.Sub.CompareTo(b.Sub) : a.Value.CompareTo(b.Value));
        var pixels = new float[width * width];
        Array.Fill(pixels, float.NaN);
        for (var first = 0; first < all.Length;)
        {
            var end = first;
            while (end < all.Length && all[end].Sub == all[first].Sub)
            {
                end++;
            }

            var count = end - first;
            var mid = first + (count / 2);
            pixels[HipsTile.ImageIndex(width, all[first].Sub)] = (float)(count % 2 == 1 ? all[mid].Value : (all[mid - 1].Value + all[mid].Value) / 2);
            first = end;
        }

        return pixels;
    }

    private IEnumerable<ReadOnlyMemory<Entry>> Chunks()
    {
        foreach (var chunk in _full)
        {
            yield return chunk;
        }

        yield return _current.AsMemory(0, _used);
    }

    // Packed to 20 bytes: without Pack = 4 the int would be padded to 8.
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Entry(int Sub, double Value, double Weight);
}
