using SkiaSharp;
using VoServices.Products;

namespace VoServices.Preview;

/// <summary>
/// Display scaling of a <see cref="PreviewPlane"/> into 8-bit grey: robust limits (the 0.5 and 99.5
/// percentiles of the finite values, from a bounded sample), an asinh stretch that shows faint
/// structure without saturating bright cores, NaN as fully transparent. Rows go out top first, so
/// the plane's bottom row (FITS row 1) is the PNG's last.
/// </summary>
public static class DisplayScale
{
    public const double LowPercentile = 0.5;
    public const double HighPercentile = 99.5;

    /// <summary>Softening of the asinh stretch: linear below about 1/Softening of the range, logarithmic above.</summary>
    public const double Softening = 10;

    /// <summary>At most this many values are sorted for the percentiles, whatever the plane's size.</summary>
    public const int MaxSample = 1 << 16;

    /// <summary>The display limits (low, high) of the finite values, or null when there is none.</summary>
    public static (double Low, double High)? Limits(PreviewPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        var values = plane.Values;
        var finite = 0L;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                finite++;
            }
        }

        if (finite == 0)
        {
            return null;
        }

        // Every step-th finite value: a fixed stride keeps the result reproducible.
        var step = (finite + MaxSample - 1) / MaxSample;
        var sample = new List<double>((int)Math.Min(finite, MaxSample));
        var seen = 0L;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && seen++ % step == 0)
            {
                sample.Add(v);
            }
        }

        sample.Sort();
        var low = Percentile(sample, LowPercentile);
        var high = Percentile(sample, HighPercentile);
        if (!(high > low))
        {
            (low, high) = (sample[0], sample[^1]);
        }

        return (low, high);
    }

    /// <summary>The grey level (0–255) of <paramref name="value"/> between the limits; null for NaN/infinite.</summary>
    public static byte? Grey(double value, double low, double high)
    {
        if (!double.IsFinite(value))
        {
            return null;
        }

        if (!(high > low))
        {
            return 128; // a constant image: mid grey rather than black
        }

        var t = Math.Clamp((value - low) / (high - low), 0, 1);
        return (byte)Math.Round(255 * Math.Asinh(t * Softening) / Math.Asinh(Softening));
    }

    /// <summary>
    /// Writes <paramref name="plane"/> as an 8-bit PNG: greyscale, or RGBA with R = G = B = grey when some
    /// pixel is blank (alpha 0 there, grey 0). The first PNG row is the plane's top row.
    /// </summary>
    public static async Task WritePngAsync(PreviewPlane plane, Stream png, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(png);
        using var data = EncodePng(plane, cancellationToken);
        using var encoded = data.AsStream();
        await encoded.CopyToAsync(png, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole PNG in memory: a preview is at most a few hundred pixels a side.</summary>
    private static SKData EncodePng(PreviewPlane plane, CancellationToken cancellationToken)
    {
        var limits = Limits(plane);
        var (low, high) = limits ?? (0, 0);
        var anyBlank = limits is null || plane.Values.Any(v => !double.IsFinite(v));

        // Skia has no grey + alpha pixel type (its Alpha8 PNGs are black), so blanks need RGBA.
        var info = anyBlank
            ? new SKImageInfo(plane.Width, plane.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul)
            : new SKImageInfo(plane.Width, plane.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var pixels = bitmap.GetPixelSpan();
        for (var r = 0; r < plane.Height; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = pixels.Slice(r * bitmap.RowBytes, info.BytesPerPixel * plane.Width);
            var y = plane.Height - 1 - r;
            for (var x = 0; x < plane.Width; x++)
            {
                var grey = Grey(plane[x, y], low, high);
                if (anyBlank)
                {
                    row.Slice(4 * x, 3).Fill(grey ?? 0);
                    row[(4 * x) + 3] = grey is null ? (byte)0 : (byte)255;
                }
                else
                {
                    row[x] = grey!.Value;
                }
            }
        }

        return bitmap.Encode(SKEncodedImageFormat.Png, quality: 100)
            ?? throw new InvalidOperationException($"Skia could not encode a {plane.Width} × {plane.Height} {info.ColorType} PNG.");
    }

    /// <summary>Linear interpolation between closest ranks of a sorted sample (percent 0–100).</summary>
    private static double Percentile(List<double> sorted, double percent)
    {
        var rank = percent / 100 * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
