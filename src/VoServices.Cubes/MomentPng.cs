using System.Globalization;
using SkiaSharp;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Hips2Fits;

namespace VoServices.Cubes;

/// <summary>
/// One moment map as a labelled PNG: the map (north up as stored, 0.5–99.5% linear cut, viridis; velocities in
/// coolwarm), RA and Dec of tick pixels along the bottom and left edges (WCSLIB), the beam ellipse (BMAJ, BMIN,
/// BPA east of north) in the lower left corner, a colour bar with its range and unit, and a title. Text uses
/// Debian's DejaVu Sans; without the font the labels are left out rather than drawn with a missing face.
/// </summary>
public static class MomentPng
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const int MapSide = 512;
    private const int Left = 80, Bottom = 50, Right = 170, Top = 36;

    /// <summary>The colour map of a moment: a diverging map for velocities, viridis for intensities and widths.</summary>
    public static string ColorMap(MomentKind kind) => kind is MomentKind.One or MomentKind.VPeak ? "coolwarm" : "viridis";

    public static byte[] Render(MomentMaps maps, CubeFile cube, string title)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(cube);
        var (kind, map) = maps.Maps[0];
        var (width, height) = (maps.Width, maps.Height);
        var scale = Math.Max(1, (int)Math.Floor(MapSide / (double)Math.Max(width, height)));
        var shrink = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / (double)MapSide));
        var (pw, ph) = (width * scale / shrink, height * scale / shrink);
        var valid = map.Where(double.IsFinite).Order().ToArray();
        var (low, high) = valid.Length == 0 ? (0.0, 1.0) : (Percentile(valid, 0.5), Percentile(valid, 99.5));
        var table = CutoutColorMaps.Table(ColorMap(kind))!;
        using var surface = SKSurface.Create(new SKImageInfo(Left + pw + Right, Top + ph + Bottom, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var image = new SKBitmap(pw, ph, SKColorType.Rgba8888, SKAlphaType.Premul))
        {
            for (var y = 0; y < ph; y++)
            {
                // PNG rows run top-down; FITS row 0 is the bottom one.
                var row = (height - 1) - (y * shrink / scale);
                for (var x = 0; x < pw; x++)
                {
                    var v = map[(row * width) + (x * shrink / scale)];
                    image.SetPixel(x, y, double.IsFinite(v) ? Colour(table, Level(v, low, high)) : new SKColor(230, 230, 230));
                }
            }

            using var pixels = SKImage.FromBitmap(image);
            canvas.DrawImage(pixels, Left, Top, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        using var line = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true };
        canvas.DrawRect(Left - 0.5f, Top - 0.5f, pw + 1, ph + 1, line);
        DrawBeam(canvas, cube.Header, PixelDegrees(cube) * shrink / scale, Left, Top + ph);
        // The colour bar: level 255 at the top.
        var barX = Left + pw + 20;
        for (var y = 0; y < ph; y++)
        {
            using var paint = new SKPaint { Color = Colour(table, 255 - (y * 256 / ph)) };
            canvas.DrawRect(barX, Top + y, 18, 1, paint);
        }

        canvas.DrawRect(barX - 0.5f, Top - 0.5f, 19, ph + 1, line);
        if (File.Exists(FontPath))
        {
            using var typeface = SKTypeface.FromFile(FontPath);
            using var font = new SKFont(typeface, 12);
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            var unit = MomentFits.Unit(kind, cube.Header.GetString("BUNIT")) ?? "";
            canvas.DrawText($"{title}", Left, 22, SKTextAlign.Left, font, text);
            canvas.DrawText(Number(high), barX + 22, Top + 10, SKTextAlign.Left, font, text);
            canvas.DrawText(Number(low), barX + 22, Top + ph, SKTextAlign.Left, font, text);
            canvas.DrawText(unit, barX, Top + ph + 18, SKTextAlign.Left, font, text);
            DrawTicks(canvas, cube, maps, pw, ph, font, text, line);
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static int Level(double v, double low, double high) =>
        high > low ? CutoutColorMaps.Level(Math.Clamp((v - low) / (high - low), 0, 1)) : 0;

    private static SKColor Colour(byte[] table, int level) => new(table[3 * level], table[(3 * level) + 1], table[(3 * level) + 2]);

    // RA along the bottom, Dec along the left, each at five pixels of the edge, through the cube's own WCS.
    private static void DrawTicks(SKCanvas canvas, CubeFile cube, MomentMaps maps, int pw, int ph, SKFont font, SKPaint text, SKPaint line)
    {
        // Cube pixels (1-based) of the map's edges: a spatial subset starts at (X0, Y0).
        var (x0, y0, width, height) = (1 + maps.X0, 1 + maps.Y0, maps.Width, maps.Height);
        using var wcs = CubeFile.Wcs(cube.Header);
        var lon = cube.Header.GetString("CTYPE1")?.StartsWith("GLON", StringComparison.Ordinal) == true ? "l" : "RA";
        var lat = lon == "l" ? "b" : "Dec";
        for (var i = 0; i < 5; i++)
        {
            var f = i / 4.0;
            var px = x0 + (f * (width - 1));
            var py = y0 + (f * (height - 1));
            var bottom = wcs.PixelToWorld(Pixel(wcs.NAxis, px, y0));
            var side = wcs.PixelToWorld(Pixel(wcs.NAxis, x0, py));
            var x = Left + (float)(f * (pw - 1));
            var y = Top + ph - 1 - (float)(f * (ph - 1));
            canvas.DrawLine(x, Top + ph, x, Top + ph + 5, line);
            canvas.DrawLine(Left - 5, y, Left, y, line);
            canvas.DrawText(Degrees(bottom[0]), x, Top + ph + 18, SKTextAlign.Center, font, text);
            canvas.DrawText(Degrees(side[1]), Left - 8, y + 4, SKTextAlign.Right, font, text);
        }

        canvas.DrawText($"{lon} (deg)", Left + (pw / 2f), Top + ph + 36, SKTextAlign.Center, font, text);
        canvas.DrawText($"{lat} (deg)", 8, Top + ph + 36, SKTextAlign.Left, font, text);
    }

    private static double[] Pixel(int naxis, double x, double y)
    {
        var p = Enumerable.Repeat(1.0, naxis).ToArray();
        (p[0], p[1]) = (x, y);
        return p;
    }

    // The beam (degrees → output pixels) as an outlined ellipse, major axis turned from north (up) towards east (left).
    private static void DrawBeam(SKCanvas canvas, FitsHeader header, double degreesPerPixel, float left, float bottom)
    {
        if (header.GetDouble("BMAJ") is not { } bmaj || header.GetDouble("BMIN") is not { } bmin || !(degreesPerPixel > 0))
        {
            return;
        }

        var (ry, rx) = ((float)(bmaj / 2 / degreesPerPixel), (float)(bmin / 2 / degreesPerPixel));
        if (ry < 0.5f || ry > 200)
        {
            return;
        }

        var centre = new SKPoint(left + ry + 6, bottom - ry - 6);
        canvas.Save();
        canvas.Translate(centre);
        canvas.RotateDegrees(-(float)(header.GetDouble("BPA") ?? 0));
        using var fill = new SKPaint { Color = new SKColor(255, 255, 255, 200), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var edge = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        canvas.DrawOval(SKPoint.Empty, new SKSize(rx, ry), fill);
        canvas.DrawOval(SKPoint.Empty, new SKSize(rx, ry), edge);
        canvas.Restore();
    }

    // The angular size of one map pixel (degrees), from the centre pixel and its neighbour.
    private static double PixelDegrees(CubeFile cube)
    {
        using var wcs = CubeFile.Wcs(cube.Header);
        var (cx, cy) = ((cube.Width + 1) / 2.0, (cube.Height + 1) / 2.0);
        var a = wcs.PixelToWorld(Pixel(wcs.NAxis, cx, cy));
        var b = wcs.PixelToWorld(Pixel(wcs.NAxis, cx, cy + 1));
        return new SkyPoint(a[0], a[1]).DistanceTo(new SkyPoint(b[0], b[1]));
    }

    private static double Percentile(double[] sorted, double percent)
    {
        var position = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static string Number(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Degrees(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "";
}
