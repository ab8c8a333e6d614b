using System.Net;
using SkiaSharp;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>What the cube PNG tests read back alike: the decoded answer, its viridis colour bar, its contour pixels.</summary>
internal static class CubePngs
{
    /// <summary>The answer decoded, after checking it is a 200 image/png.</summary>
    public static async Task<SKBitmap> DecodeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(bitmap);
        return bitmap;
    }

    /// <summary>The colour bar runs from viridis's top level (yellow, 253 231 37) down to its bottom (purple, 68 1 84).</summary>
    public static void AssertViridisColourBar(SKBitmap bitmap)
    {
        var (top, bottom) = ColourBar(bitmap);
        Assert.True(Near(top, 253, 231, 37), $"top of the colour bar {top}");
        Assert.True(Near(bottom, 68, 1, 84), $"bottom of the colour bar {bottom}");
    }

    /// <summary>Pixels near the contour colour: red, which neither viridis, the grey blanks nor the black text contain.</summary>
    public static int ContourPixels(SKBitmap bitmap)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                count += c.Red > 180 && c.Green < 90 && c.Blue < 90 ? 1 : 0;
            }
        }

        return count;
    }

    // The bar is the rightmost column whose coloured (not white, black or grey) pixels run over half the image's height.
    private static (SKColor Top, SKColor Bottom) ColourBar(SKBitmap bitmap)
    {
        for (var x = bitmap.Width - 1; x > 0; x--)
        {
            var column = Enumerable.Range(0, bitmap.Height).Select(y => bitmap.GetPixel(x, y)).Where(c => c != SKColors.White && c != SKColors.Black && c.Red != c.Green).ToList();
            if (column.Count > bitmap.Height / 2)
            {
                return (column[1], column[^2]);
            }
        }

        throw new InvalidOperationException("no colour bar");
    }

    private static bool Near(SKColor c, int r, int g, int b) => Math.Abs(c.Red - r) <= 3 && Math.Abs(c.Green - g) <= 3 && Math.Abs(c.Blue - b) <= 3;
}
