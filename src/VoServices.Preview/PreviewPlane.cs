using VoServices.Products;

namespace VoServices.Preview;

/// <summary>
/// A 2-D map of values before display scaling, in FITS order: <c>Values[x + Width * y]</c> with
/// x = 0 the left column and y = 0 the <em>bottom</em> row, as FITS pixel (1,1) is bottom-left.
/// NaN marks blank pixels.
/// </summary>
public sealed class PreviewPlane
{
    public PreviewPlane(int width, int height, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (values.Length != (long)width * height)
        {
            throw new ArgumentException($"{values.Length} values for a {width} × {height} plane.", nameof(values));
        }

        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }

    public int Height { get; }

    public double[] Values { get; }

    /// <summary>The value at column <paramref name="x"/>, row <paramref name="y"/> (0-based, y = 0 at the bottom).</summary>
    public double this[int x, int y] => Values[x + ((long)Width * y)];

    /// <summary>
    /// The plane shrunk by block averaging (finite values only) so the long side is at most
    /// <paramref name="maxSide"/>, or enlarged by pixel replication (nearest neighbour) so it is at
    /// least <paramref name="minSide"/>; otherwise this plane. Integer factors keep pixels square.
    /// </summary>
    public PreviewPlane Fit(int maxSide, int minSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSide, maxSide);
        var side = Math.Max(Width, Height);
        if (side > maxSide)
        {
            return Shrink((side + maxSide - 1) / maxSide);
        }

        if (side < minSide)
        {
            return Enlarge(Math.Min((minSide + side - 1) / side, maxSide / side));
        }

        return this;
    }

    private PreviewPlane Shrink(int factor)
    {
        var w = (Width + factor - 1) / factor;
        var h = (Height + factor - 1) / factor;
        var sum = new double[w * h];
        var count = new int[w * h];
        for (var y = 0; y < Height; y++)
        {
            var row = (y / factor) * w;
            for (var x = 0; x < Width; x++)
            {
                var v = Values[x + ((long)Width * y)];
                if (double.IsFinite(v))
                {
                    sum[row + (x / factor)] += v;
                    count[row + (x / factor)]++;
                }
            }
        }

        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = count[i] > 0 ? sum[i] / count[i] : double.NaN;
        }

        return new PreviewPlane(w, h, sum);
    }

    private PreviewPlane Enlarge(int factor)
    {
        if (factor <= 1)
        {
            return this;
        }

        var w = Width * factor;
        var h = Height * factor;
        var values = new double[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                values[x + (w * y)] = Values[(x / factor) + (Width * (y / factor))];
            }
        }

        return new PreviewPlane(w, h, values);
    }
}
