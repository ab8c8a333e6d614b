using SkiaSharp;
using VoServices.Fits;

namespace VoServices.Hips2Fits;

/// <summary>Writes a cutout: FITS (BITPIX −32, its WCS and provenance), or PNG/JPEG through a cut, a stretch and a colour map.</summary>
public static class CutoutEncoder
{
    public const int JpegQuality = 95;

    public static string ContentType(CutoutFormat format) => format switch
    {
        CutoutFormat.Png => "image/png",
        CutoutFormat.Jpeg => "image/jpeg",
        _ => "image/fits",
    };

    public static string Extension(CutoutFormat format) => format switch
    {
        CutoutFormat.Png => "png",
        CutoutFormat.Jpeg => "jpg",
        _ => "fits",
    };

    /// <summary>The FITS file, streamed row block by row block to <paramref name="output"/>.</summary>
    public static async Task WriteFitsAsync(CutoutImage image, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        await using var writer = new FitsWriter(output, leaveOpen: true);
        await writer.WriteImageAsync<float>([image.Width, image.Height], image.Pixels, image.Header, cancellationToken);
    }

    /// <summary>The (low, high) values the display cut resolves to over the image's valid pixels.</summary>
    public static (double Low, double High) Cuts(CutoutImage image, CutoutDisplay display)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(display);
        float[]? sorted = null;
        double Resolve(CutoutCut cut)
        {
            if (!cut.IsPercentile)
            {
                return cut.Value;
            }

            sorted ??= Sorted(image.Pixels);
            return Percentile(sorted, cut.Value);
        }

        return (Resolve(display.Min), Resolve(display.Max));
    }

    /// <summary>The PNG (transparent where NaN) or JPEG (black where NaN) of the cutout; rows top-down, so FITS row h − 1 first.</summary>
    public static byte[] EncodeImage(CutoutImage image, CutoutFormat format, CutoutDisplay display)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(display);
        var table = CutoutColorMaps.Table(display.ColorMap) ?? throw Hips2FitsException.Parameter("cmap", $"'{display.ColorMap}' is not a colour map here");
        var (low, high) = Cuts(image, display);
        var span = high - low;
        var (width, height) = (image.Width, image.Height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, format == CutoutFormat.Png ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var rgba = bitmap.GetPixelSpan();
        for (var r = 0; r < height; r++)
        {
            var row = rgba.Slice(r * bitmap.RowBytes, 4 * width);
            var source = image.Pixels.AsSpan((height - 1 - r) * width, width);
            for (var x = 0; x < width; x++)
            {
                var v = source[x];
                var pixel = row.Slice(4 * x, 4);
                if (!float.IsFinite(v))
                {
                    pixel.Clear();
                    if (format != CutoutFormat.Png)
                    {
                        pixel[3] = 255;
                    }

                    continue;
                }

                var s = Level(v, low, span, display);
                table.AsSpan(3 * s, 3).CopyTo(pixel);
                pixel[3] = 255;
            }
        }

        using var data = bitmap.Encode(format == CutoutFormat.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, format == CutoutFormat.Png ? 100 : JpegQuality)
            ?? throw new InvalidOperationException($"Skia could not encode a {width} × {height} {format}.");
        return data.ToArray();
    }

    /// <summary>The colour-map level of <paramref name="value"/>: clamped into the cut, stretched, inverted if asked.</summary>
    public static int Level(double value, double low, double span, CutoutDisplay display)
    {
        ArgumentNullException.ThrowIfNull(display);
        // A flat image (span 0) shows its one value at the bottom of the map rather than dividing by zero.
        var t = span > 0 ? Math.Clamp((value - low) / span, 0, 1) : 0;
        var s = display.Stretch.Apply(t);
        return CutoutColorMaps.Level(display.Inverted ? 1 - s : s);
    }

    // numpy's default percentile: linear between the two nearest ranks.
    private static double Percentile(float[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * ((double)sorted[above] - sorted[below]));
    }

    private static float[] Sorted(float[] pixels)
    {
        var valid = pixels.Where(float.IsFinite).ToArray();
        Array.Sort(valid);
        return valid;
    }
}
