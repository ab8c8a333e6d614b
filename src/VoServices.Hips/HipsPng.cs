using SkiaSharp;

namespace VoServices.Hips;

/// <summary>The display stretch of `--stretch`, applied to t = (v − LOW) / (HIGH − LOW) clamped to [0, 1].</summary>
public enum HipsStretch
{
    Linear,
    Sqrt,

    /// <summary>log10(1 + 1000 t) / 3, as DS9's log scale with its default exponent.</summary>
    Log,

    /// <summary>asinh(10 t) / asinh(10): linear for faint values, logarithmic for bright ones.</summary>
    Asinh,
}

/// <summary>`--png`: PNG tiles beside the FITS ones, coloured through a stretch and a colour map over the build's cut.</summary>
public sealed record HipsPngOptions(HipsStretch Stretch = HipsStretch.Linear, string ColorMap = "grey");

/// <summary>Renders FITS image data (rows bottom-up, NaN empty) as an RGBA PNG: rows top-down, empty cells transparent.</summary>
internal sealed class HipsPng
{
    private readonly HipsStretch _stretch;
    private readonly byte[] _table;
    private readonly double _low;
    private readonly double _high;

    public HipsPng(HipsStretch stretch, string colorMap, double low, double high)
    {
        _stretch = stretch;
        _table = HipsColorMaps.Table(colorMap) ?? throw new ArgumentException($"--cmap {colorMap}: not one of {string.Join(", ", HipsColorMaps.Names)}.", nameof(colorMap));
        _low = low;
        _high = high;
    }

    /// <summary>The colour-map level (0–255) of <paramref name="value"/>.</summary>
    public int Level(float value)
    {
        var t = Math.Clamp((value - _low) / (_high - _low), 0, 1);
        var s = _stretch switch
        {
            HipsStretch.Sqrt => Math.Sqrt(t),
            HipsStretch.Log => Math.Log10(1 + (1000 * t)) / 3,
            HipsStretch.Asinh => Math.Asinh(10 * t) / Math.Asinh(10),
            _ => t,
        };
        return (int)Math.Round(255 * s, MidpointRounding.AwayFromZero);
    }

    /// <summary>The PNG of a <paramref name="width"/> × <paramref name="height"/> image: PNG row r is FITS row height − 1 − r.</summary>
    public byte[] Encode(float[] pixels, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var rgba = bitmap.GetPixelSpan();
        for (var r = 0; r < height; r++)
        {
            var row = rgba.Slice(r * bitmap.RowBytes, 4 * width);
            var fitsRow = pixels.AsSpan((height - 1 - r) * width, width);
            for (var x = 0; x < width; x++)
            {
                var v = fitsRow[x];
                if (float.IsNaN(v))
                {
                    row.Slice(4 * x, 4).Clear();
                    continue;
                }

                _table.AsSpan(3 * Level(v), 3).CopyTo(row.Slice(4 * x, 3));
                row[(4 * x) + 3] = 255;
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, quality: 100)
            ?? throw new InvalidOperationException($"Skia could not encode a {width} × {height} PNG.");
        return data.ToArray();
    }
}
