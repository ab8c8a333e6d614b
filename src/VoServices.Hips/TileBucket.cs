namespace VoServices.Hips;

/// <summary>
/// The measurements falling in one tile at hips_order, in input order (so sums, and thus tiles, are the same
/// on every rebuild): 20 bytes per measurement, the build's memory bound for this first version.
/// </summary>
internal sealed class TileBucket
{
    private int[] _sub = new int[16];
    private double[] _value = new double[16];
    private double[] _weight = new double[16];

    public int Count { get; private set; }

    public void Add(int sub, double value, double weight)
    {
        if (Count == _sub.Length)
        {
            var size = checked(Count * 2);
            Array.Resize(ref _sub, size);
            Array.Resize(ref _value, size);
            Array.Resize(ref _weight, size);
        }

        _sub[Count] = sub;
        _value[Count] = value;
        _weight[Count] = weight;
        Count++;
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
        for (var i = 0; i < Count; i++)
        {
            var at = HipsTile.ImageIndex(width, _sub[i]);
            sumWv[at] += _weight[i] * _value[i];
            sumW[at] += _weight[i];
        }

        var pixels = new float[width * width];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = sumW[i] > 0 ? (float)(sumWv[i] / sumW[i]) : float.NaN;
        }

        return pixels;
    }
}
