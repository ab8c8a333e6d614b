using System.Text.Json;
using VoServices.Cubes;
using VoServices.Integration.Tests.Tap;

namespace VoServices.Integration.Tests.Cubes;

/// <summary>Marching squares (ContourLines) against contourpy (contour_reference.py) on a synthetic field with saddles and a NaN hole.</summary>
public sealed class CubeContourReferenceTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "VoServices.Integration.Tests", "Cubes", "contour_reference.py");
    private readonly string _dir = Directory.CreateTempSubdirectory("vo-contours-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_contourpy_vertex_lies_on_our_segments_and_every_end_of_ours_on_contourpys_lines()
    {
        // Two Gaussians and a ripple (saddles between them), with a NaN hole of 3 × 2 pixels.
        var (w, h) = (48, 37);
        var map = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var g1 = Math.Exp(-((Math.Pow(x - 14, 2) / 40) + (Math.Pow(y - 18, 2) / 25)));
                var g2 = 0.8 * Math.Exp(-((Math.Pow(x - 32, 2) / 30) + (Math.Pow(y - 15, 2) / 50)));
                map[(y * w) + x] = (float)(g1 + g2 + (0.05 * Math.Sin(x / 2.3) * Math.Cos(y / 3.1)));
            }
        }

        foreach (var (x, y) in new[] { (40, 30), (41, 30), (42, 30), (40, 31), (41, 31), (42, 31) })
        {
            map[(y * w) + x] = float.NaN;
        }

        double[] levels = [0.05, 0.2, 0.45, 0.7, 0.9];
        var segments = levels.Select(l => ContourLines.Segments(map, w, h, l).Select(s => new[] { s.X0, s.Y0, s.X1, s.Y1 }).ToArray()).ToArray();
        var input = Path.Combine(_dir, "field.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(new
        {
            width = w,
            height = h,
            data = map.Select(v => float.IsFinite(v) ? (double?)v : null),
            levels,
            segments,
        }));

        var (exit, output) = await External.RunAsync("/usr/bin/python3", [Script, "compare", input]);

        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"contour_reference.py gave no result (exit {exit}): {output}");
        var result = JsonDocument.Parse(line).RootElement;
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.True(result.GetProperty("reference_vertices").GetInt32() > 100, line);
    }
}
