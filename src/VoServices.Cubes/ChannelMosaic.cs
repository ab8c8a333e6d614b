using System.Globalization;
using SkiaSharp;
using VoServices.Dali;
using VoServices.Hips2Fits;

namespace VoServices.Cubes;

/// <summary>
/// Where the panels of a channel map mosaic go: a near-square grid (⌈√n⌉ columns), left to right then top to bottom,
/// each panel under a two-line label, the colour bar to the right. Panels are the map scaled by a whole factor up to
/// about <see cref="ChannelMosaic.PanelSide"/> or down to fit; the image never exceeds <see cref="ChannelMosaic.MaxSide"/> pixels a side.
/// </summary>
public sealed record MosaicLayout(int Columns, int Rows, int PanelWidth, int PanelHeight, int ImageWidth, int ImageHeight)
{
    /// <summary>The top left corner of panel <paramref name="index"/>'s map (below its label).</summary>
    public (int X, int Y) Panel(int index) =>
        (ChannelMosaic.Left + (index % Columns * (PanelWidth + ChannelMosaic.Gap)),
            ChannelMosaic.Top + ChannelMosaic.LabelHeight + (index / Columns * (PanelHeight + ChannelMosaic.LabelHeight + ChannelMosaic.Gap)));
}

/// <summary>
/// Channel maps as one PNG: a panel per bin in increasing velocity, each labelled with its centre velocity and channels,
/// one 0.5–99.5% linear cut over all panels (viridis) with one colour bar in the maps' unit, the beam on the first
/// panel, and contour lines (marching squares, <see cref="ContourLines"/>) at the requested levels on every panel.
/// </summary>
public static class ChannelMosaic
{
    /// <summary>At most this many panels (bins); beyond it the answer is 413 naming NBIN.</summary>
    public const int MaxPanels = 64;

    /// <summary>The image is at most this many pixels wide and high.</summary>
    public const int MaxSide = 4096;

    /// <summary>The largest side a panel is scaled up to (one column); more columns make it smaller, down to a third.</summary>
    public const int PanelSide = 512;

    internal const int Left = 16, Top = CubePng.PlotTop, Right = CubePng.PlotRight, Bottom = 16, Gap = 8, LabelHeight = 32;

    /// <summary>At most this many marching-squares cell tests (levels × panels × map pixels); beyond it the answer is 413 naming CONTOURS.</summary>
    public const long MaxContourCells = 1L << 28;

    /// <summary>The contour colour: no viridis level is this red.</summary>
    public static readonly SKColor ContourColour = new(230, 20, 20);

    // At most this many values go into the colour cut (a regular subsample of larger mosaics).
    private const int CutSamples = 1 << 22;

    /// <summary>Refuses a mosaic of more than <see cref="MaxPanels"/> bins (413 naming NBIN) or more contour work than <see cref="MaxContourCells"/> (413 naming CONTOURS), before any plane is read.</summary>
    public static void RequireRoom(int bins, int width, int height, int levels)
    {
        if (bins > MaxPanels)
        {
            throw new DaliException(DaliErrorKind.TooLarge,
                $"NBIN: {bins} maps are more than the {MaxPanels} panels of one PNG mosaic; give a larger NBIN or BINWIDTH, or a narrower range", "NBIN");
        }

        if ((long)levels * bins * width * height > MaxContourCells)
        {
            throw new DaliException(DaliErrorKind.TooLarge,
                $"CONTOURS: {levels} levels on {bins} maps of {width}×{height} pixels are more than {MaxContourCells} cell tests; give fewer levels or a larger NBIN", "CONTOURS");
        }
    }

    /// <summary>The bin shown in panel <paramref name="panel"/>: panels run in increasing velocity, whichever way the channels do.</summary>
    public static int Bin(ChannelMapSet maps, int panel)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var v = maps.Axis.Velocity;
        return v[maps.FirstChannel] > v[maps.FirstChannel + (maps.Bins * maps.ChannelsPerBin) - 1] ? maps.Bins - 1 - panel : panel;
    }

    public static MosaicLayout Layout(int panels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(panels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(panels, MaxPanels);
        var columns = (int)Math.Ceiling(Math.Sqrt(panels));
        var rows = (panels + columns - 1) / columns;
        var side = Math.Min(Math.Max(PanelSide / 3, 2 * PanelSide / (columns + 1)),
            Math.Min((MaxSide - Left - Right - ((columns - 1) * Gap)) / columns, (MaxSide - Top - Bottom - ((rows - 1) * Gap)) / rows - LabelHeight));
        var largest = Math.Max(width, height);
        var (pw, ph) = largest <= side
            ? (width * (side / largest), height * (side / largest))
            : (Math.Max(1, (int)((long)width * side / largest)), Math.Max(1, (int)((long)height * side / largest)));
        return new MosaicLayout(columns, rows, pw, ph,
            Left + (columns * pw) + ((columns - 1) * Gap) + Right,
            Top + (rows * (ph + LabelHeight)) + ((rows - 1) * Gap) + Bottom);
    }

    public static byte[] Render(ChannelMapSet maps, CubeFile cube, ChannelMapRequest request, string title)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var layout = Layout(maps.Bins, maps.Width, maps.Height);
        var (pw, ph) = (layout.PanelWidth, layout.PanelHeight);
        var size = maps.Width * maps.Height;
        var data = maps.Data;
        var stride = Math.Max(1, data.Length / CutSamples);
        var cut = CubePng.Cut(Enumerable.Range(0, data.Length / stride).Select(i => (double)data[i * stride]));
        var table = CutoutColorMaps.Table("viridis")!;
        using var surface = CubePng.Surface(layout.ImageWidth, layout.ImageHeight);
        var canvas = surface.Canvas;
        using var line = CubePng.Line();
        using var contour = new SKPaint { Color = ContourColour, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, IsAntialias = true };
        using var text = CubePng.Text.Open();
        for (var p = 0; p < maps.Bins; p++)
        {
            var (x, y) = layout.Panel(p);
            var b = Bin(maps, p);
            var offset = b * size;
            CubePng.DrawMap(canvas, i => data[offset + i], maps.Width, maps.Height, pw, ph, x, y, table, cut, line);
            DrawContours(canvas, data.AsSpan(offset, size), maps.Width, maps.Height, request.Contours, new SKRect(x, y, x + pw, y + ph), contour);
            if (p == 0)
            {
                CubePng.DrawBeam(canvas, cube.Header, CubePng.PixelDegrees(cube) * maps.Width / pw, x, y + ph);
            }

            if (text is not null)
            {
                var first = maps.FirstChannel + (b * maps.ChannelsPerBin);
                var last = first + maps.ChannelsPerBin - 1;
                var centre = (maps.Axis.Velocity[first] + maps.Axis.Velocity[last]) / 2;
                text.Draw(canvas, centre.ToString("0.##", CultureInfo.InvariantCulture) + " km/s", x, y - 18);
                text.Draw(canvas, first == last ? $"channel {first + 1}" : $"channels {first + 1}–{last + 1}", x, y - 4);
            }
        }

        var (_, top) = layout.Panel(0);
        var bottom = layout.Panel(maps.Bins - 1).Y + ph;
        var unit = MomentFits.Unit(MomentKind.Zero, cube.Header.GetString("BUNIT")) ?? "";
        CubePng.DrawColourBar(canvas, layout.ImageWidth - Right + 20, top, bottom - top, table, cut, unit, text, line);
        text?.Draw(canvas, title, Left, 22);
        return CubePng.Encode(surface);
    }

    // Each level's segments, from map pixel centres to the panel's pixels (x right, y up in the map, down in the PNG).
    private static void DrawContours(SKCanvas canvas, ReadOnlySpan<float> map, int width, int height, IReadOnlyList<double> levels, SKRect panel, SKPaint paint)
    {
        if (levels.Count == 0)
        {
            return;
        }

        var (sx, sy) = (panel.Width / width, panel.Height / height);
        canvas.Save();
        canvas.ClipRect(panel);
        foreach (var level in levels)
        {
            foreach (var s in ContourLines.Segments(map, width, height, level))
            {
                canvas.DrawLine(panel.Left + (float)((s.X0 + 0.5) * sx), panel.Bottom - (float)((s.Y0 + 0.5) * sy),
                    panel.Left + (float)((s.X1 + 0.5) * sx), panel.Bottom - (float)((s.Y1 + 0.5) * sy), paint);
            }
        }

        canvas.Restore();
    }
}
