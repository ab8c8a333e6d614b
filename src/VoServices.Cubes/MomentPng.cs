using System.Globalization;
using SkiaSharp;

namespace VoServices.Cubes;

/// <summary>
/// One moment map as a labelled PNG: the map (north up as stored, 0.5–99.5% linear cut, viridis; velocities in
/// coolwarm), RA and Dec of tick pixels along the bottom and left edges (WCSLIB), the beam ellipse (BMAJ, BMIN,
/// BPA east of north) in the lower left corner, a colour bar with its range and unit, and a title. Text uses
/// Debian's DejaVu Sans; without the font the labels are left out rather than drawn with a missing face.
/// </summary>
public static class MomentPng
{
    public const string FontPath = CubePng.FontPath;
    public const int MapSide = 512;
    private const int Left = 80, Top = CubePng.PlotTop;

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
        return CubePng.Plot(i => map[i], width, height, pw, ph, Left, ColorMap(kind), CubePng.Cut(map),
            MomentFits.Unit(kind, cube.Header.GetString("BUNIT")) ?? "", title,
            canvas => CubePng.DrawBeam(canvas, cube.Header, CubePng.PixelDegrees(cube) * shrink / scale, Left, Top + ph),
            (canvas, text, line) => DrawTicks(canvas, cube, maps, pw, ph, text, line));
    }

    // RA along the bottom, Dec along the left, each at five pixels of the edge, through the cube's own WCS.
    private static void DrawTicks(SKCanvas canvas, CubeFile cube, MomentMaps maps, int pw, int ph, CubePng.Text text, SKPaint line)
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
            var bottom = wcs.PixelToWorld(CubePng.Pixel(wcs.NAxis, px, y0));
            var side = wcs.PixelToWorld(CubePng.Pixel(wcs.NAxis, x0, py));
            var x = Left + (float)(f * (pw - 1));
            var y = Top + ph - 1 - (float)(f * (ph - 1));
            canvas.DrawLine(x, Top + ph, x, Top + ph + 5, line);
            canvas.DrawLine(Left - 5, y, Left, y, line);
            text.Draw(canvas, Degrees(bottom[0]), x, Top + ph + 18, SKTextAlign.Center);
            text.Draw(canvas, Degrees(side[1]), Left - 8, y + 4, SKTextAlign.Right);
        }

        text.Draw(canvas, $"{lon} (deg)", Left + (pw / 2f), Top + ph + 36, SKTextAlign.Center);
        text.Draw(canvas, $"{lat} (deg)", 8, Top + ph + 36);
    }

    private static string Degrees(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "";
}
