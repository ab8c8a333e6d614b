using System.Globalization;

namespace VoServices.Hips;

/// <summary>
/// The Allsky mosaic of one order (HiPS 1.0 §4.3.2): its 12·4^K tiles side by side, left to right and top
/// to bottom in NESTED order, floor(√(12·4^K)) tiles a row (27 at order 3, 29 rows), each reduced to
/// min(64, tile width) pixels a side — hipsgen's size, a power of two as the standard asks — by the mean of
/// each block of non-empty pixels (hipsgen decimates; a mean keeps sparse maps visible). NaN where empty.
/// <see cref="Pixels"/> is FITS image data like a tile's: the first tile row is the image's top, so the
/// last stored rows.
/// </summary>
internal sealed class HipsAllsky
{
    private readonly int _perRow;

    public HipsAllsky(int order, int tileWidth)
    {
        Order = order;
        SubWidth = Math.Min(64, tileWidth);
        var tiles = 12 << (2 * order);
        _perRow = (int)Math.Sqrt(tiles);
        Width = _perRow * SubWidth;
        Height = (tiles + _perRow - 1) / _perRow * SubWidth;
        Pixels = new float[Width * Height];
        Array.Fill(Pixels, float.NaN);
    }

    public int Order { get; }

    public int SubWidth { get; }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    public string RelativePath(string extension) => string.Create(CultureInfo.InvariantCulture, $"Norder{Order}/Allsky.{extension}");

    /// <summary>Reduces a tile of <see cref="Order"/> into its place.</summary>
    public void Add(HipsTile tile)
    {
        var gap = tile.Width / SubWidth;
        var column0 = (int)(tile.Npix % _perRow) * SubWidth;
        var row0 = Height - (((int)(tile.Npix / _perRow) + 1) * SubWidth);
        for (var r = 0; r < SubWidth; r++)
        {
            for (var c = 0; c < SubWidth; c++)
            {
                var (sum, n) = (0.0, 0);
                for (var dr = 0; dr < gap; dr++)
                {
                    foreach (var v in tile.Pixels.AsSpan((((r * gap) + dr) * tile.Width) + (c * gap), gap))
                    {
                        if (!float.IsNaN(v))
                        {
                            sum += v;
                            n++;
                        }
                    }
                }

                Pixels[((row0 + r) * Width) + column0 + c] = n > 0 ? (float)(sum / n) : float.NaN;
            }
        }
    }
}
