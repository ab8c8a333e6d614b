using SkiaSharp;
using VoServices.Dali;
using VoServices.Fits.Wcs;

namespace VoServices.Cubes;

/// <summary>
/// A PV slice as a labelled PNG diagram: offset along the path across (degrees, or arcseconds for a slice shorter
/// than <see cref="ArcsecondsBelow"/>°), the channels upwards as in the FITS, labelled in velocity (km/s, the
/// request's convention) when the spectral axis has one, else in the cube's own spectral coordinate and unit; round
/// ticks on both axes, the 0.5–99.5% linear cut in viridis, and a colour bar in the cube's BUNIT.
/// </summary>
public static class PvPng
{
    /// <summary>Each axis is scaled by a whole factor up to about this many pixels, or down to it.</summary>
    public const int Side = 512;

    /// <summary>Slices shorter than this (deg) have their offsets in arcseconds.</summary>
    public const double ArcsecondsBelow = 0.1;

    private const int Left = 90, Top = CubePng.PlotTop;

    public static byte[] Render(PvSlice slice, CubeFile cube, PvRequest request, string title)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(request);
        var (points, channels) = (slice.Points, slice.LastChannel - slice.FirstChannel + 1);
        var (pw, ph) = (Scaled(points), Scaled(channels));
        var data = slice.Data;
        return CubePng.Plot(i => data[i], points, channels, pw, ph, Left, "viridis", CubePng.Cut(data.Select(v => (double)v)),
            cube.Header.GetString("BUNIT") ?? "", title, _ => { }, (canvas, text, line) => DrawAxes(canvas, text, line, slice, cube, request, pw, ph));
    }

    // Offset ticks along the bottom, spectral ticks up the left, and both axis labels.
    private static void DrawAxes(SKCanvas canvas, CubePng.Text text, SKPaint line, PvSlice slice, CubeFile cube, PvRequest request, int pw, int ph)
    {
        var (points, channels) = (slice.Points, slice.LastChannel - slice.FirstChannel + 1);
        var span = Math.Abs(slice.Offset[^1] - slice.Offset[0]);
        var (factor, offsetUnit) = span < ArcsecondsBelow ? (3600.0, "arcsec") : (1.0, "deg");
        var offsets = slice.Offset.Select(o => o * factor).ToArray();
        foreach (var tick in CubePng.Ticks(offsets[0], offsets[^1], 5))
        {
            if (CubePng.IndexOf(offsets, tick) is { } index)
            {
                var x = Left + (float)((index + 0.5) * pw / points);
                canvas.DrawLine(x, Top + ph, x, Top + ph + 5, line);
                text.Draw(canvas, CubePng.Number(tick), x, Top + ph + 18, SKTextAlign.Center);
            }
        }

        text.Draw(canvas, $"offset ({offsetUnit}, from the path's {(request.FromCenter ? "centre" : "start")})", Left + (pw / 2f), Top + ph + 36, SKTextAlign.Center);
        var (values, label) = Spectral(slice, cube, request);
        foreach (var tick in CubePng.Ticks(values[0], values[^1], 6))
        {
            if (CubePng.IndexOf(values, tick) is { } index)
            {
                var y = Top + ph - (float)((index + 0.5) * ph / channels);
                canvas.DrawLine(Left - 5, y, Left, y, line);
                text.Draw(canvas, CubePng.Number(tick), Left - 8, y + 4, SKTextAlign.Right);
            }
        }

        canvas.Save();
        canvas.RotateDegrees(-90);
        text.Draw(canvas, label, -(Top + (ph / 2f)), 14, SKTextAlign.Center);
        canvas.Restore();
    }

    // A whole multiple of n up to Side, or Side for longer axes.
    private static int Scaled(int n) => n <= Side ? n * (Side / n) : Side;

    // The kept channels' velocities (km/s) when the axis has them, else its world coordinate in its own unit.
    private static (double[] Values, string Label) Spectral(PvSlice slice, CubeFile cube, PvRequest request)
    {
        var count = slice.LastChannel - slice.FirstChannel + 1;
        VelocityAxis? axis = slice.Axis;
        try
        {
            axis ??= VelocityAxis.Read(cube.Header, 2, cube.Channels, request.Definition, request.RestFrequency);
        }
        catch (Exception e) when (e is DaliException or WcsException)
        {
            // No velocity without a rest frequency: label the axis as the cube has it.
        }

        if (axis is not null)
        {
            return (axis.Velocity.Skip(slice.FirstChannel).Take(count).ToArray(), $"velocity (km/s, {VelocityAxis.Name(axis.Definition)})");
        }

        using var wcs = CubeFile.Wcs(cube.Header);
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            var pixel = CubePng.Pixel(wcs.NAxis, 1, 1);
            pixel[2] = slice.FirstChannel + k + 1;
            values[k] = wcs.PixelToWorld(pixel)[2];
        }

        var unit = wcs.CUnits[2] is { Length: > 0 } u ? u : "";
        var ctype = wcs.CTypes[2].Split('-')[0];
        return (values, unit.Length > 0 ? $"{ctype} ({unit})" : ctype);
    }
}
