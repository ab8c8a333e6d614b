using System.Globalization;
using SkiaSharp;
using VoServices.Fits;
using VoServices.Fits.Sky;
using VoServices.Hips2Fits;

namespace VoServices.Cubes;

/// <summary>
/// What the cube PNGs (moment maps, channel map mosaics, PV diagrams) draw alike: the robust 0.5–99.5% linear cut,
/// matplotlib's colour tables, a map drawn nearest-neighbour into a rectangle, the colour bar with its range and unit,
/// the beam ellipse, round tick values, DejaVu Sans text and the PNG encoding.
/// </summary>
internal static class CubePng
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The margins of a <see cref="Plot"/>: the title above the map, the axes below it, the colour bar right of it.</summary>
    public const int PlotTop = 36, PlotBottom = 50, PlotRight = 170;

    /// <summary>Blank (NaN) pixels.</summary>
    public static readonly SKColor Blank = new(230, 230, 230);

    /// <summary>The 0.5 and 99.5 percentiles of the finite values; (0, 1) when there are none.</summary>
    public static (double Low, double High) Cut(IEnumerable<double> values)
    {
        var valid = values.Where(double.IsFinite).Order().ToArray();
        return valid.Length == 0 ? (0.0, 1.0) : (Percentile(valid, 0.5), Percentile(valid, 99.5));
    }

    /// <summary>
    /// One map in its frame (moment maps, PV diagrams): the map at (<paramref name="left"/>, <see cref="PlotTop"/>) in
    /// <paramref name="colourMap"/>, what <paramref name="over"/> draws on it, the colour bar with its range and
    /// <paramref name="unit"/> to its right, and with the font the title above and the ticks and labels
    /// <paramref name="axes"/> draws.
    /// </summary>
    public static byte[] Plot(Func<int, double> value, int width, int height, int pw, int ph, int left, string colourMap, (double Low, double High) cut,
        string unit, string title, Action<SKCanvas> over, Action<SKCanvas, Text, SKPaint> axes)
    {
        ArgumentNullException.ThrowIfNull(over);
        ArgumentNullException.ThrowIfNull(axes);
        var table = CutoutColorMaps.Table(colourMap)!;
        using var surface = Surface(left + pw + PlotRight, PlotTop + ph + PlotBottom);
        var canvas = surface.Canvas;
        using var line = Line();
        DrawMap(canvas, value, width, height, pw, ph, left, PlotTop, table, cut, line);
        over(canvas);
        using var text = Text.Open();
        DrawColourBar(canvas, left + pw + 20, PlotTop, ph, table, cut, unit, text, line);
        if (text is not null)
        {
            text.Draw(canvas, title, left, 22);
            axes(canvas, text, line);
        }

        return Encode(surface);
    }

    public static SKSurface Surface(int width, int height)
    {
        var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        return surface;
    }

    public static SKPaint Line() => new() { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true };

    /// <summary>
    /// A Width × Height map (FITS order: row 0 at the bottom) drawn into <paramref name="pw"/> × <paramref name="ph"/>
    /// pixels at (<paramref name="left"/>, <paramref name="top"/>), each output pixel the nearest map pixel, outlined.
    /// </summary>
    public static void DrawMap(SKCanvas canvas, Func<int, double> value, int width, int height, int pw, int ph, float left, float top, byte[] table,
        (double Low, double High) cut, SKPaint line)
    {
        using (var image = new SKBitmap(pw, ph, SKColorType.Rgba8888, SKAlphaType.Premul))
        {
            for (var y = 0; y < ph; y++)
            {
                // PNG rows run top-down; FITS row 0 is the bottom one.
                var row = (height - 1) - (int)((long)y * height / ph);
                for (var x = 0; x < pw; x++)
                {
                    var v = value((row * width) + (int)((long)x * width / pw));
                    image.SetPixel(x, y, double.IsFinite(v) ? Colour(table, Level(v, cut.Low, cut.High)) : Blank);
                }
            }

            using var pixels = SKImage.FromBitmap(image);
            canvas.DrawImage(pixels, left, top, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        canvas.DrawRect(left - 0.5f, top - 0.5f, pw + 1, ph + 1, line);
    }

    /// <summary>The colour bar, level 255 at the top, <paramref name="height"/> pixels tall; its range and unit when there is a font.</summary>
    public static void DrawColourBar(SKCanvas canvas, float left, float top, int height, byte[] table, (double Low, double High) cut, string unit, Text? text, SKPaint line)
    {
        for (var y = 0; y < height; y++)
        {
            using var paint = new SKPaint { Color = Colour(table, 255 - (y * 256 / height)) };
            canvas.DrawRect(left, top + y, 18, 1, paint);
        }

        canvas.DrawRect(left - 0.5f, top - 0.5f, 19, height + 1, line);
        if (text is not null)
        {
            text.Draw(canvas, Number(cut.High), left + 22, top + 10);
            text.Draw(canvas, Number(cut.Low), left + 22, top + height);
            text.Draw(canvas, unit, left, top + height + 18);
        }
    }

    /// <summary>The beam (degrees → output pixels) as an outlined ellipse in the lower left corner, major axis turned from north (up) towards east (left).</summary>
    public static void DrawBeam(SKCanvas canvas, FitsHeader header, double degreesPerPixel, float left, float bottom)
    {
        ArgumentNullException.ThrowIfNull(header);
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

    /// <summary>The angular size of one cube pixel (degrees), from the centre pixel and its neighbour.</summary>
    public static double PixelDegrees(CubeFile cube)
    {
        ArgumentNullException.ThrowIfNull(cube);
        using var wcs = CubeFile.Wcs(cube.Header);
        var (cx, cy) = ((cube.Width + 1) / 2.0, (cube.Height + 1) / 2.0);
        var a = wcs.PixelToWorld(Pixel(wcs.NAxis, cx, cy));
        var b = wcs.PixelToWorld(Pixel(wcs.NAxis, cx, cy + 1));
        return new SkyPoint(a[0], a[1]).DistanceTo(new SkyPoint(b[0], b[1]));
    }

    /// <summary>A 1-based pixel of an <paramref name="naxis"/>-axis WCS at (x, y) on the first two axes, 1 on the others.</summary>
    public static double[] Pixel(int naxis, double x, double y)
    {
        var p = Enumerable.Repeat(1.0, naxis).ToArray();
        (p[0], p[1]) = (x, y);
        return p;
    }

    /// <summary>Round values (1, 2 or 5 × 10ⁿ apart) between <paramref name="a"/> and <paramref name="b"/>, about <paramref name="count"/> of them.</summary>
    public static double[] Ticks(double a, double b, int count)
    {
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        if (!(high > low) || !double.IsFinite(high - low))
        {
            return double.IsFinite(low) ? [low] : [];
        }

        var raw = (high - low) / Math.Max(1, count);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
        var first = Math.Ceiling(low / step);
        var ticks = new List<double>();
        for (var k = first; k * step <= high + (step * 1e-9); k++)
        {
            ticks.Add(k * step == 0 ? 0 : k * step);
        }

        return [.. ticks];
    }

    /// <summary>Where <paramref name="value"/> falls among <paramref name="values"/> (monotonic either way), as a fractional index; null outside.</summary>
    public static double? IndexOf(IReadOnlyList<double> values, double value)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i + 1 < values.Count; i++)
        {
            var (a, b) = (values[i], values[i + 1]);
            if (a != b && (value - a) * (value - b) <= 0)
            {
                return i + ((value - a) / (b - a));
            }
        }

        return values.Count == 1 && values[0] == value ? 0 : null;
    }

    public static string Number(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    public static byte[] Encode(SKSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static int Level(double v, double low, double high) =>
        high > low ? CutoutColorMaps.Level(Math.Clamp((v - low) / (high - low), 0, 1)) : 0;

    private static SKColor Colour(byte[] table, int level) => new(table[3 * level], table[(3 * level) + 1], table[(3 * level) + 2]);

    private static double Percentile(double[] sorted, double percent)
    {
        var position = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>DejaVu Sans at 12 px in black; null (labels left out) without the font.</summary>
    public sealed class Text : IDisposable
    {
        private readonly SKTypeface _typeface;
        private readonly SKPaint _paint = new() { Color = SKColors.Black, IsAntialias = true };

        private Text(SKTypeface typeface)
        {
            _typeface = typeface;
            Font = new SKFont(typeface, 12);
        }

        public SKFont Font { get; }

        public static Text? Open() => File.Exists(FontPath) ? new Text(SKTypeface.FromFile(FontPath)) : null;

        public void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align = SKTextAlign.Left)
        {
            ArgumentNullException.ThrowIfNull(canvas);
            canvas.DrawText(text, x, y, align, Font, _paint);
        }

        public void Dispose()
        {
            Font.Dispose();
            _paint.Dispose();
            _typeface.Dispose();
        }
    }
}
