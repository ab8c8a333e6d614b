using System.Globalization;
using System.Numerics;

namespace VoServices.Hips;

/// <summary>
/// Turns one tile's measurements, streamed in chunks, into the tile's image (FITS data order, NaN where a
/// cell has none), so that no tile ever has to fit in memory whole: the means add into two Width² sums in
/// the order the measurements come (input order); the median takes them in <see cref="ByCellAndValue"/>
/// order and holds one cell's values at a time (8 bytes each, at most the memory limit's worth).
/// </summary>
internal sealed class TileCombiner
{
    private readonly int _width;
    private readonly HipsCombine _combine;
    private readonly long _memoryLimit;
    private readonly string _source;
    private readonly double[] _sum;
    private readonly double[] _weight;
    private double[] _cell = new double[16];

    /// <param name="source">The input file, for messages.</param>
    public TileCombiner(int width, HipsCombine combine, long memoryLimit, string source)
    {
        _width = width;
        _combine = combine;
        _memoryLimit = memoryLimit;
        _source = source;
        (_sum, _weight) = combine == HipsCombine.Median ? ([], []) : (new double[width * width], new double[width * width]);
    }

    public float[] Combine(long npix, IEnumerable<ReadOnlyMemory<TileEntry>> entries) =>
        _combine == HipsCombine.Median ? Median(npix, entries) : Mean(entries);

    private float[] Mean(IEnumerable<ReadOnlyMemory<TileEntry>> entries)
    {
        Array.Clear(_sum);
        Array.Clear(_weight);
        var weighted = _combine == HipsCombine.WeightedMean;
        // Summed by in-tile NESTED index (neighbours in the input are mostly neighbours there), placed at the end.
        foreach (var chunk in entries)
        {
            foreach (var e in chunk.Span)
            {
                var w = weighted ? e.Weight : 1.0;
                _sum[e.Sub] += w * e.Value;
                _weight[e.Sub] += w;
            }
        }

        var pixels = new float[_width * _width];
        for (var sub = 0; sub < pixels.Length; sub++)
        {
            pixels[HipsTile.ImageIndex(_width, sub)] = _weight[sub] > 0 ? (float)(_sum[sub] / _weight[sub]) : float.NaN;
        }

        return pixels;
    }

    // Sorted by cell and value: each cell's measurements are one sorted run, its median the middle of it.
    private float[] Median(long npix, IEnumerable<ReadOnlyMemory<TileEntry>> entries)
    {
        var pixels = new float[_width * _width];
        Array.Fill(pixels, float.NaN);
        var (sub, n) = (-1, 0);
        foreach (var chunk in entries)
        {
            foreach (var e in chunk.Span)
            {
                if (e.Sub != sub)
                {
                    Store(pixels, sub, n);
                    (sub, n) = (e.Sub, 0);
                }

                if (n == _cell.Length)
                {
                    Grow(npix, sub);
                }

                _cell[n++] = e.Value;
            }
        }

        Store(pixels, sub, n);
        return pixels;
    }

    private void Store(float[] pixels, int sub, int n)
    {
        if (n > 0)
        {
            var mid = n / 2;
            pixels[HipsTile.ImageIndex(_width, sub)] = (float)(n % 2 == 1 ? _cell[mid] : (_cell[mid - 1] + _cell[mid]) / 2);
        }
    }

    private void Grow(long npix, int sub)
    {
        var bigger = (long)_cell.Length * 2;
        var cell = (npix << (2 * BitOperations.Log2((uint)_width))) | (uint)sub;
        if (bigger * sizeof(double) > _memoryLimit || bigger > Array.MaxLength)
        {
            throw new HealpixMapException(string.Create(CultureInfo.InvariantCulture,
                $"{_source}: cell {cell} has more than {_cell.Length} measurements: their median needs them all in memory (8 bytes each), beyond --memory-limit {HipsMemory.Format(_memoryLimit)}; raise --memory-limit or use --combine mean."));
        }

        Array.Resize(ref _cell, (int)bigger);
    }
}
